/**
 * The simulated instance's dictionary: which tables exist, their fields, field types, display fields and
 * the task hierarchy. Everything else (seed, queries, display values, ACLs, the Table API) reads this, so a
 * field that is not declared here does not exist: queries on it are ignored and sysparm_fields drops it,
 * exactly as an unknown dictionary entry behaves on a real instance.
 */

export type FieldType =
  | 'string'
  | 'html'
  | 'integer'
  | 'boolean'
  | 'choice'
  | 'reference'
  | 'datetime'
  | 'date'
  | 'sys_id'
  | 'table_name'
  /** write-only journal input (comments, work_notes): reads as "" unless display values are requested */
  | 'journal'
  /** read-only combined journal (comments_and_work_notes) */
  | 'journal_list';

export interface FieldDef {
  type: FieldType;
  /** referenced table, for type 'reference' */
  ref?: string;
}

export interface TableDef {
  name: string;
  /** 'task' for every task-family table; the parent's fields are included in `fields` */
  parent?: string;
  /** field shown as a reference's display value */
  display: string;
  fields: Record<string, FieldDef>;
}

const s: FieldDef = { type: 'string' };
const dt: FieldDef = { type: 'datetime' };
const bool: FieldDef = { type: 'boolean' };
const int: FieldDef = { type: 'integer' };
const choice: FieldDef = { type: 'choice' };
const ref = (table: string): FieldDef => ({ type: 'reference', ref: table });

const SYS: Record<string, FieldDef> = {
  sys_id: { type: 'sys_id' },
  sys_created_on: dt,
  sys_created_by: s,
  sys_updated_on: dt,
  sys_updated_by: s,
  sys_mod_count: int,
};

/** Fields every task-family table inherits from `task`. Reading through `task` shows only these. */
const TASK: Record<string, FieldDef> = {
  ...SYS,
  number: s,
  short_description: s,
  description: s,
  state: choice,
  priority: choice,
  impact: choice,
  urgency: choice,
  active: bool,
  approval: choice,
  assigned_to: ref('sys_user'),
  assignment_group: ref('sys_user_group'),
  opened_by: ref('sys_user'),
  opened_at: dt,
  closed_at: dt,
  due_date: dt,
  // "SLA due" (task.sla_due): the date-time the task's SLA is due
  sla_due: dt,
  cmdb_ci: ref('cmdb_ci'),
  // the record's twin in another system (task.correlation_id / correlation_display; ServiceNow docs,
  // c_JSONObjectFormat sample record; records-and-watch-contracts.md B.1): NowBridge stores the post id and "Mattermost"
  correlation_id: s,
  correlation_display: s,
  sys_class_name: choice,
  sys_domain: s,
  comments: { type: 'journal' },
  work_notes: { type: 'journal' },
  comments_and_work_notes: { type: 'journal_list' },
};

function task(name: string, own: Record<string, FieldDef>): TableDef {
  return { name, parent: 'task', display: 'number', fields: { ...TASK, ...own } };
}

const DEFS: TableDef[] = [
  task('task', {}),
  task('incident', {
    caller_id: ref('sys_user'),
    category: choice,
    subcategory: s,
    contact_type: choice,
    incident_state: choice,
    hold_reason: choice,
    resolved_at: dt,
    close_code: choice,
    close_notes: s,
  }),
  task('problem', { category: choice, known_error: bool, cause_notes: s, fix_notes: s, resolved_at: dt }),
  task('problem_task', { problem: ref('problem'), problem_task_type: choice }),
  task('change_request', {
    type: choice,
    category: choice,
    risk: choice,
    requested_by: ref('sys_user'),
    start_date: dt,
    end_date: dt,
    justification: s,
    implementation_plan: s,
  }),
  task('change_task', { change_request: ref('change_request'), change_task_type: choice, planned_start_date: dt, planned_end_date: dt }),
  task('sc_request', { requested_for: ref('sys_user'), request_state: choice, price: s }),
  task('sc_req_item', {
    request: ref('sc_request'),
    requested_for: ref('sys_user'),
    cat_item: ref('sc_cat_item'),
    stage: choice,
    quantity: int,
    price: s,
  }),
  task('sc_task', { request_item: ref('sc_req_item'), request: ref('sc_request') }),
  {
    name: 'kb_knowledge',
    display: 'number',
    fields: {
      ...SYS,
      number: s,
      short_description: s,
      text: { type: 'html' },
      workflow_state: choice,
      kb_knowledge_base: ref('kb_knowledge_base'),
      kb_category: ref('kb_category'),
      author: ref('sys_user'),
      article_type: choice,
      sys_view_count: int,
      published: { type: 'date' },
      valid_to: { type: 'date' },
      active: bool,
    },
  },
  {
    name: 'kb_knowledge_base',
    display: 'title',
    fields: { ...SYS, title: s, description: s, owner: ref('sys_user'), active: bool },
  },
  {
    name: 'kb_category',
    display: 'label',
    fields: { ...SYS, label: s, value: s, kb_knowledge_base: ref('kb_knowledge_base'), active: bool },
  },
  {
    name: 'cmdb_ci',
    display: 'name',
    fields: {
      ...SYS,
      name: s,
      sys_class_name: s,
      ip_address: s,
      serial_number: s,
      operational_status: choice,
      support_group: ref('sys_user_group'),
    },
  },
  {
    name: 'sc_cat_item',
    display: 'name',
    fields: { ...SYS, name: s, short_description: s, price: s, active: bool },
  },
  {
    name: 'sys_user',
    display: 'name',
    fields: {
      ...SYS,
      user_name: s,
      first_name: s,
      last_name: s,
      name: s,
      email: s,
      title: s,
      phone: s,
      active: bool,
      locked_out: bool,
      // the user's own date format and time zone: display values of date-times follow them ('' = system default)
      date_format: s,
      time_zone: s,
      // the language choice lists and labels are read in ('' = the instance's default, English here)
      preferred_language: s,
    },
  },
  {
    name: 'sys_user_group',
    display: 'name',
    fields: { ...SYS, name: s, description: s, manager: ref('sys_user'), email: s, active: bool },
  },
  {
    name: 'sys_user_grmember',
    display: 'sys_id',
    fields: { ...SYS, user: ref('sys_user'), group: ref('sys_user_group') },
  },
  {
    name: 'sys_number',
    display: 'prefix',
    fields: { ...SYS, category: { type: 'table_name' }, prefix: s, number: int, maximum_digits: int },
  },
  {
    name: 'sys_choice',
    display: 'label',
    fields: {
      ...SYS,
      name: { type: 'table_name' },
      element: s,
      value: s,
      label: s,
      sequence: int,
      inactive: bool,
      language: s,
      dependent_value: s,
    },
  },
  {
    name: 'sys_journal_field',
    display: 'sys_id',
    fields: { ...SYS, element: s, element_id: s, name: { type: 'table_name' }, value: s },
  },
  {
    // ServiceNow docs, "Approvals" (r_Approvals): one row per approver; `sysapproval` is the task, `document_id`
    // the approved record on any table, `source_table` its table
    name: 'sysapproval_approver',
    display: 'sysapproval',
    fields: {
      ...SYS,
      approver: ref('sys_user'),
      state: choice,
      sysapproval: ref('task'),
      document_id: s,
      source_table: { type: 'table_name' },
      due_date: dt,
      comments: { type: 'journal' },
    },
  },
];

export const TABLES: ReadonlyMap<string, TableDef> = new Map(DEFS.map((d) => [d.name, d]));

export function tableDef(name: string): TableDef | undefined {
  return TABLES.get(name);
}

/** task itself and every table extending it */
export function isTaskFamily(name: string): boolean {
  return TABLES.get(name)?.parent === 'task';
}

/** tables whose rows appear in the `task` view */
export const TASK_TABLES: readonly string[] = DEFS.filter((d) => d.parent === 'task').map((d) => d.name);

/** Out-of-box number prefixes (ServiceNow docs on record numbering, `sys_number`). */
export const NUMBER_PREFIXES: Readonly<Record<string, string>> = {
  incident: 'INC',
  problem: 'PRB',
  problem_task: 'PTASK',
  change_request: 'CHG',
  change_task: 'CTASK',
  sc_request: 'REQ',
  sc_req_item: 'RITM',
  sc_task: 'SCTASK',
  kb_knowledge: 'KB',
  task: 'TASK',
};

/** Human labels of the task classes: the display value of sys_class_name. */
export const CLASS_LABELS: Readonly<Record<string, string>> = {
  task: 'Task',
  incident: 'Incident',
  problem: 'Problem',
  problem_task: 'Problem Task',
  change_request: 'Change Request',
  change_task: 'Change Task',
  sc_request: 'Request',
  sc_req_item: 'Requested Item',
  sc_task: 'Catalog Task',
};
