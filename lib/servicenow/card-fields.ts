import { tableInfo } from './catalogue';

export interface CardField {
  name: string;
  title: string;
}

/**
 * The fields a card shows and a share posts, with their titles, per table: State, Priority, Assigned to,
 * Assignment group (plus who it is for); knowledge shows its base, workflow, category and author.
 * Values always come from the record's display values.
 */
export function cardFields(table: string): CardField[] {
  const info = tableInfo(table);
  if (info.kind === 'knowledge') {
    return [
      { name: 'kb_knowledge_base', title: 'Knowledge base' },
      { name: 'workflow_state', title: 'Workflow' },
      { name: 'kb_category', title: 'Category' },
      { name: 'author', title: 'Author' },
    ];
  }
  const who =
    table === 'incident'
      ? [{ name: 'caller_id', title: 'Caller' }]
      : table === 'sc_request' || table === 'sc_req_item'
        ? [{ name: 'requested_for', title: 'Requested for' }]
        : [];
  return [
    { name: info.stateField, title: 'State' },
    { name: 'priority', title: 'Priority' },
    { name: 'assigned_to', title: 'Assigned to' },
    { name: 'assignment_group', title: 'Assignment group' },
    ...who,
  ];
}
