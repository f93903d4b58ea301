/**
 * One spec per ServiceNow table NowBridge knows, read by cards, shares, numbers, search and the hover card.
 * Labels are fallbacks only: what the user sees comes from the data (`sys_class_name` and choice display
 * values), because instances rename and translate them. A table without a spec is treated as a task table.
 * Field lists follow ServiceNow's Table API (sysparm_fields, docs.servicenow.com "Table API").
 */
import { DEFAULT_PREFIXES } from './record-number';

export interface CardField {
  name: string;
  title: string;
}

export type TableKind = 'task' | 'knowledge';

/**
 * A field of the record panel's summary (components/record-summary.tsx): its `group` says where it sits (the key
 * fields, who the record is for, its dates), its `kind` how the value reads: the display value as text, a date in
 * the viewer's locale, or a due date that also says "due in 3 h" / "overdue by 2 d". Dates that are not set are
 * left out; key fields and "for" read "None" when empty.
 */
export interface PanelField extends CardField {
  group: 'key' | 'for' | 'dates';
  kind: 'text' | 'date' | 'due';
  /** a sys_user reference: the panel and the hover card offer "Message <name> in Mattermost" */
  person?: true;
}

export interface TableSpec {
  name: string;
  /** fallback only: prefer the display value of sys_class_name */
  label: string;
  /** the out-of-box number prefix (DEFAULT_PREFIXES); the instance's own come from sys_number */
  prefix: string | undefined;
  kind: TableKind;
  /** where the table keeps its state */
  stateField: string;
  /** what the compact card and a share read */
  cardRead: readonly string[];
  /** added for the hover / full card: description excerpt, caller or requested-for, category, opened */
  fullRead: readonly string[];
  /** what a search result reads besides number, text, state and update time */
  searchRead: readonly string[];
  /** what a card shows and a share posts, with titles; values always come from display values */
  cardShows: readonly CardField[];
  /** what the hover card shows after the card's fields: how the record is classified, when it was opened */
  hoverShows: readonly CardField[];
  /**
   * What the record panel's summary shows (issue 12: key fields, who it is for, SLA-relevant dates). Read by
   * the same request as the hover card ('full', catalogue.ts sysparmFields), never one of its own.
   */
  panelShows: readonly PanelField[];
  /**
   * Whether Service Operations Workspace opens this table's records (`/now/sow/record/<table>/<sys_id>`,
   * platform-contracts.md B.11; SOW covers "incidents, changes, requests, and approvals", ServiceNow docs,
   * "Service Operations Workspace for ITSM"). Otherwise "Open in ServiceNow" falls back to the classic form.
   */
  workspace: boolean;
  /** how search reaches it: through the one `task` request, a request of its own, or not by itself */
  search: 'task' | 'own' | undefined;
  /** a card's edge colour: by priority value, or (knowledge) by workflow state */
  accent: 'priority' | 'workflow';
}

/** The task (search) fields plus assignment_group, which every task card shows (issue 5). */
const TASK_CARD = ['sys_id', 'number', 'short_description', 'sys_class_name', 'state', 'priority', 'assigned_to', 'assignment_group', 'sys_updated_on'];
const TASK_FULL = ['description', 'opened_at'];
const HOVER: readonly CardField[] = [
  { name: 'category', title: 'Category' },
  { name: 'opened_at', title: 'Opened' },
];
const taskShows = (stateField: string, ...who: CardField[]): CardField[] => [
  { name: stateField, title: 'State' },
  { name: 'priority', title: 'Priority' },
  { name: 'assigned_to', title: 'Assigned to' },
  { name: 'assignment_group', title: 'Assignment group' },
  ...who,
];
const CALLER = { name: 'caller_id', title: 'Caller' };

const key = (name: string, title: string): PanelField => ({ name, title, group: 'key', kind: 'text' });
const forWhom = (name: string, title: string): PanelField => ({ name, title, group: 'for', kind: 'text', person: true });
const date = (name: string, title: string, kind: 'date' | 'due' = 'date'): PanelField => ({ name, title, group: 'dates', kind });
/** The task dates that matter for an SLA (task fields, every task table has them): opened, due, SLA due, closed. */
const OPENED = date('opened_at', 'Opened');
const DUE = date('due_date', 'Due', 'due');
const SLA_DUE = date('sla_due', 'SLA due', 'due');
const RESOLVED = date('resolved_at', 'Resolved');
const CLOSED = date('closed_at', 'Closed');
const OPENED_BY = forWhom('opened_by', 'Opened by');
/** State, priority, then what classifies the record, then who has it. */
const panelTask = (stateField: string, classify: PanelField[], who: PanelField, dates: PanelField[]): PanelField[] => [
  key(stateField, 'State'),
  key('priority', 'Priority'),
  ...classify,
  { ...key('assigned_to', 'Assigned to'), person: true },
  key('assignment_group', 'Assignment group'),
  who,
  ...dates,
];
const REQUESTED_FOR = { name: 'requested_for', title: 'Requested for' };

const DEFAULT_PREFIX_OF: Record<string, string> = Object.fromEntries(Object.entries(DEFAULT_PREFIXES).map(([p, t]) => [t, p]));

/** A task table: what every spec starts from, and what a table without one is. */
function task(name: string, label: string, own: Partial<TableSpec> = {}): TableSpec {
  const stateField = own.stateField ?? 'state';
  return {
    name,
    label,
    prefix: DEFAULT_PREFIX_OF[name],
    kind: 'task',
    stateField,
    cardRead: TASK_CARD,
    fullRead: TASK_FULL,
    searchRead: ['priority', 'assigned_to'],
    cardShows: taskShows(stateField),
    hoverShows: HOVER,
    panelShows: panelTask(stateField, [], OPENED_BY, [OPENED, DUE, SLA_DUE, CLOSED]),
    workspace: false,
    search: 'task',
    accent: 'priority',
    ...own,
  };
}

/** In this order: the `task` request lists its classes so. */
const SPECS: readonly TableSpec[] = [
  task('incident', 'Incident', {
    cardRead: ['sys_id', 'number', 'short_description', 'state', 'priority', 'impact', 'urgency', 'assigned_to', 'assignment_group', 'caller_id', 'category', 'opened_at', 'sys_updated_on', 'cmdb_ci'],
    fullRead: [...TASK_FULL, 'caller_id', 'category'],
    cardShows: taskShows('state', CALLER),
    panelShows: panelTask('state', [key('category', 'Category')], forWhom('caller_id', 'Caller'), [OPENED, DUE, SLA_DUE, RESOLVED, CLOSED]),
    workspace: true,
  }),
  task('problem', 'Problem', {
    cardRead: ['sys_id', 'number', 'short_description', 'state', 'priority', 'assigned_to', 'assignment_group', 'known_error', 'opened_at', 'sys_updated_on'],
    fullRead: [...TASK_FULL, 'category'],
    panelShows: panelTask('state', [key('category', 'Category')], OPENED_BY, [OPENED, DUE, SLA_DUE, RESOLVED, CLOSED]),
    workspace: true,
  }),
  task('problem_task', 'Problem Task', {
    panelShows: panelTask('state', [key('problem_task_type', 'Type')], OPENED_BY, [OPENED, DUE, SLA_DUE, CLOSED]),
    workspace: true,
  }),
  task('change_request', 'Change Request', {
    cardRead: ['sys_id', 'number', 'short_description', 'state', 'type', 'risk', 'priority', 'assigned_to', 'assignment_group', 'start_date', 'end_date', 'approval', 'sys_updated_on'],
    fullRead: [...TASK_FULL, 'category'],
    // the planned window is what a change is held to (start_date / end_date are "Planned start / end date")
    panelShows: panelTask('state', [key('type', 'Type'), key('risk', 'Risk')], forWhom('requested_by', 'Requested by'), [
      date('start_date', 'Planned start'),
      date('end_date', 'Planned end'),
      OPENED,
      DUE,
      CLOSED,
    ]),
    workspace: true,
  }),
  task('change_task', 'Change Task', {
    panelShows: panelTask('state', [key('change_task_type', 'Type')], OPENED_BY, [
      date('planned_start_date', 'Planned start'),
      date('planned_end_date', 'Planned end'),
      OPENED,
      DUE,
      CLOSED,
    ]),
    workspace: true,
  }),
  // a request is about a person before it is about a state
  task('sc_request', 'Request', {
    stateField: 'request_state',
    cardRead: [...TASK_CARD, 'request_state', 'requested_for'],
    fullRead: [...TASK_FULL, 'requested_for'],
    cardShows: taskShows('request_state', REQUESTED_FOR),
    panelShows: panelTask('request_state', [key('approval', 'Approval')], forWhom('requested_for', 'Requested for'), [OPENED, DUE, SLA_DUE, CLOSED]),
    workspace: true,
  }),
  task('sc_req_item', 'Requested Item', {
    cardRead: ['sys_id', 'number', 'short_description', 'cat_item', 'state', 'stage', 'approval', 'request', 'requested_for', 'assigned_to', 'assignment_group', 'sys_updated_on'],
    fullRead: [...TASK_FULL, 'requested_for'],
    cardShows: taskShows('state', REQUESTED_FOR),
    panelShows: panelTask('state', [key('stage', 'Stage'), key('cat_item', 'Item')], forWhom('requested_for', 'Requested for'), [OPENED, DUE, SLA_DUE, CLOSED]),
    workspace: true,
  }),
  task('sc_task', 'Catalog Task', { workspace: true }),
  task('kb_knowledge', 'Knowledge', {
    kind: 'knowledge',
    stateField: 'workflow_state',
    cardRead: ['sys_id', 'number', 'short_description', 'workflow_state', 'kb_knowledge_base', 'kb_category', 'author', 'sys_view_count', 'valid_to', 'sys_updated_on'],
    fullRead: ['published'],
    searchRead: ['kb_knowledge_base', 'kb_category'],
    cardShows: [
      { name: 'kb_knowledge_base', title: 'Knowledge base' },
      { name: 'workflow_state', title: 'Workflow' },
      { name: 'kb_category', title: 'Category' },
      { name: 'author', title: 'Author' },
    ],
    panelShows: [
      key('workflow_state', 'Workflow'),
      key('kb_knowledge_base', 'Knowledge base'),
      key('kb_category', 'Category'),
      forWhom('author', 'Author'),
      date('published', 'Published'),
      date('valid_to', 'Valid to'),
      date('sys_updated_on', 'Updated'),
    ],
    // not a SOW record: knowledge opens in its classic form
    workspace: false,
    search: 'own',
    accent: 'workflow',
  }),
  // the parent of every task table: searched through, never as a class of its own
  task('task', 'Task', { search: undefined }),
  task('cert_follow_on_task', 'Follow On Task'),
];
const BY_NAME = new Map(SPECS.map((s) => [s.name, s]));

export const BUILTIN_TABLES: readonly string[] = SPECS.map((s) => s.name);

/** The task tables searched through `task` in one request (sys_class_name names each row's table). */
export const TASK_SEARCH_TABLES: readonly string[] = SPECS.filter((s) => s.search === 'task').map((s) => s.name);

/** What NowBridge knows about any table; a table it has no spec for is a task table labelled by its name. */
export function tableSpec(table: string): TableSpec {
  return BY_NAME.get(table) ?? task(table, table);
}
