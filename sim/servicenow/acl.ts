/**
 * Access control, modelled on an out-of-box instance but reduced to a few readable rules.
 *
 * Roles: `admin` passes every check. `itil` (agents) reads every task record and all knowledge except the
 * restricted HR knowledge base. Users without roles (ESS requesters) read only task records where they are
 * the caller, the opener or the requested-for person (for catalog tasks, the requested item's
 * requested_for), and only *published* knowledge.
 *
 * Row rules: the aclHidden fixture incident and the HR knowledge base's articles are admin-only. Hidden rows
 * are 404 on read and absent from lists, but still counted in X-Total-Count (the Table API applies the limit
 * and the count before ACLs).
 *
 * Field rules (hidden fields are ABSENT from responses, never empty):
 * - task tables, for users without itil: `work_notes` and `comments_and_work_notes` (internal journal),
 *   `assignment_group` and `cmdb_ci` (internal routing and infrastructure). They still see `comments`.
 * - sys_user, for users without itil: `phone`; for everyone but admin: `locked_out`.
 *
 * Write rules: itil creates and updates task records and knowledge; requesters create incidents and
 * requests and update only their own task records (fields they cannot read are ignored on write); approvers
 * update their own sysapproval_approver rows (state and comments only); only admin deletes, and only admin
 * writes the system tables (sys_*, groups, CIs, catalog).
 *
 * sys_journal_field rows are readable only with admin or audit_viewer unless `policies.journalTable` is
 * 'readable' (then: anyone who reads the record and the journal field). sys_choice rows are readable by
 * everyone unless `policies.choicesReadable` is false (then admin only: a hardened instance, A.3).
 */
import { SN_RECORDS } from '../fixtures';
import type { SnRow, SnUser } from './types';
import { SEED_IDS } from './seed';
import { isTaskFamily } from './schema';
import type { WritePolicies } from './policies';

export interface AclLookup {
  /** any stored record by sys_id, with its concrete table */
  byId(sys_id: string): { table: string; row: SnRow } | undefined;
  /** the instance's switches; only `journalTable` and `choicesReadable` matter here */
  policies?: Partial<Pick<WritePolicies, 'journalTable' | 'choicesReadable'>>;
}

export const isAdmin = (u: SnUser) => u.roles.includes('admin');
export const isItil = (u: SnUser) => isAdmin(u) || u.roles.includes('itil');

const ADMIN_ONLY_RECORDS: ReadonlySet<string> = new Set([SN_RECORDS.aclHidden.sys_id, SEED_IDS.hrKnowledgeBase]);

const ITIL_ONLY_TASK_FIELDS: ReadonlySet<string> = new Set(['work_notes', 'comments_and_work_notes', 'assignment_group', 'cmdb_ci']);

/** The table a row really lives in: reading through `task` still applies the incident's rules. */
function concrete(table: string, row: SnRow): string {
  return isTaskFamily(table) && row.sys_class_name ? row.sys_class_name : table;
}

/** True when the user is the record's caller, opener or requested-for person. */
export function involves(lookup: AclLookup, table: string, row: SnRow, user: SnUser): boolean {
  const me = user.sys_id;
  if (row.caller_id === me || row.opened_by === me || row.requested_for === me) return true;
  if (concrete(table, row) === 'sc_task' && row.request_item) {
    return lookup.byId(row.request_item)?.row.requested_for === me;
  }
  return false;
}

export function canReadRow(lookup: AclLookup, table: string, row: SnRow, user: SnUser): boolean {
  if (isAdmin(user)) return true;
  if (ADMIN_ONLY_RECORDS.has(row.sys_id ?? '')) return false;
  const cls = concrete(table, row);
  if (isTaskFamily(cls)) return isItil(user) || involves(lookup, cls, row, user);
  switch (cls) {
    case 'kb_knowledge':
      if (row.kb_knowledge_base === SEED_IDS.hrKnowledgeBase) return false;
      return isItil(user) || row.workflow_state === 'published';
    case 'kb_category':
      return row.kb_knowledge_base !== SEED_IDS.hrKnowledgeBase;
    case 'cmdb_ci':
      return isItil(user);
    case 'sysapproval_approver':
      // the approver reads their own approvals; agents read the approvers of the tasks they work on
      return row.approver === user.sys_id || isItil(user);
    case 'sys_choice':
      return lookup.policies?.choicesReadable !== false;
    case 'sys_journal_field': {
      // audit_viewer "provides read access to the sys_audit, sys_journal_field and sys_history_set tables"
      // (ServiceNow docs, granular admin roles): without it, rows are filtered unless the switch says otherwise
      if ((lookup.policies?.journalTable ?? 'filtered') === 'filtered' && !user.roles.includes('audit_viewer')) return false;
      const parent = lookup.byId(row.element_id ?? '');
      if (!parent || !canReadRow(lookup, parent.table, parent.row, user)) return false;
      return canReadField(parent.table, row.element ?? '', user);
    }
    default:
      return true;
  }
}

export function canReadField(table: string, field: string, user: SnUser): boolean {
  if (isAdmin(user)) return true;
  if (isTaskFamily(table) && !isItil(user) && ITIL_ONLY_TASK_FIELDS.has(field)) return false;
  if (table === 'sys_user') {
    if (field === 'locked_out') return false;
    if (field === 'phone' && !isItil(user)) return false;
  }
  return true;
}

export function canCreate(table: string, user: SnUser): boolean {
  if (isAdmin(user)) return true;
  if (isItil(user)) return isTaskFamily(table) || table === 'kb_knowledge';
  return table === 'incident' || table === 'sc_request';
}

export function canUpdate(lookup: AclLookup, table: string, row: SnRow, user: SnUser): boolean {
  if (isAdmin(user)) return true;
  if (!canReadRow(lookup, table, row, user)) return false;
  const cls = concrete(table, row);
  // approvers act on their own approval with the plain user role (ServiceNow docs, "Actionable notifications")
  if (cls === 'sysapproval_approver') return row.approver === user.sys_id;
  if (isItil(user)) return isTaskFamily(cls) || cls === 'kb_knowledge';
  return isTaskFamily(cls) && involves(lookup, cls, row, user);
}

export function canDelete(user: SnUser): boolean {
  return isAdmin(user);
}
