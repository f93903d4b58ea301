/** /teams: a team, and the channel autocomplete and search endpoints scoped to one. */
import { AppError, forbidden, invalidBodyParam } from '../errors';
import type { SimChannel } from '../store';
import { jsonBody, ok, route, type ApiContext, type Route } from './context';
import { isMember } from './permissions';
import { channelJson, teamJson } from './shapes';

function teamFor(c: ApiContext) {
  const t = c.store.teamMap.get(c.params['team_id']!);
  if (!t || (!t.member_ids.includes(c.user.id) && !c.store.isAdmin(c.user.id))) throw forbidden('view_team');
  return t;
}

function getTeam(c: ApiContext) {
  return ok(teamJson(teamFor(c)));
}

function getTeamByName(c: ApiContext) {
  const t = c.store.teamByName(c.params['team_name']!);
  if (!t) throw new AppError(404, 'app.team.get_by_name.missing.app_error');
  if (!t.member_ids.includes(c.user.id) && !c.store.isAdmin(c.user.id)) throw forbidden('view_team');
  return ok(teamJson(t));
}

/** A word of the name or display name starts with the term (the store's LIKE 'term%'). */
export function startsWithTerm(ch: SimChannel, term: string): boolean {
  if (!term) return true;
  const words = [ch.name, ...ch.name.split(/[-_]/), ...ch.display_name.toLowerCase().split(/\s+/), ch.display_name.toLowerCase()];
  return words.some((w) => w.startsWith(term));
}

function inTeam(c: ApiContext, teamId: string): SimChannel[] {
  return [...c.store.channelMap.values()].filter((ch) => ch.team_id === teamId && ch.delete_at === 0);
}

/** Public channels plus the private ones the caller is in (limit 50, props not filled). */
function autocomplete(c: ApiContext) {
  const t = teamFor(c);
  const term = (c.query.get('name') ?? '').toLowerCase();
  const found = inTeam(c, t.id).filter((ch) => (ch.type === 'O' || isMember(ch, c.user.id)) && startsWithTerm(ch, term));
  return ok(found.slice(0, 50).map((ch) => channelJson(c.store, ch)));
}

/**
 * The caller's own channels that match, as `server/channels/store/sqlstore/channel_store.go
 * AutocompleteInTeamForSearch` finds them for `api4/channel.go autocompleteChannelsForTeamForSearch`:
 * - member channels of this team, plus every group message the caller is in (`TeamId = ''`, type G), so the
 *   same GMs come back for every team; not archived; LIMIT 50;
 * - plus `autocompleteInTeamForSearchDirectMessages`: the caller's DMs whose other member's username or nickname
 *   matches, with `DisplayName` replaced by that username (stored DMs have none); a DM with oneself has no
 *   other member and is left out; again for every team;
 * - all of it sorted by lower-cased display name.
 */
function searchAutocomplete(c: ApiContext) {
  const t = teamFor(c);
  const me = c.user.id;
  const term = (c.query.get('name') ?? '').toLowerCase();
  const all = [...c.store.channelMap.values()];
  const own = all
    .filter((ch) => (ch.team_id === t.id || (ch.team_id === '' && ch.type === 'G')) && ch.delete_at === 0 && isMember(ch, me) && startsWithTerm(ch, term))
    .slice(0, 50)
    .map((ch) => channelJson(c.store, ch));
  const dms = all
    .filter((ch) => ch.type === 'D' && isMember(ch, me))
    .flatMap((ch) => {
      const other = c.store.userById(ch.member_ids.find((id) => id !== me) ?? '');
      if (!other || (term && !other.username.startsWith(term) && !other.nickname.toLowerCase().startsWith(term))) return [];
      return [{ ...channelJson(c.store, ch), display_name: other.username }];
    })
    .slice(0, 50);
  const found = [...own, ...dms].sort((a, b) => (a.display_name.toLowerCase() < b.display_name.toLowerCase() ? -1 : a.display_name.toLowerCase() > b.display_name.toLowerCase() ? 1 : 0));
  return ok(found);
}

/** POST /teams/{id}/channels/search answers 200 (the spec says 201; the code sends 200). */
function search(c: ApiContext) {
  const t = c.store.teamMap.get(c.params['team_id']!);
  if (!t || (!t.member_ids.includes(c.user.id) && !c.store.isAdmin(c.user.id))) throw new AppError(404, 'app.team.get.find.app_error');
  const body = jsonBody(c, 'channel_search') as { term?: unknown };
  if (typeof body !== 'object' || body === null || typeof body.term !== 'string') throw invalidBodyParam('channel_search');
  const term = body.term.toLowerCase();
  const found = inTeam(c, t.id).filter((ch) => ch.type === 'O' && (ch.name.includes(term) || ch.display_name.toLowerCase().includes(term)));
  return ok(found.slice(0, 100).map((ch) => channelJson(c.store, ch)));
}

export const teamRoutes: Route[] = [
  route('GET', '/teams/name/:team_name', getTeamByName),
  route('GET', '/teams/:team_id', getTeam),
  route('GET', '/teams/:team_id/channels/autocomplete', autocomplete),
  route('GET', '/teams/:team_id/channels/search_autocomplete', searchAutocomplete),
  route('POST', '/teams/:team_id/channels/search', search),
];
