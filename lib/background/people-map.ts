/**
 * People both ways between Mattermost and ServiceNow, with the user's own rights on both sides
 * (records-and-watch-contracts.md B.3, D.6). Never a silent wrong match: a lookup that finds two people asks the user.
 *
 * Mattermost → ServiceNow (the caller of a new incident raised from a post): the Mattermost user's email
 * (`GET users/{id}`), then the active sys_user with that email, two asked for to see ambiguity (B.3). Mattermost
 * blanks others' emails when PrivacySettings.ShowEmailAddress is off (model/user.go Sanitize), so then the username is
 * matched to sys_user.user_name, exactly. Nothing found: people named like the Mattermost user are offered.
 *
 * ServiceNow → Mattermost ("Message in Mattermost"): the sys_user's email → `users/email/{email}`, which non-admins
 * get 403 for when emails are hidden (api4/user.go getUserByEmail; also for users they can't see): then
 * `users/username/{user_name}`. None: undefined.
 */
import { HttpError } from '../http';
import type { MattermostClient, MmUser } from '../mattermost/client';
import { option, type PersonOption, searchPeople } from '../servicenow/people';
import { escapeQueryValue, type TableClient, valueOf } from '../servicenow/table-client';

export type CallerMatch =
  | { kind: 'match'; person: PersonOption }
  | { kind: 'choose'; why: 'emails-hidden' | 'not-found' | 'ambiguous'; candidates: PersonOption[]; hint: string };

type MmPeople = Pick<MattermostClient, 'user' | 'userByEmail' | 'userByUsername'>;

/** model.IsValidUsername (1–64 of a-z 0-9 . _ -, a letter first): anything else the server answers 400 for. */
const MM_USERNAME = /^[a-z][a-z0-9._-]{0,63}$/;

const fullName = (u: MmUser) => `${u.first_name} ${u.last_name}`.trim();

/** Active sys_users with `field` = value: at most two, to tell one from several (B.3). */
async function usersWhere(sn: TableClient, field: 'email' | 'user_name', value: string): Promise<PersonOption[]> {
  const { rows } = await sn.list('sys_user', {
    query: `active=true^${field}=${escapeQueryValue(value)}`,
    fields: 'sys_id,name,email,user_name',
    displayValue: 'false',
    limit: 2,
  });
  return rows.flatMap((r) => option(valueOf(r.sys_id), valueOf(r.name), valueOf(r.email), valueOf(r.user_name)));
}

/** People to choose from: named like the Mattermost user (full name first, else the username). */
async function candidatesFor(sn: TableClient, u: MmUser): Promise<PersonOption[]> {
  const names = [...new Set([fullName(u), u.username].filter(Boolean))];
  for (const query of names) {
    const found = await searchPeople(sn, { kind: 'user', query });
    if (found.length) return found;
  }
  return [];
}

/** The ServiceNow person for a Mattermost user, or what to choose from and why. */
export async function callerFor(mm: MmPeople, sn: TableClient, mmUserId: string): Promise<CallerMatch> {
  const u = await mm.user(mmUserId);
  const who = fullName(u) || `@${u.username}`;
  const email = u.email.trim();
  const found = email ? await usersWhere(sn, 'email', email) : await usersWhere(sn, 'user_name', u.username);
  if (found.length === 1) return { kind: 'match', person: found[0]! };
  if (found.length > 1) {
    const by = email ? `the email address ${email}` : `the user name “${u.username}”`;
    return { kind: 'choose', why: 'ambiguous', candidates: found, hint: `More than one ServiceNow user has ${by}. Choose who ${who} is.` };
  }
  const candidates = await candidatesFor(sn, u);
  return email
    ? { kind: 'choose', why: 'not-found', candidates, hint: `No active ServiceNow user has ${who}'s email address (${email}). Choose the caller.` }
    : { kind: 'choose', why: 'emails-hidden', candidates, hint: `Mattermost does not show ${who}'s email address, and no ServiceNow user is called “${u.username}”. Choose the caller.` };
}

const refusedOrMissing = (err: unknown) => err instanceof HttpError && (err.status === 403 || err.status === 404);

/** The Mattermost user for a ServiceNow person (sys_user sys_id); undefined when none can be found. */
export async function mattermostUserFor(mm: MmPeople, sn: TableClient, sysUserId: string): Promise<MmUser | undefined> {
  const row = await sn.get('sys_user', sysUserId, 'email,user_name');
  return mattermostUserOf(mm, { email: valueOf(row.email), user_name: valueOf(row.user_name) });
}

/**
 * The Mattermost users for several ServiceNow people, their sys_user rows read in one request (the share dialog's
 * assignee and caller): by sys_id, undefined where none can be found.
 */
export async function mattermostUsersFor(mm: MmPeople, sn: TableClient, sysUserIds: readonly string[]): Promise<Map<string, MmUser | undefined>> {
  const ids = [...new Set(sysUserIds)];
  const out = new Map<string, MmUser | undefined>();
  if (!ids.length) return out;
  const { rows } = await sn.list('sys_user', { query: `sys_idIN${ids.map(escapeQueryValue).join(',')}`, fields: 'sys_id,email,user_name', displayValue: 'false', limit: ids.length });
  await Promise.all(rows.map(async (r) => out.set(valueOf(r.sys_id), await mattermostUserOf(mm, { email: valueOf(r.email), user_name: valueOf(r.user_name) }).catch(() => undefined))));
  return out;
}

/** A ServiceNow person's Mattermost user, from their sys_user email and user name. */
async function mattermostUserOf(mm: MmPeople, person: { email: string; user_name: string }): Promise<MmUser | undefined> {
  const email = person.email.trim();
  const userName = person.user_name.trim().toLowerCase();
  const live = (u: MmUser) => (u.delete_at === 0 ? u : undefined);
  if (email) {
    try {
      return live(await mm.userByEmail(email));
    } catch (err) {
      if (!refusedOrMissing(err)) throw err;
      // 404: nobody has that email; 403: emails are hidden from us (or the user is): only then try the username
      if (err instanceof HttpError && err.status === 404) return undefined;
    }
  }
  if (!MM_USERNAME.test(userName)) return undefined;
  try {
    return live(await mm.userByUsername(userName));
  } catch (err) {
    if (refusedOrMissing(err)) return undefined;
    throw err;
  }
}
