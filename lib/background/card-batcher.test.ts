/**
 * The card batcher with a fake fetchBatch: merging per window and instance, cache hits, stale-while-revalidate,
 * in-flight de-duplication, Refresh. The window's end comes from an injected scheduler: no real waiting.
 * (record-service.test.ts runs the same paths against the ServiceNow simulator and counts HTTP requests.)
 */
import { createStore } from 'idb-keyval';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { RecordKeyRef } from '../servicenow/records';
import { refKey } from '../servicenow/records';
import { createCardBatcher, type CardBatcherOptions } from './card-batcher';
import { type CachedCard, type CacheHit, cacheKey, type CardCache, createCardCache, FRESH_MS } from './card-cache';
import type { CardData } from './card-data';

const A = 'https://acme.service-now.com';
const B = 'https://beta.service-now.com';
const TABLES = ['incident', 'problem', 'change_request'] as const;

/** 100 references across 3 tables: 34 incidents, 33 problems, 33 changes. */
const hundred: { table: string; sys_id: string }[] = Array.from({ length: 100 }, (_, i) => ({ table: TABLES[i % 3]!, sys_id: `${i}`.padStart(32, '0') }));

/** A card whose text says which read it came from. */
const cardFor = (ref: RecordKeyRef, version: number): CardData => ({
  lookup: {
    ok: true,
    record: { instance: A, table: ref.table ?? 'task', sys_id: refKey(ref), number: `v${version}`, shortDescription: refKey(ref), url: '', updatedAt: '', fields: {} },
  },
  accent: '#000000',
  fields: [],
  tableLabel: ref.table ?? 'Task',
});
const version = (d: CardData | undefined) => (d?.lookup.ok ? d.lookup.record.number : undefined);

/** The window's end, run when the test says so. */
function manualScheduler() {
  const queue: (() => void)[] = [];
  return {
    schedule: (run: () => void) => void queue.push(run),
    get pending() {
      return queue.length;
    },
    flush() {
      while (queue.length) queue.shift()!();
    },
  };
}

/** A fetchBatch that records its calls; `hold()` makes the next calls wait for `release()`. */
function fakeFetch() {
  let v = 0;
  let gate: Promise<void> | undefined;
  let open: () => void = () => {};
  const calls: { instance: string; refs: RecordKeyRef[] }[] = [];
  const fetchBatch = vi.fn(async (instance: string, refs: RecordKeyRef[]) => {
    calls.push({ instance, refs });
    const n = ++v;
    await gate;
    return new Map(refs.map((r) => [refKey(r), cardFor(r, n)]));
  });
  return {
    fetchBatch,
    calls,
    hold() {
      gate = new Promise((res) => (open = res));
    },
    release() {
      gate = undefined;
      open();
    },
  };
}

let db = 0;
let t = 1_750_000_000_000;
const now = () => t;

function setup(extra: Partial<CardBatcherOptions> = {}) {
  const sched = manualScheduler();
  const fake = fakeFetch();
  // A database per test: fake-indexeddb keeps them for the whole file.
  const own = createCardCache({ now, store: createStore(`cards-test-${++db}`, 'cards') });
  const revalidated: { instance: string; key: string; data: CardData }[] = [];
  const batcher = createCardBatcher({
    fetchBatch: fake.fetchBatch,
    cache: own,
    now,
    schedule: sched.schedule,
    onRevalidated: (instance, key, data) => revalidated.push({ instance, key, data }),
    ...extra,
  });
  /** one request, its window ended at once */
  const ask = (instance: string, refs: readonly RecordKeyRef[], opts?: { fresh?: boolean }) => {
    const p = batcher.request(instance, refs, opts);
    sched.flush();
    return p;
  };
  return { batcher, sched, fake, cache: own, revalidated, ask };
}

beforeEach(() => {
  t = 1_750_000_000_000;
});

describe('createCardBatcher', () => {
  it('merges the requests of one window into one fetchBatch per instance', async () => {
    const { batcher, sched, fake } = setup();
    // four tabs (or four frames of one observer) within one window, overlapping a little
    const parts = [hundred.slice(0, 30), hundred.slice(30, 60), hundred.slice(55, 90), hundred.slice(85)];
    const pending = parts.map((refs) => batcher.request(A, refs));
    expect(sched.pending).toBe(1); // one window for all four
    sched.flush();
    const results = await Promise.all(pending);

    expect(fake.fetchBatch).toHaveBeenCalledTimes(1);
    expect(fake.calls[0]!.instance).toBe(A);
    expect(fake.calls[0]!.refs.map(refKey).sort()).toEqual(hundred.map(refKey).sort()); // each key once
    results.forEach((r, i) => {
      expect([...r.keys()]).toEqual(parts[i]!.map(refKey));
      for (const v of r.values()) expect(v).toMatchObject({ stale: false, data: { lookup: { ok: true } } });
    });
  });

  it('a window is joined on request, so slow cache reads cannot split it', async () => {
    const slow: CardCache = {
      get: (keys) => new Promise((res) => setTimeout(() => res(new Map()), 5 * keys.length)),
      set: async () => {},
      clearInstance: async () => {},
      clearAll: async () => {},
    };
    const { batcher, sched, fake } = setup({ cache: slow });
    const pending = [batcher.request(A, hundred.slice(0, 1)), batcher.request(A, hundred.slice(1, 4))];
    sched.flush(); // the window ends before either cache read is done
    await Promise.all(pending);
    expect(fake.fetchBatch).toHaveBeenCalledTimes(1);
    expect(fake.calls[0]!.refs).toHaveLength(4);
  });

  it('with the default timer: 16 ms windows (fake timers)', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout'] });
    try {
      const mem = memoryCache();
      const fake = fakeFetch();
      const batcher = createCardBatcher({ fetchBatch: fake.fetchBatch, cache: mem, now });
      const first = batcher.request(A, hundred.slice(0, 2));
      await vi.advanceTimersByTimeAsync(10);
      const second = batcher.request(A, hundred.slice(2, 4)); // same window
      await vi.advanceTimersByTimeAsync(6);
      await Promise.all([first, second]);
      expect(fake.calls.map((c) => c.refs.length)).toEqual([4]);
      const third = batcher.request(A, hundred.slice(4, 5)); // a new window
      expect(fake.fetchBatch).toHaveBeenCalledTimes(1);
      await vi.advanceTimersByTimeAsync(16);
      await third;
      expect(fake.calls.map((c) => c.refs.length)).toEqual([4, 1]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('two instances in one window: one batch each', async () => {
    const { batcher, sched, fake } = setup();
    const pending = [batcher.request(A, hundred.slice(0, 10)), batcher.request(B, hundred.slice(5, 12)), batcher.request(A, hundred.slice(10, 20))];
    sched.flush();
    const [a1, b, a2] = await Promise.all(pending);
    expect(fake.calls.map((c) => [c.instance, c.refs.length]).sort()).toEqual([
      [A, 20],
      [B, 7],
    ]);
    expect(a1!.size + a2!.size).toBe(20);
    expect(b!.size).toBe(7);
  });

  it('a revisit within freshness fetches nothing', async () => {
    const { fake, ask } = setup();
    await ask(A, hundred);
    t += FRESH_MS - 1;
    const again = await ask(A, hundred);
    expect(fake.fetchBatch).toHaveBeenCalledTimes(1);
    expect(again.size).toBe(100);
    for (const v of again.values()) expect(v.stale).toBe(false);
  });

  it('stale: answered at once from the cache, revalidated in one fetch, then fresh; onRevalidated tells', async () => {
    const { batcher, sched, fake, revalidated, ask } = setup();
    const refs = hundred.slice(0, 5);
    await ask(A, refs);
    t += FRESH_MS;

    // no window has to end for this answer: it comes straight from the cache
    const stale = await batcher.request(A, refs);
    expect(fake.fetchBatch).toHaveBeenCalledTimes(1);
    expect([...stale.values()].map((v) => [v.stale, version(v.data)])).toEqual(refs.map(() => [true, 'v1']));

    // a second viewer of the same stale cards before the revalidation runs: no second revalidation
    const stale2 = batcher.request(A, refs);
    sched.flush();
    expect([...(await stale2).values()].every((v) => v.stale)).toBe(true);
    await vi.waitUntil(() => revalidated.length === refs.length, { interval: 1 });
    expect(fake.fetchBatch).toHaveBeenCalledTimes(2);
    expect(fake.calls[1]!.refs).toHaveLength(5);
    expect(revalidated.map((r) => [r.instance, r.key, version(r.data)])).toEqual(refs.map((r) => [A, refKey(r), 'v2']));

    const after = await ask(A, refs);
    expect(fake.fetchBatch).toHaveBeenCalledTimes(2);
    expect([...after.values()].map((v) => [v.stale, version(v.data)])).toEqual(refs.map(() => [false, 'v2']));
  });

  it('concurrent requests for the same key share one fetch, also when the fetch is already under way', async () => {
    const { batcher, sched, fake } = setup();
    const ref = hundred[0]!;
    const a = batcher.request(A, [ref]);
    const b = batcher.request(A, [ref]);
    fake.hold();
    sched.flush();
    await vi.waitUntil(() => fake.calls.length === 1, { interval: 1 });
    // a third caller (another tab) in a later window, while the read is on the wire
    const c = batcher.request(A, [ref, hundred[1]!]);
    sched.flush();
    await vi.waitUntil(() => fake.calls.length === 2, { interval: 1 });
    fake.release();
    const [ra, rb, rc] = await Promise.all([a, b, c]);
    expect(fake.calls.map((x) => x.refs.map(refKey))).toEqual([[refKey(ref)], [refKey(hundred[1]!)]]);
    expect(version(ra!.get(refKey(ref))!.data)).toBe('v1');
    expect(version(rb!.get(refKey(ref))!.data)).toBe('v1');
    expect(version(rc!.get(refKey(ref))!.data)).toBe('v1');
  });

  it('fresh: true bypasses a fresh cache entry, and the new card is cached', async () => {
    const { fake, ask } = setup();
    const refs = hundred.slice(0, 3);
    await ask(A, refs);
    const refreshed = await ask(A, refs.slice(0, 1), { fresh: true });
    expect(fake.fetchBatch).toHaveBeenCalledTimes(2);
    expect(fake.calls[1]!.refs).toEqual(refs.slice(0, 1));
    expect(version(refreshed.get(refKey(refs[0]!))!.data)).toBe('v2');
    const again = await ask(A, refs);
    expect(fake.fetchBatch).toHaveBeenCalledTimes(2);
    expect([...again.values()].map((v) => version(v.data))).toEqual(['v2', 'v1', 'v1']);
  });

  it('answers that may not be cached (errors, sign-in) are returned but fetched again next time', async () => {
    const signIn: CardData = { lookup: { ok: false, reason: 'needs-sign-in', message: 'Sign in again' }, accent: '#80868B', fields: [], tableLabel: 'Incident' };
    const fetchBatch = vi.fn(async (_: string, refs: RecordKeyRef[]) => new Map(refs.map((r) => [refKey(r), signIn])));
    const { ask } = setup({ fetchBatch });
    expect((await ask(A, hundred.slice(0, 2))).get(refKey(hundred[0]!))).toEqual({ data: signIn, stale: false });
    await ask(A, hundred.slice(0, 2));
    expect(fetchBatch).toHaveBeenCalledTimes(2);
  });

  it('a stale card whose revalidation fails stays stale; no unhandled rejection', async () => {
    const { fake, revalidated, ask } = setup();
    await ask(A, hundred.slice(0, 1));
    t += FRESH_MS;
    fake.fetchBatch.mockRejectedValueOnce(new Error('offline'));
    const stale = await ask(A, hundred.slice(0, 1));
    expect(stale.get(refKey(hundred[0]!))!.stale).toBe(true);
    await vi.waitUntil(() => fake.fetchBatch.mock.calls.length === 2, { interval: 1 });
    const again = await ask(A, hundred.slice(0, 1)); // still stale, and tried again
    expect(again.get(refKey(hundred[0]!))!.stale).toBe(true);
    expect(revalidated).toEqual([]);
  });

  it('a failed batch rejects the requests waiting on it, and the next request fetches again', async () => {
    const { fake, ask } = setup();
    fake.fetchBatch.mockRejectedValueOnce(new Error('boom'));
    await expect(ask(A, hundred.slice(0, 2))).rejects.toThrow('boom');
    expect((await ask(A, hundred.slice(0, 2))).size).toBe(2);
    expect(fake.fetchBatch).toHaveBeenCalledTimes(2);
  });

  it('forget: a read under way for that instance is answered but not cached, and not joined afterwards', async () => {
    const { batcher, sched, fake, cache } = setup();
    const ref = hundred[0]!;
    fake.hold();
    const before = batcher.request(A, [ref]);
    sched.flush();
    await vi.waitUntil(() => fake.calls.length === 1, { interval: 1 });
    batcher.forget(`${A}/`);
    const after = batcher.request(A, [ref]); // a new sign-in: its own read
    sched.flush();
    await vi.waitUntil(() => fake.calls.length === 2, { interval: 1 });
    fake.release();
    expect(version((await before).get(refKey(ref))!.data)).toBe('v1');
    expect(version((await after).get(refKey(ref))!.data)).toBe('v2');
    expect(version((await cache.get([cacheKey(A, ref)])).get(cacheKey(A, ref))?.data)).toBe('v2');
  });

  it('duplicate references in one request are asked for once; an empty request costs nothing', async () => {
    const { fake, ask, sched } = setup();
    const r = await ask(A, [hundred[0]!, { ...hundred[0]!, sys_id: hundred[0]!.sys_id.toUpperCase() }]);
    expect(r.size).toBe(1);
    expect(fake.calls[0]!.refs).toHaveLength(1);
    expect((await ask(A, [])).size).toBe(0);
    expect(sched.pending).toBe(0);
  });
});

/** An in-memory CardCache with the real age rules, for the fake-timer test (IndexedDB needs real timers). */
function memoryCache(): CardCache {
  const m = new Map<string, CachedCard>();
  return {
    async get(keys) {
      const out = new Map<string, CacheHit>();
      for (const k of keys) {
        const v = m.get(k);
        if (v) out.set(k, { ...v, state: now() - v.at < FRESH_MS ? 'fresh' : 'stale' });
      }
      return out;
    },
    async set(entries) {
      for (const [k, v] of entries) m.set(k, v);
    },
    async clearInstance() {},
    async clearAll() {
      m.clear();
    },
  };
}
