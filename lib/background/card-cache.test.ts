/** The card cache: its own IndexedDB store (fake-indexeddb), states by age, what is never cached, clearing. */
import { createStore, get as rawGet, keys as rawKeys, set as rawSet } from 'idb-keyval';
import { beforeEach, describe, expect, it } from 'vitest';
import type { RecordLookup } from '../servicenow/record';
import { CARD_DB, CARD_STORE, cacheKey, createCardCache, FRESH_MS, isCacheable, MAX_AGE_MS } from './card-cache';
import type { CardData } from './card-data';

const A = 'https://acme.service-now.com';
const B = 'https://beta.service-now.com';
const raw = createStore(CARD_DB, CARD_STORE);

const card = (lookup: RecordLookup): CardData => ({ lookup, accent: '#80868B', fields: [], tableLabel: 'Incident' });
const okCard = (number: string) =>
  card({
    ok: true,
    record: { instance: A, table: 'incident', sys_id: number.toLowerCase(), number, shortDescription: 'x', url: `${A}/x`, updatedAt: '', fields: {} },
  });
const failed = (reason: 'not-found' | 'needs-sign-in' | 'not-connected' | 'error') => card({ ok: false, reason, message: reason });

let t = 1_750_000_000_000;
const now = () => t;
const cache = createCardCache({ now });

beforeEach(async () => {
  t = 1_750_000_000_000;
  await cache.clearAll();
});

describe('createCardCache', () => {
  it('keys by instance and refKey, in its own database and store', async () => {
    expect(cacheKey(A, { table: 'incident', sys_id: 'ABC' })).toBe(`${A} incident/abc`);
    expect(cacheKey(`${A}/`, { number: 'inc0010001' })).toBe(`${A} */INC0010001`);
    await cache.set([[cacheKey(A, 'incident/abc'), { at: t, data: okCard('INC1') }]]);
    expect(await rawGet(`${A} incident/abc`, raw)).toEqual({ at: t, data: okCard('INC1') });
    expect((await indexedDB.databases()).map((d) => d.name)).toContain('nowbridge-cards');
  });

  it('fresh under 60 s, stale under 24 h, absent (and deleted) after', async () => {
    const k = cacheKey(A, 'incident/abc');
    const at = t;
    await cache.set([[k, { at, data: okCard('INC1') }]]);

    t = at + FRESH_MS - 1;
    expect((await cache.get([k])).get(k)).toEqual({ at, data: okCard('INC1'), state: 'fresh' });
    t = at + FRESH_MS;
    expect((await cache.get([k])).get(k)?.state).toBe('stale');
    t = at + MAX_AGE_MS - 1;
    expect((await cache.get([k])).get(k)?.state).toBe('stale');
    t = at + MAX_AGE_MS;
    expect((await cache.get([k])).has(k)).toBe(false);
    // deleted lazily by that read (a later transaction is ordered after its delete)
    expect(await rawGet(k, raw)).toBeUndefined();
  });

  it('answers only the keys it holds; an unreadable value is absent and deleted', async () => {
    const [k1, k2, k3] = ['incident/a', 'incident/b', 'incident/c'].map((r) => cacheKey(A, r)) as [string, string, string];
    await cache.set([[k1, { at: t, data: okCard('INC1') }]]);
    await rawSet(k3, { nonsense: true }, raw);
    const got = await cache.get([k1, k2, k3]);
    expect([...got.keys()]).toEqual([k1]);
    expect(await rawGet(k3, raw)).toBeUndefined();
    expect((await cache.get([])).size).toBe(0);
  });

  it('a clock set back counts as fresh, not as expired', async () => {
    const k = cacheKey(A, 'incident/a');
    await cache.set([[k, { at: t, data: okCard('INC1') }]]);
    t -= 5 * 60_000;
    expect((await cache.get([k])).get(k)?.state).toBe('fresh');
  });

  it('caches records and "not found", never sign-in, connection or other errors', async () => {
    expect(isCacheable(okCard('INC1'))).toBe(true);
    expect(isCacheable(failed('not-found'))).toBe(true);
    const entries = (['not-found', 'needs-sign-in', 'not-connected', 'error'] as const).map((r) => [cacheKey(A, `incident/${r}`), { at: t, data: failed(r) }] as const);
    await cache.set([...entries, [cacheKey(A, 'incident/ok'), { at: t, data: okCard('INC1') }]]);
    expect((await rawKeys(raw)).sort()).toEqual([`${A} incident/not-found`, `${A} incident/ok`]);
    const got = await cache.get(entries.map(([k]) => k));
    expect([...got.keys()]).toEqual([`${A} incident/not-found`]);
  });

  it('clearInstance removes that instance only (not one whose name merely starts the same)', async () => {
    const lookalike = `${A}.evil.test`;
    await cache.set([
      [cacheKey(A, 'incident/a'), { at: t, data: okCard('INC1') }],
      [cacheKey(A, '*/INC2'), { at: t, data: okCard('INC2') }],
      [cacheKey(B, 'incident/a'), { at: t, data: okCard('INC1') }],
      [cacheKey(lookalike, 'incident/a'), { at: t, data: okCard('INC1') }],
    ]);
    // not awaited: a read issued after the call must already miss
    const cleared = cache.clearInstance(`${A}/`);
    const got = await cache.get([cacheKey(A, 'incident/a'), cacheKey(A, '*/INC2'), cacheKey(B, 'incident/a'), cacheKey(lookalike, 'incident/a')]);
    await cleared;
    expect([...got.keys()].sort()).toEqual([cacheKey(lookalike, 'incident/a'), cacheKey(B, 'incident/a')].sort());
  });

  it('clearAll empties the store', async () => {
    await cache.set([[cacheKey(A, 'incident/a'), { at: t, data: okCard('INC1') }], [cacheKey(B, 'incident/a'), { at: t, data: okCard('INC1') }]]);
    await cache.clearAll();
    expect(await rawKeys(raw)).toEqual([]);
  });

  it('an IndexedDB failure is a miss, never an error', async () => {
    const broken = createCardCache({
      now,
      store: () => Promise.reject(new DOMException('quota', 'QuotaExceededError')),
    });
    await expect(broken.set([[cacheKey(A, 'incident/a'), { at: t, data: okCard('INC1') }]])).resolves.toBeUndefined();
    await expect(broken.get([cacheKey(A, 'incident/a')])).resolves.toEqual(new Map());
    await expect(broken.clearInstance(A)).resolves.toBeUndefined();
    await expect(broken.clearAll()).resolves.toBeUndefined();
  });
});
