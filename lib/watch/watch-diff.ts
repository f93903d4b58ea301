/**
 * "Who changed what", computed in the browser (records-and-watch-contracts.md C.2: sys_audit and history sets are
 * not readable by ordinary users): the last snapshot of a record against its row now, old → new per field, the
 * actor from `sys_updated_by` (a user_name), and the words a notification, the Activity view and a channel post use.
 */
import { displayOf, type RawRow, valueOf } from '../servicenow/table-client';
import { TRACKED_FIELDS } from './watch-query';
import type { WatchEventKind } from './watch-kinds';
import type { FieldChange, WatchEvent } from './watch-model';

export interface Snapshot {
  table: string;
  number: string;
  title: string;
  modCount: number;
  /** sys_updated_on as the server stores it (UTC) */
  updatedOn: string;
  /** tracked fields: value and label */
  fields: Record<string, { value: string; display: string }>;
  /** the newest journal entries' keys, when the journal was read */
  journalKeys?: string[];
  /** asked for and not answered (deleted, or not readable by this user): learned when it next shows, never diffed */
  missing?: true;
}

const LABEL: Record<(typeof TRACKED_FIELDS)[number], string> = {
  state: 'State',
  priority: 'Priority',
  assigned_to: 'Assigned to',
  assignment_group: 'Assignment group',
  short_description: 'Short description',
  impact: 'Impact',
  urgency: 'Urgency',
  approval: 'Approval',
};

/** Which switch of a watch a field's change belongs to. */
export const FIELD_EVENT: Record<(typeof TRACKED_FIELDS)[number], WatchEventKind> = {
  state: 'state',
  priority: 'priority',
  assigned_to: 'assignment',
  assignment_group: 'assignment',
  short_description: 'other',
  impact: 'other',
  urgency: 'other',
  approval: 'other',
};

/** Labels a value as the record's own class would (a `task` read labels states task-wide; contracts C.1). */
export type Relabel = (table: string, field: string, value: string, display: string) => string;

export function snapshotOf(row: RawRow, relabel: Relabel, journalKeys?: string[]): Snapshot {
  const table = valueOf(row.sys_class_name) || 'task';
  const fields: Snapshot['fields'] = {};
  for (const f of TRACKED_FIELDS) {
    if (row[f] === undefined) continue;
    const value = valueOf(row[f]);
    fields[f] = { value, display: relabel(table, f, value, displayOf(row[f])) };
  }
  return {
    table,
    number: valueOf(row.number),
    title: displayOf(row.short_description),
    modCount: Number(valueOf(row.sys_mod_count)) || 0,
    updatedOn: valueOf(row.sys_updated_on),
    fields,
    ...(journalKeys ? { journalKeys } : {}),
  };
}

/** Old → new of every tracked field that moved (by value; the label shown). */
export function changesBetween(before: Snapshot, after: Snapshot): FieldChange[] {
  const out: FieldChange[] = [];
  for (const f of TRACKED_FIELDS) {
    const a = before.fields[f];
    const b = after.fields[f];
    if (!b || (a?.value ?? '') === b.value) continue;
    out.push({ field: f, label: LABEL[f], from: a?.display || '(empty)', to: b.display || '(empty)' });
  }
  return out;
}

/** The switches an event touches. */
export function eventKinds(e: Pick<WatchEvent, 'kind' | 'changes' | 'journal'>): Set<WatchEventKind> {
  const kinds = new Set<WatchEventKind>();
  if (e.kind !== 'updated') kinds.add('created');
  for (const c of e.changes) kinds.add(FIELD_EVENT[c.field as keyof typeof FIELD_EVENT] ?? 'other');
  for (const j of e.journal) kinds.add(j.element);
  return kinds;
}

/** The event as the watches want it: only the changes and notes they asked for; undefined when none. */
export function filterFor(e: WatchEvent, wanted: (k: WatchEventKind) => boolean): WatchEvent | undefined {
  const changes = e.changes.filter((c) => wanted(FIELD_EVENT[c.field as keyof typeof FIELD_EVENT] ?? 'other'));
  const journal = e.journal.filter((j) => wanted(j.element));
  const created = e.kind !== 'updated' && wanted('created');
  if (!created && !changes.length && !journal.length) return undefined;
  return { ...e, changes, journal };
}

