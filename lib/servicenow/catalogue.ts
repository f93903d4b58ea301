/**
 * Reads and looks per table, from its spec (tables.ts): the explicit fields to ask for, a record's colour, and
 * the instance's own number prefixes.
 */
import { DEFAULT_PREFIXES, minDigitsFromSysNumber, prefixesFromSysNumber, type SysNumberRow } from './record-number';
import type { SnRecord } from './record';
import type { RawRow, TableClient } from './table-client';
import { type TableSpec, tableSpec } from './tables';

export type FieldsVariant = 'card' | 'full' | 'search';

/**
 * The explicit sysparm_fields for a read. Always carries sys_id, number, short_description,
 * sys_updated_on and the state field; sys_class_name for task tables (it names the concrete table
 * when reading through `task`, and a label for the table that the instance controls).
 */
export function sysparmFields(table: string, variant: FieldsVariant): string {
  const spec = tableSpec(table);
  const always = ['sys_id', 'number', 'short_description', spec.stateField, 'sys_updated_on'];
  if (spec.kind === 'task') always.push('sys_class_name');
  const fields = variant === 'search' ? spec.searchRead : variant === 'full' ? [...spec.cardRead, ...spec.fullRead, ...panelRead(spec)] : spec.cardRead;
  return [...new Set([...always, ...fields])].join(',');
}

/**
 * The record panel's summary fields, read with the hover card's ('full'): the panel opens with that one request
 * (issue 12). `active` tells a task's open due date (overdue) from a closed one's.
 */
const panelRead = (spec: TableSpec): string[] => [...spec.panelShows.map((f) => f.name), ...(spec.kind === 'task' ? ['active'] : [])];

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
  if (tableSpec(record.table).accent === 'workflow') {
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
 * The instance's number prefixes from `sys_number` (ServiceNow docs on record numbering, `sys_number`). Anything going wrong (403 for users who may
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
