// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import { createStore } from './store';
import { SEED_IDS } from './seed';
import { NUMBER_PREFIXES } from './schema';

const store = createStore(1);
const user = (k: keyof typeof SN_USERS) => store.userByName(SN_USERS[k].user_name)!;
const dump = (s: ReturnType<typeof createStore>) => Object.fromEntries(s.tables().map((t) => [t, s.scan(t)]));
const DATE = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('seed', () => {
  it('is deterministic: the same seed gives identical data, another seed different data', () => {
    expect(dump(createStore(1))).toEqual(dump(createStore(1)));
    expect(createStore(7).scan('incident')[20]).not.toEqual(store.scan('incident')[20]);
  });

  it('holds at least 500 task records and many more in total', () => {
    expect(store.scan('task').length).toBeGreaterThanOrEqual(500);
    const total = store.tables().filter((t) => t !== 'task').reduce((n, t) => n + store.scan(t).length, 0);
    expect(total).toBeGreaterThan(800);
  });

  it('seeds every fixture record with exactly its sys_id, number and class', () => {
    for (const f of Object.values(SN_RECORDS)) {
      const row = store.get(f.table, f.sys_id);
      expect(row, f.number).toBeDefined();
      expect(row!.number).toBe(f.number);
      expect(store.classOf(f.sys_id)).toBe(f.table);
    }
    for (const u of Object.values(SN_USERS)) {
      expect(store.get('sys_user', u.sys_id)).toMatchObject({ user_name: u.user_name, name: u.name, email: u.email });
    }
  });

  it('stores every value as a string and references as existing sys_ids', () => {
    for (const t of store.tables()) {
      const def = store.def(t)!;
      for (const row of store.scan(t)) {
        for (const [k, v] of Object.entries(row)) {
          expect(typeof v, `${t}.${k}`).toBe('string');
          const d = def.fields[k];
          if (d?.type === 'reference' && v) expect(store.get(d.ref!, v), `${t}.${k}=${v}`).toBeDefined();
          if (d?.type === 'datetime' && v) expect(v).toMatch(DATE);
        }
      }
    }
  });

  it('spreads dates over the 90 days before a fixed epoch', () => {
    const opened = store.scan('incident').map((r) => r.opened_at!).sort();
    expect(opened[0]! >= '2025-03-03 12:00:00').toBe(true);
    expect(opened[opened.length - 1]! <= '2025-06-01 12:00:00').toBe(true);
  });

  it('numbers records with their sys_number prefix', () => {
    const prefixes = Object.fromEntries(store.scan('sys_number').map((r) => [r.category, r.prefix]));
    expect(prefixes).toEqual(NUMBER_PREFIXES);
    for (const t of Object.keys(NUMBER_PREFIXES)) {
      for (const row of store.scan(t)) if (row.sys_class_name === t || t === 'kb_knowledge') expect(row.number).toMatch(new RegExp(`^${prefixes[t]}\\d{7}$`));
    }
    const numbers = store.scan('task').map((r) => r.number);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('keeps the hostile fixtures verbatim', () => {
    const sd = (k: keyof typeof SN_RECORDS) => store.get('incident', SN_RECORDS[k].sys_id)!;
    expect(sd('hostileHtml').short_description).toContain('<script>');
    expect(sd('hostileHtml').short_description).toContain('onerror=');
    expect(sd('hostileMarkdown').short_description).toMatch(/^# .*\[click here\]\(https:.*!\[pixel\]\(.*\|/);
    expect(sd('hostileMarkdown').description).toContain('|---|---|');
    expect(sd('hostileMention').short_description).toContain('@channel @here @all');
    expect(sd('hostileMention').short_description).toContain('@beth.anglin');
    expect(sd('longText').description).toHaveLength(10_000);
    expect(sd('rtlEmoji').short_description).toMatch(/[\u0600-\u06ff]/);
    expect(sd('rtlEmoji').short_description).toMatch(/[\u0590-\u05ff]/);
    expect(sd('rtlEmoji').short_description).toMatch(/\p{Extended_Pictographic}/u);
  });

  it('gives beth assignments and groups, and abel his own tickets', () => {
    const beth = user('agent');
    const sd = SEED_IDS.groups['Service Desk']!;
    expect(store.scan('sys_user_grmember').some((m) => m.user === beth.sys_id && m.group === sd)).toBe(true);
    expect(store.scan('incident').filter((r) => r.assigned_to === beth.sys_id).length).toBeGreaterThan(5);
    expect(store.scan('incident').filter((r) => r.assignment_group === sd).length).toBeGreaterThan(20);
    expect(store.scan('incident').filter((r) => r.caller_id === user('requester').sys_id).length).toBeGreaterThan(10);
    expect(store.scan('sc_request').filter((r) => r.requested_for === user('requester').sys_id).length).toBeGreaterThan(3);
  });

  it('seeds choices, knowledge states and request states', () => {
    const choice = (name: string, element: string) =>
      store
        .scan('sys_choice')
        .filter((c) => c.name === name && c.element === element && c.language === 'en')
        .map((c) => `${c.value}=${c.label}`);
    expect(choice('incident', 'state')).toEqual(['1=New', '2=In Progress', '3=On Hold', '6=Resolved', '7=Closed', '8=Canceled']);
    expect(choice('task', 'priority')).toContain('5=5 - Planning');
    expect(choice('change_request', 'state')).toContain('-5=New');
    expect(new Set(store.scan('kb_knowledge').map((r) => r.workflow_state))).toEqual(new Set(['published', 'draft', 'review', 'retired', 'outdated']));
    expect(store.scan('sc_request').every((r) => r.request_state !== '')).toBe(true);
  });
});

describe('SnStore (the front side reads through these)', () => {
  it('read() applies row and field ACLs', () => {
    const inc = SN_RECORDS.incident.sys_id;
    expect(store.read('incident', inc, user('agent'))).toHaveProperty('work_notes', '');
    const mine = store.read('incident', inc, user('requester'))!;
    expect(mine.number).toBe('INC0010001');
    expect(mine).not.toHaveProperty('work_notes');
    expect(mine).not.toHaveProperty('assignment_group');
    expect(store.read('incident', SN_RECORDS.aclHidden.sys_id, user('agent'))).toBeUndefined();
    expect(store.read('incident', SN_RECORDS.aclHidden.sys_id, user('admin'))).toBeDefined();
  });

  it('readDisplay() gives value, display value and the referenced table', () => {
    const d = store.readDisplay('incident', SN_RECORDS.incident.sys_id, user('agent'))!;
    expect(d.state).toEqual({ value: '2', display_value: 'In Progress' });
    expect(d.assigned_to).toEqual({ value: SN_USERS.agent.sys_id, display_value: 'Beth Anglin', refTable: 'sys_user' });
    expect(d.assignment_group!.display_value).toBe('Service Desk');
    expect(d.comments_and_work_notes!.display_value).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d - Beth Anglin \(Work notes\)\n/);
  });

  it('findByNumber() searches one table or every task table', () => {
    expect(store.findByNumber('task', 'CHG0030001', user('agent'))).toEqual({ table: 'change_request', sys_id: SN_RECORDS.change.sys_id });
    expect(store.findByNumber('incident', 'INC0010002', user('agent'))).toEqual({ table: 'incident', sys_id: SN_RECORDS.incident2.sys_id });
    expect(store.findByNumber('incident', 'INC0010008', user('agent'))).toBeUndefined();
    expect(store.findByNumber('kb_knowledge', 'KB0010001', user('requester'))).toEqual({ table: 'kb_knowledge', sys_id: SN_RECORDS.knowledge.sys_id });
  });

  it('classOf() and tables()', () => {
    expect(store.classOf(SN_RECORDS.requestItem.sys_id)).toBe('sc_req_item');
    expect(store.classOf('0'.repeat(32))).toBeUndefined();
    expect(store.tables()).toEqual(expect.arrayContaining(['task', 'incident', 'sys_number', 'sys_choice', 'sys_journal_field', 'kb_knowledge', 'cmdb_ci']));
  });
});
