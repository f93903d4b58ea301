// @vitest-environment node
import { request } from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_USERS, SIM_HOSTS } from '../fixtures';
import { makeTls } from '../tls';
import { isValidId } from './ids';
import { start, SEEDED_REFERENCES, type RunningMattermost } from './index';
import { bearer, call, expectAppError } from './test-util';

let mm: RunningMattermost;
let api: string;
beforeAll(async () => {
  mm = await start();
  api = `${mm.origin}/api/v4`;
});
afterAll(() => mm.stop());
afterEach(() => {
  mm.control.setSettings({ rateLimit: { enabled: false, perSec: 10, maxBurst: 100 } });
  mm.control.setFaults({ latencyMs: 0, rate5xx: 0 });
});

describe('wire conventions', () => {
  test('every API response: Content-Type exactly application/json, X-Request-Id, X-Version-Id; GET adds Expires: 0', async () => {
    const get = await call(`${api}/users/me`, { headers: bearer() });
    expect(get.headers.get('content-type')).toBe('application/json');
    expect(isValidId(get.headers.get('x-request-id'))).toBe(true);
    expect(get.headers.get('x-version-id')).toMatch(/^\d+\.\d+\.\d+\.\d+\.\d+\.\d+\.\w+\.(true|false)$/);
    expect(get.headers.get('expires')).toBe('0');
    const post = await call(`${api}/posts`, { method: 'POST', headers: bearer(), json: { channel_id: MM_CHANNELS.incidents.id, message: 'x' } });
    expect(post.headers.get('content-type')).toBe('application/json');
    expect(post.headers.get('expires')).toBeNull();
    const err = await call(`${api}/users/me`);
    expect(err.headers.get('content-type')).toBe('application/json');
    expect(err.headers.get('expires')).toBe('0');
  });

  test('request ids differ per request', async () => {
    const a = await call(`${api}/users/me`, { headers: bearer() });
    const b = await call(`${api}/users/me`, { headers: bearer() });
    expect(a.headers.get('x-request-id')).not.toBe(b.headers.get('x-request-id'));
  });

  test('an unknown API route is 404 api.context.404.app_error', async () => {
    expectAppError(await call(`${api}/nothing/here`, { headers: bearer() }), 404, 'api.context.404.app_error');
  });
});

describe('rate limiting', () => {
  test('off by default: no X-RateLimit headers', async () => {
    const res = await call(`${api}/users/me`, { headers: bearer() });
    expect(res.headers.get('x-ratelimit-limit')).toBeNull();
  });

  test('when on: headers on every response; over the burst → 429 text/plain "limit exceeded\\n" with Retry-After', async () => {
    mm.control.setSettings({ rateLimit: { enabled: true, perSec: 1, maxBurst: 1 } });
    const first = await call(`${api}/users/me`, { headers: bearer() });
    expect(first.status).toBe(200);
    expect(first.headers.get('x-ratelimit-limit')).toBe('2');
    expect(first.headers.get('x-ratelimit-remaining')).toBe('1');
    // seconds until reset, not an epoch
    expect(Number(first.headers.get('x-ratelimit-reset'))).toBeLessThanOrEqual(2);
    await call(`${api}/users/me`, { headers: bearer() });
    const limited = await call(`${api}/users/me`, { headers: bearer() });
    expect(limited.status).toBe(429);
    expect(limited.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(limited.text).toBe('limit exceeded\n');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(limited.headers.get('x-ratelimit-remaining')).toBe('0');
    expect(Number(limited.headers.get('x-ratelimit-reset'))).toBeLessThan(100);
  });
});

describe('faults', () => {
  test('failNext(1, 429) answers exactly like the limiter, then recovers', async () => {
    mm.control.failNext(1, 429);
    const res = await call(`${api}/users/me`, { headers: bearer() });
    expect(res.status).toBe(429);
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.text).toBe('limit exceeded\n');
    expect(res.headers.get('retry-after')).toBe('1');
    expect(res.headers.get('x-ratelimit-reset')).toBe('1');
    expect((await call(`${api}/users/me`, { headers: bearer() })).status).toBe(200);
  });

  test('failNext aimed at one request (method + path) leaves the others alone', async () => {
    mm.control.failNext(1, 503, { method: 'POST', path: /^\/api\/v4\/users\/ids$/ });
    expect((await call(`${api}/users/me`, { headers: bearer() })).status).toBe(200);
    const hit = await call(`${api}/users/ids`, { method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/json' }, body: '[]' });
    expectAppError(hit, 503, 'api.context.server_busy.app_error');
    expect((await call(`${api}/users/ids`, { method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/json' }, body: JSON.stringify([MM_USERS.agent.id]) })).status).toBe(200);
  });

  test('failNext(2, 500) gives two hardened-mode AppErrors', async () => {
    mm.control.failNext(2, 500);
    for (let i = 0; i < 2; i++) {
      const res = await call(`${api}/users/me`, { headers: bearer() });
      expectAppError(res, 500, '');
      expect(res.json.message).toBe('Internal Server Error');
    }
    expect((await call(`${api}/users/me`, { headers: bearer() })).status).toBe(200);
  });

  test('failNext(1, 401) is a session_expired AppError; rate5xx=1 fails everything', async () => {
    mm.control.failNext(1, 401);
    expectAppError(await call(`${api}/users/me`, { headers: bearer() }), 401, 'api.context.session_expired.app_error');
    mm.control.setFaults({ rate5xx: 1 });
    expect((await call(`${api}/users/me`, { headers: bearer() })).status).toBe(500);
  });

  test('latency delays but does not change the answer', async () => {
    mm.control.setFaults({ latencyMs: 5 });
    expect((await call(`${api}/users/me`, { headers: bearer() })).status).toBe(200);
  });
});

describe('control', () => {
  test('createPost / editPost / deletePost / lastPost', () => {
    const p = mm.control.createPost({ channel_id: MM_CHANNELS.town.id, user_id: MM_USERS.agent2.id, message: 'from control' });
    expect(mm.control.lastPost(MM_CHANNELS.town.id)?.id).toBe(p.id);
    expect(mm.control.editPost(p.id, 'edited')?.edit_at).toBeGreaterThan(0);
    mm.control.deletePost(p.id);
    expect(mm.control.posts(MM_CHANNELS.town.id).some((x) => x.id === p.id)).toBe(false);
  });

  test('the request log records method, path, body and final status', async () => {
    await call(`${api}/users/me`, { headers: bearer() });
    const last = mm.requests.at(-1)!;
    expect(last).toMatchObject({ method: 'GET', pathname: '/api/v4/users/me', status: 200 });
  });
});

describe('web-app side', () => {
  test('channel pages are served from the same store: seeded and API-created posts render', async () => {
    const created = await call(`${api}/posts`, { method: 'POST', headers: bearer(), json: { channel_id: MM_CHANNELS.incidents.id, message: 'rendered by the web side' } });
    const s = mm.control.signIn('beth');
    const page = await call(`${mm.origin}/ops/channels/incidents`, { headers: { Cookie: s.cookieHeader } });
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
    expect(page.text).toContain(`postMessageText_${SEEDED_REFERENCES[0]!.postId}`);
    expect(page.text).toContain(`postMessageText_${created.json.id}`);
  });

  test('without a session the web app sends the browser to the login page', async () => {
    const res = await call(`${mm.origin}/ops/channels/incidents`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toMatch(/^\/login\?redirect_to=/);
  });
});

describe('subpath install', () => {
  let sub: RunningMattermost;
  beforeAll(async () => {
    sub = await start({ subpath: '/mm' });
  });
  afterAll(() => sub.stop());

  test('the API lives under /mm/api/v4 and nowhere else', async () => {
    expect(sub.siteUrl).toBe(`${sub.origin}/mm`);
    const res = await call(`${sub.origin}/mm/api/v4/users/me`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.json.username).toBe('beth');
    expect((await call(`${sub.origin}/api/v4/users/me`, { headers: bearer() })).status).toBe(404);
  });

  test('cookies use Path=/mm; login and OAuth redirects keep the subpath', async () => {
    const login = await call(`${sub.origin}/mm/api/v4/users/login`, { method: 'POST', json: { login_id: 'beth', password: MM_USERS.agent.password } });
    for (const c of login.headers.getSetCookie()) expect(c).toContain('Path=/mm;');
    const page = await call(`${sub.origin}/mm/login`);
    expect(page.text).toContain('action="/mm/login"');
    const auth = await call(`${sub.origin}/mm/oauth/authorize?response_type=code&client_id=nowbridge-mm-confidential&redirect_uri=${encodeURIComponent('https://eblcloncnfncckfofpnfbcbflhpihkip.chromiumapp.org/mattermost')}&state=s`);
    expect(auth.status).toBe(302);
    const loc = new URL(auth.headers.get('location')!, sub.origin);
    expect(loc.pathname).toBe('/mm/login');
    expect(loc.searchParams.get('redirect_to')).toMatch(/^\/mm\/oauth\/authorize\?/);
    const meta = await call(`${sub.origin}/mm/.well-known/oauth-authorization-server`);
    expect(meta.json.token_endpoint).toBe(`${sub.origin}/mm/oauth/access_token`);
  });

  test('the bare origin redirects to the subpath', async () => {
    const res = await call(`${sub.origin}/`);
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/mm/');
  });
});

describe('TLS', () => {
  test('cookies are Secure over https', async () => {
    const tls = makeTls(SIM_HOSTS);
    const secure = await start({ tls });
    try {
      const setCookie = await new Promise<string[]>((resolve, reject) => {
        const req = request(`${secure.origin}/api/v4/users/login`, { method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/json' } }, (res) => {
          res.resume();
          resolve(res.headers['set-cookie'] ?? []);
        });
        req.on('error', reject);
        req.end(JSON.stringify({ login_id: 'beth', password: MM_USERS.agent.password }));
      });
      expect(setCookie).toHaveLength(3);
      for (const c of setCookie) expect(c).toContain('; Secure');
      expect(secure.control.signIn('beth').setCookie.every((c) => c.includes('; Secure'))).toBe(true);
    } finally {
      await secure.stop();
    }
  });
});
