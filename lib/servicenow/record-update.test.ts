// @vitest-environment node
/** Updating state and assignment, against the ServiceNow simulator's Table API over HTTP (A.4, A.7–A.9). */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { startTestApi, TEST_NOW_MS, type TestApi } from '../../sim/servicenow/testing';
import type { Fetch } from '../http';
import { sysparmFields } from './catalogue';
import { fieldsOfLabels, landedEarlier, nameOfUser, readFormRow, type UpdateRequest, updateRecord } from './record-update';
import { valueOf } from './table-client';
import { createTableClient, type TableClient } from './table-client';

let api: TestApi;
let nowMs = TEST_NOW_MS;
const asUser =
  (user: string): Fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', user);
    return fetch(input, { ...init, headers });
  };
const client = (user: string = SN_USERS.agent.user_name): TableClient => createTableClient(asUser(user), api.origin, { sleep: async () => {} });
const INC = SN_RECORDS.incident;
const DAVID = SN_USERS.agent2;
const user = (name: string) => api.store.userByName(name)!;
const calls = () => api.requests.filter((r) => r.pathname.startsWith('/api/now/'));

beforeEach(async () => {
  nowMs = TEST_NOW_MS;
  api = await startTestApi(1, { now: () => (nowMs += 1000) });
});
afterEach(() => api.stop());

/** What the panel holds after showing the form: the record as read, and a request built on it. */
async function shown(c: TableClient, table: string, sys_id: string, changes: UpdateRequest['changes'], overwrite = false): Promise<UpdateRequest> {
  const row = await readFormRow(c, table, sys_id);
  const values = Object.fromEntries(['state', 'close_code', 'close_notes', 'hold_reason', 'assigned_to', 'assignment_group'].filter((f) => f in row).map((f) => [f, valueOf(row[f])]));
  return { table, sys_id, changes, seen: { modCount: valueOf(row.sys_mod_count), values }, overwrite, askBack: sysparmFields(table, 'card').split(',') };
}

describe('updateRecord', () => {
  it('re-reads, then PATCHes only the changed fields as actual values, and answers with the card fields', async () => {
    const req = await shown(client(), 'incident', INC.sys_id, { state: '3', hold_reason: '1', assigned_to: DAVID.sys_id, assignment_group: api.store.get('incident', INC.sys_id)!.assignment_group! });
    const before = calls().length;
    const out = await updateRecord(client(), req);
    expect(out).toMatchObject({ kind: 'saved', dropped: [] });
    const [reread, patch] = calls().slice(before);
    expect(reread!.method).toBe('GET');
    expect(patch!.method).toBe('PATCH');
    expect(patch!.query.get('sysparm_input_display_value')).toBe('false');
    // the unchanged group is not sent
    expect(JSON.parse(patch!.body)).toEqual({ state: '3', hold_reason: '1', assigned_to: DAVID.sys_id });
    const row = out.kind === 'saved' ? out.row : {};
    expect(row.assigned_to).toEqual({ value: DAVID.sys_id, display_value: 'David Loo' });
    expect(row.short_description).toBeDefined();
    expect(api.store.get('incident', INC.sys_id)).toMatchObject({ state: '3', hold_reason: '1', assigned_to: DAVID.sys_id });
  });

  it('does not write when someone else changed a written field since the form was shown, and says what is there now', async () => {
    const req = await shown(client(), 'incident', INC.sys_id, { state: '2', assigned_to: SN_USERS.agent.sys_id });
    req.changes.state = '3';
    api.store.update('incident', INC.sys_id, { state: '1' }, user(DAVID.user_name));
    const mod = api.store.get('incident', INC.sys_id)!.sys_mod_count;
    const out = await updateRecord(client(), req);
    expect(out.kind).toBe('conflict');
    if (out.kind !== 'conflict') return;
    expect(out.fields).toEqual(['state']);
    expect(out.row.state).toMatchObject({ value: '1', display_value: 'New' });
    expect(valueOf(out.row.sys_updated_by)).toBe(DAVID.user_name);
    expect(api.store.get('incident', INC.sys_id)!.sys_mod_count).toBe(mod);
    expect(calls().at(-1)!.method).toBe('GET');
    // the user chose to overwrite
    expect(await updateRecord(client(), { ...req, overwrite: true })).toMatchObject({ kind: 'saved', dropped: [] });
    expect(api.store.get('incident', INC.sys_id)!.state).toBe('3');
  });

  it("is no conflict when someone else changed another field, or set the same value: PATCH merges (A.8)", async () => {
    const req = await shown(client(), 'incident', INC.sys_id, { state: '3' });
    api.store.update('incident', INC.sys_id, { urgency: '1' }, user(DAVID.user_name));
    expect((await updateRecord(client(), req)).kind).toBe('saved');
    const again = await shown(client(), 'incident', INC.sys_id, { state: '1' });
    api.store.update('incident', INC.sys_id, { state: '1' }, user(DAVID.user_name));
    expect((await updateRecord(client(), again)).kind).toBe('saved');
  });

  it('reports a field ServiceNow silently did not keep (a field write ACL), never as saved', async () => {
    api.store.policies.fieldWriteRoles['incident.assignment_group'] = 'itil_admin';
    const other = api.store.scan('sys_user_group').find((g) => g.sys_id !== api.store.get('incident', INC.sys_id)!.assignment_group)!;
    const req = await shown(client(), 'incident', INC.sys_id, { state: '3', assignment_group: other.sys_id! });
    const out = await updateRecord(client(), req);
    expect(out).toMatchObject({ kind: 'saved', dropped: ['assignment_group'] });
    expect(api.store.get('incident', INC.sys_id)!.state).toBe('3');
  });

  it("maps a data policy's 403 to our fields: resolving without notes", async () => {
    const req = await shown(client(), 'incident', INC.sys_id, { state: '6', close_code: 'Solved (Permanently)', comments: 'Fixed' });
    const before = { ...api.store.get('incident', INC.sys_id)! };
    const out = await updateRecord(client(), req);
    expect(out).toEqual({ kind: 'refused', fields: ['close_notes'], refusal: { kind: 'mandatory', labels: ['Resolution notes'], detail: expect.stringContaining('mandatory') } });
    expect(api.store.get('incident', INC.sys_id)).toEqual(before);
  });

  it('confirms a comment sent with a state change from the answer’s journal, and reports a work note the user may not write', async () => {
    const req = await shown(client(), 'incident', INC.sys_id, { state: '6', close_code: 'Solved (Permanently)', close_notes: 'Queue restarted', comments: 'Resolved: [code]<b>x</b>[/code] restarted' });
    const out = await updateRecord(client(), req);
    expect(out).toMatchObject({ kind: 'saved', dropped: [] });
    const journal = api.store.scan('sys_journal_field').filter((j) => j.element_id === INC.sys_id && j.element === 'comments').at(-1)!;
    expect(journal.value).not.toContain('[code]');
    // Abel (the caller, no itil) comments on his own incident; his work note is dropped without an error
    const abel = client(SN_USERS.requester.user_name);
    const mine = await shown(abel, 'incident', SN_RECORDS.incident.sys_id, { comments: 'Thanks!', work_notes: 'sneaky' });
    expect(await updateRecord(abel, mine)).toMatchObject({ kind: 'saved', dropped: ['work_notes'] });
  });

  it('reads a comment back when the answer does not render the journal, before calling it dropped', async () => {
    // an instance whose PATCH answer leaves journal display values empty (A.1 documents only the empty value)
    const blank: Fetch = async (input, init) => {
      const res = await asUser(SN_USERS.agent.user_name)(input, init);
      if (init?.method !== 'PATCH' || !res.ok) return res;
      const body = (await res.json()) as { result: Record<string, unknown> };
      body.result.comments = { display_value: '', value: '' };
      return new Response(JSON.stringify(body), { status: 200, headers: { 'Content-Type': 'application/json' } });
    };
    const c = createTableClient(blank, api.origin);
    const req = await shown(c, 'incident', INC.sys_id, { state: '3', hold_reason: '1', comments: 'Please confirm the mailbox name' });
    const before = calls().length;
    expect(await updateRecord(c, req)).toMatchObject({ kind: 'saved', dropped: [] });
    const [reread, patch, ...readBack] = calls().slice(before);
    expect([reread!.method, patch!.method]).toEqual(['GET', 'PATCH']);
    // journal.ts's read: the journal table (filtered here), then the record's journal display values
    expect(readBack.map((r) => `${r.method} ${r.pathname.split('/').pop()}`)).toContain(`GET ${INC.sys_id}`);
  });

  it('tells an ACL refusal and a business rule abort apart', async () => {
    const abel = client(SN_USERS.requester.user_name);
    const me = SN_USERS.requester.sys_id;
    const notHis = api.store.scan('incident').find((r) => r.caller_id !== me && r.opened_by !== me && r.sys_id !== SN_RECORDS.aclHidden.sys_id)!;
    const out = await updateRecord(abel, { table: 'incident', sys_id: notHis.sys_id!, changes: { comments: 'hi' }, seen: { modCount: '0', values: {} }, overwrite: false, askBack: [] });
    expect(out).toMatchObject({ kind: 'refused', refusal: { kind: 'acl' }, fields: [] });
    const change = await shown(client(), 'change_request', SN_RECORDS.change.sys_id, { state: '3' });
    expect(await updateRecord(client(), change)).toMatchObject({ kind: 'refused', refusal: { kind: 'rule', detail: "Business Rule 'Change Model: Check State Transition' aborted" } });
  });

  it('refuses an update with nothing changed', async () => {
    const req = await shown(client(), 'incident', INC.sys_id, {});
    req.changes = { state: req.seen.values.state!, comments: '  ' };
    await expect(updateRecord(client(), req)).rejects.toThrow(/nothing to save/);
  });
});

describe('landedEarlier', () => {
  it('finds an earlier attempt that landed, and nothing when none did', async () => {
    const req = await shown(client(), 'incident', INC.sys_id, { state: '3', hold_reason: '4' });
    expect(await landedEarlier(client(), req)).toBeUndefined();
    await updateRecord(client(), req);
    const row = await landedEarlier(client(), req);
    expect(row?.state).toMatchObject({ value: '3' });
    const withComment = await shown(client(), 'incident', INC.sys_id, { comments: 'Once only' });
    expect(await landedEarlier(client(), withComment)).toBeUndefined();
    await updateRecord(client(), withComment);
    expect(await landedEarlier(client(), withComment)).toBeDefined();
  });
});

describe('labels and names', () => {
  it("maps a data policy's labels to fields, both spellings of the notes", () => {
    expect(fieldsOfLabels(['Resolution code', 'Close notes', 'Resolution notes', 'On hold reason', 'Additional comments', 'Assigned to', 'Assignment group', 'Urgency'])).toEqual([
      'close_code', 'close_notes', 'hold_reason', 'comments', 'assigned_to', 'assignment_group',
    ]);
  });

  it("names a user_name's person, or keeps the user_name", async () => {
    expect(await nameOfUser(client(), DAVID.user_name)).toBe('David Loo');
    expect(await nameOfUser(client(), 'nobody.here')).toBe('nobody.here');
  });
});
