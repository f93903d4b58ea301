import { type RecordKeyRef, refKey } from '../servicenow/records';
import { type CacheHit, cacheKey, type CardCache, instanceKey, isCacheable } from './card-cache';
import type { CardData } from './card-data';

/**
 * Resolves record references to cards for every tab at once (all tabs talk to this one background worker):
 *
 * - Requests arriving within one window (default 16 ms, one animation frame) are merged per instance into a
 *   single `fetchBatch` call, which costs one Table API request per table per ≤100 references. The window is
 *   joined when `request` is called, not when its cache read ends, so a slow IndexedDB cannot split a frame's
 *   references into several batches.
 * - Fresh cache hits are answered without fetching. Stale hits are answered at once (`stale: true`) and
 *   revalidated in the background; `onRevalidated` then carries the new card so tabs can be updated.
 * - A key already queued or being fetched is never fetched again: later requests await the same promise.
 * - `fresh: true` (the card's Refresh) skips the cache for its keys. It still joins a fetch that is queued or
 *   on the wire for the same key (that answer is no older than the click), never one already answered.
 */

export interface CardResult {
  data: CardData;
  /** from the cache, older than the freshness window; a revalidation is under way */
  stale: boolean;
}

export interface CardBatcherOptions {
  /** One call per instance and window; keys are refKey(ref). Should answer every key (a missing key gets no card). */
  fetchBatch(instance: string, refs: RecordKeyRef[]): Promise<Map<string, CardData>>;
  cache: CardCache;
  /** stamps what is written to the cache; the same clock as the cache's */
  now?: () => number;
  windowMs?: number;
  /** how the window's end is scheduled; tests pass a manual one (default setTimeout) */
  schedule?: (run: () => void, ms: number) => void;
  /** a stale card that was served has been re-read (only when the new card could be cached) */
  onRevalidated?(instance: string, key: string, data: CardData): void;
}

export interface CardBatcher {
  /** Cards by refKey(ref) for every reference; rejects only if a fetch it waits on failed as a whole. */
  request(instance: string, refs: readonly RecordKeyRef[], opts?: { fresh?: boolean }): Promise<Map<string, CardResult>>;
  /** After a disconnect: fetches under way for that instance are not written to the cache when they land. */
  forget(instance: string): void;
}

interface Flight {
  instance: string;
  key: string;
  ref: RecordKeyRef;
  promise: Promise<CardData | undefined>;
  resolve(d: CardData | undefined): void;
  reject(e: unknown): void;
  /** someone was given a stale card for this key and must hear about the new one */
  revalidate: boolean;
  /** answered, kept only until the cache holds the answer */
  answered: boolean;
}

interface BatchWindow {
  /** per instance: cache key → flight, in the order they were asked for */
  queued: Map<string, Map<string, Flight>>;
  /** requests that joined this window and have not finished reading the cache */
  open: number;
  ended: boolean;
  flushed: boolean;
}

export function createCardBatcher(opts: CardBatcherOptions): CardBatcher {
  const { fetchBatch, cache, onRevalidated } = opts;
  const now = opts.now ?? Date.now;
  const windowMs = opts.windowMs ?? 16;
  const schedule = opts.schedule ?? ((run, ms) => void setTimeout(run, ms));

  /** every queued or fetching key, by cache key: the in-flight de-duplication */
  const flights = new Map<string, Flight>();
  /** bumped by forget(): an answer from before a disconnect must not be cached after it */
  const generation = new Map<string, number>();
  let current: BatchWindow | undefined;

  const openWindow = (): BatchWindow => {
    const w: BatchWindow = { queued: new Map(), open: 0, ended: false, flushed: false };
    current = w;
    schedule(() => {
      w.ended = true;
      if (current === w) current = undefined;
      maybeFlush(w);
    }, windowMs);
    return w;
  };

  const maybeFlush = (w: BatchWindow) => {
    if (!w.ended || w.open > 0 || w.flushed) return;
    w.flushed = true;
    for (const [instance, batch] of w.queued) void dispatch(instance, [...batch.values()]);
  };

  const dispatch = async (instance: string, batch: Flight[]) => {
    const gen = generation.get(instanceKey(instance)) ?? 0;
    let answers: Map<string, CardData>;
    try {
      answers = await fetchBatch(instance, batch.map((f) => f.ref));
    } catch (err) {
      for (const f of batch) {
        if (flights.get(cacheKeyOf(f)) === f) flights.delete(cacheKeyOf(f));
        f.reject(err);
      }
      return;
    }
    const at = now();
    // Answer first (the tabs are waiting), then keep the flights until the cache holds the answers, so a
    // request in between joins them instead of finding neither a flight nor a cache entry.
    for (const f of batch) {
      f.answered = true;
      f.resolve(answers.get(f.key));
    }
    const stillValid = (generation.get(instanceKey(instance)) ?? 0) === gen;
    if (stillValid) {
      try {
        await cache.set(batch.flatMap((f) => {
          const data = answers.get(f.key);
          return data ? [[cacheKeyOf(f), { at, data }] as const] : [];
        }));
      } catch {
        // not remembered: the next request reads again, nothing worse
      }
    }
    for (const f of batch) {
      if (flights.get(cacheKeyOf(f)) === f) flights.delete(cacheKeyOf(f));
      const data = answers.get(f.key);
      if (stillValid && f.revalidate && data && isCacheable(data) && onRevalidated) {
        try {
          onRevalidated(instance, f.key, data);
        } catch {
          // the integrator's push failing must not break the batch for anyone else
        }
      }
    }
  };

  const cacheKeyOf = (f: Flight) => cacheKey(f.instance, f.key);

  /**
   * The flight for a key: the one under way, or a new one queued in window `w`. A Refresh does not take an
   * answer that has already landed (it may be the very card the user wants replaced), only one still coming.
   */
  const flightFor = (w: BatchWindow, instance: string, key: string, ref: RecordKeyRef, fresh: boolean): Flight => {
    const ck = cacheKey(instance, key);
    const existing = flights.get(ck);
    if (existing && !(fresh && existing.answered)) return existing;
    let resolve!: Flight['resolve'];
    let reject!: Flight['reject'];
    const promise = new Promise<CardData | undefined>((res, rej) => {
      resolve = res;
      reject = rej;
    });
    // A background revalidation may have no one awaiting it: its failure is not an unhandled rejection.
    promise.catch(() => {});
    const f: Flight = { instance, key, ref, promise, resolve, reject, revalidate: false, answered: false };
    flights.set(ck, f);
    const batch = w.queued.get(instance) ?? new Map<string, Flight>();
    w.queued.set(instance, batch);
    batch.set(ck, f);
    return f;
  };

  return {
    async request(instance, refs, opts = {}) {
      const wanted = new Map<string, RecordKeyRef>();
      for (const ref of refs) if (!wanted.has(refKey(ref))) wanted.set(refKey(ref), ref);
      const out = new Map<string, CardResult>();
      if (wanted.size === 0) return out;

      const w = current ?? openWindow();
      w.open++;
      // per key, in the order asked: an answer now, or the flight that will bring it
      const slots: [string, CardResult | Flight][] = [];
      try {
        const hits: Map<string, CacheHit> = opts.fresh ? new Map() : await cache.get([...wanted.keys()].map((k) => cacheKey(instance, k)));
        for (const [key, ref] of wanted) {
          const hit = hits.get(cacheKey(instance, key));
          if (hit?.state === 'fresh') {
            slots.push([key, { data: hit.data, stale: false }]);
            continue;
          }
          const f = flightFor(w, instance, key, ref, opts.fresh === true);
          if (hit) {
            slots.push([key, { data: hit.data, stale: true }]);
            f.revalidate = true;
          } else slots.push([key, f]);
        }
      } finally {
        w.open--;
        maybeFlush(w);
      }
      const answers = await Promise.all(slots.map(([, s]) => ('promise' in s ? s.promise.then((data) => data && { data, stale: false }) : s)));
      slots.forEach(([key], i) => {
        const a = answers[i];
        if (a) out.set(key, a);
      });
      return out;
    },

    forget(instance) {
      const i = instanceKey(instance);
      generation.set(i, (generation.get(i) ?? 0) + 1);
      // Later requests must not join a fetch made with the old sign-in; its own callers still get their answer.
      for (const [ck, f] of flights) if (instanceKey(f.instance) === i) flights.delete(ck);
    },
  };
}
