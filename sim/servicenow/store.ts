/**
 * The simulated instance's database: rows per table (seeded deterministically), the `task` view over every
 * task table, dot-walk resolution, display values, journals and writes. The Table API (table-api.ts) and the
 * front side's UI pages both read through it; the SnStore methods apply ACLs, the extra helpers do not.
 */
import { prng } from '../server';
import type { SnFieldValue, SnRow, SnStore, SnUser } from './types';
import { canReadField, canReadRow } from './acl';
import { displayOf, formatJournal } from './display';
import { snDateTime, type DatePrefs } from './dates';
import { DEFAULT_POLICIES, mayWriteField, refusalFor, WriteRefused, type WritePolicies } from './policies';
import { applyRules, approvalOf, priorityOf } from './rules';
import { generateSeed, numberFor } from './seed';
import { NUMBER_PREFIXES, TABLES, TASK_TABLES, isTaskFamily, tableDef, type FieldDef, type TableDef } from './schema';

export interface Resolved {
  value: string;
  def: FieldDef;
  /** table that owns the last field of the path */
  table: string;
  /** row that owns the last field (undefined when a dot-walk crossed an empty or dangling reference) */
  row: SnRow | undefined;
  field: string;
}

export interface WriteOptions {
  /** sysparm_input_display_value=true: choice labels and reference display values are translated */
  inputDisplay?: boolean;
}

const DEFAULT_STATE: Record<string, string> = { incident: '1', problem: '101', problem_task: '151', change_request: '-5' };

export interface SimStore extends SnStore {
  readonly seed: number;
  /** data policies, business rules, field write ACLs and journal readability (policies.ts); tests switch them */
  policies: WritePolicies;
  /** sys_ids of the groups a user belongs to (sys_user_grmember) */
  groupsOf(user_sys_id: string): string[];
  def(table: string): TableDef | undefined;
  /** every row of a table or of the `task` view, in storage order; no ACLs. Do not mutate. */
  scan(table: string): SnRow[];
  /** the row if it belongs to `table` (any task table for `task`); no ACLs */
  get(table: string, sys_id: string): SnRow | undefined;
  byId(sys_id: string): { table: string; row: SnRow } | undefined;
  /** resolves `field` or a dot-walked `ref.field`; undefined when the path does not exist */
  resolve(table: string, row: SnRow | undefined, path: string): Resolved | undefined;
  /** the display value, as `viewer` sees it (date-times in their format and zone) */
  display(table: string, row: SnRow, path: string, viewer?: SnUser): string;
  /** searchable text of a row for 123TEXTQUERY321 (string and HTML fields of the table) */
  text(table: string, row: SnRow): string;
  choiceLabel(table: string, element: string, value: string): string | undefined;
  /** formatted journal of a record, newest first, for the given elements */
  journal(sys_id: string, elements: readonly string[], viewer?: DatePrefs): string;
  canRead(table: string, row: SnRow, user: SnUser): boolean;
  canReadField(table: string, field: string, user: SnUser): boolean;
  /** throws WriteRefused when a data policy or business rule refuses the write (nothing is saved) */
  insert(table: string, values: Record<string, unknown>, user: SnUser, opts?: WriteOptions): SnRow;
  /** throws WriteRefused when a data policy or business rule refuses the write (nothing is saved) */
  update(table: string, sys_id: string, values: Record<string, unknown>, user: SnUser, opts?: WriteOptions): SnRow | undefined;
  remove(sys_id: string): boolean;
  /** current time as a ServiceNow date-time string */
  now(): string;
}

export interface StoreOptions {
  /** clock for sys_created_on / sys_updated_on of writes (the seed itself never uses it) */
  now?: () => number;
}

export function createStore(seed = 1, opts: StoreOptions = {}): SimStore {
  const data = generateSeed(seed);
  const users = data.users;
  const rows = new Map<string, SnRow[]>();
  const index = new Map<string, { table: string; row: SnRow }>();
  const journals = new Map<string, SnRow[]>();
  const counters = new Map<string, number>();
  const clock = opts.now ?? Date.now;
  const ids = prng(seed ^ 0x5eed);
  let choiceIndex: Map<string, Map<string, string>> | undefined;

  for (const name of TABLES.keys()) rows.set(name, []);
  const put = (table: string, row: SnRow) => {
    rows.get(table)!.push(row);
    index.set(row.sys_id!, { table, row });
    if (table === 'sys_journal_field') {
      const list = journals.get(row.element_id!) ?? [];
      list.push(row);
      journals.set(row.element_id!, list);
    }
    if (table === 'sys_choice') choiceIndex = undefined;
  };
  for (const [table, list] of Object.entries(data.rows)) for (const row of list) put(table, row);
  // the next number per table continues after the highest seeded one
  for (const table of Object.keys(NUMBER_PREFIXES)) {
    const max = Math.max(10000, ...(rows.get(table) ?? []).map((r) => Number((r.number ?? '').replace(/^\D+/, '')) || 0));
    counters.set(table, max + 1);
  }

  const newId = (): string => {
    let id = '';
    for (let i = 0; i < 4; i++) id += Math.floor(ids() * 2 ** 32).toString(16).padStart(8, '0');
    return index.has(id) ? newId() : id;
  };

  const choices = () => {
    if (!choiceIndex) {
      choiceIndex = new Map();
      for (const c of rows.get('sys_choice')!) {
        // every simulated user reads English; other languages' rows are only there for queries to filter
        if (c.language && c.language !== 'en') continue;
        const key = `${c.name}.${c.element}`;
        const m = choiceIndex.get(key) ?? new Map<string, string>();
        m.set(c.value!, c.label!);
        choiceIndex.set(key, m);
      }
    }
    return choiceIndex;
  };

  const store: SimStore = {
    seed,
    policies: { ...DEFAULT_POLICIES, fieldWriteRoles: { ...DEFAULT_POLICIES.fieldWriteRoles }, incidentCreateMandatory: [...DEFAULT_POLICIES.incidentCreateMandatory] },
    users: () => users,
    groupsOf: (uid) => rows.get('sys_user_grmember')!.filter((m) => m.user === uid).map((m) => m.group!),
    userByName: (n) => users.find((u) => u.user_name === n),
    userById: (id) => users.find((u) => u.sys_id === id),
    tables: () => [...TABLES.keys()],
    def: tableDef,
    classOf(sys_id) {
      const e = index.get(sys_id);
      return e ? (isTaskFamily(e.table) ? (e.row.sys_class_name ?? e.table) : e.table) : undefined;
    },
    scan(table) {
      if (table === 'task') return TASK_TABLES.flatMap((t) => rows.get(t) ?? []);
      return rows.get(table) ?? [];
    },
    get(table, sys_id) {
      const e = index.get(sys_id);
      if (!e) return undefined;
      if (e.table === table || (table === 'task' && isTaskFamily(e.table))) return e.row;
      return undefined;
    },
    byId: (sys_id) => index.get(sys_id),
    resolve(table, row, path) {
      const parts = path.split('.');
      let t = table;
      let r = row;
      for (let i = 0; i < parts.length; i++) {
        const field = parts[i]!;
        const def = tableDef(t)?.fields[field];
        if (!def) return undefined;
        const value = r?.[field] ?? '';
        if (i === parts.length - 1) return { value, def, table: t, row: r, field };
        if (def.type !== 'reference' || !def.ref) return undefined;
        t = def.ref;
        r = value ? store.get(t, value) : undefined;
      }
      return undefined;
    },
    display(table, row, path, viewer) {
      const res = store.resolve(table, row, path);
      return res ? displayOf(store, res, viewer ? datePrefsOf(viewer) : {}) : '';
    },
    text(table, row) {
      const fields = tableDef(table)?.fields ?? {};
      return Object.entries(fields)
        .filter(([, d]) => d.type === 'string' || d.type === 'html')
        .map(([f]) => row[f] ?? '')
        .join('\n');
    },
    choiceLabel(table, element, value) {
      const own = choices().get(`${table}.${element}`);
      if (own) return own.get(value);
      // task tables inherit the task-level list when they define none of their own
      if (isTaskFamily(table) && table !== 'task') return choices().get(`task.${element}`)?.get(value);
      return undefined;
    },
    journal(sys_id, elements, viewer) {
      const entries = (journals.get(sys_id) ?? []).filter((j) => elements.includes(j.element ?? ''));
      return formatJournal(entries, (user_name) => users.find((u) => u.user_name === user_name)?.name ?? user_name, viewer);
    },
    canRead: (table, row, user) => canReadRow(store, table, row, user),
    canReadField,
    read(table, sys_id, asUser) {
      const row = store.get(table, sys_id);
      const def = tableDef(table);
      if (!row || !def || !canReadRow(store, table, row, asUser)) return undefined;
      const out: SnRow = {};
      for (const f of Object.keys(def.fields)) if (canReadField(table, f, asUser)) out[f] = row[f] ?? '';
      return out;
    },
    readDisplay(table, sys_id, asUser) {
      const row = store.read(table, sys_id, asUser);
      const def = tableDef(table);
      const full = store.get(table, sys_id);
      if (!row || !def || !full) return undefined;
      const out: Record<string, SnFieldValue> = {};
      for (const f of Object.keys(row)) {
        const d = def.fields[f]!;
        const v: SnFieldValue = { value: row[f] ?? '', display_value: store.display(table, full, f, asUser) };
        if (d.type === 'reference' && d.ref) v.refTable = d.ref;
        out[f] = v;
      }
      return out;
    },
    findByNumber(table, number, asUser) {
      for (const row of store.scan(table)) {
        if (row.number !== number) continue;
        if (!canReadRow(store, table, row, asUser)) return undefined;
        return { table: store.classOf(row.sys_id!) ?? table, sys_id: row.sys_id! };
      }
      return undefined;
    },
    now: () => snDateTime(clock()),
    insert(table, values, user, wopts = {}) {
      const def = tableDef(table)!;
      const now = store.now();
      const row: SnRow = Object.fromEntries(Object.keys(def.fields).map((f) => [f, '']));
      const requested = typeof values.sys_id === 'string' && /^[0-9a-f]{32}$/.test(values.sys_id) && !index.has(values.sys_id);
      Object.assign(row, {
        sys_id: requested ? (values.sys_id as string) : newId(),
        sys_created_on: now,
        sys_created_by: user.user_name,
        sys_updated_on: now,
        sys_updated_by: user.user_name,
        sys_mod_count: '0',
      });
      if ('active' in def.fields) row.active = 'true';
      if (NUMBER_PREFIXES[table]) {
        const n = counters.get(table)!;
        counters.set(table, n + 1);
        row.number = numberFor(table, n);
      }
      if (isTaskFamily(table)) {
        Object.assign(row, {
          state: DEFAULT_STATE[table] ?? '1',
          impact: '3',
          urgency: '3',
          priority: '4',
          approval: 'not requested',
          opened_by: user.sys_id,
          opened_at: now,
          sys_class_name: table,
          sys_domain: 'global',
        });
        if (table === 'incident') row.incident_state = '1';
        if (table === 'sc_request') row.request_state = 'requested';
      }
      if (table === 'kb_knowledge') Object.assign(row, { workflow_state: 'draft', author: user.sys_id, article_type: 'html', sys_view_count: '0', valid_to: '2100-01-01' });
      if (table === 'sys_choice') Object.assign(row, { inactive: 'false', language: 'en' });
      const pending = writeFields(table, row, values, user, wopts);
      // priority is derived from impact × urgency on incidents, whatever the client sent
      if (table === 'incident') row.priority = priorityOf(row.impact ?? '3', row.urgency ?? '3');
      applyRules(table, row, new Set(['state']));
      const refusal = refusalFor(store.policies, table, undefined, row);
      if (refusal) throw new WriteRefused(refusal);
      put(table, row);
      for (const j of pending) appendJournal(table, row, j.element, j.value, user);
      // the approval engine asks for an approval and the task waits on it in the same transaction
      if (table === 'sysapproval_approver') syncApproval(row.sysapproval ?? '', user);
      return row;
    },
    update(table, sys_id, values, user, wopts = {}) {
      const row = store.get(table, sys_id);
      if (!row) return undefined;
      const cls = store.classOf(sys_id) ?? table;
      // Written to a copy first: a refused write saves nothing, journal entries included.
      const next = { ...row };
      const pending = writeFields(table, next, values, user, wopts);
      const changed = new Set(Object.keys(next).filter((k) => next[k] !== row[k]));
      applyRules(cls, next, changed);
      const refusal = refusalFor(store.policies, cls, row, next);
      if (refusal) throw new WriteRefused(refusal);
      Object.assign(row, next);
      for (const j of pending) appendJournal(cls, row, j.element, j.value, user);
      if (cls === 'sysapproval_approver' && changed.has('state')) syncApproval(row.sysapproval ?? '', user);
      if (changed.size || pending.length) {
        row.sys_updated_on = store.now();
        row.sys_updated_by = user.user_name;
        row.sys_mod_count = String(Number(row.sys_mod_count ?? '0') + 1);
      }
      if (cls === 'sys_choice') choiceIndex = undefined;
      return row;
    },
    remove(sys_id) {
      const e = index.get(sys_id);
      if (!e) return false;
      const list = rows.get(e.table)!;
      list.splice(list.indexOf(e.row), 1);
      index.delete(sys_id);
      if (e.table === 'sys_choice') choiceIndex = undefined;
      return true;
    },
  };

  /**
   * Copies writable values into the row: unknown fields, system fields and fields the user cannot read are
   * ignored (as on a real instance); journal inputs are returned to be appended, never stored on the row.
   */
  function writeFields(table: string, row: SnRow, values: Record<string, unknown>, user: SnUser, wopts: WriteOptions) {
    const def = tableDef(table)!;
    const pending: { element: string; value: string }[] = [];
    for (const [k, raw] of Object.entries(values)) {
      const d = def.fields[k];
      if (!d || k.startsWith('sys_') || !canReadField(table, k, user) || !mayWriteField(store.policies, table, k, user)) continue;
      let v = raw === null || raw === undefined ? '' : typeof raw === 'object' ? JSON.stringify(raw) : String(raw);
      if (d.type === 'journal') {
        if (v.trim() !== '') pending.push({ element: k, value: v });
        continue;
      }
      if (d.type === 'journal_list') continue;
      if (wopts.inputDisplay) v = fromDisplay(table, k, d, v);
      row[k] = v;
    }
    return pending;
  }

  /** sysparm_input_display_value: a choice label or a reference's display value becomes the stored value */
  function fromDisplay(table: string, field: string, d: FieldDef, v: string): string {
    if (d.type === 'choice') {
      const cls = table;
      for (const t of [cls, 'task']) {
        const list = choices().get(`${t}.${field}`);
        if (!list) continue;
        for (const [value, label] of list) if (label === v) return value;
        return v;
      }
    }
    if (d.type === 'reference' && d.ref && !store.get(d.ref, v)) {
      const target = tableDef(d.ref);
      const hit = target && store.scan(d.ref).find((r) => r[target.display] === v);
      if (hit) return hit.sys_id!;
    }
    return v;
  }

  /** The viewer's date settings, from their sys_user record (tests change them there). */
  function datePrefsOf(user: SnUser): DatePrefs {
    const row = store.get('sys_user', user.sys_id);
    return { date_format: row?.date_format ?? '', time_zone: row?.time_zone ?? '' };
  }

  /** The approved record's `approval` follows its approvers (ServiceNow docs, "Approval status"): any rejection →
   * rejected, all approved → approved, else requested. It is written in the approver's own transaction. */
  function syncApproval(task_id: string, user: SnUser) {
    const target = index.get(task_id);
    if (!target) return;
    const states = rows.get('sysapproval_approver')!.filter((a) => a.sysapproval === task_id).map((a) => a.state ?? '');
    const approval = approvalOf(states);
    if (target.row.approval === approval) return;
    target.row.approval = approval;
    target.row.sys_updated_on = store.now();
    target.row.sys_updated_by = user.user_name;
    target.row.sys_mod_count = String(Number(target.row.sys_mod_count ?? '0') + 1);
  }

  function appendJournal(table: string, row: SnRow, element: string, value: string, user: SnUser) {
    const now = store.now();
    put('sys_journal_field', {
      sys_id: newId(),
      sys_created_on: now,
      sys_created_by: user.user_name,
      sys_updated_on: now,
      sys_updated_by: user.user_name,
      sys_mod_count: '0',
      element,
      element_id: row.sys_id!,
      name: row.sys_class_name || table,
      value,
    });
  }

  return store;
}
