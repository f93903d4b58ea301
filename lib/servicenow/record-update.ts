/**
 * Changing a record's state and assignment as the user, so that the answer never lies
 * (records-and-watch-contracts.md A.4, A.7, A.8, A.9):
 *
 * - Contended fields (state, assigned_to, assignment_group) are re-read just before the write: there are no
 *   conditional writes in the Table API (A.8), so when sys_mod_count moved and a written field is no longer what the
 *   user saw, the write is not sent and the caller is told who changed what ("conflict").
 * - Only the fields that changed are sent (a PATCH carries only what is sent, so concurrent edits of other fields
 *   merge), as actual values with sysparm_input_display_value=false (A.7; TableClient.patch).
 * - The PATCH answer is compared with what was sent: a field ServiceNow answered without the sent value was
 *   silently dropped (a field write ACL, A.9) and is reported, never shown as saved.
 * - A 403 is classified (write-refusal.ts): a data policy's labels are mapped to our fields.
 */
import type { EditableField } from '../messages/record-edits';
import { HttpError } from '../http';
import { readActivity } from './journal';
import { neutraliseJournalMarkup } from './journal-markup';
import { displayOf, escapeQueryValue, type RawRow, type TableClient, valueOf } from './table-client';
import { writeRefusal, type WriteRefusal } from './write-refusal';

/** The form's fields that live on the record (journals are write-only inputs, never read back as values). */
export const FORM_FIELDS = ['state', 'close_code', 'close_notes', 'hold_reason', 'assigned_to', 'assignment_group'] as const satisfies readonly EditableField[];
/** The concurrency stamp (A.8) and the class whose choice lists apply */
export const STAMP_FIELDS = ['sys_mod_count', 'sys_updated_on', 'sys_updated_by', 'sys_class_name'] as const;
/** what is re-read before a contended write: someone else changing these is a conflict (A.8) */
export const CONTENDED: ReadonlySet<EditableField> = new Set(['state', 'assigned_to', 'assignment_group']);
const JOURNALS: ReadonlySet<EditableField> = new Set(['comments', 'work_notes']);

/** The labels an incident form shows (ServiceNow's out-of-box dictionary labels); a fallback for messages. */
export const FIELD_LABELS: Record<EditableField, string> = {
  state: 'State',
  close_code: 'Resolution code',
  close_notes: 'Resolution notes',
  hold_reason: 'On hold reason',
  assigned_to: 'Assigned to',
  assignment_group: 'Assignment group',
  comments: 'Additional comments',
  work_notes: 'Work notes',
};

/** Labels a data policy may name (A.4: "Resolution notes" or "Close notes" depending on release) → our fields. */
const LABEL_FIELDS: Record<string, EditableField> = {
  state: 'state',
  'resolution code': 'close_code',
  'close code': 'close_code',
  'resolution notes': 'close_notes',
  'close notes': 'close_notes',
  'on hold reason': 'hold_reason',
  'additional comments': 'comments',
  comments: 'comments',
  'work notes': 'work_notes',
  'assigned to': 'assigned_to',
  'assignment group': 'assignment_group',
};

/** The fields behind a data policy's labels; labels with no field of ours are left out (the caller keeps them). */
export function fieldsOfLabels(labels: readonly string[]): EditableField[] {
  const out = labels.map((l) => LABEL_FIELDS[l.trim().toLowerCase()]).filter((f): f is EditableField => f !== undefined);
  return [...new Set(out)];
}


export type Changes = Partial<Record<EditableField, string>>;

export interface UpdateRequest {
  table: string;
  sys_id: string;
  changes: Changes;
  seen: { modCount: string; values: Changes };
  overwrite: boolean;
  /** what the answer must also carry (the card's fields): asked back from the PATCH, so no read follows it */
  askBack: readonly string[];
}

export type UpdateOutcome =
  /** `row` is the PATCH answer (or the read that found an earlier attempt landed) */
  | { kind: 'saved'; row: RawRow; dropped: EditableField[] }
  /** nothing was written; `row` is the re-read; `fields` the written fields someone else changed */
  | { kind: 'conflict'; row: RawRow; fields: EditableField[] }
  | { kind: 'refused'; refusal: WriteRefusal; fields: EditableField[] };

const normalised = (s: string) => s.replace(/\r\n?/g, '\n').trim();

/** What is sent: the changed fields only, journal text with `[code]` made inert (journal-markup.ts). */
export function toSend(req: Pick<UpdateRequest, 'changes' | 'seen'>): Changes {
  const out: Changes = {};
  for (const [f, v] of Object.entries(req.changes) as [EditableField, string][]) {
    if (JOURNALS.has(f)) {
      if (v.trim()) out[f] = neutraliseJournalMarkup(v);
    } else if (v !== req.seen.values[f]) out[f] = v;
  }
  return out;
}

const readFields = (askBack: readonly string[], sent: Changes) => [...new Set([...askBack, ...FORM_FIELDS, ...STAMP_FIELDS, ...Object.keys(sent)])];

/**
 * The sent fields ServiceNow did not keep. Journal fields: a journal's value is always "" in an answer (A.1), so
 * an entry is confirmed by its display value (newest entry first) holding the sent text; a journal the answer does
 * not show at all is one the user may not read, let alone write (A.2: requesters' work notes), so it is dropped.
 */
export function droppedFields(sent: Changes, row: RawRow, seenModCount: string): EditableField[] {
  const moved = !('sys_mod_count' in row) || Number(valueOf(row.sys_mod_count)) > Number(seenModCount);
  const out: EditableField[] = [];
  for (const [f, v] of Object.entries(sent) as [EditableField, string][]) {
    if (JOURNALS.has(f)) {
      if (!(f in row) || !moved || !normalised(displayOf(row[f])).includes(normalised(v))) out.push(f);
    } else if (!(f in row) || valueOf(row[f]) !== v) out.push(f);
  }
  return out;
}

/** The record as the form needs it (one read: values with display values, the stamp, the class). */
export function readFormRow(client: TableClient, table: string, sys_id: string, askBack: readonly string[] = [], signal?: AbortSignal): Promise<RawRow> {
  return client.get(table, sys_id, readFields(askBack, {}), signal);
}

/**
 * An earlier attempt of this update failed without a clear answer (timeout, worker gone): the record as it is now,
 * when it shows that attempt landed (sys_mod_count moved since the form, and the sent journal entry is there, or
 * every sent field has the sent value); undefined when it did not (sending again then writes nothing twice that
 * matters: the same values, and journal text only when no copy of it is there).
 */
export async function landedEarlier(client: TableClient, req: UpdateRequest, signal?: AbortSignal): Promise<RawRow | undefined> {
  const sent = toSend(req);
  const row = await client.get(req.table, req.sys_id, readFields(req.askBack, sent), signal);
  if (Number(valueOf(row.sys_mod_count)) <= Number(req.seen.modCount)) return undefined;
  const dropped = new Set(droppedFields(sent, row, req.seen.modCount));
  const journals = Object.keys(sent).filter((f) => JOURNALS.has(f as EditableField));
  const landed = journals.length ? journals.some((f) => !dropped.has(f as EditableField)) : dropped.size === 0;
  return landed ? row : undefined;
}

/** One update: conflict check, PATCH, comparison. Request failures other than a 403 are thrown (HttpError). */
export async function updateRecord(client: TableClient, req: UpdateRequest, signal?: AbortSignal): Promise<UpdateOutcome> {
  const sent = toSend(req);
  const fields = Object.keys(sent) as EditableField[];
  if (!fields.length) throw new HttpError('http', 'There is nothing to save: nothing was changed.');
  const contended = fields.filter((f) => CONTENDED.has(f));
  if (contended.length && !req.overwrite) {
    const now = await readFormRow(client, req.table, req.sys_id, [], signal);
    const moved = valueOf(now.sys_mod_count) !== req.seen.modCount;
    // someone else set it to what we send: nothing of theirs would be lost
    const changed = contended.filter((f) => valueOf(now[f]) !== (req.seen.values[f] ?? '') && valueOf(now[f]) !== sent[f]);
    if (moved && changed.length) return { kind: 'conflict', row: now, fields: changed };
  }
  let row: RawRow;
  try {
    row = await client.patch(req.table, req.sys_id, sent as Record<string, string>, readFields(req.askBack, sent), signal);
  } catch (err) {
    const refusal = writeRefusal(err);
    if (!refusal) throw err;
    return { kind: 'refused', refusal, fields: refusal.kind === 'mandatory' ? fieldsOfLabels(refusal.labels) : [] };
  }
  return { kind: 'saved', row, dropped: await confirmJournals(client, req, sent, row, droppedFields(sent, row, req.seen.modCount), signal) };
}

/**
 * A journal the answer shows with an empty display value: whether an instance renders journals in a PATCH answer's
 * display value is not documented (A.1 only says the value is ""), so before calling the entry dropped it is read
 * back as journal.ts does (sys_journal_field, or the record's journal display values). One read, only then.
 */
async function confirmJournals(client: TableClient, req: UpdateRequest, sent: Changes, row: RawRow, dropped: EditableField[], signal?: AbortSignal): Promise<EditableField[]> {
  const moved = Number(valueOf(row.sys_mod_count)) > Number(req.seen.modCount);
  const unsure = dropped.filter((f) => JOURNALS.has(f) && f in row && !displayOf(row[f]).trim());
  if (!moved || !unsure.length) return dropped;
  const { entries } = await readActivity(client, { table: req.table, sys_id: req.sys_id }, { signal });
  const found = (f: EditableField) => entries.some((e) => e.element === f && normalised(e.text) === normalised(sent[f] ?? ''));
  return dropped.filter((f) => !unsure.includes(f) || !found(f));
}

/** A user_name (sys_updated_by) as the person's name, one sys_user read; the user_name when it can't be read. */
export async function nameOfUser(client: TableClient, userName: string, signal?: AbortSignal): Promise<string> {
  if (!userName) return '';
  try {
    const { rows } = await client.list('sys_user', { query: `user_name=${escapeQueryValue(userName)}`, fields: 'name', displayValue: 'false', limit: 1, signal });
    return valueOf(rows[0]?.name) || userName;
  } catch (err) {
    if (signal?.aborted) throw err;
    return userName;
  }
}
