// @vitest-environment node
/** The table catalogue: unit rules, and prefixes loaded from the simulator's sys_number. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../sim/servicenow';
import { loadNumbering, RECORD_COLORS, recordColor, sysparmFields } from './catalogue';
import { BUILTIN_TABLES, tableSpec } from './tables';
import { DEFAULT_PREFIXES } from './record-number';
import type { FieldValue } from './record';
import { createTableClient } from './table-client';
import { bearerFetch } from '../testing/bearer-fetch';

const fv = (value: string, display = value): FieldValue => ({ value, display });

describe('tableSpec', () => {
  it('knows the built-in tables, their state fields and kinds', () => {
    expect(BUILTIN_TABLES).toEqual(
      expect.arrayContaining(['incident', 'problem', 'problem_task', 'change_request', 'change_task', 'sc_request', 'sc_req_item', 'sc_task', 'kb_knowledge', 'task', 'cert_follow_on_task']),
    );
    expect(tableSpec('incident')).toMatchObject({ stateField: 'state', kind: 'task', prefix: 'INC', label: 'Incident' });
    expect(tableSpec('kb_knowledge')).toMatchObject({ stateField: 'workflow_state', kind: 'knowledge', prefix: 'KB' });
    expect(tableSpec('sc_request')).toMatchObject({ stateField: 'request_state', kind: 'task', prefix: 'REQ' });
    expect(tableSpec('cert_follow_on_task')).toMatchObject({ stateField: 'state', kind: 'task' });
  });

  it('treats an unknown table as a task table labelled by its name', () => {
    expect(tableSpec('x_acme_ticket')).toMatchObject({ label: 'x_acme_ticket', stateField: 'state', kind: 'task', prefix: undefined });
    expect(tableSpec('x_acme_ticket').cardRead).toEqual(tableSpec('change_task').cardRead);
  });

  it('card fields verbatim for the tables with their own list', () => {
    expect(tableSpec('incident').cardRead.join(',')).toBe(
      'sys_id,number,short_description,state,priority,impact,urgency,assigned_to,assignment_group,caller_id,category,opened_at,sys_updated_on,cmdb_ci',
    );
    expect(tableSpec('kb_knowledge').cardRead.join(',')).toBe(
      'sys_id,number,short_description,workflow_state,kb_knowledge_base,kb_category,author,sys_view_count,valid_to,sys_updated_on',
    );
  });
});

describe('sysparmFields', () => {
  const split = (s: string) => s.split(',');
  it('always carries the identity, text, update time and the state field', () => {
    for (const table of [...BUILTIN_TABLES, 'x_acme_ticket']) {
      for (const variant of ['card', 'full', 'search'] as const) {
        const f = split(sysparmFields(table, variant));
        expect(f).toEqual(expect.arrayContaining(['sys_id', 'number', 'short_description', 'sys_updated_on', tableSpec(table).stateField]));
        expect(new Set(f).size).toBe(f.length);
      }
    }
  });

  it('sys_class_name for task tables (names the concrete table through task), not for knowledge', () => {
    expect(split(sysparmFields('task', 'search'))).toContain('sys_class_name');
    expect(split(sysparmFields('incident', 'card'))).toContain('sys_class_name');
    expect(split(sysparmFields('kb_knowledge', 'card'))).not.toContain('sys_class_name');
  });

  it('full adds the hover-card fields; search stays small', () => {
    expect(split(sysparmFields('incident', 'full'))).toEqual(expect.arrayContaining(['description', 'caller_id', 'category', 'opened_at']));
    expect(split(sysparmFields('sc_req_item', 'full'))).toEqual(expect.arrayContaining(['description', 'requested_for', 'opened_at']));
    expect(split(sysparmFields('sc_request', 'card'))).toEqual(expect.arrayContaining(['request_state', 'requested_for']));
    // the record panel's summary comes with the same request (issue 12)
    for (const t of [...BUILTIN_TABLES, 'x_acme_ticket']) expect(split(sysparmFields(t, 'full'))).toEqual(expect.arrayContaining(tableSpec(t).panelShows.map((f) => f.name)));
    expect(split(sysparmFields('incident', 'full'))).toEqual(expect.arrayContaining(['sla_due', 'due_date', 'resolved_at', 'closed_at', 'active']));
    expect(split(sysparmFields('incident', 'card'))).not.toContain('sla_due');
    expect(sysparmFields('task', 'search')).toBe('sys_id,number,short_description,state,sys_updated_on,sys_class_name,priority,assigned_to');
  });
});

describe('recordColor', () => {
  const task = (priority?: string) => ({ table: 'incident', fields: {}, ...(priority !== undefined ? { priority: fv(priority, `${priority} - x`) } : {}) });
  const kb = (ws?: string) => ({ table: 'kb_knowledge', fields: {}, ...(ws !== undefined ? { state: fv(ws, 'Label') } : {}) });

  it('priority 1 red, 2 orange, 3 yellow, 4–5 grey, unknown grey', () => {
    expect(recordColor(task('1'))).toBe(RECORD_COLORS.red);
    expect(recordColor(task('2'))).toBe(RECORD_COLORS.orange);
    expect(recordColor(task('3'))).toBe(RECORD_COLORS.yellow);
    expect(recordColor(task('4'))).toBe(RECORD_COLORS.grey);
    expect(recordColor(task('5'))).toBe(RECORD_COLORS.grey);
    expect(recordColor(task('9'))).toBe(RECORD_COLORS.grey);
    expect(recordColor(task())).toBe(RECORD_COLORS.grey);
  });

  it('decides on value, never on the (customisable) label', () => {
    expect(recordColor({ table: 'incident', fields: {}, priority: fv('1', '3 - Moderate') })).toBe(RECORD_COLORS.red);
  });

  it('knowledge by workflow state', () => {
    expect(recordColor(kb('published'))).toBe(RECORD_COLORS.green);
    expect(recordColor(kb('draft'))).toBe(RECORD_COLORS.blue);
    expect(recordColor(kb('review'))).toBe(RECORD_COLORS.blue);
    expect(recordColor(kb('retired'))).toBe(RECORD_COLORS.grey);
    expect(recordColor(kb('outdated'))).toBe(RECORD_COLORS.grey);
    expect(recordColor(kb('something_else'))).toBe(RECORD_COLORS.grey);
    expect(recordColor({ table: 'kb_knowledge', fields: { workflow_state: fv('draft') } })).toBe(RECORD_COLORS.blue);
  });

  it('is always #RRGGBB', () => {
    for (const c of Object.values(RECORD_COLORS)) expect(c).toMatch(/^#[0-9A-F]{6}$/);
  });
});

describe('loadNumbering (simulator)', () => {
  type Sim = Awaited<ReturnType<typeof start>>;
  let sim: Sim;
  const clientFor = (user: string) => createTableClient(bearerFetch(sim.control.issueTokens(user).access_token), sim.origin, { sleep: async () => {} });

  beforeAll(async () => {
    sim = await start();
  });
  afterAll(() => sim.stop());

  it('reads sys_number with category,prefix,maximum_digits and merges over the defaults', async () => {
    const admin = clientFor('admin');
    const { rows } = await admin.list('sys_number', { query: 'category=incident', fields: 'sys_id', limit: 1, displayValue: 'false' });
    const id = rows[0]!.sys_id as string;
    await admin.patch('sys_number', id, { prefix: 'INT' }, 'sys_id');

    const before = sim.requests.length;
    const { prefixes } = await loadNumbering(clientFor('beth.anglin'));
    const calls = sim.requests.slice(before);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query.get('sysparm_fields')).toBe('category,prefix,maximum_digits');
    expect(prefixes.INT).toBe('incident');
    expect(prefixes.CHG).toBe('change_request');
    // defaults stay for what the instance does not list
    expect(prefixes.IMS).toBe(DEFAULT_PREFIXES.IMS);
    expect((await loadNumbering(clientFor('beth.anglin'))).minDigits).toBe(7);
  });

  it('falls back to the defaults on 403 or any error', async () => {
    sim.control.failNext(1, 403);
    expect((await loadNumbering(clientFor('abel.tuter'))).prefixes).toEqual(DEFAULT_PREFIXES);
    sim.control.failNext(1, 500);
    expect(await loadNumbering(clientFor('beth.anglin'))).toEqual({ prefixes: DEFAULT_PREFIXES, minDigits: 7 });
  });
});
