/**
 * Watching's memory, in the background's own IndexedDB (never a content script's: idb-keyval there would open the
 * page's database): the watches, the Activity events, each instance's watermark and status, each watched record's
 * last snapshot and each queue's members. It survives worker and browser restarts, so a restart neither forgets a
 * watch nor reports a change twice. Values are parsed on the way in where they come from older versions.
 */
import { createStore, del, delMany, get, getMany, promisifyRequest, set, setMany, update, type UseStore } from 'idb-keyval';
import { z } from 'zod';
import { sameData } from '../same-data';
import type { Snapshot } from './watch-diff';
import { type InstanceWatchStatus, type Watch, type WatchEvent, watchEventSchema, type WatchFeed, watchSchema } from './watch-model';

export const WATCH_DB = 'nowbridge-watch';
/** The Activity view keeps this many events (newest); older ones drop off. */
export const MAX_EVENTS = 300;

export interface InstanceState {
  /** the newest sys_updated_on (server UTC) the watched-records query has seen */
  watermark?: string;
  /** the server's clock (its Date header) at the last successful check: a long gap makes a digest */
  serverTime?: number;
  status: InstanceWatchStatus;
}

/** An event waiting to be posted to a watch's channel feed. */
export interface FeedItem {
  event: WatchEvent;
  watchId: string;
  feed: WatchFeed;
  /** when it was queued: its submission id (the pending post id's time) on every attempt */
  queuedAt: number;
  /** a webhook post was sent: whether it landed is checked before sending again */
  sent?: boolean;
}

export interface QueueState {
  watermark?: string;
  /** records known to be in the queue (an unknown one in a later answer is new to it) */
  members: string[];
}

const snapKey = (instance: string, sys_id: string) => `snap ${instance} ${sys_id}`;

export function openWatchStore(db: UseStore = createStore(WATCH_DB, 'state')) {
  const watchesOf = parsedList(watchSchema, (x) => x.id);
  const eventsOf = parsedList(watchEventSchema, (x) => x.key);

  return {
    async watches(): Promise<Watch[]> {
      return watchesOf(await get('watches', db));
    },
    /** read-modify-write in one transaction: two tabs adding watches at once both land */
    async updateWatches(fn: (ws: Watch[]) => Watch[]): Promise<Watch[]> {
      let out: Watch[] = [];
      await update('watches', (raw) => (out = fn(watchesOf(raw))), db);
      return out;
    },
    async events(): Promise<WatchEvent[]> {
      return eventsOf(await get('events', db));
    },
    /** newest first; an event already kept (same key) is replaced, not doubled */
    async addEvents(fresh: readonly WatchEvent[]): Promise<WatchEvent[]> {
      let out: WatchEvent[] = [];
      await update(
        'events',
        (raw) => {
          const keys = new Set(fresh.map((e) => e.key));
          out = [...fresh, ...eventsOf(raw).filter((e) => !keys.has(e.key))].slice(0, MAX_EVENTS);
          return out;
        },
        db,
      );
      return out;
    },
    async updateEvents(fn: (es: WatchEvent[]) => WatchEvent[]): Promise<WatchEvent[]> {
      let out: WatchEvent[] = [];
      await update('events', (raw) => (out = fn(eventsOf(raw))), db);
      return out;
    },
    async instance(instance: string): Promise<InstanceState> {
      return ((await get(`instance ${instance}`, db)) as InstanceState | undefined) ?? { status: { instance, state: 'pending' } };
    },
    setInstance: (instance: string, s: InstanceState) => set(`instance ${instance}`, s, db),
    async queue(id: string): Promise<QueueState | undefined> {
      return (await get(`queue ${id}`, db)) as QueueState | undefined;
    },
    setQueue: (id: string, q: QueueState) => set(`queue ${id}`, q, db),
    dropQueue: (id: string) => del(`queue ${id}`, db),
    async snapshots(instance: string, ids: readonly string[]): Promise<Map<string, Snapshot>> {
      if (!ids.length) return new Map();
      const got = (await getMany(ids.map((id) => snapKey(instance, id)), db)) as (Snapshot | undefined)[];
      return new Map(ids.flatMap((id, i) => (got[i] ? [[id, got[i]!] as const] : [])));
    },
    /**
     * The sys_ids of the instance's records that have a snapshot (a "missing" one included), from the keys alone:
     * one request, where reading the snapshots themselves costs one per record (500 watched records: about 30 ms of
     * the worker's CPU per check, for a quiet check that needs none of them).
     */
    async snapshotIds(instance: string): Promise<Set<string>> {
      const prefix = snapKey(instance, '');
      const keys = await db('readonly', (s) => promisifyRequest(s.getAllKeys(IDBKeyRange.bound(prefix, `${prefix}\uffff`))));
      return new Set(keys.map((k) => String(k).slice(prefix.length)));
    },
    /** nothing to write opens no transaction */
    setSnapshots: async (instance: string, snaps: ReadonlyMap<string, Snapshot>) => {
      if (snaps.size) await setMany([...snaps].map(([id, s]) => [snapKey(instance, id), s]), db);
    },
    dropSnapshots: (instance: string, ids: readonly string[]) => delMany(ids.map((id) => snapKey(instance, id)), db),

    /** channel feeds' outbox (watch-feed.ts): what is still to be posted, across restarts */
    async outbox(): Promise<FeedItem[]> {
      return ((await get('feed outbox', db)) as FeedItem[] | undefined) ?? [];
    },
    async updateOutbox(fn: (items: FeedItem[]) => FeedItem[]): Promise<void> {
      await update('feed outbox', (raw) => fn((raw as FeedItem[] | undefined) ?? []), db);
    },
    /** per (server, channel, event): the post made for it, or why none was */
    feedDone: async (key: string) => (await get(`feed done ${key}`, db)) as string | undefined,
    setFeedDone: (key: string, value: string) => set(`feed done ${key}`, value, db),
    /** per (server, channel, record): the post whose thread the record's events go to */
    feedRoot: async (key: string) => (await get(`feed root ${key}`, db)) as string | undefined,
    setFeedRoot: (key: string, postId: string) => set(`feed root ${key}`, postId, db),
  };
}

export type WatchStore = ReturnType<typeof openWatchStore>;

/**
 * A stored list, parsed item by item: zod only for an item unlike the one with its key at the last read (every
 * check and every Activity view read asks for all watches; parsing 500 of them took about 6 ms of the worker's CPU
 * each time, in a service worker where zod cannot compile its parsers). The store stays the one source of truth:
 * it is read every time, and anything written to it another way is parsed. Parsed items are frozen, since later
 * reads hand out the same objects.
 */
export function parsedList<T>(schema: z.ZodType<T>, keyOf: (x: Partial<T>) => unknown) {
  let last = new Map<unknown, { raw: unknown; item: T }>();
  return (raw: unknown): T[] => {
    const next = new Map<unknown, { raw: unknown; item: T }>();
    const out = !Array.isArray(raw) ? [] : raw.flatMap((x: unknown) => {
      const key = x && typeof x === 'object' ? keyOf(x as Partial<T>) : undefined;
      const seen = key === undefined ? undefined : last.get(key);
      if (seen && sameData(seen.raw, x)) return next.set(key, seen), [seen.item];
      const p = schema.safeParse(x);
      if (!p.success) return [];
      const item = deepFreeze(p.data);
      if (key !== undefined) next.set(key, { raw: x, item });
      return [item];
    });
    last = next;
    return out;
  };
}

function deepFreeze<T>(x: T): T {
  if (x && typeof x === 'object' && !Object.isFrozen(x)) {
    Object.freeze(x);
    for (const v of Object.values(x)) deepFreeze(v);
  }
  return x;
}
