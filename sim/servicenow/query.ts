/**
 * Encoded queries (ServiceNow docs, "Encoded query strings"), parsed and evaluated without touching the store: the caller supplies a
 * QueryFields view of one table. Pure, so it is unit-tested on its own.
 *
 * Fidelity choices:
 * - Operator keywords are case-sensitive (`stateIN1,2` works, `statein1,2` does not parse).
 * - LIKE / NOT LIKE / STARTSWITH / ENDSWITH match case-insensitively, as on a real instance's default
 *   (case-insensitive MySQL) collation. `=`, `!=`, `IN`, `NOT IN` compare exactly: stricter than a real
 *   instance may be, so a client that relies on case folding fails here rather than passing falsely.
 * - Invalid parts are silently dropped (ServiceNow docs, "Table API"): an unknown field, an unknown operator, an unsupported
 *   `javascript:` value. A dropped condition constrains nothing; it does NOT match nothing.
 * - Negative and ordering operators (`!=`, `NOT LIKE`, `NOT IN`, `<`, `>`, BETWEEN) never match an empty value,
 *   because empty values are NULL in the database (`assigned_to!=x` does not return unassigned rows).
 * - Numbers compare numerically when both sides are numeric; everything else (including the sortable date
 *   format `YYYY-MM-DD HH:mm:ss`) compares as strings.
 * - `javascript:` values: gs.getUserID(), gs.getUserName(), getMyGroups() (as an IN list) and
 *   gs.dateGenerate('YYYY-MM-DD','HH:mm:ss'), read in the user's time zone (records-and-watch-contracts.md C.1);
 *   any other script drops its condition. Literal date-times are compared as stored, in UTC.
 * - DYNAMIC with the out-of-box filter options "Me" (90d1921e…) and "One of My Groups" (d6435e96…), as SNDocs'
 *   workspace configs use them (`assigned_toDYNAMIC90d1921e5f510100a9ad2572f2b477fe`); any other option drops.
 * - 123TEXTQUERY321 is substring keyword search: every term (or "quoted phrase") must occur in the row's
 *   text fields, case-insensitively. Real instances use a word index with stemming; substring is a superset.
 */

import { zonedToUtc } from './dates';

export type Operator =
  | '='
  | '!='
  | '<'
  | '<='
  | '>'
  | '>='
  | 'LIKE'
  | 'NOT LIKE'
  | 'STARTSWITH'
  | 'ENDSWITH'
  | 'IN'
  | 'NOT IN'
  | 'ISEMPTY'
  | 'ISNOTEMPTY'
  | 'ANYTHING'
  | 'EMPTYSTRING'
  | 'BETWEEN'
  /** a dynamic filter option by sys_id, e.g. "Me" (records-and-watch-contracts.md A.5) */
  | 'DYNAMIC';

export type Condition =
  | { kind: 'field'; field: string; op: Operator; value: string; /** name=value pairs also match display values */ orDisplay?: boolean }
  | { kind: 'text'; terms: string[] };

export interface OrderBy {
  field: string;
  desc: boolean;
}

/** blocks are OR'ed (^NQ); a block is an AND (^) of groups; a group is an OR (^OR) of conditions */
export interface EncodedQuery {
  blocks: Condition[][][];
  orderBy: OrderBy[];
}

/** How the query sees one table's rows. */
export interface QueryFields<Row> {
  /** the field or dot-walked path exists on this table */
  has(path: string): boolean;
  /** stored value ('' when empty or when a dot-walk crosses an empty reference) */
  value(row: Row, path: string): string;
  /** display value, for name=value pairs and for sorting references by their display value */
  display?(row: Row, path: string): string;
  /** key to sort by (defaults to value) */
  sortKey?(row: Row, path: string): string;
  /** all searchable text of the row, for 123TEXTQUERY321 */
  text(row: Row): string;
}

export interface QueryUser {
  sys_id: string;
  user_name: string;
  /** sys_ids of the user's groups, for javascript:getMyGroups() */
  groups?: readonly string[];
  /** sys_user.time_zone, for gs.dateGenerate; empty = the system zone (UTC here) */
  time_zone?: string;
}

// longest first, so `NOT LIKE` wins over nothing and `<=` over `<`
const OPERATORS: readonly Operator[] = [
  'ISNOTEMPTY',
  'ISEMPTY',
  'EMPTYSTRING',
  'ANYTHING',
  'NOT LIKE',
  'NOT IN',
  'STARTSWITH',
  'ENDSWITH',
  'BETWEEN',
  'DYNAMIC',
  'LIKE',
  'IN',
  '!=',
  '<=',
  '>=',
  '=',
  '<',
  '>',
];
const NO_VALUE: ReadonlySet<Operator> = new Set(['ISNOTEMPTY', 'ISEMPTY', 'EMPTYSTRING', 'ANYTHING']);
const FIELD = /^[a-z_][a-z0-9_]*(?:\.[a-z_][a-z0-9_]*)*/;
const TEXT = /^(?:GOTO)?123TEXTQUERY321(?:=|LIKE)(.*)$/s;

/** Splits on `^`, where `^^` stands for a literal `^`. */
export function splitSegments(q: string): string[] {
  const out: string[] = [];
  let cur = '';
  for (let i = 0; i < q.length; i++) {
    const c = q[i]!;
    if (c !== '^') cur += c;
    else if (q[i + 1] === '^') {
      cur += '^';
      i++;
    } else {
      out.push(cur);
      cur = '';
    }
  }
  out.push(cur);
  return out;
}

/** Splits keyword terms on whitespace, keeping "quoted phrases" whole. */
export function textTerms(s: string): string[] {
  return [...s.matchAll(/"([^"]*)"|(\S+)/g)].map((m) => (m[1] ?? m[2] ?? '').trim()).filter((t) => t.length > 0);
}

/** One condition, or undefined when it does not parse (the caller drops it). */
export function parseCondition(s: string): Condition | undefined {
  const t = TEXT.exec(s);
  if (t) {
    const terms = textTerms(t[1] ?? '');
    return terms.length ? { kind: 'text', terms } : undefined;
  }
  const f = FIELD.exec(s);
  if (!f) return undefined;
  const rest = s.slice(f[0].length);
  const op = OPERATORS.find((o) => rest.startsWith(o));
  if (!op) return undefined;
  return { kind: 'field', field: f[0], op, value: NO_VALUE.has(op) ? '' : rest.slice(op.length) };
}

export function parseEncodedQuery(q: string): EncodedQuery {
  const blocks: Condition[][][] = [[]];
  const orderBy: OrderBy[] = [];
  for (const seg of splitSegments(q)) {
    if (seg === '' || seg === 'EQ') continue;
    if (seg.startsWith('ORDERBYDESC')) {
      orderBy.push({ field: seg.slice(11), desc: true });
      continue;
    }
    if (seg.startsWith('ORDERBY')) {
      orderBy.push({ field: seg.slice(7), desc: false });
      continue;
    }
    let block = blocks[blocks.length - 1]!;
    let body = seg;
    let or = false;
    if (seg.startsWith('NQ')) {
      block = [];
      blocks.push(block);
      body = seg.slice(2);
    } else if (seg.startsWith('OR')) {
      or = true;
      body = seg.slice(2);
    }
    const cond = parseCondition(body);
    if (!cond) continue;
    const last = block[block.length - 1];
    if (or && last) last.push(cond);
    else block.push([cond]);
  }
  // an empty `^NQ` block (nothing after it parsed) is ignored rather than matching everything
  const kept = blocks.filter((b) => b.length > 0);
  return { blocks: kept.length ? kept : [[]], orderBy };
}

/** ANDs extra conditions (e.g. name=value pairs) into every OR'ed block. */
export function andConditions(q: EncodedQuery, extra: Condition[]): EncodedQuery {
  if (!extra.length) return q;
  return { orderBy: q.orderBy, blocks: q.blocks.map((b) => [...b, ...extra.map((c) => [c])]) };
}

const NUM = /^-?\d+(?:\.\d+)?$/;

export function compareValues(a: string, b: string): number {
  if (NUM.test(a) && NUM.test(b)) return Number(a) - Number(b);
  return a < b ? -1 : a > b ? 1 : 0;
}

/** `javascript:` values the simulator can evaluate; undefined means "drop the condition". */
export function resolveValue(v: string, user: QueryUser): string | undefined {
  if (!v.startsWith('javascript:')) return v;
  const js = v.slice(11).trim().replace(/;$/, '');
  if (js === 'gs.getUserID()') return user.sys_id;
  if (js === 'gs.getUserName()') return user.user_name;
  // "My groups" filters; a list value, so `=` behaves as IN (see compileCondition)
  if (js === 'getMyGroups()' || js === 'gs.getUser().getMyGroups()') return (user.groups ?? []).join(',');
  const d = /^gs\.dateGenerate\('(\d{4}-\d{2}-\d{2})'\s*,\s*'(\d{2}:\d{2}:\d{2})'\)$/.exec(js);
  if (d) return zonedToUtc(`${d[1]} ${d[2]}`, user.time_zone);
  return undefined;
}

/** sys_filter_option_dynamic records every instance has: "Me" and "One of My Groups", as an IN list. */
const DYNAMIC_OPTIONS: Record<string, (user: QueryUser) => string> = {
  '90d1921e5f510100a9ad2572f2b477fe': (user) => user.sys_id,
  d6435e965f510100a9ad2572f2b47744: (user) => (user.groups ?? []).join(','),
};

type Test = (v: string) => boolean;

function fieldTest(op: Operator, value: string): Test | undefined {
  const lv = value.toLowerCase();
  switch (op) {
    case '=':
      return (v) => v === value;
    case '!=':
      return (v) => v !== '' && v !== value;
    case '<':
      return (v) => v !== '' && compareValues(v, value) < 0;
    case '<=':
      return (v) => v !== '' && compareValues(v, value) <= 0;
    case '>':
      return (v) => v !== '' && compareValues(v, value) > 0;
    case '>=':
      return (v) => v !== '' && compareValues(v, value) >= 0;
    case 'LIKE':
      return (v) => v !== '' && v.toLowerCase().includes(lv);
    case 'NOT LIKE':
      return (v) => v !== '' && !v.toLowerCase().includes(lv);
    case 'STARTSWITH':
      return (v) => v.toLowerCase().startsWith(lv) && v !== '';
    case 'ENDSWITH':
      return (v) => v.toLowerCase().endsWith(lv) && v !== '';
    case 'IN': {
      // empty list entries are dropped: an empty getMyGroups() matches nothing, not the empty value
      const set = new Set(value.split(',').filter((x) => x !== ''));
      return (v) => set.has(v);
    }
    case 'NOT IN': {
      const set = new Set(value.split(',').filter((x) => x !== ''));
      return (v) => v !== '' && !set.has(v);
    }
    case 'ISEMPTY':
    case 'EMPTYSTRING':
      return (v) => v === '';
    case 'ISNOTEMPTY':
      return (v) => v !== '';
    case 'ANYTHING':
      return () => true;
    case 'BETWEEN': {
      const parts = value.split('@');
      if (parts.length !== 2) return undefined;
      return (v) => v !== '' && compareValues(v, parts[0]!) >= 0 && compareValues(v, parts[1]!) <= 0;
    }
  }
}

export interface CompiledQuery<Row> {
  match(row: Row): boolean;
  /** 0 when the query has no (valid) ORDERBY: the caller keeps its own order */
  compare(a: Row, b: Row): number;
}

function compileCondition<Row>(c: Condition, fields: QueryFields<Row>, user: QueryUser): ((row: Row) => boolean) | undefined {
  if (c.kind === 'text') {
    const terms = c.terms.map((t) => t.toLowerCase());
    return (row) => {
      const text = fields.text(row).toLowerCase();
      return terms.every((t) => text.includes(t));
    };
  }
  if (!fields.has(c.field)) return undefined;
  let value: string | undefined = c.value;
  if (c.op === 'BETWEEN') {
    const [a, b, ...more] = c.value.split('@');
    const ra = resolveValue(a ?? '', user);
    const rb = resolveValue(b ?? '', user);
    value = more.length || b === undefined || ra === undefined || rb === undefined ? undefined : `${ra}@${rb}`;
  } else {
    value = resolveValue(c.value, user);
  }
  if (value === undefined) return undefined;
  if (c.op === 'DYNAMIC') {
    const dynamic = DYNAMIC_OPTIONS[value];
    if (!dynamic) return undefined;
    const test = fieldTest('IN', dynamic(user));
    return test && ((row) => test(fields.value(row, c.field)));
  }
  const op: Operator = c.op === '=' && /getMyGroups\(\)$/.test(c.value) ? 'IN' : c.op;
  const test = fieldTest(op, value);
  if (!test) return undefined;
  const field = c.field;
  if (c.orDisplay && fields.display) {
    const display = fields.display.bind(fields);
    const lv = value.toLowerCase();
    return (row) => test(fields.value(row, field)) || display(row, field).toLowerCase() === lv;
  }
  return (row) => test(fields.value(row, field));
}

export function compileQuery<Row>(query: EncodedQuery | string, fields: QueryFields<Row>, user: QueryUser): CompiledQuery<Row> {
  const q = typeof query === 'string' ? parseEncodedQuery(query) : query;
  const blocks = q.blocks.map((block) =>
    block
      .map((group) => group.map((c) => compileCondition(c, fields, user)).filter((f): f is (row: Row) => boolean => f !== undefined))
      .filter((group) => group.length > 0),
  );
  // a block whose every condition was dropped matches everything, like an empty query
  const match = (row: Row) => blocks.some((block) => block.every((group) => group.some((f) => f(row))));
  const order = q.orderBy.filter((o) => fields.has(o.field));
  const key = (row: Row, f: string) => (fields.sortKey ? fields.sortKey(row, f) : fields.value(row, f));
  const compare = (a: Row, b: Row) => {
    for (const o of order) {
      const ka = key(a, o.field);
      const kb = key(b, o.field);
      // sort like a case-insensitive collation; empty (NULL) first when ascending
      const c = NUM.test(ka) && NUM.test(kb) ? Number(ka) - Number(kb) : ka.toLowerCase() < kb.toLowerCase() ? -1 : ka.toLowerCase() > kb.toLowerCase() ? 1 : 0;
      if (c !== 0) return o.desc ? -c : c;
    }
    return 0;
  };
  return { match, compare };
}

/** Filters then sorts (stable), keeping the input order when there is no ORDERBY. */
export function runQuery<Row>(rows: readonly Row[], query: EncodedQuery | string, fields: QueryFields<Row>, user: QueryUser): Row[] {
  const c = compileQuery(query, fields, user);
  return rows.filter((r) => c.match(r)).sort((a, b) => c.compare(a, b));
}
