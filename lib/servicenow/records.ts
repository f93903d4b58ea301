/**
 * Table API rows → SnRecord, and fetching records in as few requests as the Table API allows:
 * one list request per table per ≤100 references (`sys_idIN` / `numberIN`), all tables in parallel.
 *
 * Reading through `task`: its choice labels are task-level (an incident's state 2 reads "Work in
 * Progress" there, "In Progress" on incident; ServiceNow docs, "Table API"), and its fields are only the task ones. So for the
 * 'card' and 'full' variants a record that came back through `task` is read again from its concrete
 * table (one more request per concrete table, batched the same way). 'search' keeps the task-level
 * row: the popup lists many records and only needs number, text, state and updated.
 */
import { HttpError, NotConnectedError } from '../http';
import { type FieldsVariant, sysparmFields } from './catalogue';
import { tableSpec } from './tables';
import { type FieldValue, RECORD_NUMBER, type RecordKeyRef, type RecordLookup, refKey, type SnRecord } from './record';
import { canonicalRecordUrl, isSysId, isTableName } from './record-url';
import { escapeQueryValue, type RawRow, type TableClient } from './table-client';
import { snDateToIso } from './user-dates';

export { type RecordKeyRef, refKey } from './record';

/** At most this many values in one `IN` condition: keeps URLs well below proxy limits. */
export const BATCH_SIZE = 100;

/**
 * The value a reference is read by, normalised (sys_ids lower case, numbers upper case), or undefined when it
 * cannot be a sys_id or a number (it would break the query: RECORD_NUMBER): that reference is "not found".
 */
function lookupValue(ref: RecordKeyRef): string | undefined {
  const value = 'sys_id' in ref ? ref.sys_id.toLowerCase() : ref.number.trim().toUpperCase();
  return ('sys_id' in ref ? isSysId(value) : RECORD_NUMBER.test(value)) ? value : undefined;
}

export const NOT_FOUND: RecordLookup = { ok: false, reason: 'not-found', message: 'No access or not found' };


const field = (v: RawRow[string] | undefined): FieldValue | undefined =>
  v === undefined ? undefined : typeof v === 'string' ? { value: v, display: v } : { value: v.value, display: v.display_value };

export { snDateToIso } from './user-dates';

/** A row as read from `table` (the concrete table comes from sys_class_name when read through `task`). */
export function toRecord(instance: string, table: string, row: RawRow): SnRecord {
  const fields: Record<string, FieldValue> = {};
  for (const [k, v] of Object.entries(row)) fields[k] = field(v)!;
  const cls = fields.sys_class_name?.value ?? '';
  const concrete = table === 'task' && isTableName(cls) ? cls : table;
  const origin = instance.replace(/\/+$/, '');
  const sys_id = (fields.sys_id?.value ?? '').toLowerCase();
  const state = fields[tableSpec(concrete).stateField] ?? fields.state;
  return {
    instance: origin,
    table: concrete,
    sys_id,
    number: fields.number?.value ?? '',
    shortDescription: fields.short_description?.display ?? '',
    url: canonicalRecordUrl(sys_id ? { origin, table: concrete, sys_id } : { origin, table: concrete, number: fields.number?.value ?? '' }),
    ...(state ? { state } : {}),
    ...(fields.priority ? { priority: fields.priority } : {}),
    updatedAt: snDateToIso(fields.sys_updated_on?.value),
    fields,
  };
}

/** Where a number with no known table is looked up (ServiceNow docs on record numbering, `sys_number`): knowledge is not a task. */
const tableForNumber = (ref: { table?: string; number: string }) =>
  ref.table && isTableName(ref.table) ? ref.table : /^KB\d/i.test(ref.number.trim()) ? 'kb_knowledge' : 'task';

/** What a failed request means for every reference it carried. */
export function lookupError(err: unknown): RecordLookup {
  if (!(err instanceof HttpError)) return { ok: false, reason: 'error', message: 'Something went wrong reading ServiceNow.' };
  if (err instanceof NotConnectedError) return { ok: false, reason: 'not-connected', message: err.message };
  // 403 on a query is "you may not read this table": to the viewer that is the same as no access.
  if (err.kind === 'not-found' || err.kind === 'forbidden') return NOT_FOUND;
  if (err.kind === 'unauthorized') return { ok: false, reason: 'needs-sign-in', message: err.message };
  return { ok: false, reason: 'error', message: err.message };
}

const chunks = <T>(xs: readonly T[], n: number): T[][] => Array.from({ length: Math.ceil(xs.length / n) }, (_, i) => xs.slice(i * n, i * n + n));

/** What one table is asked for: normalised value → keys of the references asking for it, by sys_id and by number. */
interface Wanted {
  sys_id: Map<string, string[]>;
  number: Map<string, string[]>;
}

/**
 * The rows for these sys_ids and numbers of one table: ONE list request per ≤100 values, sys_ids and numbers
 * together (`sys_idIN…^NQnumberIN…`: `^NQ` ORs two queries, ServiceNow docs, "Encoded query strings"), all chunks
 * in parallel. Values never contain commas or carets (lookupValue).
 */
async function listIn(client: TableClient, table: string, sysIds: readonly string[], numbers: readonly string[], variant: FieldsVariant, signal?: AbortSignal) {
  const values = [...sysIds.map((v) => ['sys_id', v] as const), ...numbers.map((v) => ['number', v] as const)];
  const rows = await Promise.all(
    chunks(values, BATCH_SIZE).map(async (chunk) => {
      const of = (by: 'sys_id' | 'number') => chunk.filter(([b]) => b === by).map(([, v]) => escapeQueryValue(v));
      const [ids, nums] = [of('sys_id'), of('number')];
      const query = [ids.length ? `sys_idIN${ids.join(',')}` : '', nums.length ? `numberIN${nums.join(',')}` : ''].filter(Boolean).join('^NQ');
      // Numbers may repeat across tables read through `task`: room for a duplicate per number.
      const limit = ids.length + nums.length * 2;
      return (await client.list(table, { query, fields: sysparmFields(table, variant), limit, signal })).rows;
    }),
  );
  return rows.flat();
}

/**
 * Reads every referenced record: one request per table per chunk of ≤100, sys_ids and numbers together, all in
 * parallel. Every key of `refs` (see refKey) gets a lookup; anything not returned is "No access or not found".
 */
export async function fetchRecords(
  client: TableClient,
  refs: readonly RecordKeyRef[],
  variant: FieldsVariant,
  signal?: AbortSignal,
): Promise<Map<string, RecordLookup>> {
  const tables = new Map<string, Wanted>();
  const out = new Map<string, RecordLookup>();
  for (const ref of refs) {
    const key = refKey(ref);
    if (out.has(key)) continue;
    out.set(key, NOT_FOUND);
    const bySys = 'sys_id' in ref;
    const table = bySys ? ref.table : tableForNumber(ref);
    // Checked one by one: a reference that cannot be read is its own "not found", and every other reference of
    // the batch is still read.
    const value = lookupValue(ref);
    if (!isTableName(table) || !value) continue;
    const want = tables.get(table) ?? { sys_id: new Map(), number: new Map() };
    tables.set(table, want);
    const by = want[bySys ? 'sys_id' : 'number'];
    by.set(value, [...(by.get(value) ?? []), key]);
  }

  const viaTask: { record: SnRecord; keys: string[] }[] = [];
  await Promise.all(
    [...tables].map(async ([table, want]) => {
      let rows: RawRow[];
      try {
        rows = await listIn(client, table, [...want.sys_id.keys()], [...want.number.keys()], variant, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        for (const keys of [...want.sys_id.values(), ...want.number.values()]) for (const k of keys) out.set(k, lookupError(err));
        return;
      }
      for (const row of rows) {
        const record = toRecord(client.base, table, row);
        const number = record.number.toUpperCase();
        // One row may answer a reference by sys_id and one by number; for a number, the first row wins.
        const keys = [...(want.sys_id.get(record.sys_id) ?? []), ...(want.number.get(number) ?? [])];
        want.sys_id.delete(record.sys_id);
        want.number.delete(number);
        if (!keys.length) continue;
        if (table === 'task' && record.table !== 'task' && variant !== 'search') viaTask.push({ record, keys });
        for (const k of keys) out.set(k, { ok: true, record });
      }
    }),
  );
  await rereadConcrete(client, viaTask, variant, out, signal);
  return out;
}

/** Records found through `task`, read again from their concrete tables for the right labels and fields. */
async function rereadConcrete(
  client: TableClient,
  found: readonly { record: SnRecord; keys: string[] }[],
  variant: FieldsVariant,
  out: Map<string, RecordLookup>,
  signal?: AbortSignal,
): Promise<void> {
  const byTable = new Map<string, { record: SnRecord; keys: string[] }[]>();
  for (const f of found) byTable.set(f.record.table, [...(byTable.get(f.record.table) ?? []), f]);
  await Promise.all(
    [...byTable].map(async ([table, items]) => {
      let rows: RawRow[];
      try {
        rows = await listIn(client, table, items.map((i) => i.record.sys_id), [], variant, signal);
      } catch (err) {
        if (signal?.aborted) throw err;
        return; // the task-level record already in `out` is better than an error
      }
      const byId = new Map(rows.map((r) => [toRecord(client.base, table, r).sys_id, r]));
      for (const { record, keys } of items) {
        const row = byId.get(record.sys_id);
        if (row) for (const k of keys) out.set(k, { ok: true, record: toRecord(client.base, table, row) });
      }
    }),
  );
}

/**
 * One record. A known table costs exactly one request: `get` by sys_id, or `number=` with limit 1.
 * A number with no table goes through `task` (kb_knowledge for KB…) and, for cards, its concrete table.
 */
export async function fetchRecord(client: TableClient, ref: RecordKeyRef, variant: FieldsVariant, signal?: AbortSignal): Promise<RecordLookup> {
  const table = 'sys_id' in ref ? ref.table : tableForNumber(ref);
  const value = lookupValue(ref);
  if (!value) return NOT_FOUND;
  if (table === 'task') return (await fetchRecords(client, [ref], variant, signal)).get(refKey(ref)) ?? NOT_FOUND;
  try {
    if ('sys_id' in ref) {
      return { ok: true, record: toRecord(client.base, table, await client.get(table, value, sysparmFields(table, variant), signal)) };
    }
    const query = `number=${escapeQueryValue(value)}`;
    const { rows } = await client.list(table, { query, fields: sysparmFields(table, variant), limit: 1, signal });
    return rows[0] ? { ok: true, record: toRecord(client.base, table, rows[0]) } : NOT_FOUND;
  } catch (err) {
    if (signal?.aborted) throw err;
    return lookupError(err);
  }
}
