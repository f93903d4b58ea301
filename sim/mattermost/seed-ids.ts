/** Ids of seeded objects that are not in ../fixtures.ts (extra users, DM and GM), stable across seeds. */
import { createHash } from 'node:crypto';
import { MM_USERS } from '../fixtures';
import { stableId } from './ids';

/** Users the seed adds around the fixtures: an admin (may post in read-only channels) and colleagues. */
export const SEED_USERS = {
  admin: { id: stableId('user:sysadmin'), username: 'sysadmin', first_name: 'Sys', last_name: 'Admin', email: 'sysadmin@example.com', password: 'sysadmin-mm-1', roles: 'system_user system_admin' },
  carla: { id: stableId('user:carla'), username: 'carla', first_name: 'Carla', last_name: 'Ortiz', email: 'carla.ortiz@example.com', password: 'carla-mm-1', roles: 'system_user' },
  omar: { id: stableId('user:omar'), username: 'omar', first_name: 'Omar', last_name: 'Haddad', email: 'omar.haddad@example.com', password: 'omar-mm-1', roles: 'system_user' },
  mei: { id: stableId('user:mei'), username: 'mei', first_name: 'Mei', last_name: 'Chen', email: 'mei.chen@example.com', password: 'mei-mm-1', roles: 'system_user' },
} as const;

/** DM names are the two user ids sorted and joined by "__" (model.GetDMNameFromIds). */
export function dmName(a: string, b: string): string {
  return [a, b].sort().join('__');
}

/** GM names are the hex SHA-1 of the sorted member ids (model.GetGroupNameFromUserIds). */
export function gmName(ids: string[]): string {
  const h = createHash('sha1');
  for (const id of [...ids].sort()) h.update(id);
  return h.digest('hex');
}

const gmMembers = [MM_USERS.agent.id, MM_USERS.agent2.id, MM_USERS.requester.id];

export const SEED_CHANNELS = {
  /** beth ↔ david */
  dm: { id: stableId('channel:dm:beth:david'), name: dmName(MM_USERS.agent.id, MM_USERS.agent2.id), member_ids: [MM_USERS.agent.id, MM_USERS.agent2.id] },
  /** beth, david, abel */
  gm: { id: stableId('channel:gm:beth:david:abel'), name: gmName(gmMembers), member_ids: gmMembers },
} as const;
