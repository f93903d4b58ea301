import { describe, expect, test } from 'vitest';
import { buildNumberMatcher, DEFAULT_PREFIXES } from '../servicenow/record-number';
import { TASK_SEARCH_TABLES } from '../servicenow/tables';
import { knowledgeQuery, searchesKnowledge, taskClasses, taskQuery, understand } from './query';

const matcher = buildNumberMatcher(DEFAULT_PREFIXES);

describe('understand', () => {
  test('reads numbers leniently: lower case, missing zeros', () => {
    expect(understand('inc12345', matcher)).toEqual({ kind: 'number', number: 'INC0012345', table: 'incident', text: 'inc12345' });
    expect(understand('  KB0010001 ', matcher)).toMatchObject({ kind: 'number', number: 'KB0010001', table: 'kb_knowledge' });
  });
  test('anything else is text; blank is empty', () => {
    expect(understand('email down', matcher)).toEqual({ kind: 'text', text: 'email down' });
    expect(understand('inc 12', matcher)).toEqual({ kind: 'text', text: 'inc 12' });
    expect(understand('   ', matcher)).toEqual({ kind: 'empty' });
  });
  test('a leading javascript: (any case, any spacing, repeated) is not part of the search: the instance would run it', () => {
    expect(understand('javascript:gs.getUserID()', matcher)).toEqual({ kind: 'text', text: 'gs.getUserID()' });
    expect(understand(' JavaScript : javascript:alert(1)', matcher)).toEqual({ kind: 'text', text: 'alert(1)' });
    expect(understand('javascript:', matcher)).toEqual({ kind: 'empty' });
    expect(understand('why javascript: fails', matcher)).toEqual({ kind: 'text', text: 'why javascript: fails' });
  });
});

describe('queries', () => {
  test('free text: one task request over the task classes, newest first', () => {
    expect(taskQuery('mail', {}, ['incident', 'problem'])).toBe(
      'sys_class_nameINincident,problem^short_descriptionLIKEmail^ORnumberSTARTSWITHmail^ORDERBYDESCsys_updated_on',
    );
  });
  test('filters: mine, my groups, open', () => {
    const q = taskQuery('', { mine: true, groups: true, open: true }, ['incident']);
    expect(q).toBe('sys_class_nameINincident^assigned_to=javascript:gs.getUserID()^assignment_groupINjavascript:getMyGroups()^active=true^ORDERBYDESCsys_updated_on');
  });
  test('carets in text are escaped, so text cannot add conditions', () => {
    expect(taskQuery('a^ORactive=false', {}, ['incident'])).toContain('short_descriptionLIKEa^^ORactive=false^ORnumberSTARTSWITHa^^ORactive=false');
  });
  test('table chips narrow the classes; knowledge only when chosen and not assignee-filtered', () => {
    expect(taskClasses({ tables: ['incident', 'kb_knowledge'] })).toEqual(['incident']);
    expect(taskClasses({})).toEqual(TASK_SEARCH_TABLES);
    expect(searchesKnowledge({ tables: ['incident'] })).toBe(false);
    expect(searchesKnowledge({ tables: ['kb_knowledge'] })).toBe(true);
    expect(searchesKnowledge({ mine: true })).toBe(false);
  });
  test('knowledge uses keyword search when the instance has it', () => {
    expect(knowledgeQuery('vpn', { open: true }, true)).toBe('workflow_state=published^123TEXTQUERY321=vpn^ORDERBYDESCsys_updated_on');
    expect(knowledgeQuery('vpn', {}, false)).toBe('short_descriptionLIKEvpn^ORnumberSTARTSWITHvpn^ORDERBYDESCsys_updated_on');
  });
});
