// @vitest-environment node
/** Watching against the ServiceNow simulator's data side: other users change records, the test moves both clocks. */
import { createStore } from 'idb-keyval';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { startTestApi, TEST_NOW_MS, type TestApi } from '../../sim/servicenow/testing';
import type { ConnectionStatus } from '../connections/status';
import type { Fetch } from '../http';
import { createTableClient, type TableClient } from '../servicenow/table-client';
import { type WatchEvent, watchSchema } from '../watch/watch-model';
import { openWatchStore, type WatchStore } from '../watch/watch-store';
import { detailLines, headline } from '../watch/watch-text';
import { createWatchService, type WatchNotifier } from './watch-service';

let api: TestApi;
let simNow: number;
let localNow: number;
let asked: string[];
/** answers the next requests with these statuses instead of the simulator's */
let failWith: { status: number; headers?: Record<string, string> }[];
let store: WatchStore;
let dbN = 0;

const fetchAs: Fetch = async (input, init) => {
  const url = new URL(String(input));
  asked.push(`${url.pathname} ${url.searchParams.get('sysparm_query') ?? ''}`);
  const fail = failWith.shift();
  if (fail) return new Response(JSON.stringify({ error: { message: 'Rate limit exceeded', detail: null }, status: 'failure' }), { status: fail.status, headers: { 'Content-Type': 'application/json', ...fail.headers } });
  const headers = new Headers(init?.headers);
  headers.set('X-Test-User', SN_USERS.agent.user_name);
  const res = await fetch(input, { ...init, headers });
  // the real server's Date header follows its clock (here: the test's)
  const out = new Headers(res.headers);
  out.set('Date', new Date(simNow).toUTCString());
  return new Response(await res.text(), { status: res.status, headers: out });
};

let connection: ConnectionStatus['state'] = 'connected';
let online = true;
function setup() {
  const notified: WatchEvent[] = [];
  const badges: number[] = [];
  const notifier: WatchNotifier = { notify: async (es) => void notified.push(...es), badge: async (n) => void badges.push(n) };
  let client: TableClient | undefined;
  const changed: string[] = [];
  const service = createWatchService({
    changed: async (_i, rs) => void changed.push(...rs.map((r) => r.number)),
    clients: { servicenow: async (i) => (client ??= createTableClient(fetchAs, i, { sleep: async () => {}, now: () => localNow })) },
    statuses: async () => ({
      [`servicenow:${api.origin}`]: { product: 'servicenow', base: api.origin, method: 'oauth', state: connection, user: { name: 'Beth Anglin', username: 'beth.anglin' } },
    }),
    store,
    notifier,
    now: () => localNow,
    online: () => online,
  });
  return { service, notified, badges, changed };
}

const as = (user: string) => api.store.userByName(user)!;
const later = (s: number) => {
  simNow += s * 1000;
  localNow += s * 1000;
};

beforeEach(async () => {
  simNow = TEST_NOW_MS;
  localNow = 1_000_000;
  api = await startTestApi(1, { now: () => simNow });
  asked = [];
  failWith = [];
  connection = 'connected';
  online = true;
  store = openWatchStore(createStore(`watch-test-${++dbN}`, 'state'));
});
afterEach(() => api.stop());

const INC = SN_RECORDS.incident;

describe('watching a record', () => {
  it('reports another user resolving it with a comment: actor, old → new state, the comment; once', async () => {
    const { service, notified, badges, changed } = setup();
    await service.watchRecord(api.origin, INC);
    later(30);
    api.store.update('incident', INC.sys_id, { state: '6', close_code: 'Solution provided', close_notes: 'Restarted', comments: 'Fixed by restarting the VPN concentrator' }, as(SN_USERS.agent2.user_name));
    later(30);
    asked = [];
    const [r] = await service.tick();
    expect(r!.events).toHaveLength(1);
    const e = r!.events[0]!;
    expect(headline(e)).toBe(`David Loo resolved ${INC.number}`);
    expect(e.changes.find((c) => c.field === 'state')).toMatchObject({ to: 'Resolved' });
    expect(e.changes.find((c) => c.field === 'state')!.from).not.toBe('Resolved');
    expect(e.journal).toEqual([{ element: 'comments', author: 'David Loo', text: 'Fixed by restarting the VPN concentrator' }]);
    expect(detailLines(e).join('\n')).toMatch(/State: .+ → Resolved[\s\S]*Comment \(David Loo\)|Comment: Fixed/);
    expect(notified).toHaveLength(1);
    expect(badges.at(-1)).toBe(1);
    // its cards and panels are read again, so every tab shows the change
    expect(changed).toEqual([INC.number]);
    // the watched-records query, the user names, the state labels and the journal: never a request per watched record
    expect(asked.filter((q) => q.startsWith('/api/now/table/task ')).length).toBe(1);

    // the same change seen again (>=, same second) and after a restart is not reported twice
    later(30);
    const again = setup();
    expect((await again.service.tick())[0]!.events).toEqual([]);
    expect((await service.list()).events).toHaveLength(1);
  });

  it('does not report the user’s own change', async () => {
    const { service, notified } = setup();
    await service.watchRecord(api.origin, INC);
    later(30);
    api.store.update('incident', INC.sys_id, { state: '2', comments: 'On it' }, as(SN_USERS.agent.user_name));
    later(30);
    expect((await service.tick())[0]!.events).toEqual([]);
    expect(notified).toEqual([]);
  });

  it('learns a watched record that came without a snapshot, however old, and reports its first change', async () => {
    const { service } = setup();
    await service.watchRecord(api.origin, INC);
    await service.tick();
    // a second watch written without its snapshot (an older version, another window's half-done add)
    const old = api.store.scan('incident').find((r) => r.sys_updated_on! < api.store.get('incident', INC.sys_id)!.sys_updated_on! && r.sys_id !== INC.sys_id)!;
    await store.updateWatches((ws) => [...ws, { ...ws[0]!, id: `record ${api.origin} ${old.sys_id}`, target: { kind: 'record', table: 'incident', sys_id: old.sys_id!, number: old.number!, title: '' } }]);
    later(60);
    await service.tick();
    later(60);
    api.store.update('incident', old.sys_id!, { comments: 'First change' }, as(SN_USERS.agent2.user_name));
    const [r] = await service.tick();
    expect(r!.events.map((e) => [e.number, e.journal[0]?.text])).toEqual([[old.number, 'First change']]);
  });

  it('makes one request per tick for 500 watched records', async () => {
    const { service } = setup();
    const rows = api.store.scan('task').slice(0, 500);
    expect(rows).toHaveLength(500);
    await store.updateWatches(() =>
      rows.map(({ sys_id, number }) => ({ id: `record ${api.origin} ${sys_id}`, instance: api.origin, target: { kind: 'record' as const, table: 'task', sys_id: sys_id!, number: number!, title: '' }, events: { created: true, state: true, priority: true, assignment: true, comments: true, work_notes: true, other: false }, muted: false, createdAt: 0 })),
    );
    const [first] = await service.tick();
    expect(first!.status.state).toBe('ok');
    later(60);
    asked = [];
    const [r] = await service.tick();
    expect(r!.requests).toBe(1);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatch(/numberIN.*\^sys_updated_on>=\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\^ORDERBYsys_updated_on$/);
  }, 30_000);

  it('a quiet check of 500 watched records reads no snapshot but the answer’s, parses no watch again and writes only its status', async () => {
    const { service } = setup();
    const rows = api.store.scan('task').slice(0, 500);
    await store.updateWatches(() =>
      rows.map(({ sys_id, number }) => ({ id: `record ${api.origin} ${sys_id}`, instance: api.origin, target: { kind: 'record' as const, table: 'task', sys_id: sys_id!, number: number!, title: '' }, events: { created: true, state: true, priority: true, assignment: true, comments: true, work_notes: true, other: false }, muted: false, createdAt: 0 })),
    );
    await service.tick(); // learns the records
    const learned = await store.snapshots(api.origin, rows.map((r) => r.sys_id!));
    const record = rows.find((r) => r.sys_class_name === 'incident' && learned.get(r.sys_id!)?.modCount! >= 0 && r !== rows.at(-1))!;
    later(60);
    const snapshots = vi.spyOn(store, 'snapshots');
    const setSnapshots = vi.spyOn(store, 'setSnapshots');
    const setInstance = vi.spyOn(store, 'setInstance');
    const parse = vi.spyOn(watchSchema, 'safeParse');
    const [r] = await service.tick();
    expect(r!.status.state).toBe('ok');
    // only the answer's rows: the records updated in the watermark's own second (`>=`, deduped by sys_mod_count)
    expect(snapshots.mock.calls.flatMap(([, ids]) => ids).length).toBeLessThanOrEqual(1);
    expect(parse).not.toHaveBeenCalled();
    expect(setSnapshots.mock.calls.flatMap(([, snaps]) => [...snaps.keys()])).toEqual([]);
    expect(setInstance).toHaveBeenCalledTimes(1);
    expect((await service.list()).watches).toHaveLength(500);
    expect(parse).not.toHaveBeenCalled();

    // a change is still told: its record's snapshot (and only its) is read
    later(60);
    api.store.update('incident', record.sys_id!, { priority: record.priority === '1' ? '2' : '1' }, as(SN_USERS.agent2.user_name));
    const [changed] = await service.tick();
    expect(changed!.events.map((e) => e.number)).toEqual([record.number]);
    expect(snapshots.mock.calls.at(-1)![1]).toContain(record.sys_id);
    expect(snapshots.mock.calls.at(-1)![1].length).toBeLessThanOrEqual(2);
  }, 30_000);

  it('after a long gap makes one digest per record, not one per change', async () => {
    const { service } = setup();
    await service.watchRecord(api.origin, INC);
    await service.watchRecord(api.origin, SN_RECORDS.incident2);
    await service.tick();
    for (const [i, v] of [{ state: '2' }, { priority: '1', impact: '1', urgency: '1' }, { comments: 'first' }, { comments: 'second' }, { state: '3', hold_reason: '1' }].entries()) {
      later(600 + i);
      api.store.update('incident', INC.sys_id, v, as(SN_USERS.agent2.user_name));
      api.store.update('incident', SN_RECORDS.incident2.sys_id, { comments: `note ${i}` }, as(SN_USERS.agent2.user_name));
    }
    later(3600);
    const [r] = await service.tick();
    expect(r!.events.map((e) => e.number).sort()).toEqual([INC.number, SN_RECORDS.incident2.number]);
    expect(r!.events.every((e) => e.digest)).toBe(true);
    const first = r!.events.find((e) => e.number === INC.number)!;
    expect(first.more).toBeGreaterThan(0);
    expect(headline(first)).toBe(`${INC.number} changed while you were away`);
  });
});

describe('watching a queue', () => {
  it('reports a record newly assigned to me by someone else', async () => {
    const { service } = setup();
    await service.watchQueue(api.origin, { preset: 'mine' });
    await service.tick(); // learns what is in it
    later(60);
    const other = api.store.scan('incident').find((r) => r.active === 'true' && r.assigned_to !== SN_USERS.agent.sys_id)!;
    api.store.update('incident', other.sys_id!, { assigned_to: SN_USERS.agent.sys_id }, as(SN_USERS.agent2.user_name));
    later(60);
    const [r] = await service.tick();
    expect(r!.events.map((e) => [e.number, e.kind, e.queue])).toEqual([[other.number, 'entered', 'Assigned to me']]);
    expect(headline(r!.events[0]!)).toBe(`${other.number} is new in Assigned to me`);
  });
});

describe('when ServiceNow refuses', () => {
  it('waits out a 429’s Retry-After without asking, then recovers', async () => {
    const { service } = setup();
    await service.watchRecord(api.origin, INC);
    failWith = [{ status: 429, headers: { 'Retry-After': '120' } }];
    const [r] = await service.tick();
    expect(r!.status).toMatchObject({ state: 'waiting', retryAt: localNow + 120_000 });
    later(60);
    asked = [];
    expect((await service.tick())[0]!.requests).toBe(0);
    expect(asked).toEqual([]);
    later(61);
    api.store.update('incident', INC.sys_id, { comments: 'Still there?' }, as(SN_USERS.agent2.user_name));
    const [after] = await service.tick();
    expect(after!.status.state).toBe('ok');
    expect(after!.events).toHaveLength(1);
  });

  it('stops on a revoked sign-in with “Needs sign-in”, and makes no request while the connection needs it', async () => {
    const { service } = setup();
    await service.watchRecord(api.origin, INC);
    failWith = [{ status: 401 }];
    const [r] = await service.tick();
    expect(r!.status.state).toBe('needs-sign-in');
    expect(r!.status.message).toMatch(/Needs sign-in/);
    connection = 'needs-sign-in';
    asked = [];
    const [paused] = await service.tick();
    expect(paused!.status.state).toBe('needs-sign-in');
    expect(asked).toEqual([]);
    expect((await service.list()).statuses[0]!.state).toBe('needs-sign-in');
  });

  it('offline: no request, “Offline” until the browser is back, then the change arrives', async () => {
    const { service } = setup();
    await service.watchRecord(api.origin, INC);
    online = false;
    api.store.update('incident', INC.sys_id, { comments: 'While you were offline' }, as(SN_USERS.agent2.user_name));
    asked = [];
    const [r] = await service.tick();
    expect(r!.status.state).toBe('offline');
    expect(asked).toEqual([]);
    online = true;
    expect((await service.tick())[0]!.events.map((e) => e.journal[0]?.text)).toEqual(['While you were offline']);
  });

  it('never runs two checks at once: asks meanwhile share one check after the running one', async () => {
    const { service } = setup();
    await service.watchRecord(api.origin, INC);
    asked = [];
    const first = service.tick();
    // a change made after the first was asked for is reported (by one of them: once)
    api.store.update('incident', INC.sys_id, { comments: 'Made during the first check' }, as(SN_USERS.agent2.user_name));
    const [a, b, c] = await Promise.all([first, service.tick(), service.tick()]);
    expect(b).toBe(c);
    expect(a).not.toBe(b);
    expect(asked.filter((q) => q.startsWith('/api/now/table/task '))).toHaveLength(2);
    expect([...a![0]!.events, ...b![0]!.events].map((e) => e.journal[0]?.text)).toEqual(['Made during the first check']);
  });
});
