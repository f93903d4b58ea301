// @vitest-environment node
/**
 * Contract tests for ServiceNow as OAuth authorization server (ServiceNow docs, "OAuth authorization code flow"): the browser dance with
 * fetch (redirect: 'manual'), the token endpoint's single failure shape, PKCE, rotation and revocation.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SN_USERS } from '../fixtures';
import type { SnSim } from './app';
import { EXTENSION_REDIRECT_URI } from './oauth-grants';
import { cookieHeader, pkcePair, startSim, whoAmI } from './test-helpers';

const NOT_AUTH = { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' };
const TOKEN_FAIL = { error_description: 'access_denied', error: 'server_error' };
const agent = SN_USERS.agent;

let sim: SnSim;
beforeEach(async () => {
  sim = await startSim();
});
afterEach(() => sim.stop());

function authorizeUrl(params: Record<string, string | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, v);
  return `${sim.origin}/oauth_auth.do?${q}`;
}

const form = (body: Record<string, string>, headers: Record<string, string> = {}) => ({
  method: 'POST',
  headers: { 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
  body: new URLSearchParams(body),
});

const token = (body: Record<string, string>) => fetch(`${sim.origin}/oauth_token.do`, form(body));

/** The whole browser side: authorize → login form → login → consent → Allow/Deny. Returns the final redirect. */
async function dance(params: Record<string, string | undefined>, action: 'allow' | 'deny' = 'allow'): Promise<URL> {
  const url = authorizeUrl(params);
  const first = await fetch(url, { redirect: 'manual' });
  expect(first.status).toBe(200);
  const loginHtml = await first.text();
  expect(loginHtml).toContain('id="user_name"');
  const goto = /name="sysparm_goto_url" value="([^"]+)"/.exec(loginHtml)![1]!.replace(/&amp;/g, '&');
  expect(goto.startsWith('/oauth_auth.do?')).toBe(true);

  const login = await fetch(`${sim.origin}/login.do`, {
    ...form({ user_name: agent.user_name, user_password: agent.password, sysparm_goto_url: goto }),
    redirect: 'manual',
  });
  expect(login.status).toBe(302);
  expect(login.headers.get('location')).toBe(goto);
  const cookie = cookieHeader(login);

  const consent = await fetch(`${sim.origin}${goto}`, { headers: { cookie }, redirect: 'manual' });
  expect(consent.status).toBe(200);
  const html = await consent.text();
  expect(html).toMatch(/<button[^>]*name="action" value="allow"[^>]*>Allow<\/button>/);
  expect(html).toMatch(/<button[^>]*name="action" value="deny"[^>]*>Deny<\/button>/);
  const hidden = Object.fromEntries(
    [...html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)].map((m) => [m[1]!, m[2]!.replace(/&amp;/g, '&')]),
  );
  const decision = await fetch(`${sim.origin}/oauth_auth.do`, { ...form({ ...hidden, action }, { cookie }), redirect: 'manual' });
  expect(decision.status).toBe(302);
  return new URL(decision.headers.get('location')!);
}

async function publicCode() {
  const { verifier, challenge } = pkcePair();
  const to = await dance({ response_type: 'code', client_id: 'nowbridge-public', redirect_uri: EXTENSION_REDIRECT_URI, state: 's1', code_challenge: challenge, code_challenge_method: 'S256' });
  return { code: to.searchParams.get('code')!, verifier };
}

describe('authorization code + PKCE (public client)', () => {
  it('runs the whole dance and the token works on /api', async () => {
    const { verifier, challenge } = pkcePair();
    const to = await dance({ response_type: 'code', client_id: 'nowbridge-public', redirect_uri: EXTENSION_REDIRECT_URI, state: 'xyz 1/2', scope: 'useraccount', code_challenge: challenge, code_challenge_method: 'S256' });
    expect(`${to.origin}${to.pathname}`).toBe(EXTENSION_REDIRECT_URI);
    expect(to.searchParams.get('state')).toBe('xyz 1/2');
    const code = to.searchParams.get('code')!;
    expect(code).toMatch(/^[A-Za-z0-9_-]{20,}$/);

    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-public', code_verifier: verifier });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(res.headers.get('cache-control')).toBe('no-store');
    const body = await res.json();
    expect(Object.keys(body)).toEqual(['access_token', 'refresh_token', 'scope', 'token_type', 'expires_in']);
    expect(body).toMatchObject({ scope: 'useraccount', token_type: 'Bearer', expires_in: 1799 });

    expect(await whoAmI(sim.origin, { Authorization: `Bearer ${body.access_token}` })).toBe(agent.user_name);
  });

  it('rejects a wrong code_verifier with the token failure shape', async () => {
    const { code } = await publicCode();
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-public', code_verifier: pkcePair().verifier });
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await res.json()).toEqual(TOKEN_FAIL);
  });

  it('rejects a missing code_verifier', async () => {
    const { code } = await publicCode();
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-public' });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(TOKEN_FAIL);
  });

  it('spends a code once; a replay fails and revokes the tokens it produced', async () => {
    const { code, verifier } = await publicCode();
    const body = { grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-public', code_verifier: verifier };
    const first = await token(body);
    expect(first.status).toBe(200);
    const { access_token } = await first.json();
    const again = await token(body);
    expect(again.status).toBe(401);
    expect(await again.json()).toEqual(TOKEN_FAIL);
    const api = await fetch(`${sim.origin}/api/now/table/incident`, { headers: { Authorization: `Bearer ${access_token}`, Accept: 'application/json' } });
    expect(api.status).toBe(401);
  });

  it('requires the exact redirect_uri at the token endpoint', async () => {
    const { code, verifier } = await publicCode();
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: `${EXTENSION_REDIRECT_URI}/`, client_id: 'nowbridge-public', code_verifier: verifier });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(TOKEN_FAIL);
  });

  it('refuses a code after its lifetime', async () => {
    const { code, verifier } = await publicCode();
    sim.control.advanceClock(121);
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-public', code_verifier: verifier });
    expect(res.status).toBe(401);
  });

  it('answers a JSON token request with 401, since the form parameters are missing', async () => {
    const { code, verifier } = await publicCode();
    const res = await fetch(`${sim.origin}/oauth_token.do`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-public', code_verifier: verifier }),
    });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(TOKEN_FAIL);
  });

  it('answers Deny with error=access_denied and the state', async () => {
    const { challenge } = pkcePair();
    const to = await dance({ response_type: 'code', client_id: 'nowbridge-public', redirect_uri: EXTENSION_REDIRECT_URI, state: 'st', code_challenge: challenge, code_challenge_method: 'S256' }, 'deny');
    expect(`${to.origin}${to.pathname}`).toBe(EXTENSION_REDIRECT_URI);
    expect([...to.searchParams.entries()]).toEqual([
      ['error', 'access_denied'],
      ['state', 'st'],
    ]);
  });
});

describe('authorize request validation', () => {
  const good = () => ({ response_type: 'code', client_id: 'nowbridge-public', redirect_uri: EXTENSION_REDIRECT_URI, state: 's', code_challenge: pkcePair().challenge, code_challenge_method: 'S256' });

  it('shows an error page, never a redirect, for a redirect_uri that is not registered exactly', async () => {
    for (const redirect_uri of [`${EXTENSION_REDIRECT_URI}x`, 'https://evil.example/servicenow', undefined]) {
      const res = await fetch(authorizeUrl({ ...good(), redirect_uri }), { redirect: 'manual' });
      expect(res.status).toBe(400);
      expect(res.headers.get('location')).toBeNull();
      expect(res.headers.get('content-type')).toBe('text/html;charset=UTF-8');
      expect(await res.text()).toContain('Invalid redirect_uri');
    }
  });

  it('shows an error page for an unknown client', async () => {
    const res = await fetch(authorizeUrl({ ...good(), client_id: 'nope' }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Invalid client_id');
  });

  it('requires state: "Missing State parameter in request"', async () => {
    const res = await fetch(authorizeUrl({ ...good(), state: undefined }), { redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
    expect(await res.text()).toContain('Missing State parameter in request');
  });

  it('sends a public client without code_challenge back with invalid_request', async () => {
    const res = await fetch(authorizeUrl({ ...good(), code_challenge: undefined, code_challenge_method: undefined }), { redirect: 'manual' });
    expect(res.status).toBe(302);
    const to = new URL(res.headers.get('location')!);
    expect(to.searchParams.get('error')).toBe('invalid_request');
    expect(to.searchParams.get('state')).toBe('s');
  });

  it('accepts only S256', async () => {
    const res = await fetch(authorizeUrl({ ...good(), code_challenge_method: 'plain' }), { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('invalid_request');
  });

  it('accepts only response_type=code', async () => {
    const res = await fetch(authorizeUrl({ ...good(), response_type: 'token' }), { redirect: 'manual' });
    expect(new URL(res.headers.get('location')!).searchParams.get('error')).toBe('unsupported_response_type');
  });

  it('shows the consent page straight away to a signed-in user', async () => {
    const { cookieHeader: cookie } = sim.control.signIn(agent.user_name);
    const res = await fetch(authorizeUrl(good()), { headers: { cookie } });
    expect(res.status).toBe(200);
    const html = await res.text();
    expect(html).toContain('id="oauth_allow"');
    expect(html).toContain('beth.anglin');
  });

  it('refuses a consent post without the session token (CSRF)', async () => {
    const { cookieHeader: cookie } = sim.control.signIn(agent.user_name);
    const res = await fetch(`${sim.origin}/oauth_auth.do`, { ...form({ ...good(), action: 'allow', sysparm_ck: 'forged' }, { cookie }), redirect: 'manual' });
    expect(res.status).toBe(400);
    expect(res.headers.get('location')).toBeNull();
  });
});

describe('confidential client', () => {
  async function confidentialCode() {
    const to = await dance({ response_type: 'code', client_id: 'nowbridge-confidential', redirect_uri: EXTENSION_REDIRECT_URI, state: 'c' });
    return to.searchParams.get('code')!;
  }

  it('exchanges a code with the right secret (body or Basic)', async () => {
    const code = await confidentialCode();
    const res = await token({ grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-confidential', client_secret: 'nowbridge-secret' });
    expect(res.status).toBe(200);
    const code2 = await confidentialCode();
    const viaBasic = await fetch(
      `${sim.origin}/oauth_token.do`,
      form({ grant_type: 'authorization_code', code: code2, redirect_uri: EXTENSION_REDIRECT_URI }, { Authorization: `Basic ${Buffer.from('nowbridge-confidential:nowbridge-secret').toString('base64')}` }),
    );
    expect(viaBasic.status).toBe(200);
  });

  it('rejects a wrong or missing client_secret', async () => {
    const code = await confidentialCode();
    for (const secret of ['wrong', undefined]) {
      const body: Record<string, string> = { grant_type: 'authorization_code', code, redirect_uri: EXTENSION_REDIRECT_URI, client_id: 'nowbridge-confidential' };
      if (secret) body.client_secret = secret;
      const res = await token(body);
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual(TOKEN_FAIL);
    }
  });
});

describe('refresh, lifetime, expiry, revocation', () => {
  const refresh = (refresh_token: string, client_id = 'nowbridge-public') => token({ grant_type: 'refresh_token', refresh_token, client_id });
  const apiWith = (t: string) => fetch(`${sim.origin}/api/now/table/incident?sysparm_limit=1`, { headers: { Authorization: `Bearer ${t}`, Accept: 'application/json' } });

  it('returns the same refresh token when rotation is off (the default)', async () => {
    const t = sim.control.issueTokens(agent.user_name);
    const res = await refresh(t.refresh_token!);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.refresh_token).toBe(t.refresh_token);
    expect(body.access_token).not.toBe(t.access_token);
    expect((await refresh(t.refresh_token!)).status).toBe(200);
  });

  it('rotates when configured: the old refresh token then fails with 401 server_error', async () => {
    sim.control.setFaults({ rotateRefreshTokens: true });
    const t = sim.control.issueTokens(agent.user_name);
    const res = await refresh(t.refresh_token!);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.refresh_token).not.toBe(t.refresh_token);
    const old = await refresh(t.refresh_token!);
    expect(old.status).toBe(401);
    expect(await old.json()).toEqual(TOKEN_FAIL);
    expect((await refresh(body.refresh_token)).status).toBe(200);
  });

  it('refuses a refresh token presented by another client, or a confidential refresh without the secret', async () => {
    const t = sim.control.issueTokens(agent.user_name, 'nowbridge-confidential');
    expect((await refresh(t.refresh_token!, 'nowbridge-public')).status).toBe(401);
    expect((await refresh(t.refresh_token!, 'nowbridge-confidential')).status).toBe(401);
    const ok = await token({ grant_type: 'refresh_token', refresh_token: t.refresh_token!, client_id: 'nowbridge-confidential', client_secret: 'nowbridge-secret' });
    expect(ok.status).toBe(200);
  });

  it('honours tokenLifetimeSec in expires_in and in the token itself', async () => {
    sim.control.setFaults({ tokenLifetimeSec: 60 });
    const t = sim.control.issueTokens(agent.user_name);
    expect(t.expires_in).toBe(59);
    expect((await apiWith(t.access_token)).status).toBe(200);
    sim.control.advanceClock(60);
    const res = await apiWith(t.access_token);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(NOT_AUTH);
  });

  it('expireAllTokens ends access tokens; refresh still works unless included', async () => {
    const t = sim.control.issueTokens(agent.user_name);
    sim.control.expireAllTokens();
    const res = await apiWith(t.access_token);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await res.json()).toEqual(NOT_AUTH);
    expect((await refresh(t.refresh_token!)).status).toBe(200);
    sim.control.expireAllTokens({ includeRefresh: true });
    expect((await refresh(t.refresh_token!)).status).toBe(401);
  });

  it('revokes access and refresh tokens through /oauth_revoke_token.do', async () => {
    const t = sim.control.issueTokens(agent.user_name);
    const r1 = await fetch(`${sim.origin}/oauth_revoke_token.do`, form({ token: t.access_token }));
    expect(r1.status).toBe(200);
    expect((await apiWith(t.access_token)).status).toBe(401);
    const fresh = await (await refresh(t.refresh_token!)).json();
    expect((await apiWith(fresh.access_token)).status).toBe(200);
    await fetch(`${sim.origin}/oauth_revoke_token.do`, form({ token: t.refresh_token! }));
    expect((await refresh(t.refresh_token!)).status).toBe(401);
    // Revoking the refresh token ends the access tokens minted from it.
    expect((await apiWith(fresh.access_token)).status).toBe(401);
    expect(sim.control.tokenStats().revoked).toBeGreaterThanOrEqual(3);
  });

  it('rejects unknown grant types and unknown tokens alike', async () => {
    expect((await token({ grant_type: 'password', client_id: 'nowbridge-public', username: 'x', password: 'y' })).status).toBe(401);
    expect((await refresh('not-a-token')).status).toBe(401);
    expect((await apiWith('not-a-token')).status).toBe(401);
  });

  it('accepts ?access_token= on the API', async () => {
    const t = sim.control.issueTokens(agent.user_name);
    const res = await fetch(`${sim.origin}/api/now/table/incident?sysparm_limit=1&access_token=${encodeURIComponent(t.access_token)}`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(200);
  });

  it('gives public clients configured without refresh tokens none', async () => {
    sim.control.registerOAuthClient({ client_id: 'bare', redirect_uris: [EXTENSION_REDIRECT_URI], issueRefreshTokens: false });
    const t = sim.control.issueTokens(agent.user_name, 'bare');
    expect(Object.keys(t)).toEqual(['access_token', 'scope', 'token_type', 'expires_in']);
  });
});
