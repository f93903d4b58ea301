/** /channels: one channel, lookup by team and channel name, cross-team search, direct channels. */
import { AppError, forbidden, invalidBodyParam } from '../errors';
import { isValidId, newId } from '../ids';
import { dmName } from '../seed-ids';
import type { SimChannel } from '../store';
import { jsonBody, ok, route, type ApiContext, type Route } from './context';
import { canRead, isMember } from './permissions';
import { channelJson } from './shapes';

function getChannel(c: ApiContext) {
  const ch = c.store.channelById(c.params['channel_id']!);
  if (!ch) throw new AppError(404, 'app.channel.get.existing.app_error');
  if (!canRead(c.store, c.user.id, ch)) throw forbidden('read_channel');
  return ok(channelJson(c.store, ch));
}

/** A private channel the caller can't read is "missing" too: the name lookup never leaks it. */
function byName(c: ApiContext) {
  const team = c.store.teamByName(c.params['team_name']!);
  if (!team) throw new AppError(404, 'app.team.get_by_name.missing.app_error');
  if (!team.member_ids.includes(c.user.id) && !c.store.isAdmin(c.user.id)) throw forbidden('view_team');
  const ch = c.store.channelByName(team.id, c.params['channel_name']!);
  const includeDeleted = c.query.get('include_deleted') === 'true';
  if (!ch || !canRead(c.store, c.user.id, ch) || (ch.delete_at && !includeDeleted)) {
    throw new AppError(404, 'app.channel.get_by_name.missing.app_error');
  }
  return ok(channelJson(c.store, ch));
}

/** POST /channels/search: the system-console search (403 for non-admins) unless system_console=false. */
function search(c: ApiContext) {
  const admin = c.store.isAdmin(c.user.id);
  if (c.query.get('system_console') !== 'false' && !admin) throw forbidden('manage_system');
  const body = jsonBody(c, 'channel_search') as { term?: unknown; team_ids?: unknown; private?: unknown; public?: unknown; deleted?: unknown };
  if (typeof body !== 'object' || body === null || (body.term !== undefined && typeof body.term !== 'string')) throw invalidBodyParam('channel_search');
  const teamIds = body.team_ids;
  if (teamIds !== undefined && (!Array.isArray(teamIds) || !teamIds.every(isValidId))) throw invalidBodyParam('team_ids');
  for (const t of (teamIds as string[] | undefined) ?? []) {
    if (!c.store.isTeamMember(t, c.user.id) && !admin) throw forbidden('view_team');
  }
  const term = ((body.term as string | undefined) ?? '').toLowerCase();
  const found = [...c.store.channelMap.values()].filter(
    (ch) =>
      ch.team_id !== '' &&
      (body.deleted === true || ch.delete_at === 0) &&
      (teamIds === undefined || (teamIds as string[]).includes(ch.team_id)) &&
      (body.private !== true || ch.type === 'P') &&
      (admin || isMember(ch, c.user.id) || (ch.type === 'O' && c.store.isTeamMember(ch.team_id, c.user.id))) &&
      (ch.name.includes(term) || ch.display_name.toLowerCase().includes(term)),
  );
  return ok(found.slice(0, 100).map((ch) => channelJson(c.store, ch)));
}

/** POST /channels/direct: 201 always, the existing DM when there is one. */
function direct(c: ApiContext) {
  const ids = jsonBody(c, 'user_ids');
  if (!Array.isArray(ids) || ids.length !== 2) throw invalidBodyParam('user_ids');
  for (const id of ids) if (!isValidId(id)) throw invalidBodyParam('user_id');
  const [a, b] = ids as [string, string];
  if (a !== c.user.id && b !== c.user.id) throw forbidden('create_direct_channel');
  const other = a === c.user.id ? b : a;
  if (!c.store.userById(other)) throw new AppError(400, 'api.channel.create_direct_channel.invalid_user.app_error');
  const name = dmName(a, b);
  let ch = [...c.store.channelMap.values()].find((x) => x.type === 'D' && x.name === name);
  if (!ch) {
    const now = c.store.now();
    const created: SimChannel = {
      id: newId(), team_id: '', type: 'D', name, display_name: '', read_only: false, delete_at: 0,
      member_ids: [...new Set([a, b])], create_at: now, update_at: now, last_post_at: now, header: '', purpose: '', creator_id: '',
    };
    c.store.addChannel(created);
    ch = created;
  }
  return ok(channelJson(c.store, ch), 201);
}

export const channelRoutes: Route[] = [
  route('POST', '/channels/direct', direct),
  route('POST', '/channels/search', search),
  route('GET', '/channels/:channel_id', getChannel),
  route('GET', '/teams/name/:team_name/channels/name/:channel_name', byName),
];
