/**
 * A record's journal (additional comments and work notes), read and written as the user through the Table API
 * (records-and-watch-contracts.md A.1, A.2, A.8, A.9). Background only: it needs a TableClient.
 *
 * Reading: `sys_journal_field` gives UTC times and user_names, but ordinary users are usually filtered out of it
 * (200 with no rows) or refused (403). An empty answer is therefore "unknown", not "no comments": we read the
 * record's journal display values instead, and when those do show entries the instance is remembered as filtered,
 * so later reads go straight to the display values. The display values' dates are in the user's format and zone,
 * learned from `sys_updated_on` read in the same request, refined by the user's time zone when readable
 * (user-dates.ts).
 *
 * Writing: a journal field is a write-only input. A field the user may not write is dropped silently (a
 * requester's work note answers 200 and saves nothing; A.9), so success is only reported once the record's
 * sys_mod_count moved AND the new entry can be read back.
 */
import { HttpError } from '../http';
import { neutraliseJournalMarkup } from './journal-markup';
import { JOURNAL_LABEL, parseJournalDisplay, type JournalElement, type ParsedEntry } from './journal-text';
import { escapeQueryValue, type RawRow, type TableClient, valueOf, displayOf } from './table-client';
import { learnDateFormats, snDateToIso, withZone } from './user-dates';

export type { JournalElement } from './journal-text';

export interface JournalEntry {
  element: JournalElement;
  /** the author's display name (sys_user.name), or their user_name when that can't be read */
  author: string;
  /** ISO UTC */
  at: string;
  text: string;
  /** stable across reads and reading paths: element + at + author + the text's first 64 characters */
  key: string;
}

export interface RecordRef {
  table: string;
  sys_id: string;
}

/** The record's concurrency stamp (A.8): compare before a contended write. */
export interface RecordStamp {
  sys_mod_count: number;
  /** ISO UTC */
  sys_updated_on: string;
}

export interface Activity {
  /** newest first */
  entries: JournalEntry[];
  source: 'journal-table' | 'display-values';
  /** false when ServiceNow hides work notes from this user (they get no `work_notes` field at all) */
  canSeeWorkNotes: boolean;
  record: RecordStamp;
}

/** Per instance (TableClient.base): whether this user's sys_journal_field reads show rows. */
export type JournalTableMemory = Map<string, 'readable' | 'filtered'>;

/** The background's memory; tests pass their own. */
export const journalTableMemory: JournalTableMemory = new Map();

export interface ReadOptions {
  /** most entries returned; default 50 */
  limit?: number;
  signal?: AbortSignal;
  memory?: JournalTableMemory;
  zones?: TimeZoneMemory;
  /** the record's row, already being read with (at least) its stamp and journal fields: shared with the panel's
   * other sections (lib/background/panel-records.ts) instead of a read of its own */
  row?: Promise<RawRow>;
}

const ELEMENTS: readonly JournalElement[] = ['comments', 'work_notes'];
const DEFAULT_LIMIT = 50;
const NOUN: Record<JournalElement, string> = { comments: 'comment', work_notes: 'work note' };


function entryOf(e: ParsedEntry): JournalEntry {
  return { ...e, key: `${e.element}|${e.at}|${e.author}|${e.text.slice(0, 64)}` };
}

/** Newest first; same-second entries keep the order they came in. */
const byNewest = (entries: JournalEntry[]) => entries.sort((a, b) => (a.at < b.at ? 1 : a.at > b.at ? -1 : 0));

function stampOf(row: RawRow): RecordStamp {
  return { sys_mod_count: Number(valueOf(row.sys_mod_count)) || 0, sys_updated_on: snDateToIso(valueOf(row.sys_updated_on)) };
}

const unreadable = (what: string) => new HttpError('bad-response', `ServiceNow sent ${what} NowBridge can't read.`);

/** Per instance (TableClient.base): the user's sys_user.time_zone, once read ("" = the instance default). */
export type TimeZoneMemory = Map<string, string>;
/** Each journal memory's zones: whoever keeps one (the background, a test) keeps the other beside it. */
const zoneMemories = new WeakMap<JournalTableMemory, TimeZoneMemory>();
const zonesOf = (memory: JournalTableMemory): TimeZoneMemory => {
  let zones = zoneMemories.get(memory);
  if (!zones) zoneMemories.set(memory, (zones = new Map()));
  return zones;
};

/**
 * The record's activity: its comments and (when the user may see them) work notes, newest first.
 *
 * One round trip, whatever the instance does (the panel's "Activity visible ≤ 1 round trip" target): the record
 * with its journal fields' display values, which is at once the probe (found? work notes open to us? its stamp),
 * the fallback and, where sys_journal_field is readable, the source of its authors' display names; in parallel
 * the journal table's rows (unless this instance proved it filtered) and the user's time zone (once per instance,
 * and only where the display values may be the source). Steady state: 2 requests, or 1 where filtered.
 */
export async function readActivity(client: TableClient, ref: RecordRef, opts: ReadOptions = {}): Promise<Activity> {
  const memory = opts.memory ?? journalTableMemory;
  const zones = opts.zones ?? zonesOf(memory);
  const limit = Math.max(1, Math.floor(opts.limit ?? DEFAULT_LIMIT));
  const { signal } = opts;
  const mode = memory.get(client.base);
  const known = zones.get(client.base);
  const [row, journal, zone] = await Promise.all([
    opts.row ?? client.get(ref.table, ref.sys_id, ['sys_mod_count', 'sys_updated_on', ...ELEMENTS], signal),
    mode === 'filtered' ? Promise.resolve([]) : journalRows(client, ref, limit, memory, signal),
    known !== undefined || mode === 'readable' ? Promise.resolve(known ?? '') : myTimeZone(client, signal).then((z) => (zones.set(client.base, z), z)),
  ]);
  if (journal.length) {
    memory.set(client.base, 'readable');
    // the display values only name the authors here: unreadable ones just leave the names to look up
    let shown: JournalEntry[] = [];
    try {
      shown = displayActivity(row, zone, limit).entries;
    } catch {
      // (displayNames below)
    }
    return fromJournalRows(client, journal, shown, row, signal);
  }
  const fromDisplay = displayActivity(row, zone, limit);
  // rows exist that the journal table did not give us: it is filtered for this user
  if (fromDisplay.entries.length) memory.set(client.base, 'filtered');
  return fromDisplay;
}

/** The journal table's rows, newest first; [] when it gave none (filtered, refused, or truly empty: unknown). */
function journalRows(client: TableClient, ref: RecordRef, limit: number, memory: JournalTableMemory, signal?: AbortSignal): Promise<RawRow[]> {
  return client
    .list('sys_journal_field', {
      query: `element_id=${escapeQueryValue(ref.sys_id)}^elementIN${ELEMENTS.join(',')}^ORDERBYDESCsys_created_on`,
      fields: 'element,value,sys_created_by,sys_created_on',
      displayValue: 'false',
      limit,
      signal,
    })
    .then(
      (page) => page.rows,
      (err: unknown) => {
        // a refusal is definite, unlike an empty list
        if (err instanceof HttpError && err.kind === 'forbidden') {
          memory.set(client.base, 'filtered');
          return [];
        }
        throw err;
      },
    );
}

/**
 * The journal table's rows as entries (UTC times, user_names). Authors get their display names from the display
 * values read alongside (same element and text: the same entry); only a name not found there is looked up.
 */
async function fromJournalRows(client: TableClient, journal: RawRow[], shown: JournalEntry[], row: RawRow, signal?: AbortSignal): Promise<Activity> {
  const byText = new Map(shown.map((e) => [`${e.element}|${normalised(e.text)}`, e.author]));
  const named = (r: RawRow) => byText.get(`${valueOf(r.element)}|${normalised(valueOf(r.value))}`);
  const missing = journal.filter((r) => !named(r)).map((r) => valueOf(r.sys_created_by));
  const names = missing.length ? await displayNames(client, missing, signal) : new Map<string, string>();
  const entries: JournalEntry[] = [];
  for (const r of journal) {
    const element = valueOf(r.element);
    const at = snDateToIso(valueOf(r.sys_created_on));
    if ((element !== 'comments' && element !== 'work_notes') || !at) throw unreadable('a journal entry');
    const user = valueOf(r.sys_created_by);
    entries.push(entryOf({ element, author: named(r) ?? names.get(user) ?? user, at, text: valueOf(r.value) }));
  }
  return { entries: byNewest(entries), source: 'journal-table', canSeeWorkNotes: 'work_notes' in row, record: stampOf(row) };
}

/** user_name → sys_user.name in one query; names that can't be read are left out (the caller shows the user_name). */
export async function displayNames(client: TableClient, userNames: readonly string[], signal?: AbortSignal): Promise<Map<string, string>> {
  const wanted = [...new Set(userNames.filter((u) => u && !u.includes(',')))];
  const names = new Map<string, string>();
  if (!wanted.length) return names;
  try {
    const page = await client.list('sys_user', {
      query: `user_nameIN${wanted.map(escapeQueryValue).join(',')}`,
      fields: 'user_name,name',
      displayValue: 'false',
      limit: wanted.length,
      signal,
    });
    for (const r of page.rows) if (valueOf(r.name)) names.set(valueOf(r.user_name), valueOf(r.name));
  } catch (err) {
    if (signal?.aborted) throw err;
    // a user directory we may not read still leaves the journal readable
  }
  return names;
}

/** "Me" (ServiceNow's dynamic filter option for the current user; records-and-watch-contracts.md A.5) */
const ME = 'sys_idDYNAMIC90d1921e5f510100a9ad2572f2b477fe';

/** The user's sys_user.time_zone, "" when empty (the instance default, which we can't read) or unreadable. */
async function myTimeZone(client: TableClient, signal?: AbortSignal): Promise<string> {
  try {
    const page = await client.list('sys_user', { query: ME, fields: 'time_zone', displayValue: 'false', limit: 1, signal });
    return valueOf(page.rows[0]?.time_zone);
  } catch (err) {
    if (signal?.aborted) throw err;
    return '';
  }
}

/** The record's journal display values as entries, dates read in the user's format and zone (user-dates.ts). */
function displayActivity(row: RawRow, zone: string, limit: number): Activity {
  const sample = valueOf(row.sys_updated_on);
  const formats = withZone(learnDateFormats(displayOf(row.sys_updated_on), sample), zone, sample);
  const entries: JournalEntry[] = [];
  for (const element of ELEMENTS) {
    if (!(element in row)) continue;
    const parsed = parseJournalDisplay(displayOf(row[element]), element, formats);
    if (!parsed) throw unreadable(`${JOURNAL_LABEL[element].toLowerCase()}`);
    entries.push(...parsed.map(entryOf));
  }
  return { entries: byNewest(entries).slice(0, limit), source: 'display-values', canSeeWorkNotes: 'work_notes' in row, record: stampOf(row) };
}

/** ServiceNow answered the write but did not save the entry (dropped), or it can't be read back (unconfirmed). */
export class JournalWriteError extends Error {
  constructor(
    readonly element: JournalElement,
    readonly reason: 'empty' | 'dropped' | 'unconfirmed',
  ) {
    super(
      reason === 'empty'
        ? `There is nothing to add as a ${NOUN[element]}.`
        : reason === 'dropped'
          ? `ServiceNow did not accept the ${NOUN[element]}: nothing was saved. You may not be allowed to add ${NOUN[element]}s to this record.`
          : `ServiceNow took the ${NOUN[element]} but NowBridge can't see it on the record; check the record before sending it again.`,
    );
    this.name = 'JournalWriteError';
  }
}

export interface WriteOptions {
  signal?: AbortSignal;
  memory?: JournalTableMemory;
}

/** How far the new entry's time may lie from the record's sys_updated_on (same transaction; seconds apart at most). */
const SAME_WRITE_MS = 60_000;

const normalised = (s: string) => s.replace(/\r\n?/g, '\n').trim();

/**
 * Adds a comment or work note as typed (with `[code]` made inert) and proves it landed. Throws
 * JournalWriteError when ServiceNow dropped it or it can't be read back, HttpError when the write failed
 * (a 403's reason: writeRefusal).
 */
export async function addJournalEntry(
  client: TableClient,
  ref: RecordRef,
  element: JournalElement,
  text: string,
  opts: WriteOptions = {},
): Promise<{ entry: JournalEntry; record: RecordStamp; activity: Activity }> {
  const sent = neutraliseJournalMarkup(text);
  if (!sent.trim()) throw new JournalWriteError(element, 'empty');
  const beforeRow = await client.get(ref.table, ref.sys_id, ['sys_mod_count', 'sys_updated_on'], opts.signal);
  const afterRow = await client.patch(ref.table, ref.sys_id, { [element]: sent }, ['sys_mod_count', 'sys_updated_on', 'sys_updated_by'], opts.signal);
  const [before, after] = [stampOf(beforeRow), stampOf(afterRow)];
  // Every journal write updates the record (A.2); a count we may not read leaves only the read-back as proof.
  const counted = 'sys_mod_count' in beforeRow && 'sys_mod_count' in afterRow;
  if (counted && after.sys_mod_count <= before.sys_mod_count) throw new JournalWriteError(element, 'dropped');
  // Someone else's update also moves sys_mod_count: only our entry, read back, proves ours was saved.
  const activity = await readActivity(client, ref, { signal: opts.signal, memory: opts.memory, limit: DEFAULT_LIMIT });
  const updated = Date.parse(after.sys_updated_on);
  const entry = activity.entries.find(
    (e) => e.element === element && normalised(e.text) === normalised(sent) && Math.abs(Date.parse(e.at) - updated) <= SAME_WRITE_MS,
  );
  if (!entry) throw new JournalWriteError(element, 'unconfirmed');
  return { entry, record: after, activity };
}
