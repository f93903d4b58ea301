// @vitest-environment node
/** Write-side rules beyond ACLs (records-and-watch-contracts.md A.1, A.4, A.6, A.9), through the Table API. */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import { DEFAULT_POLICIES } from './policies';
import { startTestApi, type TestApi } from './testing';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());
afterEach(() => Object.assign(api.store.policies, { ...DEFAULT_POLICIES, fieldWriteRoles: {} }));

const BETH = SN_USERS.agent;
const DAVID = SN_USERS.agent2;
const INC = SN_RECORDS.incident;
const patch = (table: string, id: string, body: unknown, user?: string) =>
  api.call(`/api/now/table/${table}/${id}?sysparm_fields=state,urgency,short_description,approval,sys_mod_count`, { method: 'PATCH', body, ...(user ? { user } : {}) });
const ME = 'DYNAMIC90d1921e5f510100a9ad2572f2b477fe';

describe('data policy: resolving an incident needs a resolution code and notes', () => {
  it('refuses with the exact 403 naming the missing fields by label, and saves nothing (not even the comment)', async () => {
    const before = { ...api.store.get('incident', INC.sys_id)! };
    const journal = api.store.scan('sys_journal_field').length;
    const res = await patch('incident', INC.sys_id, { state: '6', comments: 'Fixed it' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({
      error: { message: 'Operation Failed', detail: 'Data Policy Exception: \n\tThe following fields are mandatory: Resolution code, Resolution notes' },
      status: 'failure',
    });
    expect(api.store.get('incident', INC.sys_id)).toEqual(before);
    expect(api.store.scan('sys_journal_field').length).toBe(journal);
    const half = await patch('incident', INC.sys_id, { state: '6', close_code: 'Solution provided' });
    expect(((await half.json()) as { error: { detail: string } }).error.detail).toMatch(/mandatory: Resolution notes$/);
  });

  it('saves with both fields, or without them when the policy is off', async () => {
    const ok = await patch('incident', SN_RECORDS.hostileHtml.sys_id, { state: '6', close_code: 'Solution provided', close_notes: 'Restarted the queue' });
    expect(ok.status).toBe(200);
    expect(((await ok.json()) as { result: { state: string } }).result.state).toBe('6');
    api.store.policies.incidentCloseFields = false;
    expect((await patch('incident', SN_RECORDS.hostileMarkdown.sys_id, { state: '6' })).status).toBe(200);
  });
});

describe('business rule: the change model', () => {
  const change = () => api.store.scan('change_request').find((c) => c.state === '-5')!;
  it('aborts a jump the model does not allow, with its message; the next step and Canceled pass', async () => {
    const c = change();
    const jump = await patch('change_request', c.sys_id!, { state: '3' });
    expect(jump.status).toBe(403);
    expect(await jump.json()).toEqual({ error: { message: 'Operation Failed', detail: "Business Rule 'Change Model: Check State Transition' aborted" }, status: 'failure' });
    expect(api.store.get('change_request', c.sys_id!)!.state).toBe('-5');
    expect((await patch('change_request', c.sys_id!, { state: '-4' })).status).toBe(200);
    expect((await patch('change_request', c.sys_id!, { state: '4' })).status).toBe(200);
    api.store.policies.changeModelTransitions = false;
    expect((await patch('change_request', change().sys_id!, { state: '3' })).status).toBe(200);
  });
});

describe('field write ACLs drop a value silently', () => {
  it('answers 200 with the old value and saves the rest', async () => {
    api.store.policies.fieldWriteRoles = { 'incident.urgency': 'sn_incident_write' };
    const id = SN_RECORDS.incident2.sys_id;
    const old = api.store.get('incident', id)!.urgency;
    const res = await patch('incident', id, { urgency: old === '1' ? '3' : '1', short_description: 'Renamed by Beth' });
    expect(res.status).toBe(200);
    const { result } = (await res.json()) as { result: { urgency: string; short_description: string } };
    expect(result).toMatchObject({ urgency: old, short_description: 'Renamed by Beth' });
    // an admin passes every field ACL
    expect(((await (await patch('incident', id, { urgency: '2' }, 'admin')).json()) as { result: { urgency: string } }).result.urgency).toBe('2');
  });
});

describe('sys_journal_field readability', () => {
  const entries = async (user: string) => {
    const q = encodeURIComponent(`element_id=${INC.sys_id}`);
    const res = await api.call(`/api/now/table/sys_journal_field?sysparm_query=${q}&sysparm_fields=element`, { user });
    return { status: res.status, n: ((await res.json()) as { result: unknown[] }).result.length };
  };
  it('is filtered for an agent by default (200 and no rows), readable for admin, and for the agent when switched', async () => {
    expect(await entries(BETH.user_name)).toEqual({ status: 200, n: 0 });
    expect((await entries('admin')).n).toBeGreaterThan(0);
    api.store.policies.journalTable = 'readable';
    expect((await entries(BETH.user_name)).n).toBeGreaterThan(0);
  });
});

describe('approvals (sysapproval_approver)', () => {
  const mine = async (user: string) => {
    const q = encodeURIComponent(`state=requested^approver${ME}^ORDERBYsys_created_on`);
    const res = await api.call(`/api/now/table/sysapproval_approver?sysparm_query=${q}&sysparm_fields=sys_id,source_table,sysapproval,state&sysparm_exclude_reference_link=true`, { user });
    return ((await res.json()) as { result: { sys_id: string; source_table: string; sysapproval: string }[] }).result;
  };
  it("lists Beth's pending approvals on a change and a requested item", async () => {
    expect((await mine(BETH.user_name)).map((a) => a.source_table).sort()).toEqual(['change_request', 'sc_req_item']);
    expect(await mine(SN_USERS.requester.user_name)).toEqual([]);
  });

  it('approving the change (David approved already) approves it; rejecting the item with a reason rejects it', async () => {
    const [a, b] = await mine(BETH.user_name);
    const change = [a, b].find((x) => x!.source_table === 'change_request')!;
    const item = [a, b].find((x) => x!.source_table === 'sc_req_item')!;
    // someone else may not act on Beth's approval
    expect((await patch('sysapproval_approver', change.sys_id, { state: 'approved' }, DAVID.user_name)).status).toBe(403);
    const approver = api.store.get('sysapproval_approver', change.sys_id)!.approver;
    expect((await patch('sysapproval_approver', change.sys_id, { state: 'approved', approver: DAVID.sys_id })).status).toBe(200);
    expect(api.store.get('sysapproval_approver', change.sys_id)!.approver).toBe(approver); // only state and comments are the approver's
    expect(api.store.get('change_request', change.sysapproval)!.approval).toBe('approved');
    expect((await patch('sysapproval_approver', item.sys_id, { state: 'rejected', comments: 'Not in this budget year' })).status).toBe(200);
    expect(api.store.get('sc_req_item', item.sysapproval)!.approval).toBe('rejected');
    expect(api.store.scan('sys_journal_field').filter((j) => j.element_id === item.sys_id).map((j) => [j.name, j.element, j.value])).toEqual([
      ['sysapproval_approver', 'comments', 'Not in this budget year'],
    ]);
    expect(await mine(BETH.user_name)).toEqual([]);
  });

  it("a field write ACL on the approval's state drops an approver's decision silently (200, still requested); the comment lands", async () => {
    const admin = api.store.userByName('admin')!;
    const row = api.store.insert('sysapproval_approver', { approver: BETH.sys_id, state: 'requested', sysapproval: SN_RECORDS.change.sys_id, source_table: 'change_request' }, admin);
    api.store.policies.fieldWriteRoles = { 'sysapproval_approver.state': 'approval_admin' };
    const res = await patch('sysapproval_approver', row.sys_id!, { state: 'approved', comments: 'Fine by me' });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: { state: string } }).result.state).toBe('requested');
    expect(api.store.get('sysapproval_approver', row.sys_id!)!.state).toBe('requested');
    expect(api.store.scan('sys_journal_field').filter((j) => j.element_id === row.sys_id).map((j) => j.value)).toEqual(['Fine by me']);
  });

  it("an approval asked for makes its task wait on it: the task's approval is requested from that transaction on", async () => {
    const admin = api.store.userByName('admin')!;
    const change = api.store.insert('change_request', { short_description: 'Patch the relay' }, admin);
    expect(change.approval ?? 'not requested').toBe('not requested');
    api.store.insert('sysapproval_approver', { approver: BETH.sys_id, state: 'requested', sysapproval: change.sys_id!, source_table: 'change_request' }, admin);
    expect(api.store.get('change_request', change.sys_id!)!.approval).toBe('requested');
  });
});

describe("display values in the user's own date format and time zone", () => {
  it('journal headers and date-times follow sys_user.date_format / time_zone; display_value=all keeps the UTC value beside it', async () => {
    const me = api.store.get('sys_user', BETH.sys_id)!;
    Object.assign(me, { date_format: 'dd.MM.yyyy', time_zone: 'Europe/Berlin' });
    try {
      await patch('incident', SN_RECORDS.longText.sys_id, { comments: 'Checked at the site' });
      const res = await api.call(`/api/now/table/incident/${SN_RECORDS.longText.sys_id}?sysparm_fields=comments,sys_updated_on&sysparm_display_value=all`);
      const { result } = (await res.json()) as { result: { comments: { display_value: string }; sys_updated_on: { value: string; display_value: string } } };
      // TEST_NOW is 2025-06-02 08:00:00 UTC: 10:00 in Berlin (summer time)
      expect(result.sys_updated_on).toEqual({ value: '2025-06-02 08:00:00', display_value: '02.06.2025 10:00:00' });
      expect(result.comments.display_value.startsWith('02.06.2025 10:00:00 - Beth Anglin (Additional comments)\nChecked at the site\n\n')).toBe(true);
    } finally {
      Object.assign(me, { date_format: '', time_zone: '' });
    }
  });
});

describe('sys_choice readability (choicesReadable)', () => {
  const states = (user?: string) =>
    api.call(`/api/now/table/sys_choice?sysparm_query=name=incident^element=state^language=en&sysparm_fields=value`, user ? { user } : {}).then(async (r) => ({
      status: r.status,
      values: ((await r.json()) as { result: { value: string }[] }).result.map((c) => c.value),
    }));

  it('is readable by everyone by default; when switched off only admin sees rows, others get an empty list', async () => {
    expect((await states()).values).toEqual(['1', '2', '3', '6', '7', '8']);
    api.store.policies.choicesReadable = false;
    expect(await states()).toEqual({ status: 200, values: [] });
    expect((await states('admin')).values).toHaveLength(6);
    // display values still carry labels: choice lists render server-side whatever the row ACL says
    const inc = await api.call(`/api/now/table/incident/${INC.sys_id}?sysparm_fields=state&sysparm_display_value=true`);
    expect(((await inc.json()) as { result: { state: string } }).result.state).not.toMatch(/^\d+$/);
  });
});
