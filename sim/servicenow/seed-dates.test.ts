import { describe, expect, it } from 'vitest';
import { SN_RECORDS } from '../fixtures';
import { generateSeed } from './seed';

const seed = generateSeed(1);
const row = (table: string, sys_id: string) => seed.rows[table]!.find((r) => r.sys_id === sys_id)!;
const ms = (v: string) => Date.parse(`${v.replace(' ', 'T')}Z`);
const DT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

describe('the record panel’s dates in the seed', () => {
  it('incidents are SLA due by priority after they opened (the fixture: priority 3, three days)', () => {
    const inc = row('incident', SN_RECORDS.incident.sys_id);
    expect(inc.sla_due).toMatch(DT);
    expect(ms(inc.sla_due!) - ms(inc.opened_at!)).toBe(72 * 3_600_000);
    for (const r of seed.rows.incident!) expect(ms(r.sla_due!)).toBeGreaterThan(ms(r.opened_at!));
  });
  it('requested items are due two days after they opened; their request and catalog tasks with them', () => {
    const item = row('sc_req_item', SN_RECORDS.requestItem.sys_id);
    expect(ms(item.due_date!) - ms(item.opened_at!)).toBe(48 * 3_600_000);
    const task = seed.rows.sc_task!.find((t) => t.request_item === item.sys_id)!;
    expect(task.due_date).toBe(item.due_date);
    expect(row('sc_request', item.request!).due_date! >= item.due_date!).toBe(true);
  });
  it('problems have a category and, once resolved or closed, a resolved time; change tasks the change’s window', () => {
    for (const p of seed.rows.problem!) {
      expect(['software', 'hardware', 'network', 'database']).toContain(p.category);
      expect(p.resolved_at).toBe(['106', '107'].includes(p.state!) ? p.sys_updated_on : '');
    }
    const ctask = row('change_task', SN_RECORDS.changeTask.sys_id);
    const change = row('change_request', ctask.change_request!);
    expect([ctask.planned_start_date, ctask.planned_end_date]).toEqual([change.start_date, change.end_date]);
    expect(change.category).toMatch(/^(hardware|software|service|network|other)$/);
  });
  it('the other task tables carry sla_due, empty, as most instances leave that legacy field', () => {
    expect(row('problem', SN_RECORDS.problem.sys_id).sla_due).toBe('');
    expect(seed.rows.sys_choice!.some((c) => c.name === 'problem' && c.element === 'category' && c.value === 'network' && c.label === 'Network')).toBe(true);
  });
  it('is still the same seed: the same seed number gives the same rows', () => {
    expect(JSON.stringify(generateSeed(1).rows.incident)).toBe(JSON.stringify(seed.rows.incident));
  });
});
