// @vitest-environment node
import { createHash, randomBytes } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MM_USERS } from '../fixtures';
import { start, type RunningMattermost } from './index';
import { call, expectAppError, hiddenFields, type Res } from './test-util';

const REDIRECT = 'https://eblcloncnfncckfofpnfbcbflhpihkip.chromiumapp.org/mattermost';
const PUBLIC = 'nowbridge-mm-public';
const CONFIDENTIAL = 'nowbridge-mm-confidential';
const SECRET = 'nowbridge-mm-secret';

let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());
afterEach(() => mm.control.setSettings({ enableOAuthProvider: true }));

const pkce = () => {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
};

function authorizeUrl(p: Record<string, string>): string {
  return `${mm.origin}/oauth/authorize?${new URLSearchParams({ response_type: 'code', redirect_uri: REDIRECT, state: 'st-123', ...p })}`;
}

/** Consent as beth (a preset browser session) and return the redirect back to the extension. */
async function consent(url: string, action: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const s = mm.control.signIn('beth');
  const page = await call(url, { headers: { Cookie: s.cookieHeader } });
  expect(page.status).toBe(200);
  const res = await call(`${mm.origin}/oauth/authorize`, {
    method: 'POST',
    headers: { Cookie: s.cookieHeader },
    body: new URLSearchParams({ ...hiddenFields(page.text), action }),
  });
  expect(res.status).toBe(302);
  return new URL(res.headers.get('location')!);
}

const token = (fields: Record<string, string>) => call(`${mm.origin}/oauth/access_token`, { method: 'POST', body: new URLSearchParams(fields) });

async function codeFor(client: string, challenge?: string): Promise<string> {
  const loc = await consent(authorizeUrl({ client_id: client, ...(challenge ? { code_challenge: challenge, code_challenge_method: 'S256' } : {}) }));
  return loc.searchParams.get('code')!;
}

describe('authorize', () => {
  test('the full browser dance: login redirect, login, consent page, allow → code and state', async () => {
    const { challenge } = pkce();
    const url = authorizeUrl({ client_id: PUBLIC, code_challenge: challenge, code_challenge_method: 'S256' });
    const first = await call(url);
    expect(first.status).toBe(302);
    const login = new URL(first.headers.get('location')!, mm.origin);
    expect(login.pathname).toBe('/login');
    const back = login.searchParams.get('redirect_to')!;
    expect(back.startsWith('/oauth/authorize?')).toBe(true);

    const loggedIn = await call(`${mm.origin}/login`, { method: 'POST', body: new URLSearchParams({ login_id: 'beth', password: MM_USERS.agent.password, redirect_to: back }) });
    expect(loggedIn.status).toBe(302);
    expect(loggedIn.headers.get('location')).toBe(back);
    const cookie = loggedIn.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');

    const page = await call(`${mm.origin}${back}`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    expect(page.text).toMatch(/<button id="allow"[^>]*>Allow<\/button>/);
    expect(page.text).toMatch(/<button id="deny"[^>]*>Deny<\/button>/);
    const done = await call(`${mm.origin}/oauth/authorize`, { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams({ ...hiddenFields(page.text), action: 'allow' }) });
    expect(done.status).toBe(302);
    const loc = new URL(done.headers.get('location')!);
    expect(`${loc.origin}${loc.pathname}`).toBe(REDIRECT);
    expect(loc.searchParams.get('code')).toMatch(/^[a-z0-9]{52}$/);
    expect(loc.searchParams.get('state')).toBe('st-123');
  });

  test('deny → redirect_uri?error=access_denied&state=…', async () => {
    const loc = await consent(authorizeUrl({ client_id: CONFIDENTIAL }), 'deny');
    expect(loc.searchParams.get('error')).toBe('access_denied');
    expect(loc.searchParams.get('state')).toBe('st-123');
    expect(loc.searchParams.has('code')).toBe(false);
  });

  test('a redirect_uri not registered exactly → 400 HTML redirect_callback error', async () => {
    const s = mm.control.signIn('beth');
    for (const redirect_uri of [`${REDIRECT}/`, 'https://evil.example/cb', REDIRECT.replace('https', 'http')]) {
      const res = await call(authorizeUrl({ client_id: CONFIDENTIAL, redirect_uri }), { headers: { Cookie: s.cookieHeader } });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.text).toContain('api.oauth.allow_oauth.redirect_callback.app_error');
    }
  });

  test('a public client without code_challenge → 400 oauth_pkce_required', async () => {
    const s = mm.control.signIn('beth');
    const res = await call(authorizeUrl({ client_id: PUBLIC }), { headers: { Cookie: s.cookieHeader } });
    expect(res.status).toBe(400);
    expect(res.text).toContain('oauth_pkce_required');
  });

  test('a challenge method other than S256 → 400', async () => {
    const s = mm.control.signIn('beth');
    const res = await call(authorizeUrl({ client_id: PUBLIC, code_challenge: pkce().challenge, code_challenge_method: 'plain' }), { headers: { Cookie: s.cookieHeader } });
    expect(res.status).toBe(400);
  });

  test('the consent form needs the session CSRF token', async () => {
    const s = mm.control.signIn('beth');
    const page = await call(authorizeUrl({ client_id: CONFIDENTIAL }), { headers: { Cookie: s.cookieHeader } });
    const fields = { ...hiddenFields(page.text), csrf: 'forged', action: 'allow' };
    const res = await call(`${mm.origin}/oauth/authorize`, { method: 'POST', headers: { Cookie: s.cookieHeader }, body: new URLSearchParams(fields) });
    expect(res.status).toBe(401);
  });

  test('a trusted app skips consent', async () => {
    mm.control.registerOAuthApp({ client_id: 'trusted-app', client_secret: 's', redirect_uris: ['https://trusted.example/cb'], is_public: false, is_trusted: true });
    const s = mm.control.signIn('beth');
    const res = await call(authorizeUrl({ client_id: 'trusted-app', redirect_uri: 'https://trusted.example/cb' }), { headers: { Cookie: s.cookieHeader } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^https:\/\/trusted\.example\/cb\?code=[a-z0-9]{52}&state=st-123$/);
  });

  test('disabled provider → 501', async () => {
    mm.control.setSettings({ enableOAuthProvider: false });
    expect((await call(authorizeUrl({ client_id: CONFIDENTIAL }))).status).toBe(501);
  });
});

function expectTokenResponse(res: Res): void {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(res.headers.get('cache-control')).toBe('no-store');
  expect(res.json.token_type).toBe('bearer');
  expect(res.json.id_token).toBe('');
  expect(res.json.expires_in).toBeGreaterThan(720 * 3600 - 10);
  expect(typeof res.json.scope).toBe('string');
}

describe('access_token', () => {
  test('public client + PKCE: token works as Bearer and ?access_token=, and there is no refresh_token', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(PUBLIC, challenge);
    const res = await token({ grant_type: 'authorization_code', client_id: PUBLIC, code, redirect_uri: REDIRECT, code_verifier: verifier });
    expectTokenResponse(res);
    expect(res.json).not.toHaveProperty('refresh_token');
    const at = res.json.access_token;
    expect((await call(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${at}` } })).json.username).toBe('beth');
    expect((await call(`${mm.origin}/api/v4/users/me?access_token=${at}`)).json.username).toBe('beth');
  });

  test('a wrong code_verifier → 400, a missing one → 400', async () => {
    const { challenge } = pkce();
    const code = await codeFor(PUBLIC, challenge);
    const base = { grant_type: 'authorization_code', client_id: PUBLIC, code, redirect_uri: REDIRECT };
    expectAppError(await token({ ...base, code_verifier: pkce().verifier }), 400, 'api.oauth.get_access_token.pkce_verification_failed.app_error');
    expectAppError(await token(base), 400, 'api.oauth.get_access_token.pkce_verification_failed.app_error');
  });

  test('a redirect_uri differing from the authorize one → 400; a used code (removed once used) → 400 expired_code', async () => {
    const code = await codeFor(CONFIDENTIAL);
    const base = { grant_type: 'authorization_code', client_id: CONFIDENTIAL, client_secret: SECRET, code };
    expectAppError(await token({ ...base, redirect_uri: 'https://other.example/cb' }), 400, 'api.oauth.get_access_token.redirect_uri.app_error');
    expectTokenResponse(await token({ ...base, redirect_uri: REDIRECT }));
    expectAppError(await token({ ...base, redirect_uri: REDIRECT }), 400, 'api.oauth.get_access_token.expired_code.app_error');
  });

  // model/oauth.go validateConfidentialClientGrant: 401; app/oauth.go: an unknown app 404
  test('confidential client: a wrong secret → 401 credentials, on the refresh grant too; an unknown app → 404', async () => {
    const code = await codeFor(CONFIDENTIAL);
    expectAppError(await token({ grant_type: 'authorization_code', client_id: CONFIDENTIAL, client_secret: 'nope', code, redirect_uri: REDIRECT }), 401, 'model.oauth.validate_grant.credentials.app_error');
    expectAppError(await token({ grant_type: 'refresh_token', client_id: CONFIDENTIAL, client_secret: 'nope', refresh_token: 'abcdefghijklmnopqrstuvwxyz' }), 401, 'model.oauth.validate_grant.credentials.app_error');
    expectAppError(await token({ grant_type: 'refresh_token', client_id: 'abcdefghijklmnopqrstuvwxy1', client_secret: 's', refresh_token: 'r' }), 404, 'api.oauth.get_access_token.credentials.app_error');
  });

  test('refresh rotates both tokens; the old refresh token → 404, the old access token → 401', async () => {
    mm.control.expireAllTokens(); // no earlier grant to hand back
    const code = await codeFor(CONFIDENTIAL);
    const first = await token({ grant_type: 'authorization_code', client_id: CONFIDENTIAL, client_secret: SECRET, code, redirect_uri: REDIRECT });
    expectTokenResponse(first);
    expect(first.json.refresh_token).toHaveLength(26);
    const second = await token({ grant_type: 'refresh_token', client_id: CONFIDENTIAL, client_secret: SECRET, refresh_token: first.json.refresh_token });
    expectTokenResponse(second);
    expect(second.json.access_token).not.toBe(first.json.access_token);
    expect(second.json.refresh_token).not.toBe(first.json.refresh_token);
    expectAppError(await token({ grant_type: 'refresh_token', client_id: CONFIDENTIAL, client_secret: SECRET, refresh_token: first.json.refresh_token }), 404, 'api.oauth.get_access_token.refresh_token.app_error');
    expectAppError(await call(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${first.json.access_token}` } }), 401, 'api.context.session_expired.app_error');
    expect((await call(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${second.json.access_token}` } })).status).toBe(200);
  });

  test('expireAllTokens → access tokens 401; refresh still works', async () => {
    mm.control.expireAllTokens();
    const code = await codeFor(CONFIDENTIAL);
    const t = await token({ grant_type: 'authorization_code', client_id: CONFIDENTIAL, client_secret: SECRET, code, redirect_uri: REDIRECT });
    mm.control.expireAllTokens();
    expectAppError(await call(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${t.json.access_token}` } }), 401, 'api.context.session_expired.app_error');
    expectTokenResponse(await token({ grant_type: 'refresh_token', client_id: CONFIDENTIAL, client_secret: SECRET, refresh_token: t.json.refresh_token }));
  });

  test('request errors: bad_grant, missing_code, missing_refresh_token, bad_client_id, JSON body, disabled', async () => {
    expectAppError(await token({ grant_type: 'password', client_id: CONFIDENTIAL }), 400, 'api.oauth.get_access_token.bad_grant.app_error');
    expectAppError(await token({ grant_type: 'authorization_code', client_id: CONFIDENTIAL }), 400, 'api.oauth.get_access_token.missing_code.app_error');
    expectAppError(await token({ grant_type: 'refresh_token', client_id: CONFIDENTIAL }), 400, 'api.oauth.get_access_token.missing_refresh_token.app_error');
    expectAppError(await token({ grant_type: 'authorization_code', code: 'x', client_id: 'no such client' }), 400, 'api.oauth.get_access_token.bad_client_id.app_error');
    const json = await call(`${mm.origin}/oauth/access_token`, { method: 'POST', json: { grant_type: 'authorization_code', code: 'x', client_id: CONFIDENTIAL } });
    expectAppError(json, 400, 'api.oauth.get_access_token.bad_grant.app_error');
    mm.control.setSettings({ enableOAuthProvider: false });
    expectAppError(await token({ grant_type: 'authorization_code', code: 'x', client_id: CONFIDENTIAL, client_secret: SECRET }), 501, 'api.oauth.get_access_token.disabled.app_error');
  });

  // model/oauth.go validatePublicClientGrant
  test('a public client has no refresh grant, and sends no secret → 400', async () => {
    expectAppError(await token({ grant_type: 'refresh_token', client_id: PUBLIC, refresh_token: 'abcdefghijklmnopqrstuvwxyz' }), 400, 'model.oauth.validate_grant.public_client_refresh_token.app_error');
    expectAppError(await token({ grant_type: 'authorization_code', client_id: PUBLIC, client_secret: 'x', code: 'c', redirect_uri: REDIRECT }), 400, 'model.oauth.validate_grant.public_client_secret.app_error');
  });

  test('expireAllTokens({ includeRefresh }) revokes the grants: the access token 401, its refresh token 404', async () => {
    mm.control.expireAllTokens();
    const code = await codeFor(CONFIDENTIAL);
    const t = await token({ grant_type: 'authorization_code', client_id: CONFIDENTIAL, client_secret: SECRET, code, redirect_uri: REDIRECT });
    mm.control.expireAllTokens({ includeRefresh: true });
    expectAppError(await call(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${t.json.access_token}` } }), 401, 'api.context.session_expired.app_error');
    expectAppError(await token({ grant_type: 'refresh_token', client_id: CONFIDENTIAL, client_secret: SECRET, refresh_token: t.json.refresh_token }), 404, 'api.oauth.get_access_token.refresh_token.app_error');
  });
});

describe('deauthorize', () => {
  const deauthorize = (accessToken: string, body: unknown) =>
    call(`${mm.origin}/oauth/deauthorize`, { method: 'POST', headers: { Authorization: `Bearer ${accessToken}` }, json: body });
  const me = (accessToken: string) => call(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${accessToken}` } });

  test('with the app’s own token: every token the app holds for the user stops working, its refresh token too', async () => {
    mm.control.expireAllTokens();
    const code = await codeFor(CONFIDENTIAL);
    const t = await token({ grant_type: 'authorization_code', client_id: CONFIDENTIAL, client_secret: SECRET, code, redirect_uri: REDIRECT });
    expect((await me(t.json.access_token)).status).toBe(200);
    const res = await deauthorize(t.json.access_token, { client_id: CONFIDENTIAL });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'OK' });
    expectAppError(await me(t.json.access_token), 401, 'api.context.session_expired.app_error');
    expectAppError(await token({ grant_type: 'refresh_token', client_id: CONFIDENTIAL, client_secret: SECRET, refresh_token: t.json.refresh_token }), 404, 'api.oauth.get_access_token.refresh_token.app_error');
  });

  test('no session → 401; a bad client_id → 400; provider off → 501, and nothing is revoked', async () => {
    const { verifier, challenge } = pkce();
    const code = await codeFor(PUBLIC, challenge);
    const at = (await token({ grant_type: 'authorization_code', client_id: PUBLIC, code, redirect_uri: REDIRECT, code_verifier: verifier })).json.access_token;
    expectAppError(await call(`${mm.origin}/oauth/deauthorize`, { method: 'POST', json: { client_id: PUBLIC } }), 401, 'api.context.session_expired.app_error');
    expectAppError(await deauthorize(at, { client_id: 'short' }), 400, 'api.context.invalid_param.app_error');
    mm.control.setSettings({ enableOAuthProvider: false });
    expectAppError(await deauthorize(at, { client_id: PUBLIC }), 501, 'api.oauth.allow_oauth.turn_off.app_error');
    expect((await me(at)).status).toBe(200);
  });
});

test('/.well-known/oauth-authorization-server metadata', async () => {
  const res = await call(`${mm.origin}/.well-known/oauth-authorization-server`);
  expect(res.status).toBe(200);
  expect(res.json).toMatchObject({
    issuer: mm.origin,
    authorization_endpoint: `${mm.origin}/oauth/authorize`,
    token_endpoint: `${mm.origin}/oauth/access_token`,
    code_challenge_methods_supported: ['S256'],
  });
});
