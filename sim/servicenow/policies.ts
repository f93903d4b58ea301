/**
 * What a real instance enforces on a write beyond the row ACLs, each a switch (records-and-watch-contracts.md A.1,
 * A.4, A.9) because instances differ and the client must cope with every position:
 * - a data policy: an incident resolved (6) or closed (7) needs a resolution code and notes; the Table API answers
 *   `403 {"error":{"message":"Operation Failed","detail":"Data Policy Exception: \n\tThe following fields are
 *   mandatory: Resolution code, Resolution notes"}}` (data policies apply to the Table API, UI policies do not:
 *   ServiceNow docs, "Data policy");
 * - a business rule that aborts: the change model's state transitions ("Change Model: Check State Transition");
 *   the exact `detail` of a business-rule abort is not documented, so the client shows it verbatim;
 * - field-level write ACLs that drop a value without an error (public reports, A.9): `table.field` → the role(s)
 *   that may write it; the write still succeeds, on insert as on update (B.1: a requester's urgency and impact on a
 *   new incident need itil or sn_incident_write);
 * - a data policy on new incidents (B.1: many instances make Short description mandatory; the docs' own example is
 *   "Data Policy Exception: Short description is mandatory"): the fields a create must carry, same 403 as A.4;
 * - whether ordinary users may read `sys_journal_field` (the `audit_viewer` granular role implies not; A.1);
 * - whether ordinary users may read `sys_choice` (readable out of box; a hardened instance may close it, A.3).
 */
import type { SnRow, SnUser } from './types';

export interface WritePolicies {
  /** incident state 6/7 needs close_code and close_notes (default on) */
  incidentCloseFields: boolean;
  /** a change request only moves along its model (default on) */
  changeModelTransitions: boolean;
  /** `table.field` → role (or any of roles) needed to write it; others' values are silently dropped (default none) */
  fieldWriteRoles: Record<string, string | readonly string[]>;
  /** incident fields a create must carry non-empty, else the data policy's 403 (default none) */
  incidentCreateMandatory: string[];
  /** 'filtered' (default): only admin and audit_viewer see sys_journal_field rows, others get an empty list;
   * 'readable': anyone who can read the record and the journal field sees its rows */
  journalTable: 'filtered' | 'readable';
  /** true (default): anyone reads sys_choice; false: its rows are invisible to all but admin (an empty list) */
  choicesReadable: boolean;
}

export const DEFAULT_POLICIES: WritePolicies = {
  incidentCloseFields: true,
  changeModelTransitions: true,
  fieldWriteRoles: {},
  incidentCreateMandatory: [],
  journalTable: 'filtered',
  choicesReadable: true,
};

/** Why a write was refused: the Table API's 403 `detail`. */
export class WriteRefused extends Error {
  constructor(readonly detail: string) {
    super(detail);
  }
}

/** Field labels the data policy names (the dictionary's labels, not the field names). */
const LABELS: Record<string, string> = {
  close_code: 'Resolution code',
  close_notes: 'Resolution notes',
  short_description: 'Short description',
  description: 'Description',
  caller_id: 'Caller',
  category: 'Category',
  impact: 'Impact',
  urgency: 'Urgency',
  assignment_group: 'Assignment group',
  cmdb_ci: 'Configuration item',
  contact_type: 'Channel',
};
const mandatory = (fields: readonly string[]) => `Data Policy Exception: \n\tThe following fields are mandatory: ${fields.map((f) => LABELS[f] ?? f).join(', ')}`;

/** Normal change model: New → Assess → Authorize → Scheduled → Implement → Review → Closed; Canceled from any open state. */
const CHANGE_NEXT: Record<string, readonly string[]> = {
  '-5': ['-4'],
  '-4': ['-3', '-5'],
  '-3': ['-2', '-5'],
  '-2': ['-1'],
  '-1': ['0'],
  '0': ['3'],
};
const CHANGE_CANCELED = '4';

export function mayWriteField(p: WritePolicies, table: string, field: string, user: SnUser): boolean {
  // an approver decides (state) and says why (comments); the rest of the approval is the engine's
  // (a field write ACL below still applies to those two: a hardened instance may drop an approver's state)
  if (table === 'sysapproval_approver' && !user.roles.includes('admin') && field !== 'state' && field !== 'comments') return false;
  const roles = p.fieldWriteRoles[`${table}.${field}`];
  if (roles === undefined || user.roles.includes('admin')) return true;
  return (typeof roles === 'string' ? [roles] : roles).some((r) => user.roles.includes(r));
}

/** The refusal for writing `before` → `after` on a record of class `cls`, or undefined when it may be saved. */
export function refusalFor(p: WritePolicies, cls: string, before: SnRow | undefined, after: SnRow): string | undefined {
  const empty = (f: string) => !(after[f] ?? '').trim();
  if (!before && cls === 'incident') {
    const missing = p.incidentCreateMandatory.filter(empty);
    if (missing.length) return mandatory(missing);
  }
  if (p.incidentCloseFields && cls === 'incident' && (after.state === '6' || after.state === '7')) {
    const missing = ['close_code', 'close_notes'].filter(empty);
    if (missing.length) return mandatory(missing);
  }
  if (p.changeModelTransitions && cls === 'change_request' && before && after.state !== before.state) {
    const from = before.state ?? '';
    const allowed = after.state === CHANGE_CANCELED ? from in CHANGE_NEXT : (CHANGE_NEXT[from] ?? []).includes(after.state ?? '');
    if (!allowed) return "Business Rule 'Change Model: Check State Transition' aborted";
  }
  return undefined;
}
