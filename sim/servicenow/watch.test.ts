// @vitest-environment node
/**
 * Writes by other users (control.updateAs / insertAs) and the watch queries of records-and-watch-contracts.md C.1
 * against them: `sys_idIN…^sys_updated_on>=<UTC literal>^ORDERBYsys_updated_on` on task, and the "Me" DYNAMIC
 * filter catching a record another user just assigned to the caller.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import type { SnSim } from './app';
import { snDateTime } from './dates';
import type { SimStore } from './store';
import { basic, startSim } from './test-helpers';

const BETH = SN_USERS.agent;
const DAVID = SN_USERS.agent2;
const ME = '90d1921e5f510100a9ad2572f2b477fe';
const FIELDS = 'sys_id,sys_class_name,number,sys_mod_count,sys_updated_on,sys_updated_by,sys_created_on,state,priority,assigned_to,assignment_group,short_description';

type Cell = { value: string; display_value: string };
type WatchRow = Record<string, Cell>;

let sim: SnSim<SimStore>;
beforeEach(async () => {
  sim = await startSim();
  // later than every seeded date, so only this test's writes are new
  sim.control.advanceClock(60);
});
afterEach(() => sim.stop());

/** The C.1 watch request, as `user`. */
async function watch(query: string, user: { user_name: string; password: string } = BETH): Promise<{ res: Response; rows: WatchRow[] }> {
  const params = `sysparm_query=${encodeURIComponent(query)}&sysparm_fields=${FIELDS}&sysparm_display_value=all&sysparm_exclude_reference_link=true&sysparm_limit=100&sysparm_no_count=true`;
  const res = await fetch(`${sim.origin}/api/now/table/task?${params}`, { headers: { Authorization: basic(user.user_name, user.password), Accept: 'application/json' } });
  expect(res.status).toBe(200);
  return { res, rows: ((await res.json()) as { result: WatchRow[] }).result };
}

/** A UTC `YYYY-MM-DD HH:mm:ss` moved by `ms`. */
const shift = (utc: string, ms: number) => snDateTime(Date.parse(`${utc.replace(' ', 'T')}Z`) + ms);

describe('updateAs / insertAs', () => {
  it('updateAs stamps the sim clock, the user and sys_mod_count; journal inputs become that user\'s entries', async () => {
    const id = SN_RECORDS.incident2.sys_id;
    const before = { ...sim.store.get('incident', id)! };
    sim.control.advanceClock(7200);
    const from = snDateTime(Date.now() + 7260_000 - 1000);
    const row = sim.control.updateAs(DAVID.user_name, 'incident', id, { short_description: 'Mail stuck', work_notes: 'Looking into it' });
    const stamp = row.sys_updated_on!;
    expect(stamp >= from && stamp <= snDateTime(Date.now() + 7260_000)).toBe(true);
    expect(row).toMatchObject({ short_description: 'Mail stuck', sys_updated_by: DAVID.user_name, sys_mod_count: String(Number(before.sys_mod_count) + 1) });
    expect(row.sys_created_on).toBe(before.sys_created_on);
    expect(sim.store.journal(id, ['work_notes'])).toMatch(new RegExp(`^${stamp} - David Loo \\(Work notes\\)\\nLooking into it\\n`));
    // a copy: the test cannot change the store through it
    row.short_description = 'changed';
    expect(sim.store.get('incident', id)!.short_description).toBe('Mail stuck');
  });

  it('insertAs creates the record as that user, comments included', () => {
    const row = sim.control.insertAs(SN_USERS.requester.user_name, 'incident', { short_description: 'Printer on fire', comments: 'Please help' });
    expect(row).toMatchObject({ sys_created_by: 'abel.tuter', sys_updated_by: 'abel.tuter', sys_mod_count: '0', sys_class_name: 'incident' });
    expect(row.number).toMatch(/^INC\d{7}$/);
    expect(sim.store.get('incident', row.sys_id!)!.short_description).toBe('Printer on fire');
    expect(sim.store.journal(row.sys_id!, ['comments'])).toContain('Abel Tuter (Additional comments)\nPlease help');
  });

  it('throws on an unknown user, record or table', () => {
    expect(() => sim.control.updateAs('nobody', 'incident', SN_RECORDS.incident.sys_id, {})).toThrow(/no ServiceNow user nobody/);
    expect(() => sim.control.updateAs('admin', 'incident', '0'.repeat(32), {})).toThrow(/no incident record/);
    expect(() => sim.control.updateAs('admin', 'problem', SN_RECORDS.incident.sys_id, {})).toThrow(/no problem record/);
    expect(() => sim.control.insertAs('admin', 'nope', {})).toThrow(/no table nope/);
  });
});

describe('C.1 watch queries', () => {
  it('sys_idIN…^sys_updated_on>=<UTC literal>: same-second updates included, ordered, UTC value beside the user\'s display', async () => {
    Object.assign(sim.store.get('sys_user', BETH.sys_id)!, { time_zone: 'Asia/Kolkata' });
    const [a, b, other] = [SN_RECORDS.incident, SN_RECORDS.change, SN_RECORDS.incident2];
    const ra = sim.control.updateAs(DAVID.user_name, 'incident', a.sys_id, { short_description: 'Email down again' });
    sim.control.updateAs(DAVID.user_name, 'incident', other.sys_id, { short_description: 'not watched' });
    const rb = sim.control.updateAs('admin', 'change_request', b.sys_id, { work_notes: 'Rescheduled' });
    const lastSeen = ra.sys_updated_on!;

    const { res, rows } = await watch(`sys_idIN${a.sys_id},${b.sys_id}^sys_updated_on>=${lastSeen}^ORDERBYsys_updated_on`);
    expect(res.headers.get('x-total-count')).toBeNull();
    expect(rows.map((r) => r.number!.value)).toEqual([a.number, b.number]);
    expect(Object.keys(rows[0]!).sort()).toEqual(FIELDS.split(',').sort());
    expect(rows.map((r) => [r.sys_class_name!.value, r.sys_updated_by!.value, r.sys_mod_count!.value])).toEqual([
      ['incident', DAVID.user_name, ra.sys_mod_count],
      ['change_request', 'admin', rb.sys_mod_count],
    ]);
    const updated = rows[0]!.sys_updated_on!;
    expect(updated.value).toBe(lastSeen);
    expect(updated.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
    expect(updated.display_value).toBe(shift(lastSeen, 5.5 * 3600_000));
    // references without links under sysparm_exclude_reference_link
    expect(Object.keys(rows[0]!.assignment_group!).sort()).toEqual(['display_value', 'value']);

    // `>` misses the update made in the last seen second: why the client uses `>=` and dedupes on sys_mod_count
    const strict = await watch(`sys_idIN${a.sys_id},${b.sys_id}^sys_updated_on>${lastSeen}^ORDERBYsys_updated_on`);
    expect(strict.rows.map((r) => r.number!.value)).not.toContain(a.number);
    // the literal is UTC even for a user in +05:30: the same instant written in her zone lies in the future
    expect((await watch(`sys_idIN${a.sys_id},${b.sys_id}^sys_updated_on>=${shift(lastSeen, 5.5 * 3600_000)}`)).rows).toEqual([]);
    // gs.dateGenerate reads her zone instead, so her wall-clock time finds the update
    const [d, t] = shift(lastSeen, 5.5 * 3600_000).split(' ');
    const generated = await watch(`sys_idIN${a.sys_id}^sys_updated_on>=javascript:gs.dateGenerate('${d}','${t}')`);
    expect(generated.rows.map((r) => r.number!.value)).toEqual([a.number]);
  });

  it('"Me" DYNAMIC ^active=true^sys_updated_on>=: a record another user just assigned to the caller', async () => {
    const target = sim.store
      .scan('incident')
      .find((r) => r.active === 'true' && r.assigned_to !== BETH.sys_id && r.sys_id !== SN_RECORDS.aclHidden.sys_id)!;
    const since = sim.store.now();
    const query = `assigned_toDYNAMIC${ME}^active=true^sys_updated_on>=${since}^ORDERBYsys_updated_on`;
    expect((await watch(query)).rows).toEqual([]);

    sim.control.updateAs(DAVID.user_name, 'incident', target.sys_id!, { assigned_to: BETH.sys_id });
    const { rows } = await watch(query);
    expect(rows.map((r) => r.number!.value)).toEqual([target.number]);
    expect(rows[0]!.assigned_to).toEqual({ value: BETH.sys_id, display_value: BETH.name });
    expect(rows[0]!.sys_updated_by!.value).toBe(DAVID.user_name);
    // the same query as David: not his
    expect((await watch(query, DAVID)).rows).toEqual([]);
  });
});
