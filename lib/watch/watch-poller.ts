/**
 * One check of one instance (records-and-watch-contracts.md C.1–C.4): one Table API request for every watched
 * record (`task`, `numberIN…`, literal UTC `sys_updated_on>=`; about 500 records per request: watch-query.ts) and one per queue,
 * deduped on (sys_id, sys_mod_count) against the snapshots, the watermark advanced from the server's values only.
 * A changed record by someone else becomes one event: old → new per field, the actor's name, new comments and
 * work notes (one journal read for that record), "and N more updates". After a long gap (by the server's clock)
 * each record's event is its digest of the whole gap. Nothing is saved unless every request of the check
 * answered, so a failed check is simply made again: the dedupe keeps it from reporting anything twice.
 */
import { HttpError, NeedsSignInError, NotConnectedError } from '../http';
import type { JournalEntry } from '../servicenow/journal';
import { type RawRow, type TableClient, valueOf } from '../servicenow/table-client';
import { snDateToIso } from '../servicenow/user-dates';
import { changesBetween, filterFor, type Relabel, type Snapshot, snapshotOf } from './watch-diff';
import type { WatchEventKind } from './watch-kinds';
import type { InstanceWatchStatus, JournalNote, Watch, WatchEvent } from './watch-model';
import { newest, numberBatches, recordsQuery, since, UTC_STAMP, WATCH_FIELDS } from './watch-query';
import type { InstanceState, WatchStore } from './watch-store';

/** A gap longer than this between two checks (server clock) makes each record's event a digest. */
export const DIGEST_GAP_MS = 15 * 60_000;
/** Pages per query per check; a longer backlog goes on next time from the advanced watermark. */
export const MAX_PAGES = 5;
const PAGE = 100;
/** Journal entries kept in an event; more count into "and N more updates". */
const MAX_NOTES = 3;

export interface PollDeps {
  client(instance: string): Promise<TableClient>;
  /** the connected user's user_name and name: their own changes are not reported */
  me(instance: string): Promise<{ user_name: string; name: string } | undefined>;
  /** the record's journal, newest first, from the row just read (its journal display values) and, where readable,
   * the journal table (lib/servicenow/journal.ts readActivity) */
  journal(client: TableClient, ref: { table: string; sys_id: string }, row: RawRow): Promise<JournalEntry[]>;
  /** labels values as each record's own class does; loads what `tables` need first */
  relabel(client: TableClient, tables: readonly string[]): Promise<Relabel>;
  /** display names for user_names (cached by the caller); missing ones stay user_names */
  names(client: TableClient, userNames: readonly string[]): Promise<Map<string, string>>;
  store: WatchStore;
  now(): number;
}

export interface PollResult {
  status: InstanceWatchStatus;
  events: WatchEvent[];
  /** ServiceNow requests this check made */
  requests: number;
}

interface Found {
  row: RawRow;
  /** queue watches whose answer held it */
  queues: Set<string>;
}

const stampOf = (row: RawRow) => valueOf(row.sys_updated_on);
const maxStamp = (a: string | undefined, b: string) => (UTC_STAMP.test(b) && (!a || b > a) ? b : a);
const wantsJournal = (ws: readonly Watch[]) => ws.some((w) => w.events.comments || w.events.work_notes);

export async function pollInstance(instance: string, watches: readonly Watch[], deps: PollDeps): Promise<PollResult> {
  const state = await deps.store.instance(instance);
  const now = deps.now();
  if (state.status.retryAt && state.status.retryAt > now) return { status: state.status, events: [], requests: 0 };
  let requests = 0;
  try {
    const client = await deps.client(instance);
    const found = new Map<string, Found>();
    let serverTime: number | undefined;
    /** a query had more pages than one check reads: the rest comes next time */
    let capped = false;
    const take = (rows: readonly RawRow[], queue?: string) => {
      for (const row of rows) {
        const id = valueOf(row.sys_id);
        const f = found.get(id) ?? { row, queues: new Set<string>() };
        if (Number(valueOf(row.sys_mod_count)) > Number(valueOf(f.row.sys_mod_count))) f.row = row;
        if (queue) f.queues.add(queue);
        found.set(id, f);
      }
    };
    /** every page of a query since a watermark; returns the newest stamp seen */
    const readSince = async (query: string): Promise<RawRow[]> => {
      const rows: RawRow[] = [];
      let offset: number | undefined = 0;
      for (let page = 0; page < MAX_PAGES && offset !== undefined; page++) {
        requests++;
        const got = await client.list('task', { query, fields: WATCH_FIELDS, limit: PAGE, offset, retries: 0 });
        serverTime ??= got.serverTime;
        rows.push(...got.rows);
        offset = got.rows.length ? got.nextOffset : undefined;
      }
      if (offset !== undefined) capped = true;
      return rows;
    };

    const recordWatches = watches.filter((w) => w.target.kind === 'record');
    const ids = new Set(recordWatches.map((w) => (w.target.kind === 'record' ? w.target.sys_id : '')));
    // A watched record with no snapshot yet (its watch came without one) is read whatever its age: below the
    // watermark it would never be learned, and its first change would go untold. Which records have one is all
    // this needs; the snapshots themselves are read below, for the records an answer held only.
    const known = await deps.store.snapshotIds(instance);
    const numbersOf = (learned: boolean) => [
      ...new Set(recordWatches.flatMap((w) => (w.target.kind === 'record' && known.has(w.target.sys_id) === learned ? [w.target.number] : []))),
    ];
    let watermark = state.watermark;
    for (const [numbers, stamp] of [[numbersOf(true), state.watermark], [numbersOf(false), undefined]] as const) {
      for (const batch of numberBatches(numbers, stamp)) {
        // another table's record with the same number is not ours
        const rows = (await readSince(recordsQuery(batch, stamp))).filter((r) => ids.has(valueOf(r.sys_id)));
        take(rows);
        for (const r of rows) watermark = maxStamp(watermark, stampOf(r));
      }
    }
    // asked for without a watermark and not answered: remembered as missing, so it is not asked for that way again
    const missing = new Map<string, Snapshot>();
    for (const w of recordWatches) {
      if (!capped && w.target.kind === 'record' && !known.has(w.target.sys_id) && !found.has(w.target.sys_id)) {
        missing.set(w.target.sys_id, { table: w.target.table, number: w.target.number, title: w.target.title, modCount: -1, updatedOn: '', fields: {}, missing: true });
      }
    }
    const queues = new Map<string, { watermark?: string; members: Set<string>; baseline: boolean }>();
    for (const w of watches) {
      if (w.target.kind !== 'queue') continue;
      const known = await deps.store.queue(w.id);
      const q = { watermark: known?.watermark, members: new Set(known?.members ?? []), baseline: !known };
      // The first check of a queue only learns what is in it (its newest 100): nothing in it is "new" yet.
      const rows = known ? await readSince(since(w.target.query, known.watermark)) : (requests++, (await client.list('task', { query: newest(w.target.query), fields: WATCH_FIELDS, limit: PAGE, retries: 0 })).rows);
      for (const r of rows) q.watermark = maxStamp(q.watermark, stampOf(r));
      take(rows, w.id);
      queues.set(w.id, q);
    }

    // the snapshots of what the answers held (a quiet check: none)
    const snaps = await deps.store.snapshots(instance, [...found.keys()]);
    for (const [id, snap] of snaps) if (snap.missing) snaps.delete(id);
    const me = await deps.me(instance);
    const gap = serverTime !== undefined && state.serverTime !== undefined && serverTime - state.serverTime > DIGEST_GAP_MS;
    const changed = [...found].filter(([id, f]) => !snaps.has(id) || Number(valueOf(f.row.sys_mod_count)) > snaps.get(id)!.modCount);
    const relabel = await deps.relabel(client, [...new Set(changed.map(([, f]) => valueOf(f.row.sys_class_name) || 'task'))]);
    const names = await deps.names(client, [...new Set(changed.map(([, f]) => valueOf(f.row.sys_updated_by)).filter(Boolean))]).catch(() => new Map<string, string>());

    const fresh = new Map<string, Snapshot>(missing);
    const events: WatchEvent[] = [];
    for (const [id, { row, queues: inQueues }] of changed) {
      const before = snaps.get(id);
      const concerned = watches.filter((w) => (w.target.kind === 'record' ? w.target.sys_id === id : inQueues.has(w.id)));
      const entering = [...inQueues].filter((qid) => !queues.get(qid)!.baseline && !queues.get(qid)!.members.has(id));
      const actorName = valueOf(row.sys_updated_by);
      const own = !!me && actorName === me.user_name;
      let after = snapshotOf(row, relabel, before?.journalKeys);
      // A record first seen in a baseline (or a watch added without one) is learned, not reported.
      if ((!before && !entering.length) || own || !concerned.length) {
        fresh.set(id, after);
        continue;
      }
      let journal: JournalNote[] = [];
      let more = before ? Math.max(0, after.modCount - before.modCount - 1) : 0;
      if (before && wantsJournal(concerned)) {
        const read = await readJournal(client, deps, row, after, id, before, me?.name);
        requests += read.requests;
        if (read.keys) after = { ...after, journalKeys: read.keys };
        journal = read.notes.slice(0, MAX_NOTES);
        more = Math.max(0, after.modCount - before.modCount - Math.max(1, read.notes.length)) + Math.max(0, read.notes.length - MAX_NOTES);
      }
      fresh.set(id, after);
      const queueWatch = entering.length ? watches.find((w) => w.id === entering[0]) : undefined;
      const event: WatchEvent = {
        key: `${instance} ${id} ${after.modCount}`,
        instance,
        table: after.table,
        sys_id: id,
        number: after.number,
        title: after.title,
        kind: before ? 'updated' : after.modCount === 0 ? 'created' : 'entered',
        ...(queueWatch?.target.kind === 'queue' ? { queue: queueWatch.target.label } : {}),
        actor: { user_name: actorName, name: names.get(actorName) ?? actorName },
        at: snDateToIso(after.updatedOn),
        changes: before ? changesBetween(before, after) : [],
        journal,
        more,
        digest: gap && !!before,
        read: false,
        watchIds: concerned.map((w) => w.id),
      };
      const wanted = (k: WatchEventKind) => concerned.some((w) => w.events[k]);
      const shown = filterFor(event, wanted);
      if (shown) events.push(shown);
    }

    await deps.store.setSnapshots(instance, fresh);
    for (const [qid, q] of queues) {
      for (const [id, f] of found) if (f.queues.has(qid)) q.members.add(id);
      await deps.store.setQueue(qid, { ...(q.watermark ? { watermark: q.watermark } : {}), members: [...q.members].slice(-2000) });
    }
    const status: InstanceWatchStatus = { instance, state: 'ok', checkedAt: now };
    const next: InstanceState = { ...(watermark ? { watermark } : {}), ...(serverTime ?? state.serverTime) !== undefined ? { serverTime: serverTime ?? state.serverTime } : {}, status };
    await deps.store.setInstance(instance, next);
    return { status, events, requests };
  } catch (err) {
    const status = failedStatus(instance, err, state, now);
    await deps.store.setInstance(instance, { ...state, status });
    return { status, events: [], requests };
  }
}

/** New journal entries since the snapshot's newest known one, by others; and the keys to remember. */
async function readJournal(client: TableClient, deps: PollDeps, row: RawRow, after: Snapshot, id: string, before: Snapshot, myName: string | undefined) {
  try {
    const entries = await deps.journal(client, { table: after.table, sys_id: id }, row);
    const known = new Set(before.journalKeys ?? []);
    // Without remembered keys (never read), what was written since the snapshot's update is new.
    const isNew = (e: JournalEntry) => (before.journalKeys ? !known.has(e.key) : e.at > snDateToIso(before.updatedOn));
    const stop = entries.findIndex((e) => !isNew(e));
    const newer = stop === -1 ? entries : entries.slice(0, stop);
    const notes = newer.filter((e) => e.author !== myName).map((e): JournalNote => ({ element: e.element, author: e.author, text: e.text }));
    return { notes, keys: entries.slice(0, 10).map((e) => e.key), requests: 1 };
  } catch {
    // The journal may be unreadable (ACL): the field changes still tell what happened.
    return { notes: [] as JournalNote[], keys: undefined, requests: 1 };
  }
}

/** Backoff without a Retry-After: one tick, doubling to half an hour. */
function backoffMs(previous: InstanceWatchStatus): number {
  const last = previous.state === 'waiting' && previous.retryAt && previous.checkedAt ? previous.retryAt - previous.checkedAt : 0;
  return Math.min(30 * 60_000, Math.max(60_000, last * 2));
}

function failedStatus(instance: string, err: unknown, state: InstanceState, now: number): InstanceWatchStatus {
  const base = { instance, ...(state.status.checkedAt ? { checkedAt: state.status.checkedAt } : {}) };
  const host = new URL(instance).host;
  if (err instanceof NotConnectedError || err instanceof NeedsSignInError || (err instanceof HttpError && err.kind === 'unauthorized')) {
    return { ...base, state: 'needs-sign-in', message: `Needs sign-in: ${host} no longer accepts NowBridge's sign-in. Reconnect in settings.` };
  }
  if (err instanceof HttpError && err.kind === 'rate-limited') {
    const wait = err.retryAfterMs ?? backoffMs(state.status);
    const retryAt = now + wait;
    return { ...base, state: 'waiting', retryAt, message: `${host} is rate-limiting NowBridge; the next check waits until ${new Date(retryAt).toLocaleTimeString()}.` };
  }
  if (err instanceof HttpError && (err.kind === 'unreachable' || err.kind === 'timeout')) return { ...base, state: 'offline', message: `Couldn't reach ${host}; checking again on the next tick.` };
  return { ...base, state: 'error', message: err instanceof Error && err.message ? err.message : `Checking ${host} failed; trying again on the next tick.` };
}
