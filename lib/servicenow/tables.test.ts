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
});
