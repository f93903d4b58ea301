// @vitest-environment node
/** Rows → SnRecord and batched fetching, against the real ServiceNow simulator over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { start } from '../../sim/servicenow';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { recordColor, RECORD_COLORS } from './catalogue';
import { fetchRecord, fetchRecords, NOT_FOUND, refKey, snDateToIso, toRecord, type RecordKeyRef } from './records';
import { createTableClient, type TableClient } from './table-client';
import { bearerFetch } from '../testing/bearer-fetch';

type Sim = Awaited<ReturnType<typeof start>>;
let sim: Sim;
let beth: TableClient;
let abel: TableClient;

const clientFor = (user: string) => createTableClient(bearerFetch(sim.control.issueTokens(user).access_token), sim.origin, { sleep: async () => {} });

beforeAll(async () => {
  sim = await start();
  beth = clientFor(SN_USERS.agent.user_name);
  abel = clientFor(SN_USERS.requester.user_name);
});
afterAll(() => sim.stop());

const apiCalls = () => sim.requests.filter((r) => r.pathname.startsWith('/api/now/table/'));
async function counting<T>(fn: () => Promise<T>): Promise<{ value: T; calls: ReturnType<typeof apiCalls> }> {
  const before = apiCalls().length;
  const value = await fn();
  return { value, calls: apiCalls().slice(before) };
}
const R = SN_RECORDS;
const ok = (l: unknown) => {
  expect(l).toMatchObject({ ok: true });
  return (l as { record: import('./record').SnRecord }).record;
};

describe('toRecord (unit)', () => {
  it('normalises display_value=all rows, takes the concrete table from sys_class_name through task', () => {
    const row = {
      sys_id: { display_value: 'ABC', value: '9d385017c611228701d22104cc95c371' },
      number: { display_value: 'INC0010001', value: 'INC0010001' },
      short_description: { display_value: 'Email down', value: 'Email down' },
      state: { display_value: 'Work in Progress', value: '2' },
      priority: { display_value: '1 - Critical', value: '1' },
      sys_class_name: { display_value: 'Incident', value: 'incident' },
      sys_updated_on: { display_value: '02/06/2025 10:00', value: '2025-06-02 08:00:00' },
    };
    const r = toRecord('https://acme.service-now.com/', 'task', row);
    expect(r).toMatchObject({
      instance: 'https://acme.service-now.com',
      table: 'incident',
      sys_id: '9d385017c611228701d22104cc95c371',
      number: 'INC0010001',
      shortDescription: 'Email down',
      url: 'https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D9d385017c611228701d22104cc95c371',
      state: { value: '2', display: 'Work in Progress' },
      priority: { value: '1', display: '1 - Critical' },
      updatedAt: '2025-06-02T08:00:00.000Z',
    });
    expect(r.fields.sys_class_name).toEqual({ value: 'incident', display: 'Incident' });
    expect(recordColor(r)).toBe(RECORD_COLORS.red);
  });

  it('uses the catalogue state field and accepts plain strings', () => {
    const r = toRecord('https://x.test', 'sc_request', { sys_id: 'c3d4e5f60718293a4b5c6d7e8f90a1b2', number: 'REQ0010001', request_state: 'in_process', state: '2' });
    expect(r.state).toEqual({ value: 'in_process', display: 'in_process' });
    expect(r.updatedAt).toBe('');
    expect(toRecord('https://x.test', 'kb_knowledge', { workflow_state: { value: 'draft', display_value: 'Draft' } }).state?.display).toBe('Draft');
  });

  it('reads ServiceNow dates as UTC', () => {
    expect(snDateToIso('2016-01-19 04:52:04')).toBe('2016-01-19T04:52:04.000Z');
    expect(snDateToIso('')).toBe('');
    expect(snDateToIso('19/01/2016')).toBe('');
  });

  it('keys references by table and normalised id or number', () => {
    expect(refKey({ table: 'incident', sys_id: 'ABC' })).toBe('incident/abc');
    expect(refKey({ table: 'incident', number: 'inc0010001 ' })).toBe('incident/INC0010001');
    expect(refKey({ number: 'KB0010001' })).toBe('*/KB0010001');
  });
});

describe('fetchRecord: one request for one known-table record', () => {
  it('by sys_id: card fields, display values from the data', async () => {
    const { value, calls } = await counting(() => fetchRecord(beth, { table: 'incident', sys_id: R.incident.sys_id }, 'card'));
    const rec = ok(value);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.pathname).toBe(`/api/now/table/incident/${R.incident.sys_id}`);
    expect(rec.number).toBe(R.incident.number);
    // the label comes from display_value; the simulator's incident state 2 is "In Progress"
    const stored = sim.store.get('incident', R.incident.sys_id)!;
    expect(rec.state?.value).toBe(stored.state);
    expect(rec.state?.display).toBe(sim.store.choiceLabel('incident', 'state', stored.state!));
    for (const f of ['assigned_to', 'assignment_group', 'priority', 'caller_id', 'sys_updated_on']) expect(rec.fields).toHaveProperty(f);
    expect(rec.fields.assigned_to!.display).not.toMatch(/^[0-9a-f]{32}$/);
    expect(rec.url).toBe(`${sim.origin}/nav_to.do?uri=incident.do%3Fsys_id%3D${R.incident.sys_id}`);
    expect(rec.updatedAt).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
  });

  it('shows "In Progress" from display_value for an incident in state 2', async () => {
    const row = sim.store.scan('incident').find((r) => r.state === '2' && r.sys_id !== R.aclHidden.sys_id)!;
    const rec = ok(await fetchRecord(beth, { table: 'incident', sys_id: row.sys_id! }, 'card'));
    expect(rec.state).toEqual({ value: '2', display: 'In Progress' });
  });

  it('by number: number= with limit 1', async () => {
    const { value, calls } = await counting(() => fetchRecord(beth, { table: 'change_request', number: 'chg0030001' }, 'card'));
    expect(ok(value).sys_id).toBe(R.change.sys_id);
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query.get('sysparm_query')).toBe(`number=${R.change.number}`);
    expect(calls[0]!.query.get('sysparm_limit')).toBe('1');
  });

  it('knowledge: workflow state, knowledge colour', async () => {
    const rec = ok(await fetchRecord(beth, { number: R.knowledge.number }, 'card'));
    expect(rec.table).toBe('kb_knowledge');
    expect(rec.state).toEqual({ value: 'published', display: expect.any(String) });
    expect(recordColor(rec)).toBe(RECORD_COLORS.green);
    expect(rec.fields).toHaveProperty('kb_knowledge_base');
  });

  it('ACL-hidden → not-found lookup', async () => {
    expect(await fetchRecord(beth, { table: 'incident', sys_id: R.aclHidden.sys_id }, 'card')).toEqual(NOT_FOUND);
    expect(await fetchRecord(beth, { table: 'incident', number: R.aclHidden.number }, 'card')).toEqual(NOT_FOUND);
  });

  it('a number without a table goes through task, then its own table for the card', async () => {
    const { value, calls } = await counting(() => fetchRecord(beth, { number: R.incident.number }, 'card'));
    const rec = ok(value);
    expect(rec.table).toBe('incident');
    expect(calls.map((c) => c.pathname)).toEqual(['/api/now/table/task', '/api/now/table/incident']);
    // incident labels, not task-level ones, and incident-only fields
    expect(rec.fields).toHaveProperty('caller_id');
    const stored = sim.store.get('incident', R.incident.sys_id)!;
    expect(rec.state?.display).toBe(sim.store.choiceLabel('incident', 'state', stored.state!));
  });

  it('the full variant adds the hover-card fields', async () => {
    const rec = ok(await fetchRecord(beth, { table: 'incident', sys_id: R.incident.sys_id }, 'full'));
    for (const f of ['description', 'caller_id', 'category', 'opened_at']) expect(rec.fields).toHaveProperty(f);
  });

  it('the full variant also brings the panel summary’s fields, in the same one request, as the simulator stores them', async () => {
    const { value, calls } = await counting(() => fetchRecord(beth, { table: 'incident', sys_id: R.incident.sys_id }, 'full'));
    expect(calls).toHaveLength(1);
    const rec = ok(value);
    const stored = sim.store.get('incident', R.incident.sys_id)!;
    expect(rec.fields.caller_id?.display).toBe('Abel Tuter');
    expect(rec.fields.sla_due?.value).toBe(stored.sla_due);
    expect(rec.fields.opened_at?.value).toBe(stored.opened_at);
    expect(rec.fields.active?.value).toBe('true');
    const change = ok(await fetchRecord(beth, { table: 'change_task', sys_id: R.changeTask.sys_id }, 'full'));
    expect(change.fields.planned_start_date?.value).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/);
  });
});

describe('fetchRecords: batches', () => {
  it('150 sys_ids across 2 tables → 3 requests (100 + 40 incidents, 10 problems)', async () => {
    const incidents = sim.store.scan('incident').filter((r) => r.sys_id !== R.aclHidden.sys_id).slice(0, 140);
    const problems = sim.store.scan('problem').slice(0, 10);
    const refs: RecordKeyRef[] = [
      ...incidents.map((r) => ({ table: 'incident', sys_id: r.sys_id! })),
      ...problems.map((r) => ({ table: 'problem', sys_id: r.sys_id! })),
    ];
    const { value, calls } = await counting(() => fetchRecords(beth, refs, 'card'));
    expect(calls).toHaveLength(3);
    const sizes = calls.map((c) => `${c.pathname.split('/').pop()}:${c.query.get('sysparm_query')!.replace(/^sys_idIN/, '').split(',').length}`);
    expect(sizes.sort()).toEqual(['incident:100', 'incident:40', 'problem:10']);
    expect(value.size).toBe(150);
    for (const ref of refs) expect(value.get(refKey(ref))).toMatchObject({ ok: true, record: { table: ref.table } });
  });

  it('numbers → numberIN, one request per table', async () => {
    const refs: RecordKeyRef[] = [
      { table: 'incident', number: R.incident.number },
      { table: 'incident', number: R.incident2.number },
      { table: 'problem', number: R.problem.number },
    ];
    const { value, calls } = await counting(() => fetchRecords(beth, refs, 'card'));
    expect(calls).toHaveLength(2);
    expect(calls.map((c) => c.query.get('sysparm_query')).sort()).toEqual([
      `numberIN${R.incident.number},${R.incident2.number}`,
      `numberIN${R.problem.number}`,
    ]);
    expect(ok(value.get(refKey(refs[2]!))).sys_id).toBe(R.problem.sys_id);
  });

  it('sys_ids and numbers of one table go in ONE request (sys_idIN…^NQnumberIN…); a record asked both ways answers both', async () => {
    const refs: RecordKeyRef[] = [
      { table: 'incident', sys_id: R.incident.sys_id },
      { table: 'incident', number: R.incident2.number },
      { table: 'incident', number: R.incident.number },
      { table: 'problem', sys_id: R.problem.sys_id },
      { table: 'problem', number: R.problem.number.toLowerCase() },
    ];
    const { value, calls } = await counting(() => fetchRecords(beth, refs, 'card'));
    expect(calls.map((c) => `${c.pathname.split('/').pop()} ${c.query.get('sysparm_query')}`).sort()).toEqual([
      `incident sys_idIN${R.incident.sys_id}^NQnumberIN${R.incident2.number},${R.incident.number}`,
      `problem sys_idIN${R.problem.sys_id}^NQnumberIN${R.problem.number}`,
    ]);
    expect(refs.map((r) => ok(value.get(refKey(r))).number)).toEqual([R.incident.number, R.incident2.number, R.incident.number, R.problem.number, R.problem.number]);
  });

  it('an odd number in a batch is its own "not found": the rest of the batch is read, and no request carries it', async () => {
    const refs: RecordKeyRef[] = [
      { table: 'incident', number: R.incident.number },
      { table: 'incident', number: 'INC0010001,INC0010002' },
      { table: 'incident', number: 'INC^ORnumberISNOTEMPTY0' },
      { table: 'problem', number: R.problem.number },
    ];
    const { value, calls } = await counting(() => fetchRecords(beth, refs, 'card'));
    expect(calls.map((c) => c.query.get('sysparm_query')).sort()).toEqual([`numberIN${R.incident.number}`, `numberIN${R.problem.number}`]);
    expect(ok(value.get(refKey(refs[0]!))).sys_id).toBe(R.incident.sys_id);
    expect(value.get(refKey(refs[1]!))).toEqual(NOT_FOUND);
    expect(value.get(refKey(refs[2]!))).toEqual(NOT_FOUND);
    expect(ok(value.get(refKey(refs[3]!))).sys_id).toBe(R.problem.sys_id);
  });

  it('unknown-table numbers: one task request, then one per concrete table; KB via kb_knowledge', async () => {
    const refs: RecordKeyRef[] = [{ number: R.incident.number }, { number: R.change.number }, { number: R.incident2.number }, { number: R.knowledge.number }];
    const { value, calls } = await counting(() => fetchRecords(beth, refs, 'card'));
    expect(calls.map((c) => c.pathname.split('/').pop()).sort()).toEqual(['change_request', 'incident', 'kb_knowledge', 'task']);
    expect(ok(value.get(refKey(refs[1]!))).table).toBe('change_request');
    expect(ok(value.get(refKey(refs[3]!))).table).toBe('kb_knowledge');
  });

  it('search reads through task stay task-level (no second request)', async () => {
    const { value, calls } = await counting(() => fetchRecords(beth, [{ number: R.incident.number }], 'search'));
    expect(calls).toHaveLength(1);
    expect(ok(value.get(`*/${R.incident.number}`)).table).toBe('incident');
  });

  it('the ACL-hidden record and unknown ones are "No access or not found"; duplicates asked once', async () => {
    const refs: RecordKeyRef[] = [
      { table: 'incident', sys_id: R.aclHidden.sys_id },
      { table: 'incident', sys_id: R.incident.sys_id },
      { table: 'incident', sys_id: R.incident.sys_id.toUpperCase() },
      { table: 'incident', sys_id: 'ffffffffffffffffffffffffffffffff' },
      { table: 'incident', number: 'INC9999999' },
    ];
    const { value, calls } = await counting(() => fetchRecords(beth, refs, 'card'));
    expect(calls).toHaveLength(1); // sys_ids and the number of one table, in one request
    expect(value.get(refKey(refs[0]!))).toEqual({ ok: false, reason: 'not-found', message: 'No access or not found' });
    expect(value.get(refKey(refs[1]!))).toMatchObject({ ok: true });
    expect(value.get(refKey(refs[3]!))).toEqual(NOT_FOUND);
    expect(value.get(refKey(refs[4]!))).toEqual(NOT_FOUND);
  });

  it('an end user: most records not found, own ticket read without the hidden fields', async () => {
    const refs: RecordKeyRef[] = sim.store.scan('incident').slice(0, 60).map((r) => ({ table: 'incident', sys_id: r.sys_id! }));
    const { value, calls } = await counting(() => fetchRecords(abel, refs, 'card'));
    expect(calls).toHaveLength(1);
    const found = refs.filter((r) => value.get(refKey(r))?.ok);
    expect(found.length).toBeGreaterThan(0);
    expect(found.length).toBeLessThan(refs.length / 2);
    const own = sim.store.scan('incident').find((r) => r.caller_id === SN_USERS.requester.sys_id)!;
    const rec = ok(await fetchRecord(abel, { table: 'incident', sys_id: own.sys_id! }, 'card'));
    expect(rec.fields).not.toHaveProperty('assignment_group');
    expect(rec.fields).not.toHaveProperty('cmdb_ci');
    expect(rec.number).toBe(own.number);
    expect(rec.state?.display).toBeTruthy();
  });

  it('a failed request turns into an error lookup for its references only', async () => {
    sim.control.failNext(1, 500);
    const refs: RecordKeyRef[] = [{ table: 'incident', sys_id: R.incident.sys_id }];
    const value = await fetchRecords(beth, refs, 'card');
    expect(value.get(refKey(refs[0]!))).toMatchObject({ ok: false, reason: 'error', message: expect.stringMatching(/HTTP 500/) });
  });

  it('429 then success → one logical result', async () => {
    sim.control.failNext(1, 429, { retryAfterSec: 2 });
    const { value, calls } = await counting(() => fetchRecord(beth, { table: 'incident', sys_id: R.incident.sys_id }, 'card'));
    expect(ok(value).number).toBe(R.incident.number);
    expect(calls.map((c) => c.status)).toEqual([429, 200]);
  });
});
