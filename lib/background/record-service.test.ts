// @vitest-environment node
/**
 * The record service's batched cards against the real ServiceNow simulator over HTTP, counting Table API
 * requests: the issue-6 benchmark's request targets (≤ 3 for 100 references across 3 tables; 0 on a revisit).
 * The cache is the real IndexedDB one (fake-indexeddb); the batch window ends when the test says so.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { start } from '../../sim/servicenow';
import { NotConnectedError } from '../http';
import type { RecordKeyRef } from '../servicenow/records';
import { refKey } from '../servicenow/records';
import { cacheKey, createCardCache, FRESH_MS } from './card-cache';
import type { CardData } from './card-data';
import { createClients } from './clients';
import { createRecordService, type RecordServiceOptions } from './record-service';
import { bearerFetch } from '../testing/bearer-fetch';

type Sim = Awaited<ReturnType<typeof start>>;
let sim: Sim;
let other: Sim;


beforeAll(async () => {
  [sim, other] = await Promise.all([start(), start()]);
});
afterAll(() => Promise.all([sim.stop(), other.stop()]));

const apiCalls = (s: Sim = sim) => s.requests.filter((r) => r.pathname.startsWith('/api/now/'));
/** Table API requests made while `fn` ran. */
async function counting<T>(fn: () => Promise<T>, s: Sim = sim): Promise<{ value: T; calls: ReturnType<typeof apiCalls> }> {
  const before = apiCalls(s).length;
  const value = await fn();
  return { value, calls: apiCalls(s).slice(before) };
}

let t = 1_750_000_000_000;
const now = () => t;
const cache = createCardCache({ now });

/** Beth's connections to both simulated instances; `connected` false makes fetchFor refuse as the manager does. */
function service(opts: Partial<RecordServiceOptions> = {}) {
  const state = { connected: true, sent: 0 };
  const queue: (() => void)[] = [];
  const revalidated: { instance: string; key: string; data: CardData }[] = [];
  const records = createRecordService(
    createClients({
      fetchFor: async (_product, base) => {
        if (!state.connected) throw new NotConnectedError('unauthorized', `Connect ${new URL(base).host} in NowBridge's settings first.`);
        const s = base === other.origin ? other : sim;
        const f = bearerFetch(s.control.issueTokens(SN_USERS.agent.user_name).access_token);
        return (input, init) => {
          state.sent++;
          return f(input, init);
        };
      },
    }),
    { now, cache, schedule: (run) => void queue.push(run), onRevalidated: (instance, key, data) => revalidated.push({ instance, key, data }), ...opts },
  );
  /** ends the current batch window */
  const endWindow = () => {
    while (queue.length) queue.shift()!();
  };
  return { records, state, revalidated, endWindow };
}

const ids = (table: string, n: number, s: Sim = sim) =>
  s.store
    .scan(table)
    .filter((r) => r.sys_id !== SN_RECORDS.aclHidden.sys_id)
    .slice(0, n)
    .map((r) => ({ table, sys_id: r.sys_id! }));
let hundred: { table: string; sys_id: string }[];
const HIDDEN = { table: SN_RECORDS.aclHidden.table, sys_id: SN_RECORDS.aclHidden.sys_id };
const NO_ACCESS = { ok: false, reason: 'not-found', message: 'No access or not found' };
/** every card readable, except the ACL-hidden one, which says "No access or not found" and nothing else */
const expectCards = (entries: Iterable<[string, { data: CardData }]>) => {
  for (const [key, { data }] of entries) {
    if (key === refKey(HIDDEN)) expect(data.lookup).toEqual(NO_ACCESS);
    else expect(data.lookup.ok && refKey(data.lookup.record)).toBe(key);
  }
};

beforeEach(async () => {
  t = 1_750_000_000_000;
  await cache.clearAll();
  // 39 readable incidents and one Beth may not read (ACL), 30 problems, 30 changes
  hundred = [...ids('incident', 39), HIDDEN, ...ids('problem', 30), ...ids('change_request', 30)];
});

/** sys_idIN values per request, as `table:count` */
const shape = (calls: ReturnType<typeof apiCalls>) =>
  calls.map((c) => `${c.pathname.split('/').at(-1)}:${(c.query.get('sysparm_query') ?? '').replace(/^sys_idIN/, '').split(',').length}`).sort();

describe('createRecordService: cards (batched, cached)', () => {
  it('100 references across 3 tables, asked for in 4 calls within one window: exactly 3 requests', async () => {
    const { records, endWindow } = service();
    const parts = [hundred.slice(0, 25), hundred.slice(25, 50), hundred.slice(50, 75), hundred.slice(75)];
    const { value, calls } = await counting(async () => {
      const pending = parts.map((refs) => records.cards(sim.origin, refs));
      endWindow();
      return Promise.all(pending);
    });
    expect(calls).toHaveLength(3);
    expect(shape(calls)).toEqual(['change_request:30', 'incident:40', 'problem:30']);
    const all = value.flatMap((m) => [...m.entries()]);
    expect(all).toHaveLength(100);
    expect(all.every(([, v]) => !v.stale)).toBe(true);
    expectCards(all);
    // the naive baseline, for the report: one request per card
    console.info(`cards: 100 refs / 3 tables → ${calls.length} ServiceNow requests (naive: 100)`);
  });

  it('a revisit within freshness: 0 requests, every card fresh', async () => {
    const { records, endWindow } = service();
    const first = records.cards(sim.origin, hundred);
    endWindow();
    await first;
    t += FRESH_MS - 1_000;
    const { value, calls } = await counting(() => records.cards(sim.origin, hundred)); // no window needed
    expect(calls).toHaveLength(0);
    expect(value.size).toBe(100);
    expect([...value.values()].every((v) => !v.stale)).toBe(true);
    expectCards(value);
  });

  it('stale: answered from the cache with 0 requests, revalidated in one batch (3 requests), onRevalidated per card', async () => {
    const { records, endWindow, revalidated } = service();
    const first = records.cards(sim.origin, hundred);
    endWindow();
    await first;
    t += FRESH_MS + 1;

    const { value, calls } = await counting(() => records.cards(sim.origin, hundred));
    expect(calls).toHaveLength(0);
    expect([...value.values()].every((v) => v.stale)).toBe(true);

    const before = apiCalls().length;
    endWindow(); // the revalidation's batch
    await expect.poll(() => revalidated.length, { interval: 5 }).toBe(100);
    expect(shape(apiCalls().slice(before))).toEqual(['change_request:30', 'incident:40', 'problem:30']);
    expect(new Set(revalidated.map((r) => r.key))).toEqual(new Set(hundred.map(refKey)));
    expect(revalidated.every((r) => r.instance === sim.origin)).toBe(true);
    expectCards(revalidated.map((r) => [r.key, r]));

    const { value: again, calls: none } = await counting(() => records.cards(sim.origin, hundred));
    expect(none).toHaveLength(0);
    expect([...again.values()].every((v) => !v.stale)).toBe(true);
  });

  it('two tabs asking for the same record while it is being read: one request', async () => {
    const { records, endWindow, state } = service();
    const ref = { table: 'incident', sys_id: SN_RECORDS.incident.sys_id };
    sim.control.setFaults({ latencyMs: 30 }); // the read is still on the wire when the second tab asks
    try {
      const { value, calls } = await counting(async () => {
        const tab1 = records.cards(sim.origin, [ref]);
        endWindow();
        await expect.poll(() => state.sent, { interval: 2 }).toBe(1);
        const tab2 = records.cards(sim.origin, [ref]);
        endWindow();
        return Promise.all([tab1, tab2]);
      });
      expect(calls).toHaveLength(1);
      expect(value[0]!.get(refKey(ref))!.data).toEqual(value[1]!.get(refKey(ref))!.data);
    } finally {
      sim.control.setFaults({ latencyMs: 0 });
    }
  });

  it('fresh: true (Refresh) reads again within freshness', async () => {
    const { records, endWindow } = service();
    const refs = hundred.slice(0, 3);
    const first = records.cards(sim.origin, refs);
    endWindow();
    await first;
    const { value, calls } = await counting(async () => {
      const p = records.cards(sim.origin, refs.slice(0, 1), { fresh: true });
      endWindow();
      return p;
    });
    expect(calls).toHaveLength(1);
    expect(value.get(refKey(refs[0]!))!.stale).toBe(false);
  });

  it('two instances in one window: one batch (and one request per table) each', async () => {
    const { records, endWindow } = service();
    const mine = ids('incident', 10);
    const theirs = ids('incident', 10, other);
    const before = [apiCalls(sim).length, apiCalls(other).length];
    const pending = [records.cards(sim.origin, mine.slice(0, 5)), records.cards(other.origin, theirs), records.cards(sim.origin, mine.slice(5))];
    endWindow();
    const [a, b, c] = await Promise.all(pending);
    expect([apiCalls(sim).length - before[0]!, apiCalls(other).length - before[1]!]).toEqual([1, 1]);
    expect([a!.size, b!.size, c!.size]).toEqual([5, 10, 5]);
    expect([...b!.values()].every((v) => v.data.lookup.ok && v.data.lookup.record.instance === other.origin)).toBe(true);
  });

  it('hidden and missing records are cached as "No access or not found" (revisit: 0 requests)', async () => {
    const { records, endWindow } = service();
    const missing = { table: 'incident', sys_id: '0'.repeat(32) };
    const p = records.cards(sim.origin, [HIDDEN, missing]);
    endWindow();
    const first = await p;
    expect([...first.values()].map((v) => v.data.lookup)).toEqual([NO_ACCESS, NO_ACCESS]);
    const { value, calls } = await counting(() => records.cards(sim.origin, [HIDDEN, missing]));
    expect(calls).toHaveLength(0);
    expect([...value.values()].map((v) => v.data.lookup)).toEqual([NO_ACCESS, NO_ACCESS]);
  });
});

describe('createRecordService: prime (a write’s own answer)', () => {
  it('replaces the cards under every key given, so the next ask costs no request; the hover card reads afresh', async () => {
    const { records } = service({ schedule: (run) => queueMicrotask(run) });
    const byId: RecordKeyRef = { table: 'incident', sys_id: SN_RECORDS.incident.sys_id };
    const byNumber: RecordKeyRef = { number: SN_RECORDS.incident.number };
    await records.full(sim.origin, byId);
    const old = await records.card(sim.origin, byId);
    if (!old.lookup.ok) throw new Error('readable');
    const record = { ...old.lookup.record, shortDescription: 'Primed from the PATCH answer' };
    const { value: primed, calls } = await counting(() => records.prime(sim.origin, [byId, byNumber], { ok: true, record }));
    expect(calls).toHaveLength(0);
    expect(primed.lookup).toEqual({ ok: true, record });
    const { value: cards, calls: after } = await counting(() => records.cards(sim.origin, [byId, byNumber]));
    expect(after).toHaveLength(0);
    expect([...cards.values()].map((c) => c.data.lookup.ok && c.data.lookup.record.shortDescription)).toEqual(['Primed from the PATCH answer', 'Primed from the PATCH answer']);
    const { calls: hover } = await counting(() => records.full(sim.origin, byId));
    expect(hover).toHaveLength(1);
  });
});

describe('createRecordService: card (share flow) and forget', () => {
  it('card() shares the cache with cards(); forget() clears that instance, in memory and in IndexedDB', async () => {
    const { records, endWindow } = service({ schedule: (run) => queueMicrotask(run) });
    const ref: RecordKeyRef = { table: 'incident', sys_id: SN_RECORDS.incident.sys_id };
    const p = records.cards(sim.origin, [ref]);
    endWindow();
    await p;
    const { value, calls } = await counting(() => records.card(sim.origin, ref));
    expect(calls).toHaveLength(0);
    expect(value.lookup.ok && value.lookup.record.number).toBe(SN_RECORDS.incident.number);

    records.forget(sim.origin);
    expect((await cache.get([cacheKey(sim.origin, ref)])).size).toBe(0);
    const { calls: again } = await counting(() => records.card(sim.origin, ref));
    expect(again).toHaveLength(1);
  });

  it('card() never returns a stale card: it waits for the revalidation (one request)', async () => {
    const { records } = service({ schedule: (run) => queueMicrotask(run) });
    const ref: RecordKeyRef = { table: 'problem', sys_id: SN_RECORDS.problem.sys_id };
    await records.card(sim.origin, ref);
    t += FRESH_MS + 1;
    const { value, calls } = await counting(() => records.card(sim.origin, ref));
    expect(calls).toHaveLength(1);
    expect(value.lookup.ok).toBe(true);
    const { calls: none } = await counting(() => records.card(sim.origin, ref));
    expect(none).toHaveLength(0);
  });

  it('not connected: a "connect" card, never cached; a number with no table still reads through task', async () => {
    const { records, state } = service({ schedule: (run) => queueMicrotask(run) });
    state.connected = false;
    const ref: RecordKeyRef = { number: SN_RECORDS.incident.number };
    const card = await records.card(sim.origin, ref);
    expect(card.lookup).toMatchObject({ ok: false, reason: 'not-connected' });
    expect((await cache.get([cacheKey(sim.origin, ref)])).size).toBe(0);

    state.connected = true; // no client was kept from the refusal: the next read connects
    const { value, calls } = await counting(() => records.card(sim.origin, ref));
    expect(value.lookup.ok && value.lookup.record.table).toBe('incident');
    expect(value.tableLabel).toBe('Incident');
    expect(calls).toHaveLength(2); // task, then the concrete table for its labels
  });

  it('keeps the old constructor form: createRecordService(connections, now)', () => {
    const records = createRecordService(createClients({ fetchFor: async () => fetch }), () => 0);
    expect(typeof records.card).toBe('function');
    expect(typeof records.cards).toBe('function');
  });
});
