/**
 * What the user typed, read as a ServiceNow search (ServiceNow docs, "Encoded query strings"; ServiceNow docs, "Table API" on `task`). Pure: the background's
 * search service turns these encoded queries into requests.
 */
import type { NumberMatcher } from '../servicenow/record-number';
import { isTableName } from '../servicenow/record-url';
import { escapeQueryValue, withoutScriptPrefix } from '../servicenow/table-client';
import { TASK_SEARCH_TABLES } from '../servicenow/tables';

export interface SearchFilters {
  /** assigned to me */
  mine?: boolean;
  /** assigned to one of my groups */
  groups?: boolean;
  /** active records only */
  open?: boolean;
  /** table chips: only these tables (empty or absent: every table) */
  tables?: readonly string[];
}

export type Understood =
  | { kind: 'empty' }
  /** a record number: the exact record comes first, the text search still runs (INC001 also prefixes others) */
  | { kind: 'number'; number: string; table: string; text: string }
  | { kind: 'text'; text: string };

export const KB = 'kb_knowledge';

/** Longest text sent: enough for any short description fragment, bounded for URLs. */
const MAX_TEXT = 100;

export function understand(input: string, matcher: Pick<NumberMatcher, 'normalize'>): Understood {
  // A leading `javascript:` would run on the instance (escapeQueryValue): what is searched is the rest.
  const text = withoutScriptPrefix(input.replace(/\s+/g, ' ').trim()).trim().slice(0, MAX_TEXT);
  if (!text) return { kind: 'empty' };
  const hit = /\s/.test(text) ? null : matcher.normalize(text);
  return hit ? { kind: 'number', number: hit.number, table: hit.table, text } : { kind: 'text', text };
}

const ME = 'javascript:gs.getUserID()';
const MY_GROUPS = 'javascript:getMyGroups()';

/** Conditions shared by the task request: who and whether active. */
function taskFilters(f: SearchFilters): string[] {
  const out: string[] = [];
  if (f.mine) out.push(`assigned_to=${ME}`);
  if (f.groups) out.push(`assignment_groupIN${MY_GROUPS}`);
  if (f.open) out.push('active=true');
  return out;
}

/** Which task classes the `task` request covers: the chips that are task tables, or all of them. */
export function taskClasses(f: SearchFilters, extraTaskTables: readonly string[] = []): string[] {
  const all = [...new Set([...TASK_SEARCH_TABLES, ...extraTaskTables.filter(isTableName)])];
  const chips = (f.tables ?? []).filter((t) => all.includes(t));
  return f.tables?.length ? chips : all;
}

/** Knowledge has no assignee: "Mine" and "My groups" leave it out; a chip set without it too. */
export const searchesKnowledge = (f: SearchFilters): boolean => !f.mine && !f.groups && (!f.tables?.length || f.tables.includes(KB));

const text = (t: string) => escapeQueryValue(t);
const ORDER = '^ORDERBYDESCsys_updated_on';

/** The one request through `task`: text (short description contains, or number starts with), filters, newest first. */
export function taskQuery(t: string, f: SearchFilters, classes: readonly string[]): string {
  const parts = [`sys_class_nameIN${classes.join(',')}`, ...taskFilters(f)];
  if (t) parts.push(`short_descriptionLIKE${text(t)}^ORnumberSTARTSWITH${text(t)}`);
  return parts.join('^') + ORDER;
}

/**
 * Knowledge: keyword search (123TEXTQUERY321: every indexed text field) where the instance has it, else the
 * same LIKE/STARTSWITH as tasks. "Open" means published.
 */
export function knowledgeQuery(t: string, f: SearchFilters, keyword: boolean): string {
  const parts: string[] = [];
  if (f.open) parts.push('workflow_state=published');
  if (t) parts.push(keyword ? `123TEXTQUERY321=${text(t)}` : `short_descriptionLIKE${text(t)}^ORnumberSTARTSWITH${text(t)}`);
  return parts.join('^') + ORDER;
}

/** A user-added table that is not a task class: its own request, same text and filters. */
export function tableQuery(t: string, f: SearchFilters): string {
  const parts = taskFilters(f);
  if (t) parts.push(`short_descriptionLIKE${text(t)}^ORnumberSTARTSWITH${text(t)}`);
  return parts.join('^') + ORDER;
}
