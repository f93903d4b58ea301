/**
 * The record read a record panel's sections share. Opening a panel asks for its Activity (record-work.ts), its
 * State and Assignment form (record-edits.ts) and whether my approval waits on it (approvals.ts) at once: each
 * needs the same record row (journal display values and stamp; the editable fields; the task's `approval`), so
 * they get ONE GET with the union of their fields, shared while in flight and for a moment after — the panel's
 * "Activity after 1 round trip, ≤ 2 requests" (issue 12). A write drops it: the next read is fresh.
 */
import { FORM_FIELDS, STAMP_FIELDS } from '../servicenow/record-update';
import type { RawRow } from '../servicenow/table-client';
import type { Clients } from './clients';

/** Every field a panel section reads from the record itself, in one fixed order (so the request is one URL). */
export const PANEL_RECORD_FIELDS: readonly string[] = [...new Set([...STAMP_FIELDS, 'comments', 'work_notes', ...FORM_FIELDS, 'approval'])];

/** How long a finished read serves the sections that ask after it (the frame's own asks follow frame/open). */
export const PANEL_READ_MS = 1_000; // as record-work.ts SHARED_READ_MS: a panel opened again later reads afresh

export function createPanelRecords(clients: Pick<Clients, 'servicenow'>, now: () => number = Date.now) {
  const reads = new Map<string, { at?: number; row: Promise<RawRow> }>();
  const keyOf = (instance: string, sys_id: string) => `${instance} ${sys_id}`;
  return {
    read(instance: string, record: { table: string; sys_id: string }): Promise<RawRow> {
      const key = keyOf(instance, record.sys_id);
      const kept = reads.get(key);
      if (kept && (kept.at === undefined || now() - kept.at < PANEL_READ_MS)) return kept.row;
      const entry: { at?: number; row: Promise<RawRow> } = {
        row: clients.servicenow(instance).then((client) => client.get(record.table, record.sys_id, PANEL_RECORD_FIELDS)),
      };
      reads.set(key, entry);
      entry.row.then(
        () => void (entry.at = now()),
        () => void (reads.get(key) === entry && reads.delete(key)),
      );
      return entry.row;
    },
    /** after a write to it (or a disconnect: no sys_id) */
    drop(instance: string, sys_id?: string): void {
      for (const k of [...reads.keys()]) if (sys_id ? k === keyOf(instance, sys_id) : k.startsWith(`${instance} `)) reads.delete(k);
    },
  };
}

export type PanelRecords = ReturnType<typeof createPanelRecords>;
