/** /users: me, by id, username or email, teams and channels of a user, autocomplete, tokens, login and logout. */
import { createHash } from 'node:crypto';
import { clearedCookies, parseAuthToken, sessionCookies } from '../auth';
import { AppError, forbidden, invalidBodyParam, invalidUrlParam, VERSION_ID } from '../errors';
import type { SimChannel, SimUser } from '../store';
import { jsonBody, ok, publicRoute, route, type ApiContext, type PublicContext, type Reply, type Route } from './context';
import { canRead } from './permissions';
import { channelJson, teamJson, userJson, type ProfileView } from './shapes';

/**
 * The caller's view of user `u`, as `app/user.go GetSanitizeOptions` and `model/user.go SanitizeProfile` give it:
 * with ShowEmailAddress / ShowFullName off, others' emails / names are blanked; admins and the user see all.
 */
function profileOf(c: ApiContext): (u: SimUser) => ReturnType<typeof userJson> {
  const all = c.store.isAdmin(c.user.id);
  const view: ProfileView = { email: all || c.settings.showEmailAddress, fullName: all || c.settings.showFullName };
  return (u) => userJson(u, u.id === c.user.id ? undefined : view);
}

/** Only the user themselves (or an admin) may list a user's teams and channels. */
function self(c: ApiContext): string {
  const id = c.params['user_id']!;
  if (id !== c.user.id && !c.store.isAdmin(c.user.id)) throw forbidden('user_id');
  return id;
}

function getUser(c: ApiContext) {
  const u = c.store.userById(c.params['user_id']!);
  if (!u) throw new AppError(404, 'app.user.missing_account.const');
  return ok(profileOf(c)(u));
}

function userTeams(c: ApiContext) {
  const id = self(c);
  return ok([...c.store.teamMap.values()].filter((t) => t.member_ids.includes(id)).map(teamJson));
}

/** Channel lists support ETag / If-None-Match → 304, like the real handler. */
function withEtag(c: ApiContext, body: unknown): Reply {
  const etag = `${VERSION_ID}.${createHash('sha1').update(JSON.stringify(body)).digest('hex').slice(0, 16)}`;
  if (c.r.req.headers['if-none-match'] === etag) return { status: 304, headers: { ETag: etag } };
  return { status: 200, body, headers: { ETag: etag } };
}

function memberChannels(c: ApiContext, userId: string, teamId?: string): SimChannel[] {
  const includeDeleted = c.query.get('include_deleted') === 'true';
  return [...c.store.channelMap.values()].filter(
    (ch) =>
      ch.member_ids.includes(userId) &&
      // the store query is `TeamId = ? OR TeamId = ''`: DMs and GMs ride along with every team
      (teamId === undefined || ch.team_id === teamId || ch.team_id === '') &&
      (includeDeleted || ch.delete_at === 0),
  );
}

function userTeamChannels(c: ApiContext) {
  const id = self(c);
  const teamId = c.params['team_id']!;
  if (!c.store.isTeamMember(teamId, id)) throw forbidden('view_team');
  return withEtag(c, memberChannels(c, id, teamId).map((ch) => channelJson(c.store, ch)));
}

function userChannels(c: ApiContext) {
  const id = self(c);
  return withEtag(c, memberChannels(c, id).map((ch) => channelJson(c.store, ch)));
}

/**
 * POST /users/ids (`api4/user.go getUsersByIds`): a JSON array of ids (`model.SortedArrayFromJSON`); a body that
 * is not one, or an empty one, is 400 invalid `user_ids`; ids that match nobody are left out.
 */
function usersByIds(c: ApiContext) {
  let ids: unknown;
  try {
    ids = JSON.parse(c.r.body);
  } catch {
    throw invalidBodyParam('user_ids');
  }
  if (!Array.isArray(ids) || ids.length === 0 || ids.some((id) => typeof id !== 'string')) throw invalidBodyParam('user_ids');
  return ok([...new Set(ids as string[])].flatMap((id) => c.store.userById(id) ?? []).map(profileOf(c)));
}

function matches(u: SimUser, term: string): boolean {
  if (!term) return true;
  return [u.username, u.first_name, u.last_name, u.nickname, `${u.first_name} ${u.last_name}`].some((s) => s.toLowerCase().startsWith(term));
}

/**
 * GET /users/autocomplete as `server/channels/api4/user.go autocompleteUsers` reads it: the scope is
 * `in_team` and `in_channel` (a `team_id` or `channel_id` is ignored, so the search covers everyone);
 * in_channel needs read_channel (403), in_team view_team (403), and in_channel without in_team is the
 * real server's 500 `missing_team_id`. With a channel, `users` are its members and `out_of_channel` the
 * team's other members (AutocompleteUsersInChannel); `out_of_channel` is omitempty, so an empty one is absent.
 */
function autocomplete(c: ApiContext) {
  const term = (c.query.get('name') ?? '').toLowerCase().replace(/^@/, '');
  const teamId = c.query.get('in_team') ?? '';
  const channelId = c.query.get('in_channel') ?? '';
  const limit = Math.min(Number.parseInt(c.query.get('limit') ?? '100', 10) || 100, 100);
  const admin = c.store.isAdmin(c.user.id);
  const ch = channelId ? c.store.channelById(channelId) : undefined;
  if (channelId && (!ch || !canRead(c.store, c.user.id, ch))) throw forbidden('read_channel');
  if (teamId && !c.store.isTeamMember(teamId, c.user.id) && !admin) throw forbidden('view_team');
  if (channelId && !teamId) throw new AppError(500, 'api.user.autocomplete_users.missing_team_id.app_error', `channelId=${channelId}`);
  let pool = [...c.store.userMap.values()];
  if (teamId) pool = pool.filter((u) => c.store.isTeamMember(teamId, u.id));
  pool = pool.filter((u) => matches(u, term)).sort((a, b) => a.username.localeCompare(b.username));
  const profile = profileOf(c);
  if (!ch) return ok({ users: pool.slice(0, limit).map(profile) });
  const inCh = pool.filter((u) => ch.member_ids.includes(u.id));
  const out = pool.filter((u) => !ch.member_ids.includes(u.id));
  return ok({ users: inCh.slice(0, limit).map(profile), ...(out.length ? { out_of_channel: out.slice(0, limit).map(profile) } : {}) });
}

/** model.IsValidUsername: 1–64 of [a-z0-9.-_], starting with a letter (RequireUsername → 400). */
const USERNAME = /^[a-z][a-z0-9._-]{0,63}$/;

/** GET /users/username/{username} (`api4/user.go getUserByUsername`): no permission beyond a session. */
function userByUsername(c: ApiContext) {
  const name = c.params['username']!;
  if (!USERNAME.test(name)) throw invalidUrlParam('username');
  const u = c.store.userByName(name);
  if (!u) throw new AppError(404, 'app.user.get_by_username.app_error');
  return ok(profileOf(c)(u));
}

/**
 * GET /users/email/{email} (`api4/user.go getUserByEmail`): SanitizeEmail lower-cases and checks the
 * address (400 invalid `email`); with PrivacySettings.ShowEmailAddress on (the default) anyone may look up,
 * off only admins: others get 403 `api.user.get_user_by_email.permissions.app_error`.
 */
function userByEmail(c: ApiContext) {
  const email = c.params['email']!.toLowerCase();
  if (!/^[^\s@<>]+@[^\s@<>]+$/.test(email)) throw invalidUrlParam('email');
  if (!c.settings.showEmailAddress && !c.store.isAdmin(c.user.id)) throw new AppError(403, 'api.user.get_user_by_email.permissions.app_error');
  const u = [...c.store.userMap.values()].find((x) => x.email.toLowerCase() === email);
  if (!u) throw new AppError(404, 'app.user.missing_account.const');
  return ok(profileOf(c)(u));
}

function createToken(c: ApiContext) {
  if (!c.settings.enableUserAccessTokens) throw new AppError(501, 'api.user.create_user_access_token.disabled');
  const id = self(c);
  const body = jsonBody(c, 'description') as { description?: unknown };
  if (typeof body?.description !== 'string' || body.description === '') throw invalidBodyParam('description');
  const pat = c.store.createPat(id, body.description);
  return ok({ id: pat.id, token: pat.token, user_id: pat.user_id, description: pat.description, is_active: true });
}

/** POST /users/login: a web session, returned in the Token header and as cookies. */
function login(c: PublicContext): Reply {
  const body = jsonBody(c, 'login_id') as { login_id?: unknown; password?: unknown };
  const loginId = typeof body?.login_id === 'string' ? body.login_id.toLowerCase() : '';
  const password = typeof body?.password === 'string' ? body.password : '';
  if (!password) throw new AppError(400, 'api.user.login.blank_pwd.app_error');
  const user = [...c.store.userMap.values()].find((u) => u.username === loginId || u.email.toLowerCase() === loginId);
  // app/login.go checkUserNotBot, part of the preflight checks before the password: a bot signs in with its token only
  if (user?.is_bot) throw new AppError(401, 'api.user.login.bot_login_forbidden.app_error');
  if (!user || user.password !== password) throw new AppError(401, 'api.user.login.invalid_credentials_email_username');
  const s = c.store.createSession(user.id, 'web');
  return { status: 200, body: userJson(user), headers: { Token: s.token }, cookies: sessionCookies(s, c.subpath, c.secure) };
}

/** POST /users/logout: revokes whatever session the request carries and clears the cookies. */
function logout(c: PublicContext): Reply {
  const { token } = parseAuthToken(c.r.req, c.r.url);
  if (token) c.store.revokeSession(token);
  return { status: 200, body: { status: 'OK' }, cookies: clearedCookies(c.subpath, c.secure) };
}

// Order matters: fixed words before the :user_id patterns they would also match.
export const userRoutes: Route[] = [
  route('GET', '/users/autocomplete', autocomplete),
  route('POST', '/users/ids', usersByIds),
  route('GET', '/users/username/:username', userByUsername),
  route('GET', '/users/email/:email', userByEmail),
  publicRoute('POST', '/users/login', login),
  publicRoute('POST', '/users/logout', logout),
  route('GET', '/users/:user_id', getUser),
  route('GET', '/users/:user_id/teams', userTeams),
  route('GET', '/users/:user_id/teams/:team_id/channels', userTeamChannels),
  route('GET', '/users/:user_id/channels', userChannels),
  route('POST', '/users/:user_id/tokens', createToken),
];
