import { clear, createStore, getMany, promisifyRequest, setMany, type UseStore } from 'idb-keyval';
import { cardKey } from '../servicenow/record';
import type { CardData } from './card-data';

/**
 * The record-card cache of the background worker, in the extension's own IndexedDB (never import from a
 * content script: idb-keyval there would open the *page's* IndexedDB, and cards are per viewer).
 *
 * A value is `{ at, data }`: `at` is when ServiceNow answered. Younger than 60 s it is fresh (shown, not
 * refetched); younger than 24 h it is stale (shown at once, marked, and revalidated); older it is absent and
 * deleted when next read, so nothing needs a sweeping timer the service worker would not keep alive anyway.
 *
 * Every failure of IndexedDB itself (quota, private windows, a blocked upgrade) is swallowed: the cache
 * only saves requests, and a card must never fail because it could not be remembered.
 */

export const CARD_DB = 'nowbridge-cards';
export const CARD_STORE = 'cards';
export const FRESH_MS = 60_000;
export const MAX_AGE_MS = 24 * 60 * 60_000;

export type CacheState = 'fresh' | 'stale';

export interface CachedCard {
  at: number;
  data: CardData;
}

export interface CacheHit extends CachedCard {
  state: CacheState;
}

export interface CardCache {
  /** Entries by cache key; absent keys (never cached, too old, unreadable) are simply not in the map. */
  get(keys: readonly string[]): Promise<Map<string, CacheHit>>;
  /** Remembers cacheable cards (see isCacheable; others are skipped), all in one transaction. */
  set(entries: Iterable<readonly [key: string, value: CachedCard]>): Promise<void>;
  /** After a disconnect: nothing read with that sign-in stays behind. */
  clearInstance(instance: string): Promise<void>;
  clearAll(): Promise<void>;
}

/** Instances are compared without trailing slashes, as connections store their bases. */
export const instanceKey = (instance: string) => instance.replace(/\/+$/, '');

/** The cache's key is the one everything else uses for a card. */
export const cacheKey = cardKey;

/**
 * What may be remembered: a record, and "No access or not found" (as true for this viewer in a minute as now).
 * Never sign-in or connection problems, nor errors: those must be retried on the next look, not replayed.
 */
export function isCacheable(data: CardData): boolean {
  return data.lookup.ok || data.lookup.reason === 'not-found';
}

function isCached(v: unknown): v is CachedCard {
  if (typeof v !== 'object' || v === null) return false;
  const o = v as Partial<CachedCard>;
  return typeof o.at === 'number' && Number.isFinite(o.at) && typeof o.data === 'object' && o.data !== null && typeof o.data.lookup === 'object';
}

export interface CardCacheOptions {
  now?: () => number;
  /** tests pass their own store (or DB name) to stay independent */
  store?: UseStore;
  freshMs?: number;
  maxAgeMs?: number;
}

export function createCardCache(opts: CardCacheOptions = {}): CardCache {
  const now = opts.now ?? Date.now;
  const freshMs = opts.freshMs ?? FRESH_MS;
  const maxAgeMs = opts.maxAgeMs ?? MAX_AGE_MS;
  // Opened on first use: creating the service must not touch IndexedDB (nor fail where there is none).
  let store = opts.store;
  const db = (): UseStore => (store ??= createStore(CARD_DB, CARD_STORE));

  /** Runs `op`; an IndexedDB failure yields `fallback` (see above). */
  const safely = async <T>(op: () => Promise<T>, fallback: T): Promise<T> => {
    try {
      return await op();
    } catch {
      return fallback;
    }
  };

  return {
    async get(keys) {
      const out = new Map<string, CacheHit>();
      if (keys.length === 0) return out;
      const values = await safely(() => getMany<unknown>([...keys], db()), []);
      const t = now();
      const expired: string[] = [];
      keys.forEach((key, i) => {
        const v = values[i];
        if (v === undefined) return;
        // A clock set back gives a negative age: treat it as fresh rather than as a week-old entry.
        const age = isCached(v) ? Math.max(0, t - v.at) : Infinity;
        if (isCached(v) && age < maxAgeMs) out.set(key, { at: v.at, data: v.data, state: age < freshMs ? 'fresh' : 'stale' });
        else expired.push(key);
      });
      // Lazy expiry, in one transaction, not awaited: the answer does not depend on it.
      if (expired.length > 0) void safely(() => db()('readwrite', (s) => Promise.all(expired.map((k) => promisifyRequest(s.delete(k))))), undefined);
      return out;
    },

    async set(entries) {
      const rows: [string, CachedCard][] = [];
      for (const [key, v] of entries) if (isCacheable(v.data)) rows.push([key, { at: v.at, data: v.data }]);
      if (rows.length > 0) await safely(() => setMany(rows, db()), undefined);
    },

    async clearInstance(instance) {
      // One delete over the key range of that instance, in one readwrite transaction: a read issued after
      // this call is ordered after it by IndexedDB, so it cannot see the old viewer's cards. Keys are
      // `${instance} …`, and every key with that prefix sorts between the prefix and prefix + U+FFFF.
      const prefix = `${instanceKey(instance)} `;
      await safely(() => db()('readwrite', (s) => promisifyRequest(s.delete(IDBKeyRange.bound(prefix, `${prefix}\uffff`)))), undefined);
    },

    async clearAll() {
      await safely(() => clear(db()), undefined);
    },
  };
}
