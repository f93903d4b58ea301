/**
 * The table catalogue: which fields NowBridge asks for per table, where a table keeps its state, its
 * number prefix and its colour rule. Labels here are fallbacks only: what the user sees comes from the
 * data (`sys_class_name` and choice display values), because instances rename and translate them.
 */
import { DEFAULT_PREFIXES, minDigitsFromSysNumber, prefixesFromSysNumber, type SysNumberRow } from './record-number';
import type { SnRecord } from './record';
import { isTableName } from './record-url';
import type { RawRow, TableClient } from './table-client';

export type TableKind = 'task' | 'knowledge';
export type FieldsVariant = 'card' | 'full' | 'search';

export interface TableInfo {
  name: string;
  /** fallback only: prefer the display value of sys_class_name */
  label: string;
  /** the out-of-box number prefix (B.12); the instance's own comes from loadPrefixes */
  prefix: string | undefined;
  /** what the compact card and a share need (B.14) */
  cardFields: readonly string[];
  /** added for the hover / full card: description excerpt, caller or requested-for, category, opened */
  fullExtra: readonly string[];
  stateField: string;
  kind: TableKind;
}

/** B.14's task (search) list plus assignment_group, which every task card shows (issue 5). */
const TASK_CARD = ['sys_id', 'number', 'short_description', 'sys_class_name', 'state', 'priority', 'assigned_to', 'assignment_group', 'sys_updated_on'];
const TASK_FULL = ['description', 'opened_at'];

/** B.14, verbatim where it lists the table. */
const CARD: Record<string, readonly string[]> = {
  incident: ['sys_id', 'number', 'short_description', 'state', 'priority', 'impact', 'urgency', 'assigned_to', 'assignment_group', 'caller_id', 'category', 'opened_at', 'sys_updated_on', 'cmdb_ci'],
  problem: ['sys_id', 'number', 'short_description', 'state', 'priority', 'assigned_to', 'assignment_group', 'known_error', 'opened_at', 'sys_updated_on'],
  change_request: ['sys_id', 'number', 'short_description', 'state', 'type', 'risk', 'priority', 'assigned_to', 'assignment_group', 'start_date', 'end_date', 'approval', 'sys_updated_on'],
  sc_req_item: ['sys_id', 'number', 'short_description', 'cat_item', 'state', 'stage', 'approval', 'request', 'requested_for', 'assigned_to', 'assignment_group', 'sys_updated_on'],
  // a request is about a person before it is about a state
  sc_request: [...TASK_CARD, 'request_state', 'requested_for'],
  kb_knowledge: ['sys_id', 'number', 'short_description', 'workflow_state', 'kb_knowledge_base', 'kb_category', 'author', 'sys_view_count', 'valid_to', 'sys_updated_on'],
};

/** Hover-card extras per table: who it is for, how it is classified. */
const FULL: Record<string, readonly string[]> = {
  incident: [...TASK_FULL, 'caller_id', 'category'],
  problem: [...TASK_FULL, 'category'],
  change_request: [...TASK_FULL, 'category'],
  sc_request: [...TASK_FULL, 'requested_for'],
  sc_req_item: [...TASK_FULL, 'requested_for'],
  kb_knowledge: ['published'],
};

const LABELS: Record<string, string> = {
  incident: 'Incident',
  problem: 'Problem',
  problem_task: 'Problem Task',
  change_request: 'Change Request',
  change_task: 'Change Task',
  sc_request: 'Request',
  sc_req_item: 'Requested Item',
  sc_task: 'Catalog Task',
  kb_knowledge: 'Knowledge',
  task: 'Task',
  cert_follow_on_task: 'Follow On Task',
};

export const BUILTIN_TABLES: readonly string[] = Object.keys(LABELS);

const STATE_FIELD: Record<string, string> = { kb_knowledge: 'workflow_state', sc_request: 'request_state' };

const DEFAULT_PREFIX_OF: Record<string, string> = Object.fromEntries(Object.entries(DEFAULT_PREFIXES).map(([p, t]) => [t, p]));

/** What NowBridge knows about any table; a table it has no entry for is treated as a task table. */
export function tableInfo(table: string): TableInfo {
  const kind: TableKind = table === 'kb_knowledge' ? 'knowledge' : 'task';
  return {
    name: table,
    label: LABELS[table] ?? table,
    prefix: DEFAULT_PREFIX_OF[table],
    cardFields: CARD[table] ?? TASK_CARD,
    fullExtra: FULL[table] ?? TASK_FULL,
    stateField: STATE_FIELD[table] ?? 'state',
    kind,
  };
}

export interface Catalogue {
  tables: readonly TableInfo[];
  get(table: string): TableInfo | undefined;
}

/** The built-in tables plus those the user added in options (invalid names and duplicates ignored). */
export function createCatalogue(extraTables: readonly string[] = []): Catalogue {
  const names = [...new Set([...BUILTIN_TABLES, ...extraTables.map((t) => t.trim()).filter(isTableName)])];
  const tables = names.map(tableInfo);
  const byName = new Map(tables.map((t) => [t.name, t]));
  return { tables, get: (t) => byName.get(t) };
}

/**
 * The explicit sysparm_fields for a read. Always carries sys_id, number, short_description,
 * sys_updated_on and the state field; sys_class_name for task tables (it names the concrete table
 * when reading through `task`, and a label for the table that the instance controls).
 */
export function sysparmFields(table: string, variant: FieldsVariant): string {
  const info = tableInfo(table);
  const always = ['sys_id', 'number', 'short_description', info.stateField, 'sys_updated_on'];
  if (info.kind === 'task') always.push('sys_class_name');
  let fields: readonly string[];
  if (variant === 'search') {
    fields = info.kind === 'knowledge' ? ['kb_knowledge_base', 'kb_category'] : ['priority', 'assigned_to'];
  } else {
    fields = variant === 'full' ? [...info.cardFields, ...info.fullExtra] : info.cardFields;
  }
  return [...new Set([...always, ...fields])].join(',');
}

export const RECORD_COLORS = {
  red: '#D93025',
  orange: '#E8710A',
  yellow: '#F9AB00',
  grey: '#80868B',
  green: '#1E8E3E',
  blue: '#1A73E8',
} as const;

const PRIORITY_COLOR: Record<string, string> = {
  '1': RECORD_COLORS.red,
  '2': RECORD_COLORS.orange,
  '3': RECORD_COLORS.yellow,
  '4': RECORD_COLORS.grey,
  '5': RECORD_COLORS.grey,
};

const KNOWLEDGE_COLOR: Record<string, string> = {
  published: RECORD_COLORS.green,
  // still published and readable until it retires
  pending_retirement: RECORD_COLORS.green,
  draft: RECORD_COLORS.blue,
  review: RECORD_COLORS.blue,
  retired: RECORD_COLORS.grey,
  outdated: RECORD_COLORS.grey,
};

/** `#RRGGBB` for a card's edge and a post's attachment: by priority value, knowledge by workflow state. */
export function recordColor(record: Pick<SnRecord, 'table' | 'state' | 'priority' | 'fields'>): string {
  if (tableInfo(record.table).kind === 'knowledge') {
    const ws = record.state?.value ?? record.fields.workflow_state?.value ?? '';
    return KNOWLEDGE_COLOR[ws] ?? RECORD_COLORS.grey;
  }
  return PRIORITY_COLOR[(record.priority?.value ?? '').trim()] ?? RECORD_COLORS.grey;
}

export interface Numbering {
  /** prefix → table, the instance's entries over DEFAULT_PREFIXES */
  prefixes: Record<string, string>;
  /** digits to require when scanning text for numbers */
  minDigits: number;
}

/**
 * The instance's number prefixes from `sys_number` (B.12). Anything going wrong (403 for users who may
 * not read it, a timeout) falls back to the defaults: detection must work without them.
 */
export async function loadNumbering(client: TableClient, signal?: AbortSignal): Promise<Numbering> {
  try {
    const rows: SysNumberRow[] = [];
    // sys_number is small, but follow a page or two in case an instance has many custom tables.
    let offset: number | undefined = 0;
    for (let page = 0; page < 5 && offset !== undefined; page++) {
      const res = await client.list('sys_number', { fields: 'category,prefix,maximum_digits', limit: 1000, offset, displayValue: 'false', signal });
      rows.push(...res.rows.map(sysNumberRow));
      offset = res.nextOffset;
    }
    return { prefixes: { ...DEFAULT_PREFIXES, ...prefixesFromSysNumber(rows) }, minDigits: minDigitsFromSysNumber(rows) };
  } catch (err) {
    if (signal?.aborted) throw err;
    return { prefixes: { ...DEFAULT_PREFIXES }, minDigits: minDigitsFromSysNumber([]) };
  }
}

/** Raw values whatever display mode the row came in. */
function sysNumberRow(row: RawRow): SysNumberRow {
  const v = (k: string) => {
    const f = row[k];
    return typeof f === 'object' ? f.value : f;
  };
  return { category: v('category'), prefix: v('prefix'), maximum_digits: v('maximum_digits') };
}
