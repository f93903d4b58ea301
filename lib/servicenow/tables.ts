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
  }),
  task('problem', 'Problem', {
    cardRead: ['sys_id', 'number', 'short_description', 'state', 'priority', 'assigned_to', 'assignment_group', 'known_error', 'opened_at', 'sys_updated_on'],
    fullRead: [...TASK_FULL, 'category'],
  }),
  task('problem_task', 'Problem Task'),
  task('change_request', 'Change Request', {
    cardRead: ['sys_id', 'number', 'short_description', 'state', 'type', 'risk', 'priority', 'assigned_to', 'assignment_group', 'start_date', 'end_date', 'approval', 'sys_updated_on'],
    fullRead: [...TASK_FULL, 'category'],
  }),
  task('change_task', 'Change Task'),
  // a request is about a person before it is about a state
  task('sc_request', 'Request', {
    stateField: 'request_state',
    cardRead: [...TASK_CARD, 'request_state', 'requested_for'],
    fullRead: [...TASK_FULL, 'requested_for'],
    cardShows: taskShows('request_state', REQUESTED_FOR),
  }),
  task('sc_req_item', 'Requested Item', {
    cardRead: ['sys_id', 'number', 'short_description', 'cat_item', 'state', 'stage', 'approval', 'request', 'requested_for', 'assigned_to', 'assignment_group', 'sys_updated_on'],
    fullRead: [...TASK_FULL, 'requested_for'],
    cardShows: taskShows('state', REQUESTED_FOR),
  }),
  task('sc_task', 'Catalog Task'),
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
