/**
 * A ServiceNow record as NowBridge shows and shares it: what the Table API returned with
 * `sysparm_display_value=all`, normalised. Rendering uses `display`; logic and colour use `value`.
 */
export interface FieldValue {
  value: string;
  display: string;
}

export interface SnRecord {
  /** instance base, e.g. https://acme.service-now.com */
  instance: string;
  /** the concrete table (sys_class_name when read through `task`) */
  table: string;
  sys_id: string;
  number: string;
  shortDescription: string;
  /** canonical link to the record (nav_to.do form URL) */
  url: string;
  /** `state`, `workflow_state` (knowledge) or `request_state` (requests), per the catalogue */
  state?: FieldValue;
  priority?: FieldValue;
  /** sys_updated_on as an ISO timestamp (UTC) */
  updatedAt: string;
  /** every field returned, by name (card fields included) */
  fields: Record<string, FieldValue>;
}

/** What a card or share needs to show when a record cannot be read. */
export type RecordLookup =
  | { ok: true; record: SnRecord }
  | { ok: false; reason: 'not-found' | 'needs-sign-in' | 'not-connected' | 'error'; message: string };

/**
 * What a record number can look like: its table's `sys_number` prefix, which an administrator may set to anything
 * (`INC`, `TK-`, `SR.`, `ÄND`), then the counter's digits (ServiceNow docs, "Record numbering"). Never a space,
 * comma or caret: those would break an encoded query's `numberIN` list. One rule for the number matcher, the URL
 * detectors and the Table API reads.
 */
export const RECORD_NUMBER = /^[^\s,^]{0,39}[0-9]$/u;
/** A `sys_number` prefix the number matcher accepts (see RECORD_NUMBER). */
export const NUMBER_PREFIX = /^[^\s,^]{1,30}$/u;

/** A reference to a record: by sys_id, or by number (the table may be unknown for a bare number). */
export type RecordKeyRef = { table: string; sys_id: string } | { table?: string; number: string };

/** The map key of a reference: `incident/<sys_id>`, `incident/INC0010001`; the table is `*` when unknown. */
export function refKey(ref: RecordKeyRef): string {
  return 'sys_id' in ref ? `${ref.table}/${ref.sys_id.toLowerCase()}` : `${ref.table || '*'}/${ref.number.trim().toUpperCase()}`;
}

/**
 * One record on one instance, as the card cache, the batches and the content scripts key it: `${instance} ${refKey}`
 * (a space cannot occur in an origin, so the instance prefix is unambiguous). Takes a ref or its refKey.
 */
export const cardKey = (instance: string, ref: RecordKeyRef | string) =>
  `${instance.replace(/\/+$/, '')} ${typeof ref === 'string' ? ref : refKey(ref)}`;
