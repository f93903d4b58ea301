/**
 * What the UI pages know about tables: labels, form layouts and choice lists. Real instances configure
 * these per table (sys_ui_form, sys_choice); the simulator hard-codes plausible out-of-box ones.
 */
import { CLASS_LABELS } from '../schema';
import type { SnFieldValue, SnStore, SnUser } from '../types';

/** The task classes' labels (as sys_class_name shows them), and the other tables the pages show. */
export const TABLE_LABELS: Record<string, string> = { ...CLASS_LABELS, kb_knowledge: 'Knowledge', sys_user: 'User', sys_user_group: 'Group' };

export const tableLabel = (t: string) =>
  TABLE_LABELS[t] ?? t.replace(/_/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase());

const TASK_LAYOUT = ['number', 'opened_by', 'state', 'priority', 'assignment_group', 'assigned_to', 'short_description', 'description'];

/** Form fields in display order; tables not listed show every readable non-system field. */
export const FORM_LAYOUTS: Record<string, string[]> = {
  incident: ['number', 'caller_id', 'category', 'cmdb_ci', 'state', 'impact', 'urgency', 'priority', 'assignment_group', 'assigned_to', 'opened_at', 'short_description', 'description'],
  problem: ['number', 'state', 'priority', 'known_error', 'assignment_group', 'assigned_to', 'opened_at', 'short_description', 'description'],
  change_request: ['number', 'type', 'state', 'risk', 'priority', 'approval', 'assignment_group', 'assigned_to', 'start_date', 'end_date', 'short_description', 'description'],
  sc_req_item: ['number', 'cat_item', 'request', 'requested_for', 'state', 'stage', 'approval', 'assignment_group', 'assigned_to', 'short_description', 'description'],
  sc_request: ['number', 'requested_for', 'request_state', 'approval', 'short_description', 'description'],
  kb_knowledge: ['number', 'kb_knowledge_base', 'kb_category', 'workflow_state', 'author', 'valid_to', 'short_description', 'text'],
  problem_task: TASK_LAYOUT,
  change_task: TASK_LAYOUT,
  sc_task: TASK_LAYOUT,
  task: TASK_LAYOUT,
  sys_user: ['user_name', 'first_name', 'last_name', 'name', 'email', 'title', 'department'],
};

/** Fields the form shows read-only (UI policies make these read-only on real instances). */
export const READONLY = new Set(['number', 'opened_at', 'opened_by', 'sys_id', 'sys_created_on', 'sys_created_by', 'sys_updated_on', 'sys_updated_by', 'sys_class_name']);
export const MULTILINE = new Set(['description', 'text', 'comments', 'work_notes', 'close_notes']);

/** Common out-of-box choice lists (ServiceNow docs on the incident, problem and change state models); `table.field` first, then `field`. */
export const CHOICES: Record<string, [string, string][]> = {
  'incident.state': [['1', 'New'], ['2', 'In Progress'], ['3', 'On Hold'], ['6', 'Resolved'], ['7', 'Closed'], ['8', 'Canceled']],
  'problem.state': [['101', 'New'], ['102', 'Assess'], ['103', 'Root Cause Analysis'], ['104', 'Fix in Progress'], ['106', 'Resolved'], ['107', 'Closed']],
  'change_request.state': [['-5', 'New'], ['-4', 'Assess'], ['-3', 'Authorize'], ['-2', 'Scheduled'], ['-1', 'Implement'], ['0', 'Review'], ['3', 'Closed'], ['4', 'Canceled']],
  priority: [['1', '1 - Critical'], ['2', '2 - High'], ['3', '3 - Moderate'], ['4', '4 - Low'], ['5', '5 - Planning']],
  impact: [['1', '1 - High'], ['2', '2 - Medium'], ['3', '3 - Low']],
  urgency: [['1', '1 - High'], ['2', '2 - Medium'], ['3', '3 - Low']],
};

export const choicesFor = (table: string, field: string) => CHOICES[`${table}.${field}`] ?? CHOICES[field];

export interface FieldView {
  name: string;
  label: string;
  value: string;
  display: string;
  refTable?: string;
}

export const fieldLabel = (f: string) =>
  f === 'caller_id' ? 'Caller' : f === 'cmdb_ci' ? 'Configuration item' : f.replace(/_id$/, '').replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase());

/** The fields a form shows for a record (or, with no record, an empty new-record layout). */
export function formFields(table: string, record: Record<string, SnFieldValue> | undefined): FieldView[] {
  const layout = FORM_LAYOUTS[table] ?? (record ? Object.keys(record).filter((f) => !f.startsWith('sys_')) : ['number', 'short_description']);
  const out: FieldView[] = [];
  for (const name of layout) {
    const v = record ? record[name] : undefined;
    // Readable-field ACLs drop fields; a form never shows what the user may not read.
    if (record && !v) continue;
    out.push({ name, label: fieldLabel(name), value: v?.value ?? '', display: v?.display_value ?? '', refTable: v?.refTable });
  }
  return out;
}

/** A record located by sys_id or by `sysparm_query=number=…`; undefined when missing or hidden. */
export function locate(store: SnStore, table: string, q: URLSearchParams, user: SnUser): { table: string; sys_id: string } | undefined {
  const sysId = q.get('sys_id');
  if (sysId) return store.read(table, sysId, user) ? { table, sys_id: sysId } : undefined;
  const m = /^number=([^^]+)/.exec(q.get('sysparm_query') ?? '');
  return m ? store.findByNumber(table, m[1]!, user) : undefined;
}
