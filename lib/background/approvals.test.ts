// @vitest-environment node
/** The approvals service across instances, against the ServiceNow simulator (two instances: two simulators). */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import type { ConnectionStatus } from '../connections/status';
import { type Fetch, HttpError } from '../http';
import { refKey } from '../servicenow/record';
import { createTableClient, type TableClient } from '../servicenow/table-client';
import { createPanelRecords } from './panel-records';
import { createApprovalService, type ApprovalServiceDeps } from './approvals';
import type { CardData } from './card-data';
import type { CardResult } from './card-batcher';

let a: TestApi;
let b: TestApi;
/** requests per instance origin: method and path */
let asked: string[] = [];
/** a request that fails without an answer after it reached the server (the answer was lost) */
let loseNextPatchAnswer = false;

const fetchAs: Fetch = async (input, init) => {
  const headers = new Headers(init?.headers);
  headers.set('X-Test-User', SN_USERS.agent.user_name);
  const url = new URL(String(input));
  asked.push(`${init?.method ?? 'GET'} ${url.origin}${url.pathname}`);
  const res = await fetch(input, { ...init, headers });
  if (init?.method === 'PATCH' && loseNextPatchAnswer) {
    loseNextPatchAnswer = false;
    throw new HttpError('timeout', 'ServiceNow did not answer in time.');
  }
  return res;
};

const status = (base: string, state: ConnectionStatus['state'] = 'connected'): ConnectionStatus => ({
  product: 'servicenow',
  base,
  method: 'oauth',
  state,
  user: { name: 'Beth Anglin', username: 'beth.anglin' },
  ...(state === 'needs-sign-in' ? { reason: 'Sign in again.' } : {}),
});
const cardFor = (instance: string, table: string, sys_id: string): CardData => ({
  lookup: { ok: true, record: { instance, table, sys_id, number: 'X', shortDescription: 'card', url: '', updatedAt: '', fields: {} } },
  accent: '#000',
  fields: [],
  tableLabel: table,
});

function setup(over: Partial<ApprovalServiceDeps> = {}, statuses: ConnectionStatus[] = [status(a.origin), status(b.origin)]) {
  const clients = new Map<string, TableClient>();
  const cards = vi.fn(async (instance: string, refs: readonly { table?: string; sys_id?: string }[], _o?: { fresh?: boolean }) => {
    const out = new Map<string, CardResult>();
    for (const r of refs) if (r.sys_id) out.set(refKey(r as { table: string; sys_id: string }), { data: cardFor(instance, r.table!, r.sys_id), stale: false });
    return out;
  });
  const announce = vi.fn();
  const service = createApprovalService({
    clients: { servicenow: async (i) => clients.get(i) ?? clients.set(i, createTableClient(fetchAs, i, { sleep: async () => {} })).get(i)! },
    records: { cards } as unknown as ApprovalServiceDeps['records'],
    statuses: async () => Object.fromEntries(statuses.map((s) => [`servicenow:${s.base}`, s])),
    announce,
    ...over,
  });
  return { service, cards, announce };
}

beforeEach(async () => {
  [a, b] = await Promise.all([startTestApi(1), startTestApi(1)]);
  asked = [];
  loseNextPatchAnswer = false;
});
afterEach(() => Promise.all([a.stop(), b.stop()]));

const approvalsOf = (api: TestApi) => api.store.scan('sysapproval_approver').filter((r) => r.approver === SN_USERS.agent.sys_id && r.state === 'requested');

describe('approvals/mine', () => {
  it('lists my pending approvals on every connected instance, each with its card; one request per instance plus one cards batch', async () => {
    const { service, cards } = setup();
    const mine = await service.mine();
    expect(mine.errors).toEqual([]);
    expect(mine.approvals.map((x) => [x.instance, x.record.table]).sort()).toEqual(
      [[a.origin, 'change_request'], [a.origin, 'sc_req_item'], [b.origin, 'change_request'], [b.origin, 'sc_req_item']].sort(),
    );
    for (const x of mine.approvals) expect(x.card?.lookup).toMatchObject({ ok: true, record: { sys_id: x.record.sys_id } });
    expect(asked.filter((r) => r.includes('sysapproval_approver'))).toHaveLength(2);
    expect(cards).toHaveBeenCalledTimes(2);
  });

  it("an instance that fails is its own error; the other's approvals still show; one needing sign-in says so", async () => {
    await b.stop();
    const c = await startTestApi(1);
    try {
      const { service } = setup({}, [status(a.origin), status(b.origin), status(c.origin, 'needs-sign-in')]);
      const mine = await service.mine();
      expect(mine.approvals.every((x) => x.instance === a.origin)).toBe(true);
      expect(mine.approvals).toHaveLength(2);
      expect(mine.errors.map((e) => e.instance)).toEqual([b.origin, c.origin]);
      expect(mine.errors[1]!.message).toBe('Sign in again.');
    } finally {
      await c.stop();
      b = await startTestApi(1);
    }
  });

  it('still shows the approvals when their cards cannot be read', async () => {
    const { service, cards } = setup();
    cards.mockRejectedValue(new Error('cache broke'));
    const mine = await service.mine(a.origin);
    expect(mine.approvals).toHaveLength(2);
    expect(mine.approvals.every((x) => x.card === undefined)).toBe(true);
  });
});

describe('approvals/record', () => {
  it('finds my approval of a record that waits for me, and none for one that does not', async () => {
    const { service } = setup();
    const [pending] = approvalsOf(a);
    expect((await service.ofRecord(a.origin, { table: pending!.source_table!, sys_id: pending!.sysapproval! })).approval?.sys_id).toBe(pending!.sys_id);
    const incident = a.store.scan('incident')[0]!;
    expect(await service.ofRecord(a.origin, { table: 'incident', sys_id: incident.sys_id! })).toEqual({});
  });

  it("with the panel's shared record read: a task whose approval is not requested costs no approvals query", async () => {
    const clients = { servicenow: async () => createTableClient(fetchAs, a.origin, { sleep: async () => {} }) };
    const { service } = setup({ panel: createPanelRecords(clients) });
    const incident = a.store.scan('incident')[0]!;
    expect(await service.ofRecord(a.origin, { table: 'incident', sys_id: incident.sys_id! })).toEqual({});
    expect(asked.filter((r) => r.includes('sysapproval_approver'))).toHaveLength(0);
    const [pending] = approvalsOf(a);
    expect((await service.ofRecord(a.origin, { table: pending!.source_table!, sys_id: pending!.sysapproval! })).approval?.sys_id).toBe(pending!.sys_id);
  });
});

describe('approvals/decide', () => {
  const pendingOn = (table: string) => approvalsOf(a).find((r) => r.source_table === table)!;

  it('approves once per submission, re-reads the record card fresh once and tells the tabs', async () => {
    const before = vi.fn(async () => {});
    const { service, cards, announce } = setup({ beforeWrite: before });
    const change = pendingOn('change_request');
    const task = a.store.get('change_request', change.sysapproval!)!;
    const [one, two] = await Promise.all([service.decide(a.origin, change.sys_id!, 'approved', '', 7), service.decide(a.origin, change.sys_id!, 'approved', '', 7)]);
    expect(one).toEqual(two);
    expect(one.state).toEqual({ value: 'approved', display: 'Approved' });
    expect(one.card?.lookup).toMatchObject({ ok: true, record: { sys_id: task.sys_id } });
    expect(asked.filter((r) => r.startsWith('PATCH'))).toHaveLength(1);
    expect(before).toHaveBeenCalledWith(a.origin);
    expect(cards).toHaveBeenCalledTimes(1);
    expect(cards.mock.calls[0]![2]).toEqual({ fresh: true });
    expect(announce.mock.calls.map((c) => c[1])).toEqual([`change_request/${task.sys_id}`, `change_request/${task.number}`]);
    expect(a.store.get('sysapproval_approver', change.sys_id!)!.state).toBe('approved');
    expect(task.approval).toBe('approved');
  });

  it('rejects with the reason; without one it refuses before sending', async () => {
    const { service } = setup();
    const item = pendingOn('sc_req_item');
    await expect(service.decide(a.origin, item.sys_id!, 'rejected', ' ', 1)).rejects.toThrow('a reason is required');
    expect(asked.filter((r) => r.startsWith('PATCH'))).toEqual([]);
    expect((await service.decide(a.origin, item.sys_id!, 'rejected', 'Not this quarter', 2)).state.value).toBe('rejected');
    expect(a.store.scan('sys_journal_field').filter((j) => j.element_id === item.sys_id).map((j) => j.value)).toEqual(['Not this quarter']);
    expect(a.store.get('sc_req_item', item.sysapproval!)!.approval).toBe('rejected');
  });

  it('a refused identity check sends nothing', async () => {
    const { service } = setup({ beforeWrite: async () => Promise.reject(new Error('another user')) });
    await expect(service.decide(a.origin, pendingOn('change_request').sys_id!, 'approved', '', 3)).rejects.toThrow('another user');
    expect(asked.filter((r) => r.startsWith('PATCH'))).toEqual([]);
  });

  it('a retry after a lost answer looks first: the approval landed, so it is not sent again', async () => {
    const { service } = setup();
    const change = pendingOn('change_request');
    loseNextPatchAnswer = true;
    await expect(service.decide(a.origin, change.sys_id!, 'approved', '', 9)).rejects.toThrow('did not answer');
    const again = await service.decide(a.origin, change.sys_id!, 'approved', '', 9);
    expect(again.state.value).toBe('approved');
    expect(asked.filter((r) => r.startsWith('PATCH'))).toHaveLength(1);
    expect(asked.filter((r) => r.startsWith('GET') && r.endsWith(`/sysapproval_approver/${change.sys_id}`))).toHaveLength(1);
  });

  it('a retry of a submission that failed before landing sends it (once more)', async () => {
    const change = pendingOn('change_request');
    let fail = true;
    const flaky = setup({ beforeWrite: async () => { if (fail) throw new Error('offline'); } }).service;
    await expect(flaky.decide(a.origin, change.sys_id!, 'approved', '', 4)).rejects.toThrow('offline');
    fail = false;
    expect((await flaky.decide(a.origin, change.sys_id!, 'approved', '', 4)).state.value).toBe('approved');
    expect(asked.filter((r) => r.startsWith('PATCH'))).toHaveLength(1);
  });

  it('an ACL 403 is the user-facing "may not"', async () => {
    const { service } = setup();
    const davids = a.store.scan('sysapproval_approver').find((r) => r.approver === SN_USERS.agent2.sys_id)!;
    await expect(service.decide(a.origin, davids.sys_id!, 'rejected', 'no', 5)).rejects.toThrow('You may not decide this approval in ServiceNow.');
  });
});
