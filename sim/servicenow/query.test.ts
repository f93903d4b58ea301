// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { andConditions, parseCondition, parseEncodedQuery, resolveValue, runQuery, splitSegments, textTerms, type QueryFields } from './query';

type Row = Record<string, string>;
const users: Record<string, Row> = {
  u1: { name: 'Beth Anglin', user_name: 'beth.anglin' },
  u2: { name: 'Abel Tuter', user_name: 'abel.tuter' },
};
const rows: Row[] = [
  { n: '1', short_description: 'Email down', state: '1', priority: '1', assigned_to: 'u1', opened_at: '2025-05-01 10:00:00', desc: '' },
  { n: '2', short_description: 'VPN slow', state: '2', priority: '3', assigned_to: 'u2', opened_at: '2025-05-03 10:00:00', desc: 'caret ^ inside' },
  { n: '3', short_description: 'email BOUNCES', state: '6', priority: '2', assigned_to: '', opened_at: '2025-04-20 10:00:00', desc: 'Printer' },
  { n: '4', short_description: 'Printer jam', state: '-5', priority: '10', assigned_to: 'u1', opened_at: '2025-05-10 10:00:00', desc: '' },
];
const known = new Set(['n', 'short_description', 'state', 'priority', 'assigned_to', 'opened_at', 'desc', 'assigned_to.name', 'assigned_to.user_name']);
const fields: QueryFields<Row> = {
  has: (p) => known.has(p),
  value: (r, p) => {
    const [a, b] = p.split('.');
    const v = r[a!] ?? '';
    return b ? (users[v]?.[b] ?? '') : v;
  },
  display: (r, p) => (p === 'state' ? ({ '1': 'New', '2': 'In Progress', '6': 'Resolved' }[r.state!] ?? r.state!) : (r[p] ?? '')),
  sortKey: (r, p) => (p === 'assigned_to' ? (users[r.assigned_to!]?.name ?? '') : (r[p] ?? '')),
  text: (r) => `${r.short_description} ${r.desc}`,
};
const me = { sys_id: 'u1', user_name: 'beth.anglin' };
const q = (query: string) => runQuery(rows, query, fields, me).map((r) => r.n);

describe('parsing', () => {
  it('splits on ^ with ^^ as a literal caret', () => {
    expect(splitSegments('a=1^b=2')).toEqual(['a=1', 'b=2']);
    expect(splitSegments('desc=x^^y^b=2')).toEqual(['desc=x^y', 'b=2']);
  });
  it('parses every operator, case-sensitively', () => {
    expect(parseCondition('stateIN1,2')).toEqual({ kind: 'field', field: 'state', op: 'IN', value: '1,2' });
    expect(parseCondition('stateNOT IN1,2')).toMatchObject({ op: 'NOT IN', value: '1,2' });
    expect(parseCondition('short_descriptionNOT LIKEfoo')).toMatchObject({ op: 'NOT LIKE', value: 'foo' });
    expect(parseCondition('priority<=2')).toMatchObject({ op: '<=', value: '2' });
    expect(parseCondition('assigned_toISEMPTY')).toMatchObject({ op: 'ISEMPTY', value: '' });
    expect(parseCondition('assigned_to.name=Beth Anglin')).toMatchObject({ field: 'assigned_to.name', op: '=' });
    expect(parseCondition('statein1,2')).toBeUndefined();
    expect(parseCondition('stateSAMEASpriority')).toBeUndefined();
    expect(parseCondition('123TEXTQUERY321=email "down now"')).toEqual({ kind: 'text', terms: ['email', 'down now'] });
  });
  it('builds OR groups, NQ blocks and order', () => {
    const p = parseEncodedQuery('state=1^ORstate=2^priority=1^NQstate=6^ORDERBYpriority^ORDERBYDESCopened_at');
    expect(p.blocks).toHaveLength(2);
    expect(p.blocks[0]).toHaveLength(2);
    expect(p.blocks[0]![0]).toHaveLength(2);
    expect(p.orderBy).toEqual([
      { field: 'priority', desc: false },
      { field: 'opened_at', desc: true },
    ]);
  });
  it('keeps quoted phrases in keyword terms', () => {
    expect(textTerms(' a  "b c" d ')).toEqual(['a', 'b c', 'd']);
  });
  it('resolves the script values it knows and refuses others', () => {
    expect(resolveValue('javascript:gs.getUserID()', me)).toBe('u1');
    expect(resolveValue('javascript:gs.getUserName()', me)).toBe('beth.anglin');
    expect(resolveValue("javascript:gs.dateGenerate('2025-05-01','00:00:00')", me)).toBe('2025-05-01 00:00:00');
    // in the session user's zone, as UTC (records-and-watch-contracts.md C.1)
    expect(resolveValue("javascript:gs.dateGenerate('2025-05-01','00:00:00')", { ...me, time_zone: 'Europe/Berlin' })).toBe('2025-04-30 22:00:00');
    expect(resolveValue('javascript:gs.beginningOfToday()', me)).toBeUndefined();
  });
});

describe('evaluation', () => {
  it('compares with = != < <= > >=, numerically when numeric', () => {
    expect(q('state=1')).toEqual(['1']);
    expect(q('state!=1')).toEqual(['2', '3', '4']);
    expect(q('priority<3')).toEqual(['1', '3']);
    expect(q('priority<=3')).toEqual(['1', '2', '3']);
    expect(q('priority>3')).toEqual(['4']);
    expect(q('priority>=3')).toEqual(['2', '4']);
    expect(q('state<1')).toEqual(['4']);
  });
  it('never matches empty values with negative operators', () => {
    expect(q('assigned_to!=u1')).toEqual(['2']);
    expect(q('assigned_toNOT INu1')).toEqual(['2']);
  });
  it('text operators are case-insensitive; = is exact', () => {
    expect(q('short_descriptionLIKEemail')).toEqual(['1', '3']);
    expect(q('short_descriptionNOT LIKEemail')).toEqual(['2', '4']);
    expect(q('short_descriptionSTARTSWITHEMAIL')).toEqual(['1', '3']);
    expect(q('short_descriptionENDSWITHjam')).toEqual(['4']);
    expect(q('short_description=email down')).toEqual([]);
  });
  it('handles sets, empties and ranges', () => {
    expect(q('stateIN1,6')).toEqual(['1', '3']);
    expect(q('stateNOT IN1,6')).toEqual(['2', '4']);
    expect(q('assigned_toISEMPTY')).toEqual(['3']);
    expect(q('assigned_toEMPTYSTRING')).toEqual(['3']);
    expect(q('assigned_toISNOTEMPTY')).toEqual(['1', '2', '4']);
    expect(q('assigned_toANYTHING')).toEqual(['1', '2', '3', '4']);
    expect(q('opened_atBETWEEN2025-05-01 00:00:00@2025-05-05 00:00:00')).toEqual(['1', '2']);
    expect(q("opened_atBETWEENjavascript:gs.dateGenerate('2025-05-01','00:00:00')@javascript:gs.dateGenerate('2025-05-02','00:00:00')")).toEqual(['1']);
  });
  it('compares dates as strings', () => {
    expect(q('opened_at>2025-05-02 00:00:00')).toEqual(['2', '4']);
  });
  it('binds ^OR to the preceding condition and ORs ^NQ blocks', () => {
    expect(q('priority=1^ORpriority=3^state=2')).toEqual(['2']);
    expect(q('state=2^priority=1^ORpriority=3')).toEqual(['2']);
    expect(q('state=1^NQstate=6')).toEqual(['1', '3']);
    expect(q('state=1^NQstate=6^priority=99')).toEqual(['1']);
  });
  it('sorts with ORDERBY / ORDERBYDESC, several keys, references by display value', () => {
    expect(q('ORDERBYDESCopened_at')).toEqual(['4', '2', '1', '3']);
    expect(q('ORDERBYpriority')).toEqual(['1', '3', '2', '4']);
    expect(q('ORDERBYassigned_to^ORDERBYDESCn')).toEqual(['3', '2', '4', '1']);
  });
  it('dot-walks one level', () => {
    expect(q('assigned_to.name=Beth Anglin')).toEqual(['1', '4']);
    expect(q('assigned_to.user_name=abel.tuter')).toEqual(['2']);
  });
  it('resolves gs.getUserID() and gs.getUserName()', () => {
    expect(q('assigned_to=javascript:gs.getUserID()')).toEqual(['1', '4']);
    expect(q('assigned_to.user_name=javascript:gs.getUserName()')).toEqual(['1', '4']);
  });
  it('resolves getMyGroups() to the user\'s groups, with = acting as IN', () => {
    const withGroups = { ...me, groups: ['u1', 'u2'] };
    expect(runQuery(rows, 'assigned_to=javascript:getMyGroups()', fields, withGroups).map((r) => r.n)).toEqual(['1', '2', '4']);
    expect(runQuery(rows, 'assigned_toINjavascript:gs.getUser().getMyGroups()', fields, withGroups).map((r) => r.n)).toEqual(['1', '2', '4']);
    expect(q('assigned_to=javascript:getMyGroups()')).toEqual([]);
  });
  it('resolves the DYNAMIC "Me" and "One of My Groups" filter options; an unknown option drops its condition', () => {
    expect(q('assigned_toDYNAMIC90d1921e5f510100a9ad2572f2b477fe')).toEqual(['1', '4']);
    expect(runQuery(rows, 'assigned_toDYNAMICd6435e965f510100a9ad2572f2b47744', fields, { ...me, groups: ['u2'] }).map((r) => r.n)).toEqual(['2']);
    expect(q('assigned_toDYNAMICffffffffffffffffffffffffffffffff').length).toBe(rows.length);
  });
  it('matches 123TEXTQUERY321 when all terms occur', () => {
    expect(q('123TEXTQUERY321=email')).toEqual(['1', '3']);
    expect(q('123TEXTQUERY321=email printer')).toEqual(['3']);
    expect(q('123TEXTQUERY321=nothing-like-this')).toEqual([]);
  });
  it('unescapes ^^ inside values', () => {
    expect(q('descLIKEcaret ^^ inside')).toEqual(['2']);
  });
  it('drops unknown fields, unknown operators and unknown scripts instead of matching nothing', () => {
    expect(q('bogus=1')).toEqual(['1', '2', '3', '4']);
    expect(q('bogus=1^state=1')).toEqual(['1']);
    expect(q('state=1^ORbogus=1')).toEqual(['1']);
    expect(q('stateSAMEASpriority^state=2')).toEqual(['2']);
    expect(q('assigned_to=javascript:gs.nope()')).toEqual(['1', '2', '3', '4']);
    expect(q('ORDERBYbogus^state!=1')).toEqual(['2', '3', '4']);
    expect(q('state=1^NQ')).toEqual(['1']);
  });
  it('name=value pairs ANDed into every block may match display values', () => {
    const p = andConditions(parseEncodedQuery('priority=1^NQpriority=3'), [{ kind: 'field', field: 'state', op: '=', value: 'in progress', orDisplay: true }]);
    expect(runQuery(rows, p, fields, me).map((r) => r.n)).toEqual(['2']);
  });
});
