import { recordColor } from '../servicenow/catalogue';
import type { RecordLookup } from '../servicenow/record';
import { fetchRecord, fetchRecords, lookupError, type RecordKeyRef, refKey } from '../servicenow/records';
import { tableSpec } from '../servicenow/tables';
import { createCardBatcher, type CardBatcherOptions, type CardResult } from './card-batcher';
import { cacheKey, type CardCache, createCardCache } from './card-cache';
import type { Clients } from './clients';
import type { CardData } from './card-data';


export type { CardResult } from './card-batcher';

export interface RecordServiceOptions {
  now?: () => number;
  /** default: the extension's IndexedDB card cache (card-cache.ts) */
  cache?: CardCache;
  /** a stale card was re-read: the integrator pushes it to the tabs showing it */
  onRevalidated?: CardBatcherOptions['onRevalidated'];
  windowMs?: number;
  schedule?: CardBatcherOptions['schedule'];
}

const notConnected = (instance: string): RecordLookup => ({
  ok: false,
  reason: 'not-connected',
  message: `Connect ${new URL(instance).host} in NowBridge's settings to see records.`,
});

/** A record's card; the full (hover) card shows the table's hover fields after the card's. */
export function toCard(lookup: RecordLookup, table: string, variant: 'card' | 'full' = 'card'): CardData {
  const spec = tableSpec(lookup.ok ? lookup.record.table : table);
  return {
    lookup,
    accent: lookup.ok ? recordColor(lookup.record) : '#80868B',
    fields: variant === 'full' ? [...spec.cardShows, ...spec.hoverShows] : [...spec.cardShows],
    tableLabel: lookup.ok ? (lookup.record.fields.sys_class_name?.display || spec.label) : spec.label,
  };
}

/**
 * Reads records as the viewer, through their own ServiceNow connection. Every read goes through one batcher
 * and cache (card-batcher.ts, card-cache.ts): the cards of a Mattermost channel cost one request per table,
 * and the share that follows a preview costs no second request.
 *
 * `now` is the second parameter, as before, so existing callers keep working.
 */
export function createRecordService(clients: Pick<Clients, 'servicenow'>, nowOrOpts: (() => number) | RecordServiceOptions = {}) {
  const opts: RecordServiceOptions = typeof nowOrOpts === 'function' ? { now: nowOrOpts } : nowOrOpts;
  const now = opts.now ?? Date.now;
  const cache = opts.cache ?? createCardCache({ now });
  const fullReads = new Map<string, { at: number; data: CardData }>();
  const fullInFlight = new Map<string, Promise<CardData>>();

  /** One batch of one instance: fetchRecords (one request per table per ≤100), every key answered. */
  const fetchBatch = async (instance: string, refs: RecordKeyRef[]): Promise<Map<string, CardData>> => {
    let lookups: Map<string, RecordLookup>;
    try {
      lookups = await fetchRecords(await clients.servicenow(instance), refs, 'card');
    } catch (err) {
      // fetchRecords answers request failures per key; what lands here is having no connection at all.
      const lookup = lookupError(err);
      lookups = new Map(refs.map((r) => [refKey(r), lookup]));
    }
    const out = new Map<string, CardData>();
    for (const ref of refs) {
      const key = refKey(ref);
      let lookup = lookups.get(key) ?? lookupError(undefined);
      // No connection to use, whenever it was found out: the settings' "connect first".
      if (!lookup.ok && lookup.reason === 'not-connected') lookup = notConnected(instance);
      out.set(key, toCard(lookup, ref.table ?? 'task'));
    }
    return out;
  };

  const batcher = createCardBatcher({
    fetchBatch,
    cache,
    now,
    ...(opts.windowMs !== undefined ? { windowMs: opts.windowMs } : {}),
    ...(opts.schedule ? { schedule: opts.schedule } : {}),
    ...(opts.onRevalidated ? { onRevalidated: opts.onRevalidated } : {}),
  });

  return {
    /**
     * Cards for many references (a Mattermost page's links), by refKey(ref). Fresh cache hits cost nothing;
     * stale ones come at once with `stale: true` and are re-read in the background (see onRevalidated).
     * `fresh: true` is the Refresh action: the cache is skipped.
     */
    cards(instance: string, refs: readonly RecordKeyRef[], opts: { fresh?: boolean } = {}): Promise<Map<string, CardResult>> {
      return batcher.request(instance, refs, opts);
    },

    /**
     * One record, never stale: the share flow posts what this returns, and a card up to a day old must not
     * reach a channel as current. A stale hit therefore waits for its revalidation (the same single request).
     */
    async card(instance: string, ref: RecordKeyRef, opts: { fresh?: boolean } = {}): Promise<CardData> {
      const key = refKey(ref);
      let hit = (await batcher.request(instance, [ref], opts)).get(key);
      if (hit?.stale) hit = (await batcher.request(instance, [ref], { fresh: true })).get(key);
      return hit?.data ?? toCard(lookupError(undefined), ref.table ?? 'task');
    },

    /**
     * The hover card's fuller read (description, category, opened): one request when first hovered, then kept for
     * the freshness window in memory. Cards stay lean; only a record someone points at costs the longer fields.
     */
    full(instance: string, ref: RecordKeyRef): Promise<CardData> {
      const key = `${instance} ${refKey(ref)}`;
      const hit = fullReads.get(key);
      if (hit && now() - hit.at < 60_000) return Promise.resolve(hit.data);
      // One read in flight per record: the frame that shows it and the prefetch when it opened share it.
      let pending = fullInFlight.get(key);
      if (!pending) {
        pending = (async () => {
          let lookup: RecordLookup;
          try {
            lookup = await fetchRecord(await clients.servicenow(instance), ref, 'full');
          } catch (err) {
            lookup = lookupError(err);
          }
          if (!lookup.ok && lookup.reason === 'not-connected') lookup = notConnected(instance);
          const data = toCard(lookup, ref.table ?? 'task', 'full');
          if (lookup.ok) fullReads.set(key, { at: now(), data });
          return data;
        })().finally(() => fullInFlight.delete(key));
        fullInFlight.set(key, pending);
      }
      return pending;
    },

    /**
     * A record just written, from the write's own answer (asked back with the card's fields): its cards under every
     * key they are asked by are replaced, so the tabs told afterwards get the new card from the cache, no read.
     */
    async prime(instance: string, refs: readonly RecordKeyRef[], lookup: Extract<RecordLookup, { ok: true }>): Promise<CardData> {
      const data = toCard(lookup, lookup.record.table);
      for (const r of refs) fullReads.delete(`${instance} ${refKey(r)}`);
      try {
        await cache.set(refs.map((r) => [cacheKey(instance, r), { at: now(), data }] as const));
      } catch {
        // not remembered: the tabs' next ask reads it, nothing worse
      }
      return data;
    },

    /** after disconnect: no record read with that sign-in stays behind, in memory or in IndexedDB */
    forget(instance: string): void {
      for (const k of fullReads.keys()) if (k.startsWith(`${instance} `)) fullReads.delete(k);
      batcher.forget(instance);
      void cache.clearInstance(instance);
    },
  };
}

export type RecordService = ReturnType<typeof createRecordService>;
