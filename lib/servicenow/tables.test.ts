import { describe, expect, test } from 'vitest';
import { BUILTIN_TABLES, TASK_SEARCH_TABLES, tableSpec } from './tables';

describe('table specs', () => {
  test('task tables show state, priority, assignee and group; requests and incidents say who for', () => {
    expect(tableSpec('problem').cardShows.map((f) => f.title)).toEqual(['State', 'Priority', 'Assigned to', 'Assignment group']);
    expect(tableSpec('incident').cardShows.at(-1)).toEqual({ name: 'caller_id', title: 'Caller' });
    expect(tableSpec('sc_request').cardShows[0]).toEqual({ name: 'request_state', title: 'State' });
    expect(tableSpec('sc_req_item').cardShows.at(-1)).toEqual({ name: 'requested_for', title: 'Requested for' });
  });

  test('knowledge shows its base, workflow, category and author, and is coloured by workflow', () => {
    expect(tableSpec('kb_knowledge').cardShows.map((f) => f.name)).toEqual(['kb_knowledge_base', 'workflow_state', 'kb_category', 'author']);
    expect(tableSpec('kb_knowledge')).toMatchObject({ accent: 'workflow', search: 'own' });
  });

  test('search goes through task for every task class, not task itself nor knowledge', () => {
    expect(TASK_SEARCH_TABLES).toEqual(BUILTIN_TABLES.filter((t) => t !== 'kb_knowledge' && t !== 'task'));
  });

  test('the hover card adds category and opened', () => {
    expect(tableSpec('incident').hoverShows.map((f) => f.name)).toEqual(['category', 'opened_at']);
  });

  test('the panel: key fields, who it is for, then SLA-relevant dates, per table', () => {
    const groups = (t: string) => tableSpec(t).panelShows.map((f) => `${f.group}:${f.name}`);
    expect(groups('incident')).toEqual([
      'key:state', 'key:priority', 'key:category', 'key:assigned_to', 'key:assignment_group',
      'for:caller_id',
      'dates:opened_at', 'dates:due_date', 'dates:sla_due', 'dates:resolved_at', 'dates:closed_at',
    ]);
    const whoFor = (t: string) => tableSpec(t).panelShows.find((f) => f.group === 'for')?.name;
    expect(['sc_request', 'sc_req_item', 'change_request', 'problem', 'sc_task', 'kb_knowledge', 'x_acme_ticket'].map(whoFor)).toEqual([
      'requested_for', 'requested_for', 'requested_by', 'opened_by', 'opened_by', 'author', 'opened_by',
    ]);
    expect(groups('change_request')).toEqual(expect.arrayContaining(['key:type', 'key:risk', 'dates:start_date', 'dates:end_date']));
    expect(tableSpec('sc_request').panelShows[0]).toMatchObject({ name: 'request_state', title: 'State' });
    // due dates say due in / overdue by; the others are plain dates
    const due = (t: string) => tableSpec(t).panelShows.filter((f) => f.kind === 'due').map((f) => f.name);
    expect(due('incident')).toEqual(['due_date', 'sla_due']);
    expect(due('kb_knowledge')).toEqual([]);
  });

  test('Service Operations Workspace opens the ITSM task tables, not knowledge, task or custom tables', () => {
    expect(BUILTIN_TABLES.filter((t) => tableSpec(t).workspace)).toEqual(['incident', 'problem', 'problem_task', 'change_request', 'change_task', 'sc_request', 'sc_req_item', 'sc_task']);
    expect(tableSpec('x_acme_ticket').workspace).toBe(false);
  });
});
