import { expect, test } from 'vitest';
import { cardFields } from './card-fields';

test('task tables show state, priority, assignee and group; requests and incidents say who for', () => {
  expect(cardFields('problem').map((f) => f.title)).toEqual(['State', 'Priority', 'Assigned to', 'Assignment group']);
  expect(cardFields('incident').at(-1)).toEqual({ name: 'caller_id', title: 'Caller' });
  expect(cardFields('sc_request')[0]).toEqual({ name: 'request_state', title: 'State' });
  expect(cardFields('sc_req_item').at(-1)).toEqual({ name: 'requested_for', title: 'Requested for' });
});

test('knowledge shows its base, workflow, category and author', () => {
  expect(cardFields('kb_knowledge').map((f) => f.name)).toEqual(['kb_knowledge_base', 'workflow_state', 'kb_category', 'author']);
});
