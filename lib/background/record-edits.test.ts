// @vitest-environment node
/**
 * The record panel's State and Assignment service against the ServiceNow simulator over HTTP, counting Table API
 * requests: a form costs one read once the lists, "me" and my groups are known; a save primes every card from its
 * own answer (1 write + ≤ 1 read, the issue-12 bench target).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { startTestApi, TEST_NOW_MS, type TestApi } from '../../sim/servicenow/testing';
import type { ConnectionStatus } from '../connections/status';
import type { Fetch } from '../http';
import { createCardCache } from './card-cache';
import { createClients } from './clients';
import { createRecordEdits } from './record-edits';
import { createRecordService } from './record-service';
import { createIdentity } from './session-identity';

let api: TestApi;
let nowMs = TEST_NOW_MS;
const INC = SN_RECORDS.incident;
const BETH = SN_USERS.agent;
const DAVID = SN_USERS.agent2;
const calls = () => api.requests.filter((r) => r.pathname.startsWith('/api/now/'));

async function counting<T>(fn: () => Promise<T>) {
  const before = calls().length;
  const value = await fn();
  return { value, calls: calls().slice(before) };
}

/** Beth's connection; `browser.user` is who the ServiceNow session in the browser belongs to now. */
function setup(method: ConnectionStatus['method'] = 'oauth') {
  const browser: { user: string; failNextPatch: boolean } = { user: BETH.user_name, failNextPatch: false };
  const fetchFor = async (): Promise<Fetch> => async (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', browser.user);
    const res = await fetch(input, { ...init, headers });
    if (init?.method === 'PATCH' && browser.failNextPatch) {
      browser.failNextPatch = false;
      // the write reached ServiceNow, its answer did not reach us
      throw new TypeError('Failed to fetch');
    }
    return res;
  };
  const clients = createClients({ fetchFor });
  const statuses = async (): Promise<Record<string, ConnectionStatus>> => ({
    [`servicenow:${api.origin}`]: { product: 'servicenow', base: api.origin, method, state: 'connected', user: { name: BETH.name, username: BETH.user_name } },
  });
  const records = createRecordService(clients, { now: () => nowMs, cache: createCardCache({ now: () => nowMs }), windowMs: 1 });
  const identity = createIdentity({ clients, statuses, now: () => nowMs });
  const announced: string[] = [];
  const edits = createRecordEdits({ clients, records, identity, announce: (i, key) => announced.push(`${i} ${key}`), now: () => nowMs });
  return { edits, records, identity, announced, browser };
}

beforeEach(async () => {
  nowMs = TEST_NOW_MS;
  api = await startTestApi(1, { now: () => (nowMs += 1000) });
});
afterEach(() => api.stop());

const seenOf = (form: Awaited<ReturnType<ReturnType<typeof setup>['edits']['form']>>) => ({
  modCount: form.modCount,
  values: Object.fromEntries(Object.entries(form.values).map(([f, v]) => [f, v.value])),
});
let submission = 1;

describe('record/form', () => {
  it('reads the record, the class lists, me and my groups in parallel; the next form costs one read', async () => {
    const { edits } = setup();
    const { value: form, calls: cold } = await counting(() => edits.form(api.origin, 'incident', INC.sys_id));
    expect(cold.map((c) => c.pathname.split('/').pop()).sort()).toEqual([INC.sys_id, 'sys_choice', 'sys_user', 'sys_user_grmember']);
    expect(form).toMatchObject({
      table: 'incident',
      sys_id: INC.sys_id,
      choicesFrom: 'sys_choice',
      me: { sys_id: BETH.sys_id, name: 'Beth Anglin', detail: BETH.email },
      inGroup: true,
      mandatory: { '3': ['hold_reason'], '6': ['close_code'], '7': ['close_code'] },
    });
    expect(form.values.state).toEqual({ value: '2', display: 'In Progress' });
    expect(form.values.assigned_to).toEqual({ value: BETH.sys_id, display: 'Beth Anglin' });
    expect(form.states.map((s) => s.label)).toEqual(['New', 'In Progress', 'On Hold', 'Resolved', 'Closed', 'Canceled']);
    expect(Object.keys(form.choices).sort()).toEqual(['close_code', 'hold_reason']);
    expect(form.myGroups.map((g) => g.name)).toEqual(expect.arrayContaining(['Service Desk', 'Hardware']));
    expect(Number(form.modCount)).toBeGreaterThanOrEqual(0);

    const { calls: warm } = await counting(() => edits.form(api.origin, 'incident', SN_RECORDS.incident2.sys_id));
    expect(warm).toHaveLength(1);
  });

  it("uses the record's class when asked through task, and the user's language", async () => {
    Object.assign(api.store.get('sys_user', BETH.sys_id)!, { preferred_language: 'de' });
    const { edits } = setup();
    const form = await edits.form(api.origin, 'task', INC.sys_id);
    expect(form.table).toBe('incident');
    expect(form.states[0]).toEqual({ value: '1', label: 'Neu' });
  });

  it("says when the lists are NowBridge's own, and when I am not in the record's group", async () => {
    api.store.policies.choicesReadable = false;
    const network = api.store.scan('sys_user_group').find((g) => g.name === 'Network')!;
    api.store.update('incident', INC.sys_id, { assignment_group: network.sys_id }, api.store.userByName('admin')!);
    const { edits } = setup();
    const form = await edits.form(api.origin, 'incident', INC.sys_id);
    expect(form.choicesFrom).toBe('defaults');
    expect(form.states.map((s) => s.value)).toEqual(['1', '2', '3', '6', '7', '8']);
    expect(form.inGroup).toBe(false);
  });
});

describe('record/update', () => {
  it('saves, and every card of the record is updated from the write’s own answer: 1 write + 1 read, none after', async () => {
    const { edits, records, announced } = setup();
    const form = await edits.form(api.origin, 'incident', INC.sys_id);
    const { value: answer, calls: wrote } = await counting(() =>
      edits.update({ instance: api.origin, table: 'incident', sys_id: INC.sys_id, changes: { state: '3', hold_reason: '1', comments: 'Waiting for you' }, seen: seenOf(form), overwrite: false, submissionId: submission++ }),
    );
    expect(wrote.map((c) => c.method)).toEqual(['GET', 'PATCH']);
    expect(answer).toMatchObject({ outcome: 'saved', dropped: [] });
    if (answer.outcome !== 'saved') return;
    expect(answer.card.lookup).toMatchObject({ ok: true, record: { number: INC.number, state: { value: '3', display: 'On Hold' } } });
    expect(answer.form.values.state).toEqual({ value: '3', display: 'On Hold' });
    expect(Number(answer.form.modCount)).toBe(Number(form.modCount) + 1);
    expect(announced).toEqual([`${api.origin} incident/${INC.sys_id}`, `${api.origin} incident/${INC.number}`, `${api.origin} */${INC.number}`]);
    // the tabs ask again: from the cache
    const { value: cards, calls: after } = await counting(() => records.cards(api.origin, [{ table: 'incident', sys_id: INC.sys_id }, { number: INC.number }]));
    expect(after).toHaveLength(0);
    expect([...cards.values()].map((c) => c.data.lookup.ok && c.data.lookup.record.state?.display)).toEqual(['On Hold', 'On Hold']);
  });

  it('reports a silently dropped field by its label', async () => {
    api.store.policies.fieldWriteRoles['incident.assignment_group'] = 'itil_admin';
    const { edits } = setup();
    const form = await edits.form(api.origin, 'incident', INC.sys_id);
    const hardware = form.myGroups.find((g) => g.name === 'Hardware')!;
    const answer = await edits.update({ instance: api.origin, table: 'incident', sys_id: INC.sys_id, changes: { assignment_group: hardware.sys_id }, seen: seenOf(form), overwrite: false, submissionId: submission++ });
    expect(answer).toMatchObject({ outcome: 'saved', dropped: [{ field: 'assignment_group', label: 'Assignment group' }] });
  });

  it('answers a conflict with who, when, what is there now and a fresh form; then overwrites when asked', async () => {
    const { edits } = setup();
    const form = await edits.form(api.origin, 'incident', INC.sys_id);
    api.store.update('incident', INC.sys_id, { assigned_to: DAVID.sys_id }, api.store.userByName(DAVID.user_name)!);
    const at = api.store.get('incident', INC.sys_id)!.sys_updated_on!;
    const req = { instance: api.origin, table: 'incident', sys_id: INC.sys_id, changes: { assigned_to: BETH.sys_id, state: '3', hold_reason: '4' }, seen: seenOf(form), overwrite: false, submissionId: submission++ };
    req.seen.values.assigned_to = '';
    const answer = await edits.update(req);
    expect(answer).toEqual({
      outcome: 'conflict',
      by: 'David Loo',
      at: `${at.replace(' ', 'T')}.000Z`,
      now: [{ field: 'assigned_to', label: 'Assigned to', display: 'David Loo' }],
      form: expect.objectContaining({ modCount: String(Number(form.modCount) + 1) }),
    });
    // nothing was written, so the same submission may go again, as an overwrite
    const again = await edits.update({ ...req, overwrite: true });
    expect(again.outcome).toBe('saved');
    expect(api.store.get('incident', INC.sys_id)!.assigned_to).toBe(BETH.sys_id);
  });

  it("refuses with a data policy's fields, and the next form asks for them before sending", async () => {
    const { edits } = setup();
    const form = await edits.form(api.origin, 'incident', INC.sys_id);
    const answer = await edits.update({ instance: api.origin, table: 'incident', sys_id: INC.sys_id, changes: { state: '6', close_code: 'Solved (Permanently)' }, seen: seenOf(form), overwrite: false, submissionId: submission++ });
    expect(answer).toEqual({ outcome: 'refused', kind: 'mandatory', fields: ['close_notes'], labels: ['Resolution notes'], message: 'ServiceNow needs Resolution notes before it saves this.' });
    const next = await edits.form(api.origin, 'incident', INC.sys_id);
    expect(next.mandatory['6']).toEqual(['close_code', 'close_notes']);
    expect(next.mandatory['7']).toEqual(['close_code']);
  });

  it('writes at most once per submission: a repeat gets the first answer; a retry after a lost answer finds it landed', async () => {
    const { edits, browser } = setup();
    const form = await edits.form(api.origin, 'incident', INC.sys_id);
    const req = { instance: api.origin, table: 'incident', sys_id: INC.sys_id, changes: { state: '3', hold_reason: '5', comments: 'On hold for the change' }, seen: seenOf(form), overwrite: false, submissionId: submission++ };
    const { value: [a, b], calls: both } = await counting(() => Promise.all([edits.update(req), edits.update(req)]));
    expect(a).toBe(b);
    expect(both.filter((c) => c.method === 'PATCH')).toHaveLength(1);

    const form2 = await edits.form(api.origin, 'incident', INC.sys_id);
    const lost = { ...req, changes: { state: '2', comments: 'Back on it' }, seen: seenOf(form2), submissionId: submission++ };
    browser.failNextPatch = true;
    await expect(edits.update(lost)).rejects.toThrow();
    const { value: retried, calls: retry } = await counting(() => edits.update(lost));
    expect(retry.map((c) => c.method)).toEqual(['GET']);
    expect(retried).toMatchObject({ outcome: 'saved', dropped: [] });
    expect(api.store.scan('sys_journal_field').filter((j) => j.value === 'Back on it')).toHaveLength(1);
  });

  it('in browser-session mode refuses to write when ServiceNow is now signed in as someone else', async () => {
    const { edits, browser } = setup('session');
    const form = await edits.form(api.origin, 'incident', INC.sys_id);
    browser.user = DAVID.user_name;
    nowMs += 10_000;
    const req = { instance: api.origin, table: 'incident', sys_id: INC.sys_id, changes: { state: '3', hold_reason: '1' }, seen: seenOf(form), overwrite: false, submissionId: submission++ };
    await expect(edits.update(req)).rejects.toThrow("ServiceNow in this browser is now signed in as David Loo, not Beth Anglin. Reconnect in NowBridge's settings to write as them.");
    expect(api.store.get('incident', INC.sys_id)!.state).toBe('2');
    browser.user = BETH.user_name;
    nowMs += 10_000;
    expect((await edits.update(req)).outcome).toBe('saved');
  });
});

describe('record/people', () => {
  it('finds people, a group’s members only when a group is given, and groups', async () => {
    const { edits } = setup();
    const people = await edits.people({ instance: api.origin, kind: 'user', query: 'beth' });
    expect(people.options).toEqual([{ sys_id: BETH.sys_id, name: 'Beth Anglin', detail: BETH.email }]);
    const network = api.store.scan('sys_user_group').find((g) => g.name === 'Network')!;
    const members = await edits.people({ instance: api.origin, kind: 'user', query: '', group: network.sys_id });
    expect(members.options.map((o) => o.name)).toContain('David Loo');
    expect(members.options.map((o) => o.name)).not.toContain('Beth Anglin');
    const groups = await edits.people({ instance: api.origin, kind: 'group', query: 'serv' });
    expect(groups.options.map((o) => o.name)).toEqual(['Service Desk']);
  });
});
