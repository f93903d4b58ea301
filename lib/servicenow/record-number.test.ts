import { describe, expect, test } from 'vitest';
import { SN_RECORDS as RECORDS } from '../../sim/fixtures';
import {
  DEFAULT_PREFIXES,
  buildNumberMatcher,
  minDigitsFromSysNumber,
  prefixesFromSysNumber,
} from './record-number';

const m = buildNumberMatcher(DEFAULT_PREFIXES);
const numbers = (text: string) => m.find(text).map((h) => h.number);

describe('DEFAULT_PREFIXES', () => {
  test('covers every fixture record number', () => {
    for (const r of Object.values(RECORDS)) {
      expect(m.find(r.number), r.number).toEqual([{ number: r.number, table: r.table, index: 0 }]);
    }
  });

  test('holds the out-of-box prefixes', () => {
    expect(Object.keys(DEFAULT_PREFIXES).sort()).toEqual(
      ['CHG', 'CS', 'CTASK', 'DMND', 'HRC', 'IMS', 'INC', 'KB', 'PRB', 'PRJ', 'PTASK', 'REQ', 'RITM', 'SCTASK', 'SIR', 'STRY', 'TASK', 'WO', 'WOT'].sort(),
    );
    expect(DEFAULT_PREFIXES.RITM).toBe('sc_req_item');
    expect(Object.isFrozen(DEFAULT_PREFIXES)).toBe(true);
  });
});

describe('find', () => {
  test('reports number, table and index', () => {
    expect(m.find('See INC0010001 and CHG0030001.')).toEqual([
      { number: 'INC0010001', table: 'incident', index: 4 },
      { number: 'CHG0030001', table: 'change_request', index: 19 },
    ]);
  });

  test.each([
    ['SCTASK0010001', 'sc_task'],
    ['CTASK0010001', 'change_task'],
    ['TASK0010001', 'task'],
    ['PTASK0010001', 'problem_task'],
    ['WOT0010001', 'wm_task'],
    ['WO0010001', 'wm_order'],
    ['REQ0010001', 'sc_request'],
    ['RITM0010001', 'sc_req_item'],
  ])('the longest prefix wins: %s → %s', (text, table) => {
    expect(m.find(text)).toEqual([{ number: text, table, index: 0 }]);
  });

  test.each([
    'XINC0010001', // glued to a word on the left
    'INC0010001X', // … or on the right
    'INC0010001_', // _ is a word character
    '_INC0010001',
    'éINC0010001', // letters of any script glue
    'INC0010001é',
    'INC001000', // 6 digits
    'inc0010001', // find is strict about case
    'Inc0010001',
    'INC 0010001',
    'INC-0010001',
    'INC00100011a',
    'ABC0010001', // unknown prefix
    '0INC0010001', // a digit before glues too
  ])('no match in %j', (text) => {
    expect(m.find(text)).toEqual([]);
  });

  test.each([
    ['(INC0010001)', ['INC0010001']],
    ['INC0010001, INC0010002; INC0010003.', ['INC0010001', 'INC0010002', 'INC0010003']],
    ['number=INC0010001^active=true', ['INC0010001']],
    ['#INC0010001', ['INC0010001']],
    ['"RITM0010001"', ['RITM0010001']],
    ['INC0010001-2', ['INC0010001']],
    ['INC00100011234', ['INC00100011234']], // numbers grow past 7 digits
    ['line1\nPRB0040001\tKB0010001', ['PRB0040001', 'KB0010001']],
    ['תקלה INC0010001 🚨', ['INC0010001']],
    ['INC0010001INC0010002', []], // one glued word, not two numbers
  ])('%j → %j', (text, expected) => {
    expect(numbers(text)).toEqual(expected);
  });

  test('index is a UTF-16 offset usable with slice, also after astral characters', () => {
    const text = '🚨🚨 KB0010001';
    const [hit] = m.find(text);
    expect(text.slice(hit!.index, hit!.index + hit!.number.length)).toBe('KB0010001');
  });

  test('find does not disturb the exposed regex', () => {
    m.regex.lastIndex = 3;
    m.find('INC0010001 INC0010002');
    expect(m.regex.lastIndex).toBe(3);
    m.regex.lastIndex = 0;
  });

  test('the exposed regex is global, with prefix and digits as groups', () => {
    expect(m.regex.flags).toContain('g');
    const r = new RegExp(m.regex.source, m.regex.flags).exec('x SCTASK0010001 y');
    expect([r?.[1], r?.[2]]).toEqual(['SCTASK', '0010001']);
  });
});

describe('custom prefixes', () => {
  test('regex metacharacters in prefixes are escaped', () => {
    const c = buildNumberMatcher({ 'A.B': 'x_a', 'C+': 'x_c', 'D|E': 'x_d' });
    expect(c.find('A.B0000001 AXB0000001 C+0000002 CC0000002 D|E0000003 E0000003').map((h) => h.number)).toEqual([
      'A.B0000001',
      'C+0000002',
      'D|E0000003',
    ]);
  });

  test('any prefix an administrator sets works: hyphen, dot, other scripts (a TK- prefix used to throw)', () => {
    const c = buildNumberMatcher({ 'TK-': 'x_acme_ticket', 'SR.': 'x_acme_request', ÄND: 'x_acme_change', INC: 'incident' });
    expect(c.find('TK-0010001, SR.0000042 and ÄND0000007 beside INC0010001').map((h) => [h.number, h.table])).toEqual([
      ['TK-0010001', 'x_acme_ticket'],
      ['SR.0000042', 'x_acme_request'],
      ['ÄND0000007', 'x_acme_change'],
      ['INC0010001', 'incident'],
    ]);
    expect(c.normalize('tk-10001')).toEqual({ number: 'TK-0010001', table: 'x_acme_ticket' });
    expect(c.normalize('änd7')).toEqual({ number: 'ÄND0000007', table: 'x_acme_change' });
  });

  test('a prefix that could break a query (a comma, a caret) is left out; the others still match', () => {
    const c = buildNumberMatcher({ 'A,B': 'x_a', 'C^D': 'x_c', INC: 'incident' });
    expect(c.find('A,B0000001 C^D0000002 INC0010001').map((h) => h.number)).toEqual(['INC0010001']);
  });

  test('only the loaded prefixes match', () => {
    const c = buildNumberMatcher({ INC: 'incident', ACME: 'x_acme_ticket' });
    expect(c.find('ACME0000042 CHG0030001 INC0010001').map((h) => [h.number, h.table])).toEqual([
      ['ACME0000042', 'x_acme_ticket'],
      ['INC0010001', 'incident'],
    ]);
  });

  test('mixed-case prefixes are matched exactly as configured', () => {
    const c = buildNumberMatcher({ Inc: 'incident' });
    expect(c.find('Inc0010001 INC0010001').map((h) => h.number)).toEqual(['Inc0010001']);
  });

  test('invalid entries are ignored; no prefixes matches nothing', () => {
    const c = buildNumberMatcher({ '': 'incident', ' ': 'problem', 'A B': 'x', BAD: 'Not A Table', OK: 'ok_table' });
    expect(c.find('0010001 A B0010001 BAD0010001 OK0010001').map((h) => h.number)).toEqual(['OK0010001']);
    expect(buildNumberMatcher({}).find('INC0010001')).toEqual([]);
    expect(buildNumberMatcher({}).normalize('INC0010001')).toBeNull();
  });

  test('minDigits', () => {
    const five = buildNumberMatcher(DEFAULT_PREFIXES, { minDigits: 5 });
    expect(five.find('INC00001 INC0001').map((h) => h.number)).toEqual(['INC00001']);
    expect(five.normalize('inc1')).toEqual({ number: 'INC00001', table: 'incident' });
  });
});

describe('normalize (popup search)', () => {
  test.each([
    ['INC0010001', 'INC0010001', 'incident'],
    ['inc0010001', 'INC0010001', 'incident'],
    ['inc12345', 'INC0012345', 'incident'],
    ['chg30001', 'CHG0030001', 'change_request'],
    ['  Ritm10001 ', 'RITM0010001', 'sc_req_item'],
    ['sctask1', 'SCTASK0000001', 'sc_task'],
    ['ctask1', 'CTASK0000001', 'change_task'],
    ['task1', 'TASK0000001', 'task'],
    ['kb10001', 'KB0010001', 'kb_knowledge'],
    ['INC00100011234', 'INC00100011234', 'incident'],
  ])('%j → %s (%s)', (input, number, table) => {
    expect(m.normalize(input)).toEqual({ number, table });
  });

  test.each(['', 'inc', '12345', 'xyz123', 'inc 123', 'inc12a', 'INC0010001 INC0010002', 'an incident'])(
    '%j → null',
    (input) => {
      expect(m.normalize(input)).toBeNull();
    },
  );

  test('keeps the configured case of the prefix', () => {
    expect(buildNumberMatcher({ Inc: 'incident' }).normalize('INC5')).toEqual({ number: 'Inc0000005', table: 'incident' });
  });
});

describe('sys_number rows', () => {
  const rows = [
    { category: 'incident', prefix: 'INC', maximum_digits: '7' },
    { category: 'x_acme_ticket', prefix: 'ACME', maximum_digits: 5 },
    { category: 'change_request', prefix: ' CHG ', maximum_digits: '7' },
    { category: 'sc_task', prefix: 'SCTASK' },
    { category: 'task_a', prefix: 'SHR' },
    { category: 'task_b', prefix: 'SHR' },
    { category: 'kb_knowledge', prefix: 'KB' },
    { category: 'kb_knowledge', prefix: 'KB' }, // duplicate row, same table
    { category: 'bad table', prefix: 'BAD' },
    { category: { value: 'problem' }, prefix: 'PRB' }, // a display-value shape: not a raw value
    { category: 'problem_task', prefix: '' },
    { category: 'problem_task', prefix: null },
  ];

  test('prefixesFromSysNumber', () => {
    expect(prefixesFromSysNumber(rows)).toEqual({
      INC: 'incident',
      ACME: 'x_acme_ticket',
      CHG: 'change_request',
      SCTASK: 'sc_task',
      SHR: 'task', // shared prefix: only the parent table can resolve it
      KB: 'kb_knowledge',
    });
  });

  test('feeds buildNumberMatcher', () => {
    const c = buildNumberMatcher(prefixesFromSysNumber(rows), { minDigits: minDigitsFromSysNumber(rows) });
    expect(c.find('ACME00042 INC0010001 PRB0040001').map((h) => [h.number, h.table])).toEqual([
      ['ACME00042', 'x_acme_ticket'],
      ['INC0010001', 'incident'],
    ]);
  });

  test('minDigitsFromSysNumber', () => {
    expect(minDigitsFromSysNumber(rows)).toBe(5);
    expect(minDigitsFromSysNumber([])).toBe(7);
    expect(minDigitsFromSysNumber([{ category: 'a', prefix: 'A', maximum_digits: 'x' }])).toBe(7);
    expect(minDigitsFromSysNumber([{ category: 'a', prefix: 'A', maximum_digits: 2 }])).toBe(4);
    expect(minDigitsFromSysNumber([{ category: 'a', prefix: 'A', maximum_digits: 9 }])).toBe(9);
  });
});
