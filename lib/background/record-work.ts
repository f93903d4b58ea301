import type { Response } from '../messages';
import type { ConnectionStatus } from '../connections/status';
import { type RecordKeyRef, refKey } from '../servicenow/record';
import { addJournalEntry, type JournalTableMemory, readActivity } from '../servicenow/journal';
import type { Clients } from './clients';
import type { PanelRecords } from './panel-records';
import type { RecordService } from './record-service';
import type { Identity } from './session-identity';
import { UserFacingError } from './router';
import { createSubmissions, type SubmissionLedger } from './submissions';

type Activity = Response<'record/activity'>;
type Element = 'comments' | 'work_notes';

export interface RecordWorkDeps {
  clients: Pick<Clients, 'servicenow'>;
  records: Pick<RecordService, 'card'>;
  /** browser-session mode: refuses a write when the session now belongs to someone else (session-identity.ts) */
  identity?: Pick<Identity, 'assertSameUser'>;
  /** the record row the panel's sections share (panel-records.ts); without it the activity reads its own */
  panel?: Pick<PanelRecords, 'read' | 'drop'>;
  /** who each connection is signed in as */
  statuses(): Promise<Record<string, ConnectionStatus>>;
  /** tells the Mattermost tabs a record's cards changed (revalidated.ts) */
  announce(instance: string, key: string): void;
  /** remembers started writes across worker restarts (submissions.ts) */
  ledger?: SubmissionLedger;
  now?: () => number;
}

/**
 * How long the activity a write read back answers `activity` for that record: the panels open in other tabs ask
 * again when the write is announced, and get this copy instead of one more read each (issue 12: every open panel
 * updates from one read).
 */
const READ_BACK_MS = 10_000;
/** An activity read is shared by whoever asks while it is in flight or this soon after (the panel's frame/open
 * starts it; the frame, loaded a moment later, asks again). */
const SHARED_READ_MS = 1_000;

/**
 * Work on a record as the connected ServiceNow user: read its activity, add a comment or a work note. A write is
 * at most once per submission (a retry of the same submission, in flight or done, gets the first answer), is
 * confirmed against the server's copy before it is called done (journal.ts), and afterwards every card of the
 * record is re-read once and the tabs are told.
 */
export function createRecordWork(deps: RecordWorkDeps) {
  const now = deps.now ?? Date.now;
  const journals: JournalTableMemory = new Map();
  const submissions = createSubmissions<Response<'record/journal'>>({ kind: 'journal', now, ledger: deps.ledger });
  /** by `${instance} ${refKey}`: the activity the last write read back, and when */
  const readBack = new Map<string, { at: number; activity: Activity }>();

  /** The record behind a reference (a number is looked up once, from the card cache). */
  async function target(instance: string, ref: RecordKeyRef): Promise<{ table: string; sys_id: string }> {
    if ('sys_id' in ref) return ref;
    const card = await deps.records.card(instance, ref);
    if (!card.lookup.ok) throw new UserFacingError(card.lookup.message);
    return { table: card.lookup.record.table, sys_id: card.lookup.record.sys_id };
  }

  async function who(instance: string): Promise<string> {
    const s = Object.values(await deps.statuses()).find((x) => x.product === 'servicenow' && x.base === instance);
    return s?.state === 'connected' ? s.user.name : '';
  }

  /** What the panel is told: the entries, whether work notes are open to the user, and who writes. */
  const shown = (read: Pick<Activity, 'entries' | 'canSeeWorkNotes'>, as: string): Activity => ({ entries: read.entries, canSeeWorkNotes: read.canSeeWorkNotes, as });

  const reads = new Map<string, { at?: number; read: Promise<Activity> }>();
  function activity(instance: string, ref: RecordKeyRef): Promise<Activity> {
    const key = `${instance} ${refKey(ref)}`;
    const kept = readBack.get(key);
    if (kept && now() - kept.at < READ_BACK_MS) return Promise.resolve(kept.activity);
    const shared = reads.get(key);
    if (shared && (shared.at === undefined || now() - shared.at < SHARED_READ_MS)) return shared.read;
    const entry: { at?: number; read: Promise<Activity> } = { read: readNow(instance, ref) };
    reads.set(key, entry);
    entry.read.then(
      () => void (entry.at = now()),
      () => void (reads.get(key) === entry && reads.delete(key)),
    );
    return entry.read;
  }

  async function readNow(instance: string, ref: RecordKeyRef): Promise<Activity> {
    const client = await deps.clients.servicenow(instance);
    const record = await target(instance, ref);
    const row = deps.panel?.read(instance, record);
    const [read, as] = await Promise.all([readActivity(client, record, { memory: journals, ...(row ? { row } : {}) }), who(instance)]);
    return shown(read, as);
  }

  async function write(instance: string, ref: RecordKeyRef, element: Element, text: string): Promise<Response<'record/journal'>> {
    await deps.identity?.assertSameUser(instance);
    const client = await deps.clients.servicenow(instance);
    const record = await target(instance, ref);
    // the write's own read-back (journal.ts) is the panel's new activity: not read a second time
    const [{ entry, activity: read }, as] = await Promise.all([addJournalEntry(client, record, element, text, { memory: journals }), who(instance)]);
    // Every card of the record shows the new "updated": one fresh read, then the tabs ask again (from the cache).
    const refs: RecordKeyRef[] = [record, ...('sys_id' in ref ? [] : [ref])];
    await Promise.all(refs.map((r) => deps.records.card(instance, r, { fresh: true }).catch(() => undefined)));
    const activity = shown(read, as);
    for (const r of refs) reads.delete(`${instance} ${refKey(r)}`);
    deps.panel?.drop(instance, record.sys_id);
    for (const r of refs) readBack.set(`${instance} ${refKey(r)}`, { at: now(), activity });
    for (const r of refs) deps.announce(instance, refKey(r));
    return { entry, activity };
  }

  /** An earlier attempt of this submission failed without a clear answer (timeout, worker gone): did it land? */
  async function landedEarlier(instance: string, ref: RecordKeyRef, element: Element, text: string, since: number) {
    // a fresh look: did it land? Not the panel's copy of the record, read before the write
    readBack.delete(`${instance} ${refKey(ref)}`);
    reads.delete(`${instance} ${refKey(ref)}`);
    deps.panel?.drop(instance, (await target(instance, ref)).sys_id);
    const current = await activity(instance, ref);
    const mine = (e: Activity['entries'][number]) => e.element === element && e.text.trim() === text.trim() && (!current.as || e.author === current.as);
    const entry = current.entries.find((e) => mine(e) && Date.parse(e.at) >= since - 60_000);
    return entry && { entry, activity: current };
  }

  return {
    activity,
    journal(instance: string, ref: RecordKeyRef, element: Element, text: string, submissionId: number): Promise<Response<'record/journal'>> {
      return submissions.run(submissionId, async (earlier) => {
        // A retry after a failure first looks for the entry: a write whose answer was lost may have landed.
        const found = earlier !== undefined ? await landedEarlier(instance, ref, element, text, earlier) : undefined;
        return found ?? write(instance, ref, element, text);
      });
    },
  };
}

export type RecordWork = ReturnType<typeof createRecordWork>;
