// @vitest-environment node
/** Contract tests for encoded queries through the Table API (ServiceNow docs, "Encoded query strings"), name=value pairs and stats (ServiceNow docs, "Table API"; ServiceNow docs, "Aggregate API"). */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import type { SnRow } from './types';
import { SEED_IDS } from './seed';
import { startTestApi, type TestApi } from './testing';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const BETH = SN_USERS.agent;
const SD = SEED_IDS.groups['Service Desk']!;
const NET = SEED_IDS.groups.Network!;

/** numbers returned for an encoded query on incident, as admin (no row ACLs in the way) */
async function numbers(query: string, table = 'incident', user = 'admin'): Promise<string[]> {
  const res = await api.call(`/api/now/table/${table}?sysparm_query=${encodeURIComponent(query)}&sysparm_fields=number`, { user });
  expect(res.status).toBe(200);
  return ((await res.json()) as { result: { number: string }[] }).result.map((r) => r.number);
}
const incidents = () => api.store.scan('incident');
const nums = (rows: SnRow[]) => rows.map((r) => r.number!);
const byNumber = (a: SnRow, b: SnRow) => (a.number! < b.number! ? -1 : 1);

describe('operators', () => {
  it('= and !=', async () => {
    expect(await numbers('number=INC0010002')).toEqual(['INC0010002']);
    expect(await numbers('state!=1')).toEqual(nums(incidents().filter((r) => r.state !== '1')));
  });

  it('< <= > >= on numbers and on date strings', async () => {
    expect(await numbers('priority<2')).toEqual(nums(incidents().filter((r) => Number(r.priority) < 2)));
    expect(await numbers('priority<=2')).toEqual(nums(incidents().filter((r) => Number(r.priority) <= 2)));
    expect(await numbers('priority>4')).toEqual(nums(incidents().filter((r) => Number(r.priority) > 4)));
    expect(await numbers('priority>=4')).toEqual(nums(incidents().filter((r) => Number(r.priority) >= 4)));
    expect(await numbers('opened_at>=2025-05-15 00:00:00')).toEqual(nums(incidents().filter((r) => r.opened_at! >= '2025-05-15 00:00:00')));
  });

  it('LIKE (case-insensitive), NOT LIKE, STARTSWITH, ENDSWITH', async () => {
    const like = nums(incidents().filter((r) => r.short_description!.toLowerCase().includes('vpn')));
    expect(like.length).toBeGreaterThan(3);
    expect(await numbers('short_descriptionLIKEvpn')).toEqual(like);
    expect(await numbers('short_descriptionNOT LIKEvpn')).toEqual(nums(incidents().filter((r) => !r.short_description!.toLowerCase().includes('vpn'))));
    expect(await numbers('numberSTARTSWITHINC001000')).toEqual(['INC0010001', 'INC0010002', 'INC0010003', 'INC0010004', 'INC0010005', 'INC0010006', 'INC0010007', 'INC0010008', 'INC0010009']);
    expect(await numbers('numberENDSWITH0003')).toEqual(['INC0010003']);
  });

  it('IN, NOT IN, ISEMPTY, ISNOTEMPTY, ANYTHING, EMPTYSTRING, BETWEEN', async () => {
    expect(await numbers('numberININC0010001,INC0010005,NOPE')).toEqual(['INC0010001', 'INC0010005']);
    expect(await numbers('stateNOT IN1,2,3')).toEqual(nums(incidents().filter((r) => !['1', '2', '3'].includes(r.state!))));
    const unassigned = nums(incidents().filter((r) => r.assigned_to === ''));
    expect(unassigned.length).toBeGreaterThan(0);
    expect(await numbers('assigned_toISEMPTY')).toEqual(unassigned);
    expect(await numbers('assigned_toEMPTYSTRING')).toEqual(unassigned);
    expect(await numbers('assigned_toISNOTEMPTY')).toEqual(nums(incidents().filter((r) => r.assigned_to !== '')));
    expect(await numbers('assigned_toANYTHING')).toHaveLength(250);
    expect(await numbers('priorityBETWEEN2@3')).toEqual(nums(incidents().filter((r) => r.priority === '2' || r.priority === '3')));
  });

  it('^ ANDs, ^OR binds to the preceding condition, ^NQ starts an OR-ed block', async () => {
    const a = (r: SnRow) => r.assignment_group === SD && (r.state === '1' || r.state === '2');
    expect(await numbers(`assignment_group=${SD}^state=1^ORstate=2`)).toEqual(nums(incidents().filter(a)));
    const b = (r: SnRow) => (r.assignment_group === SD && r.state === '1') || (r.assignment_group === NET && r.priority === '1');
    expect(await numbers(`assignment_group=${SD}^state=1^NQassignment_group=${NET}^priority=1`)).toEqual(nums(incidents().filter(b)));
  });

  it('ORDERBY and ORDERBYDESC, several keys', async () => {
    const got = await numbers(`assignment_group=${NET}^ORDERBYpriority^ORDERBYDESCnumber`);
    const want = incidents()
      .filter((r) => r.assignment_group === NET)
      .sort((a, b) => Number(a.priority) - Number(b.priority) || (a.number! < b.number! ? 1 : -1));
    expect(got).toEqual(nums(want));
    const recent = await numbers('ORDERBYDESCsys_updated_on');
    expect(recent[0]).toBe(incidents().reduce((m, r) => (r.sys_updated_on! > m.sys_updated_on! ? r : m)).number);
  });

  it('dot-walks one level', async () => {
    expect(await numbers('assigned_to.name=Beth Anglin')).toEqual(nums(incidents().filter((r) => r.assigned_to === BETH.sys_id)));
    expect(await numbers('caller_id.user_name=abel.tuter^ORDERBYnumber')).toEqual(nums(incidents().filter((r) => r.caller_id === SN_USERS.requester.sys_id).sort(byNumber)));
  });

  it('resolves javascript:gs.getUserID() and gs.getUserName() to the calling user ("Mine")', async () => {
    const mine = nums(incidents().filter((r) => r.assigned_to === BETH.sys_id && r.sys_id !== SN_RECORDS.aclHidden.sys_id));
    expect(await numbers('assigned_to=javascript:gs.getUserID()', 'incident', BETH.user_name)).toEqual(mine);
    expect(await numbers('assigned_to.user_name=javascript:gs.getUserName()', 'incident', BETH.user_name)).toEqual(mine);
  });

  it('"My groups": javascript:getMyGroups() matches the groups beth is in', async () => {
    const got = await numbers('assignment_group=javascript:getMyGroups()^active=true', 'incident', BETH.user_name);
    const mine = new Set(api.store.groupsOf(BETH.sys_id));
    expect(mine.has(SD)).toBe(true);
    const want = incidents().filter((r) => mine.has(r.assignment_group!) && r.active === 'true' && r.sys_id !== SN_RECORDS.aclHidden.sys_id);
    expect(got).toEqual(nums(want));
    expect(got.length).toBeGreaterThan(10);
  });

  it('123TEXTQUERY321 requires every term, case-insensitively, across text fields', async () => {
    const hit = await numbers('123TEXTQUERY321=EXCHANGE cluster', 'task');
    expect(hit).toContain('PRB0040001');
    expect(hit).toContain('CHG0030001');
    expect(await numbers('123TEXTQUERY321=exchange zzzz-nothing', 'task')).toEqual([]);
    const kb = await numbers('123TEXTQUERY321=password', 'kb_knowledge', SN_USERS.requester.user_name);
    expect(kb).toContain('KB0010001');
  });

  it('unescapes ^^ as a literal caret', async () => {
    const id = SN_RECORDS.hostileMarkdown.sys_id;
    api.store.get('incident', id)!.close_notes = 'a^b';
    expect(await numbers('close_notes=a^^b')).toEqual([SN_RECORDS.hostileMarkdown.number]);
  });

  it('silently ignores unknown fields and malformed conditions (they constrain nothing)', async () => {
    expect(await numbers('bogus_field=1^number=INC0010001')).toEqual(['INC0010001']);
    expect(await numbers('number=INC0010001^ORbogus=2')).toEqual(['INC0010001']);
    expect(await numbers('numberlike0001^number=INC0010002')).toEqual(['INC0010002']);
    expect(await numbers('caller_id=x', 'task').then((r) => r.length)).toBe(api.store.scan('task').length);
    expect(await numbers('bogus=1')).toHaveLength(250);
  });

  it('the SN plugin search query over task', async () => {
    const q = 'short_descriptionLIKEemail^ORnumberSTARTSWITHemail^ORDERBYDESCsys_updated_on';
    const got = await numbers(q, 'task', BETH.user_name);
    expect(got).toContain('INC0010001');
  });
});

describe('name=value pairs', () => {
  it('filter like sysparm_query, ANDed with it, and may use display values', async () => {
    const res = await api.call('/api/now/table/incident?number=INC0010001&sysparm_fields=number');
    expect(await res.json()).toEqual({ result: [{ number: 'INC0010001' }] });
    const both = await api.call(`/api/now/table/incident?sysparm_query=${encodeURIComponent('numberSTARTSWITHINC001000')}&state=new&sysparm_fields=number`, { user: 'admin' });
    const want = nums(incidents().filter((r) => r.number!.startsWith('INC001000') && r.state === '1'));
    expect(((await both.json()) as any).result.map((r: any) => r.number)).toEqual(want);
  });
});

describe('stats', () => {
  it('counts matching rows as a string, like X-Total-Count', async () => {
    const q = encodeURIComponent(`assignment_group=${SD}^active=true`);
    const res = await api.call(`/api/now/stats/incident?sysparm_count=true&sysparm_query=${q}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    const list = await api.call(`/api/now/table/incident?sysparm_query=${q}&sysparm_limit=1`);
    expect(await res.json()).toEqual({ result: { stats: { count: list.headers.get('x-total-count') } } });
  });

  it('rejects an invalid table and a missing Accept like the Table API', async () => {
    const res = await api.call('/api/now/stats/nope?sysparm_count=true');
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { message: 'Invalid table nope', detail: null }, status: 'failure' });
    expect((await api.call('/api/now/v1/stats/incident?sysparm_count=true')).status).toBe(200);
  });
});
