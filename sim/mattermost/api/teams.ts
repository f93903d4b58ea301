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

/** Only the caller's own channels that match. */
function searchAutocomplete(c: ApiContext) {
  const t = teamFor(c);
  const term = (c.query.get('name') ?? '').toLowerCase();
  const found = inTeam(c, t.id).filter((ch) => isMember(ch, c.user.id) && startsWithTerm(ch, term));
  return ok(found.slice(0, 50).map((ch) => channelJson(c.store, ch)));
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
