// @vitest-environment node
/** My approvals and deciding them, against the ServiceNow simulator's Table API over HTTP. */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import type { Fetch } from '../http';
import { ApprovalError, approvalOfRecord, approvalState, decideApproval, pendingApprovals } from './approvals';
import { createTableClient, type TableClient } from './table-client';

let api: TestApi;
let asked: { method: string; url: URL; body?: string }[] = [];

const asUser =
  (user: string): Fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', user);
    asked.push({ method: init?.method ?? 'GET', url: new URL(String(input)), ...(typeof init?.body === 'string' ? { body: init.body } : {}) });
    return fetch(input, { ...init, headers });
  };
const clientFor = (user: string): TableClient => createTableClient(asUser(user), api.origin, { sleep: async () => {} });
const beth = () => clientFor(SN_USERS.agent.user_name);
const approvalRow = (id: string) => api.store.get('sysapproval_approver', id)!;
const journalOf = (id: string) => api.store.scan('sys_journal_field').filter((j) => j.element_id === id).map((j) => [j.name, j.element, j.value]);

beforeEach(async () => {
  api = await startTestApi(1);
  asked = [];
});
afterEach(() => api.stop());

describe('pendingApprovals', () => {
  it("lists Beth's pending approvals (a change, a requested item) with their records, in one request", async () => {
    const mine = await pendingApprovals(beth());
    expect(asked).toHaveLength(1);
    expect(asked[0]!.url.searchParams.get('sysparm_query')).toBe('state=requested^approverDYNAMIC90d1921e5f510100a9ad2572f2b477fe^ORDERBYDESCsys_created_on');
    expect(mine.map((a) => a.record.table).sort()).toEqual(['change_request', 'sc_req_item']);
    for (const a of mine) {
      const task = api.store.get(a.record.table, a.record.sys_id)!;
      expect(a.record).toEqual({ table: a.record.table, sys_id: task.sys_id, number: task.number, shortDescription: task.short_description });
      expect(a.state).toEqual({ value: 'requested', display: 'Requested' });
      expect(a.due).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.000Z$/);
      expect(approvalRow(a.sys_id).approver).toBe(SN_USERS.agent.sys_id);
    }
  });

  it('is empty for someone with nothing to approve', async () => {
    expect(await pendingApprovals(clientFor(SN_USERS.requester.user_name))).toEqual([]);
  });
});

describe('approvalOfRecord', () => {
  it("finds my approval of a record, and nothing for a record I don't approve", async () => {
    const [first] = await pendingApprovals(beth());
    expect((await approvalOfRecord(beth(), first!.record))?.sys_id).toBe(first!.sys_id);
    expect(await approvalOfRecord(clientFor(SN_USERS.requester.user_name), first!.record)).toBeUndefined();
  });
});

describe('decideApproval', () => {
  const pending = async (table: string) => (await pendingApprovals(beth())).find((a) => a.record.table === table)!;

  it('approving the change (David approved already) approves the change', async () => {
    const change = await pending('change_request');
    const record = { table: 'change_request', sys_id: change.record.sys_id, number: change.record.number };
    expect(await decideApproval(beth(), change.sys_id, 'approved', '')).toEqual({ state: { value: 'approved', display: 'Approved' }, record });
    expect(approvalRow(change.sys_id).state).toBe('approved');
    expect(api.store.get('change_request', change.record.sys_id)!.approval).toBe('approved');
    expect(await approvalState(beth(), change.sys_id)).toEqual({ state: { value: 'approved', display: 'Approved' }, record });
  });

  it('rejecting the requested item keeps the reason in the approval journal and rejects the item', async () => {
    const item = await pending('sc_req_item');
    expect((await decideApproval(beth(), item.sys_id, 'rejected', 'Not in this budget year')).state.value).toBe('rejected');
    expect(JSON.parse(asked.at(-1)!.body!)).toEqual({ state: 'rejected', comments: 'Not in this budget year' });
    expect(journalOf(item.sys_id)).toEqual([['sysapproval_approver', 'comments', 'Not in this budget year']]);
    expect(api.store.get('sc_req_item', item.record.sys_id)!.approval).toBe('rejected');
  });

  it('refuses a rejection without a reason before sending anything', async () => {
    const item = await pending('sc_req_item');
    asked = [];
    await expect(decideApproval(beth(), item.sys_id, 'rejected', '  \n ')).rejects.toMatchObject({ reason: 'no-reason' });
    expect(asked).toEqual([]);
    expect(approvalRow(item.sys_id).state).toBe('requested');
  });

  it("an ACL 403 (someone else's approval) says the user may not decide it", async () => {
    const change = await pending('change_request');
    const err = await decideApproval(clientFor(SN_USERS.agent2.user_name), change.sys_id, 'approved', '').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApprovalError);
    expect(err).toMatchObject({ reason: 'refused', message: 'You may not decide this approval in ServiceNow.' });
    expect(approvalRow(change.sys_id).state).toBe('requested');
  });

  it('an answer without the state sent is reported as not accepted, never as decided', async () => {
    const change = await pending('change_request');
    const ignoring: Fetch = async () =>
      new Response(JSON.stringify({ result: { sys_id: change.sys_id, state: { value: 'requested', display_value: 'Requested' } } }), { status: 200, headers: { 'Content-Type': 'application/json' } });
    const client = createTableClient(ignoring, api.origin);
    await expect(decideApproval(client, change.sys_id, 'approved', '')).rejects.toMatchObject({ reason: 'not-accepted', message: 'ServiceNow did not accept “Approved”. It is Requested.' });
  });

  it('makes a [code] tag in the reason inert', async () => {
    const item = await pending('sc_req_item');
    await decideApproval(beth(), item.sys_id, 'rejected', 'see [code]<b>x</b>[/code]');
    expect(journalOf(item.sys_id)[0]![2]).toBe('see [\u200Bcode]<b>x</b>[\u200B/code]');
  });
});
