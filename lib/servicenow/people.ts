/**
 * People and groups for the panel's "Assigned to" and "Assignment group" comboboxes, as the user
 * (records-and-watch-contracts.md A.5): active ones whose name contains the text, ten at most, by name.
 *
 * With a group, "Assigned to" offers that group's members only, read through sys_user_grmember with the user
 * dot-walked (one request): that is what ServiceNow's own form offers (the assigned_to reference qualifier limits
 * choices to the group's members), and a REST write would not stop a non-member being assigned (A.5). To assign
 * someone outside the group, the group is changed first, as on the form.
 *
 * Groups: sys_user_group. Groups whose roles include admin are invisible to itil users (A.5): they are simply not
 * offered; a member row whose user is hidden has no name and is left out.
 */
import { escapeQueryValue, type RawRow, type TableClient, valueOf } from './table-client';

export interface PersonOption {
  sys_id: string;
  name: string;
  detail?: string;
}

export interface PeopleQuery {
  kind: 'user' | 'group';
  query: string;
  /** for users: only this group's members */
  group?: string;
}

const LIMIT = 10;
const SYS_ID = /^[0-9a-f]{32}$/;

/** One option when the row can be named (a hidden row has no name, A.5); the first non-blank detail is shown. */
export function option(sys_id: string, name: string, ...details: string[]): PersonOption[] {
  if (!SYS_ID.test(sys_id) || !name) return [];
  const detail = details.find((d) => d.trim());
  return [{ sys_id, name, ...(detail ? { detail } : {}) }];
}

export async function searchPeople(client: TableClient, q: PeopleQuery, signal?: AbortSignal): Promise<PersonOption[]> {
  const text = escapeQueryValue(q.query.trim());
  const like = (field: string) => (text ? `^${field}LIKE${text}` : '');
  if (q.kind === 'group') {
    const { rows } = await client.list('sys_user_group', { query: `active=true${like('name')}^ORDERBYname`, fields: 'sys_id,name,description', displayValue: 'false', limit: LIMIT, signal });
    return rows.flatMap((r: RawRow) => option(valueOf(r.sys_id), valueOf(r.name), valueOf(r.description)));
  }
  if (q.group) {
    const { rows } = await client.list('sys_user_grmember', {
      query: `group=${escapeQueryValue(q.group)}^user.active=true${like('user.name')}^ORDERBYuser.name`,
      fields: 'user,user.name,user.email,user.title',
      displayValue: 'false',
      limit: LIMIT,
      signal,
    });
    const seen = new Set<string>();
    return rows.flatMap((r) => {
      const id = valueOf(r.user);
      if (seen.has(id)) return [];
      seen.add(id);
      return option(id, valueOf(r['user.name']), valueOf(r['user.email']), valueOf(r['user.title']));
    });
  }
  const { rows } = await client.list('sys_user', { query: `active=true${like('name')}^ORDERBYname`, fields: 'sys_id,name,email,title', displayValue: 'false', limit: LIMIT, signal });
  return rows.flatMap((r) => option(valueOf(r.sys_id), valueOf(r.name), valueOf(r.email), valueOf(r.title)));
}
