/**
 * Who the ServiceNow user behind a connection is, and the proof before a write that it is still them.
 *
 * "Me" is read with the documented "Me" dynamic filter (records-and-watch-contracts.md A.5 (b)): one sys_user row,
 * remembered per instance and connected user for the worker's life; my groups likewise (sys_user_grmember, with
 * the same filter on `user`, so both go in parallel).
 *
 * Browser-session connections write with whatever ServiceNow session the browser holds now, which may have been
 * signed out and in again as someone else since NowBridge connected. Before every write (record/update,
 * record/journal, approvals) `assertSameUser` reads "Me" again (remembered a few seconds only, so a burst of writes
 * costs one read) and refuses when it is not the connected user. OAuth connections carry their own token: skipped.
 */
import type { ConnectionStatus } from '../connections/status';
import { type TableClient, valueOf, displayOf } from '../servicenow/table-client';
import type { Clients } from './clients';
import { UserFacingError } from './router';

/** ServiceNow's out-of-box "Me" filter option (sys_filter_option_dynamic), A.5 */
export const ME_FILTER = 'DYNAMIC90d1921e5f510100a9ad2572f2b477fe';

export interface Me {
  sys_id: string;
  user_name: string;
  name: string;
  email: string;
  /** sys_user.preferred_language; '' when unset or unreadable */
  language: string;
}

export interface Group {
  sys_id: string;
  /** '' when the group itself is hidden from me (A.5: admin groups are invisible to itil users) */
  name: string;
}

export interface IdentityDeps {
  clients: Pick<Clients, 'servicenow'>;
  statuses(): Promise<Record<string, ConnectionStatus>>;
  now?: () => number;
}

/** How long a session check answers for the writes after it. */
export const SAME_USER_MS = 5_000;


async function readMe(client: TableClient): Promise<Me> {
  const { rows } = await client.list('sys_user', { query: `sys_id${ME_FILTER}`, fields: 'sys_id,user_name,name,email,preferred_language', displayValue: 'false', limit: 1 });
  const r = rows[0];
  if (!r || !valueOf(r.sys_id)) throw new UserFacingError(`${new URL(client.base).host} did not say who you are signed in as.`);
  return { sys_id: valueOf(r.sys_id), user_name: valueOf(r.user_name), name: valueOf(r.name) || valueOf(r.user_name), email: valueOf(r.email), language: valueOf(r.preferred_language) };
}

async function readGroups(client: TableClient): Promise<Group[]> {
  const { rows } = await client.list('sys_user_grmember', { query: `user${ME_FILTER}`, fields: 'group', displayValue: 'all', limit: 200 });
  const seen = new Map<string, Group>();
  for (const r of rows) if (valueOf(r.group)) seen.set(valueOf(r.group), { sys_id: valueOf(r.group), name: displayOf(r.group) });
  return [...seen.values()];
}

export function createIdentity(deps: IdentityDeps) {
  const now = deps.now ?? Date.now;
  const mes = new Map<string, { at: number; me: Promise<Me> }>();
  const groups = new Map<string, Promise<Group[]>>();

  async function status(instance: string): Promise<ConnectionStatus | undefined> {
    return Object.values(await deps.statuses()).find((s) => s.product === 'servicenow' && s.base === instance);
  }

  /** remembered per instance + connected user: a reconnect as someone else starts afresh */
  async function keyOf(instance: string) {
    return `${instance} ${(await status(instance))?.user.username ?? ''}`;
  }

  async function me(instance: string, maxAgeMs = Infinity): Promise<Me> {
    const key = await keyOf(instance);
    const hit = mes.get(key);
    if (hit && now() - hit.at <= maxAgeMs) return hit.me;
    const client = await deps.clients.servicenow(instance);
    const entry = { at: now(), me: readMe(client) };
    mes.set(key, entry);
    entry.me.catch(() => mes.get(key) === entry && mes.delete(key));
    return entry.me;
  }

  return {
    /** the signed-in user of this instance */
    me: (instance: string) => me(instance),
    /** the groups I am a member of (hidden ones with an empty name) */
    async myGroups(instance: string): Promise<Group[]> {
      const key = await keyOf(instance);
      const hit = groups.get(key);
      if (hit) return hit;
      const made = deps.clients.servicenow(instance).then(readGroups);
      groups.set(key, made);
      made.catch(() => groups.get(key) === made && groups.delete(key));
      return made;
    },
    /**
     * Refuses a write when a browser-session connection's ServiceNow session now belongs to someone else than
     * the connected user. Compared by user_name, which the connection status keeps (connections/status.ts).
     */
    async assertSameUser(instance: string): Promise<void> {
      const s = await status(instance);
      if (!s || s.method !== 'session') return;
      const current = await me(instance, SAME_USER_MS);
      if (current.user_name.toLowerCase() !== s.user.username.toLowerCase()) {
        throw new UserFacingError(
          `ServiceNow in this browser is now signed in as ${current.name}, not ${s.user.name}. Reconnect in NowBridge's settings to write as them.`,
        );
      }
    },
    /** after disconnect */
    forget(instance: string): void {
      for (const k of mes.keys()) if (k.startsWith(`${instance} `)) mes.delete(k);
      for (const k of groups.keys()) if (k.startsWith(`${instance} `)) groups.delete(k);
    },
  };
}

export type Identity = ReturnType<typeof createIdentity>;
