// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_USERS } from '../fixtures';
import { start, type RunningMattermost } from './index';
import { bearer, call, expectAppError } from './test-util';

let mm: RunningMattermost;
let api: string;
beforeAll(async () => {
  mm = await start();
  api = `${mm.origin}/api/v4`;
});
afterAll(() => mm.stop());
afterEach(() => mm.control.setSettings({ enableUserAccessTokens: true, developerMode: false, strictCsrf: false }));

const newPost = { channel_id: MM_CHANNELS.incidents.id, message: 'from a test' };
const me = (headers: Record<string, string>, query = '') => call(`${api}/users/me${query}`, { headers });

describe('token precedence: MMAUTHTOKEN cookie > Authorization > ?access_token', () => {
  test('the cookie beats the bearer token', async () => {
    const david = mm.control.signIn('david');
    const res = await me({ Cookie: david.cookieHeader, ...bearer(MM_USERS.agent.token) });
    expect(res.json.username).toBe('david');
  });

  test('a cookie + bearer POST runs as the cookie user and fails CSRF', async () => {
    const david = mm.control.signIn('david');
    const res = await call(`${api}/posts`, { method: 'POST', headers: { Cookie: david.cookieHeader, ...bearer() }, json: newPost });
    expectAppError(res, 401, 'api.context.session_expired.app_error');
  });

  test('Bearer and Token prefixes are case-insensitive', async () => {
    for (const h of [`bearer ${MM_USERS.agent.token}`, `BEARER ${MM_USERS.agent.token}`, `Token ${MM_USERS.agent.token}`, `TOKEN ${MM_USERS.agent.token}`]) {
      expect((await me({ Authorization: h })).status).toBe(200);
    }
  });

  test('?access_token= with a non-OAuth session is 401 token_provided', async () => {
    expectAppError(await me({}, `?access_token=${MM_USERS.agent.token}`), 401, 'api.context.token_provided.app_error');
  });

  test('no token: 401 session_expired, detailed_error UserRequired only in developer mode', async () => {
    const prod = await me({});
    expectAppError(prod, 401, 'api.context.session_expired.app_error');
    expect(prod.json.detailed_error).toBe('');
    mm.control.setSettings({ developerMode: true });
    expect((await me({})).json.detailed_error).toBe('UserRequired');
  });

  test('an invalid token is 401 and clears the session cookies', async () => {
    const res = await me({ Cookie: 'MMAUTHTOKEN=abcdefghijklmnopqrstuvwxyz' });
    expectAppError(res, 401, 'api.context.session_expired.app_error');
    const cleared = res.headers.getSetCookie();
    expect(cleared.some((c) => /^MMAUTHTOKEN=;/.test(c) && /Max-Age=0/.test(c))).toBe(true);
    expect(cleared.some((c) => /^MMCSRF=;/.test(c))).toBe(true);
    expectAppError(await me(bearer('nope-nope')), 401, 'api.context.session_expired.app_error');
  });
});

describe('CSRF on cookie-authenticated non-GET requests', () => {
  test('no CSRF header → 401 (detailed "Appears to be a CSRF attempt" in developer mode)', async () => {
    const s = mm.control.signIn('beth');
    const res = await call(`${api}/posts`, { method: 'POST', headers: { Cookie: s.cookieHeader }, json: newPost });
    expectAppError(res, 401, 'api.context.session_expired.app_error');
    expect(res.json.detailed_error).toBe('');
    mm.control.setSettings({ developerMode: true });
    const dev = await call(`${api}/posts`, { method: 'POST', headers: { Cookie: s.cookieHeader }, json: newPost });
    expect(dev.json.detailed_error).toMatch(/Appears to be a CSRF attempt/);
  });

  test('X-CSRF-Token equal to MMCSRF → 201; a wrong one → 401', async () => {
    const s = mm.control.signIn('beth');
    expect((await call(`${api}/posts`, { method: 'POST', headers: { Cookie: s.cookieHeader, 'X-CSRF-Token': s.cookies.MMCSRF }, json: newPost })).status).toBe(201);
    expectAppError(await call(`${api}/posts`, { method: 'POST', headers: { Cookie: s.cookieHeader, 'X-CSRF-Token': 'wrong' }, json: newPost }), 401, 'api.context.session_expired.app_error');
  });

  test('X-Requested-With: XMLHttpRequest passes, unless strict CSRF enforcement is on', async () => {
    const s = mm.control.signIn('beth');
    const headers = { Cookie: s.cookieHeader, 'X-Requested-With': 'XMLHttpRequest' };
    expect((await call(`${api}/posts`, { method: 'POST', headers, json: newPost })).status).toBe(201);
    mm.control.setSettings({ strictCsrf: true });
    expectAppError(await call(`${api}/posts`, { method: 'POST', headers, json: newPost }), 401, 'api.context.session_expired.app_error');
    // the token header still passes under strict mode
    expect((await call(`${api}/posts`, { method: 'POST', headers: { Cookie: s.cookieHeader, 'X-CSRF-Token': s.csrf }, json: newPost })).status).toBe(201);
  });

  test('GET needs no CSRF header; bearer POSTs need none either', async () => {
    const s = mm.control.signIn('beth');
    expect((await me({ Cookie: s.cookieHeader })).status).toBe(200);
    expect((await call(`${api}/posts`, { method: 'POST', headers: bearer(), json: newPost })).status).toBe(201);
  });
});

describe('personal access tokens', () => {
  test('while disabled: 401 session_expired, detailed_error blank, "UserAccessToken" in developer mode', async () => {
    mm.control.setSettings({ enableUserAccessTokens: false });
    const res = await me(bearer());
    expectAppError(res, 401, 'api.context.session_expired.app_error');
    expect(res.json.detailed_error).toBe('');
    mm.control.setSettings({ developerMode: true });
    expect((await me(bearer())).json.detailed_error).toBe('UserAccessToken');
  });

  test('a PAT used while enabled stops working once disabled', async () => {
    expect((await me(bearer())).status).toBe(200);
    mm.control.setSettings({ enableUserAccessTokens: false });
    expect((await me(bearer())).status).toBe(401);
  });
});

describe('login and logout', () => {
  test('POST /api/v4/users/login: 200 user, Token header, three cookies with the right flags', async () => {
    const res = await call(`${api}/users/login`, { method: 'POST', json: { login_id: 'beth', password: MM_USERS.agent.password } });
    expect(res.status).toBe(200);
    expect(res.json.username).toBe('beth');
    const token = res.headers.get('token')!;
    expect(token).toHaveLength(26);
    const cookies = res.headers.getSetCookie();
    const auth = cookies.find((c) => c.startsWith('MMAUTHTOKEN='))!;
    const csrf = cookies.find((c) => c.startsWith('MMCSRF='))!;
    const uid = cookies.find((c) => c.startsWith('MMUSERID='))!;
    expect(auth).toContain(`MMAUTHTOKEN=${token};`);
    expect(auth).toContain('HttpOnly');
    expect(auth).toContain('Path=/;');
    expect(csrf).not.toContain('HttpOnly');
    expect(uid).toContain(`MMUSERID=${MM_USERS.agent.id};`);
    for (const c of cookies) {
      expect(c).not.toMatch(/SameSite/i);
      expect(c).not.toContain('Secure'); // plain http here
    }
    expect((await me(bearer(token))).json.username).toBe('beth');
  });

  test('login by email works; a wrong password is 401; a blank one 400', async () => {
    expect((await call(`${api}/users/login`, { method: 'POST', json: { login_id: 'David.Loo@example.com', password: MM_USERS.agent2.password } })).status).toBe(200);
    expectAppError(await call(`${api}/users/login`, { method: 'POST', json: { login_id: 'beth', password: 'nope' } }), 401, 'api.user.login.invalid_credentials_email_username');
    expectAppError(await call(`${api}/users/login`, { method: 'POST', json: { login_id: 'beth' } }), 400, 'api.user.login.blank_pwd.app_error');
  });

  test('POST /api/v4/users/logout revokes the session and clears cookies', async () => {
    const s = mm.control.signIn('beth');
    const res = await call(`${api}/users/logout`, { method: 'POST', headers: { Cookie: s.cookieHeader, 'X-CSRF-Token': s.csrf } });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ status: 'OK' });
    expect(res.headers.getSetCookie().some((c) => c.startsWith('MMAUTHTOKEN=;'))).toBe(true);
    expect((await me({ Cookie: s.cookieHeader })).status).toBe(401);
  });

  test('GET /login shows the form; POST /login sets cookies and follows a local redirect_to only', async () => {
    const page = await call(`${mm.origin}/login?redirect_to=${encodeURIComponent('/ops/channels/incidents')}`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(page.text).toContain('id="input_loginId"');
    expect(page.text).toContain('id="input_password-input"');
    expect(page.text).toMatch(/<button[^>]*>Log in<\/button>/);
    expect(page.text).toContain('value="/ops/channels/incidents"');

    const form = new URLSearchParams({ login_id: 'beth', password: MM_USERS.agent.password, redirect_to: '/ops/channels/incidents' });
    const ok = await call(`${mm.origin}/login`, { method: 'POST', body: form });
    expect(ok.status).toBe(302);
    expect(ok.headers.get('location')).toBe('/ops/channels/incidents');
    const cookie = ok.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    expect(mm.store.sessionUser(cookie)?.username).toBe('beth');

    const evil = await call(`${mm.origin}/login`, { method: 'POST', body: new URLSearchParams({ login_id: 'beth', password: MM_USERS.agent.password, redirect_to: '//evil.example/' }) });
    expect(evil.headers.get('location')).toBe('/');

    const bad = await call(`${mm.origin}/login`, { method: 'POST', body: new URLSearchParams({ login_id: 'beth', password: 'x' }) });
    expect(bad.status).toBe(200);
    expect(bad.text).toContain('Enter a valid email or username and/or password.');
    expect(bad.headers.getSetCookie()).toEqual([]);
  });

  test('GET /logout revokes the browser session and returns to the login page', async () => {
    const s = mm.control.signIn('beth');
    const res = await call(`${mm.origin}/logout`, { headers: { Cookie: s.cookieHeader } });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/login');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('MMAUTHTOKEN=;'))).toBe(true);
    expect(mm.store.sessionUser(s.cookieHeader)).toBeUndefined();
  });

  test('store.sessionUser reads MMAUTHTOKEN and ignores bad or missing cookies', () => {
    const s = mm.control.signIn('david');
    expect(mm.store.sessionUser(s.cookieHeader)?.id).toBe(MM_USERS.agent2.id);
    expect(mm.store.sessionUser('MMAUTHTOKEN=nope')).toBeUndefined();
    expect(mm.store.sessionUser(undefined)).toBeUndefined();
  });
});
