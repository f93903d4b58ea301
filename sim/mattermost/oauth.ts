/**
 * Mattermost as OAuth 2.0 provider (server/channels/web/oauth.go, server/channels/app/oauth.go,
 * server/public/model/oauth.go in mattermost/mattermost): the authorize page with consent,
 * the form-encoded token endpoint with code + PKCE and refresh grants, deauthorize, and RFC 8414 metadata.
 */
import { createHash } from 'node:crypto';
import type { SimRequest } from '../server';
import { authenticate } from './auth';
import type { MmSettings } from './config';
import { AppError, writeAppError, writeJson } from './errors';
import { isValidId, newId } from './ids';
import { consentPage, errorPage } from './pages';
import type { OAuthApp, Session, SimStore } from './store';

export interface OAuthDeps {
  store: SimStore;
  settings: () => MmSettings;
  subpath: string;
  secure: boolean;
}

const CODE_TTL_MS = 10 * 60 * 1000;
const PKCE = /^[A-Za-z0-9\-._~]{43,128}$/;

/** The apps every simulator starts with (redirect URI of the pinned Chrome extension id). */
export const DEFAULT_OAUTH_APPS: OAuthApp[] = [
  { client_id: 'nowbridge-mm-public', redirect_uris: ['https://eblcloncnfncckfofpnfbcbflhpihkip.chromiumapp.org/mattermost'], is_public: true, name: 'NowBridge', is_trusted: false },
  { client_id: 'nowbridge-mm-confidential', client_secret: 'nowbridge-mm-secret', redirect_uris: ['https://eblcloncnfncckfofpnfbcbflhpihkip.chromiumapp.org/mattermost'], is_public: false, name: 'NowBridge (confidential)', is_trusted: false },
];

function htmlError(r: SimRequest, status: number, id: string, message: string): void {
  r.res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8' });
  r.res.end(errorPage(id, message));
}

interface AuthorizeParams {
  response_type: string;
  client_id: string;
  redirect_uri: string;
  state: string;
  scope: string;
  code_challenge: string;
  code_challenge_method: string;
}

function readParams(q: URLSearchParams): AuthorizeParams {
  const g = (k: string) => q.get(k) ?? '';
  return {
    response_type: g('response_type'), client_id: g('client_id'), redirect_uri: g('redirect_uri'), state: g('state'),
    scope: g('scope'), code_challenge: g('code_challenge'), code_challenge_method: g('code_challenge_method'),
  };
}

function isHttpUrl(s: string): boolean {
  try {
    return ['http:', 'https:'].includes(new URL(s).protocol);
  } catch {
    return false;
  }
}

/** AuthorizeRequest.IsValid plus the app lookup and the public-client PKCE rule. */
function checkAuthorize(store: SimStore, p: AuthorizeParams): { app: OAuthApp } | { status: number; id: string; message: string } {
  if (p.response_type !== 'code') return { status: 400, id: 'model.authorize.is_valid.response_type.app_error', message: 'Invalid response type.' };
  if (!p.client_id) return { status: 400, id: 'model.authorize.is_valid.client_id.app_error', message: 'Invalid client id.' };
  if (!isHttpUrl(p.redirect_uri)) return { status: 400, id: 'model.authorize.is_valid.redirect_uri.app_error', message: 'Invalid redirect uri.' };
  if (p.state.length > 1024) return { status: 400, id: 'model.authorize.is_valid.state.app_error', message: 'Invalid state.' };
  if (p.code_challenge && (p.code_challenge_method !== 'S256' || !PKCE.test(p.code_challenge))) {
    return { status: 400, id: 'model.authorize.is_valid.code_challenge.app_error', message: 'Invalid code_challenge or code_challenge_method (only S256).' };
  }
  const app = store.oauthApps.get(p.client_id);
  if (!app) return { status: 404, id: 'app.oauth.get_app.find.app_error', message: 'Unable to find the OAuth app.' };
  if (app.is_public && !p.code_challenge) return { status: 400, id: 'oauth_pkce_required', message: 'Public clients must use PKCE (code_challenge with S256).' };
  return { app };
}

/** redirect_uri?code=…&state=… (state always present, as the real server concatenates it). */
function withQuery(redirectUri: string, pairs: Record<string, string>): string {
  const q = Object.entries(pairs).map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('&');
  return `${redirectUri}${redirectUri.includes('?') ? '&' : '?'}${q}`;
}

function issueCode(store: SimStore, p: AuthorizeParams, userId: string): string {
  const code = store.newAuthCode({
    client_id: p.client_id, user_id: userId, redirect_uri: p.redirect_uri, scope: p.scope || 'user', state: p.state,
    code_challenge: p.code_challenge, code_challenge_method: p.code_challenge_method, expires_at: Date.now() + CODE_TTL_MS,
  });
  return withQuery(p.redirect_uri, { code: code.code, state: p.state });
}

/** GET and POST `${subpath}/oauth/authorize`. */
export function handleAuthorize(deps: OAuthDeps, r: SimRequest): void {
  const settings = deps.settings();
  if (!settings.enableOAuthProvider) return htmlError(r, 501, 'api.oauth.authorize_oauth.disabled.app_error', 'The system admin has turned off OAuth2 Service Provider.');
  const posted = r.method === 'POST';
  const p = readParams(posted ? new URLSearchParams(r.body) : r.url.searchParams);
  const checked = checkAuthorize(deps.store, p);
  if (!('app' in checked)) return htmlError(r, checked.status, checked.id, checked.message);
  const session = authenticate(deps.store, settings, r.req, r.url, false).session;
  if (!session) {
    if (posted) return htmlError(r, 401, 'api.context.session_expired.app_error', 'Invalid or expired session, please login again.');
    r.res.writeHead(302, { Location: `${deps.subpath}/login?redirect_to=${encodeURIComponent(r.req.url ?? '/')}` }).end();
    return;
  }
  // checked only once signed in, as the real page does; exact match against the registered list
  if (!checked.app.redirect_uris.includes(p.redirect_uri)) {
    return htmlError(r, 400, 'api.oauth.allow_oauth.redirect_callback.app_error', 'invalid_request: Supplied redirect_uri did not match registered callback_url.');
  }
  if (posted) {
    const form = new URLSearchParams(r.body);
    // a plain form can't send X-CSRF-Token, so the page carries the session's CSRF token
    if (form.get('csrf') !== session.csrf) return htmlError(r, 401, 'api.context.session_expired.app_error', 'Appears to be a CSRF attempt.');
    const location = form.get('action') === 'allow' ? issueCode(deps.store, p, session.user_id) : withQuery(p.redirect_uri, { error: 'access_denied', state: p.state });
    r.res.writeHead(302, { Location: location }).end();
    return;
  }
  if (checked.app.is_trusted) {
    r.res.writeHead(302, { Location: issueCode(deps.store, p, session.user_id) }).end();
    return;
  }
  const fields: Record<string, string> = { ...p, csrf: session.csrf } as unknown as Record<string, string>;
  r.res.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8', 'X-Frame-Options': 'SAMEORIGIN', 'Content-Security-Policy': "frame-ancestors 'self'" });
  r.res.end(consentPage(deps.subpath, checked.app.name, fields));
}

const s256 = (verifier: string) => createHash('sha256').update(verifier).digest('base64url');

function tokenResponse(s: Session) {
  const expiresIn = Math.max(0, Math.floor((s.expires_at - Date.now()) / 1000));
  return {
    access_token: s.token,
    token_type: 'bearer',
    expires_in: expiresIn,
    scope: s.scope ?? 'user',
    // public clients get no refresh token: the field is omitted (omitempty)
    ...(s.refresh_token ? { refresh_token: s.refresh_token } : {}),
    id_token: '',
  };
}

function newOAuthSession(store: SimStore, settings: MmSettings, app: OAuthApp, userId: string, scope: string): Session {
  return store.createSession(userId, 'oauth', {
    client_id: app.client_id,
    scope,
    expires_at: Date.now() + settings.oauthExpiresInSec * 1000,
    ...(app.is_public ? {} : { refresh_token: newId() }),
  });
}

/** The token endpoint's logic; throws AppErrors exactly as the real handler and app layer. */
function exchange(deps: OAuthDeps, form: URLSearchParams): Session {
  const settings = deps.settings();
  const store = deps.store;
  const grant = form.get('grant_type') ?? '';
  const code = form.get('code') ?? '';
  const refresh = form.get('refresh_token') ?? '';
  if (grant === 'authorization_code') {
    if (!code) throw new AppError(400, 'api.oauth.get_access_token.missing_code.app_error');
  } else if (grant === 'refresh_token') {
    if (!refresh) throw new AppError(400, 'api.oauth.get_access_token.missing_refresh_token.app_error');
  } else {
    throw new AppError(400, 'api.oauth.get_access_token.bad_grant.app_error');
  }
  const clientId = form.get('client_id') ?? '';
  // Real client ids are 26-char ids; the simulator's named default apps are accepted as well.
  if (!isValidId(clientId) && !store.oauthApps.has(clientId)) throw new AppError(400, 'api.oauth.get_access_token.bad_client_id.app_error');
  if (!settings.enableOAuthProvider) throw new AppError(501, 'api.oauth.get_access_token.disabled.app_error');
  // The statuses are the real server's (server/channels/app/oauth.go GetOAuthAccessTokenForCodeFlow and
  // server/public/model/oauth.go ValidateForGrantType): an unknown app is 404, a wrong secret 401, a public client's
  // secret or refresh grant 400, an unknown refresh token 404. A client tells "refused" from "failed" by them.
  const app = store.oauthApps.get(clientId);
  if (!app) throw new AppError(404, 'api.oauth.get_access_token.credentials.app_error', 'unknown client');
  const secret = form.get('client_secret') ?? '';
  if (app.is_public) {
    if (secret) throw new AppError(400, 'model.oauth.validate_grant.public_client_secret.app_error', `app_id=${app.client_id}`);
    if (grant === 'refresh_token') throw new AppError(400, 'model.oauth.validate_grant.public_client_refresh_token.app_error', `app_id=${app.client_id}`);
  } else if (secret !== app.client_secret) {
    throw new AppError(401, 'model.oauth.validate_grant.credentials.app_error', `app_id=${app.client_id}`);
  }

  if (grant === 'refresh_token') {
    // (the real lookup, GetAccessDataByRefreshToken, does not compare the client: the simulator is stricter here)
    const old = [...store.sessions.values()].find((s) => s.kind === 'oauth' && s.refresh_token === refresh && s.client_id === clientId);
    if (!old) throw new AppError(404, 'api.oauth.get_access_token.refresh_token.app_error');
    // rotation: both the access token and the refresh token are replaced
    store.revokeSession(old.token);
    return newOAuthSession(store, settings, app, old.user_id, old.scope ?? 'user');
  }

  const data = store.authCodes.get(code);
  // an unknown (or used: it is removed once used) code is 400, an expired one 403 (app/oauth.go handleAuthorizationCodeGrant)
  if (!data || data.client_id !== clientId) throw new AppError(400, 'api.oauth.get_access_token.expired_code.app_error', 'unknown code');
  if (data.expires_at <= Date.now()) {
    store.authCodes.delete(code);
    throw new AppError(403, 'api.oauth.get_access_token.expired_code.app_error', 'expired code');
  }
  if (data.redirect_uri !== (form.get('redirect_uri') ?? '')) throw new AppError(400, 'api.oauth.get_access_token.redirect_uri.app_error');
  if (data.code_challenge) {
    const verifier = form.get('code_verifier') ?? '';
    if (!PKCE.test(verifier) || s256(verifier) !== data.code_challenge) {
      throw new AppError(400, 'api.oauth.get_access_token.pkce_verification_failed.app_error', 'code_verifier');
    }
  }
  store.authCodes.delete(code);
  // an unexpired grant for the same user and app is handed out again, as the real server does
  const previous = [...store.sessions.values()].find(
    (s) => s.kind === 'oauth' && s.client_id === clientId && s.user_id === data.user_id && s.expires_at > Date.now(),
  );
  return previous ?? newOAuthSession(store, settings, app, data.user_id, data.scope);
}

/** POST `${subpath}/oauth/access_token` (form-encoded only: a JSON body has no grant_type). */
export function handleAccessToken(deps: OAuthDeps, r: SimRequest, requestId: string): void {
  const form = (r.req.headers['content-type'] ?? '').startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(r.body) : new URLSearchParams();
  try {
    const s = exchange(deps, form);
    writeJson(r.res, r.method, 200, tokenResponse(s), { 'Cache-Control': 'no-store', Pragma: 'no-cache' });
  } catch (err) {
    if (!(err instanceof AppError)) throw err;
    writeAppError(r.res, r.method, err, requestId, deps.settings().developerMode);
  }
}

/**
 * POST `${subpath}/oauth/deauthorize` with JSON `{"client_id": …}`, as the signed-in user (any session: the app's
 * own OAuth token works). Real: server/channels/web/oauth.go deauthorizeOAuthApp (APISessionRequired, then an
 * invalid client_id is 400) → app/oauth.go DeauthorizeOAuthAppForUser (501 with the provider off; revokes every
 * access token the app holds for this user, then forgets the user's approval — the simulator keeps no approval).
 */
export function handleDeauthorize(deps: OAuthDeps, r: SimRequest, requestId: string): void {
  const settings = deps.settings();
  const fail = (err: AppError) => writeAppError(r.res, r.method, err, requestId, settings.developerMode);
  const auth = authenticate(deps.store, settings, r.req, r.url, true);
  if (!auth.session) return fail(auth.error!);
  let clientId = '';
  try {
    const body = JSON.parse(r.body || '{}') as { client_id?: unknown };
    clientId = typeof body.client_id === 'string' ? body.client_id : '';
  } catch {
    // model.MapFromJSON yields an empty map for a body that is not JSON: the id check below answers
  }
  // Real ids are 26-char ids; the simulator's named default apps are accepted too (as at the token endpoint).
  if (!isValidId(clientId) && !deps.store.oauthApps.has(clientId)) return fail(new AppError(400, 'api.context.invalid_param.app_error', 'client_id', 'client_id')); // c.SetInvalidParam
  if (!settings.enableOAuthProvider) return fail(new AppError(501, 'api.oauth.allow_oauth.turn_off.app_error'));
  const userId = auth.session.user_id;
  for (const s of [...deps.store.sessions.values()]) {
    if (s.kind === 'oauth' && s.client_id === clientId && s.user_id === userId) deps.store.revokeSession(s.token);
  }
  writeJson(r.res, r.method, 200, { status: 'OK' });
}

/** RFC 8414 metadata (servers ≥ 11.2). */
export function handleMetadata(deps: OAuthDeps, r: SimRequest, requestId: string): void {
  if (!deps.settings().enableOAuthProvider) {
    return writeAppError(r.res, r.method, new AppError(501, 'api.oauth.authorize_oauth.disabled.app_error'), requestId, deps.settings().developerMode);
  }
  const site = `${r.publicOrigin}${deps.subpath}`;
  writeJson(r.res, r.method, 200, {
    issuer: site,
    authorization_endpoint: `${site}/oauth/authorize`,
    token_endpoint: `${site}/oauth/access_token`,
    response_types_supported: ['code'],
    grant_types_supported: ['authorization_code', 'refresh_token'],
    token_endpoint_auth_methods_supported: ['client_secret_post', 'none'],
    code_challenge_methods_supported: ['S256'],
  });
}

