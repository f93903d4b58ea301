// @vitest-environment node
/**
 * Contract tests for browser sessions and API authentication (ServiceNow docs on the X-UserToken session header): the login form,
 * its cookies, X-UserToken against g_ck, Basic for test setup, the Authorization header deciding alone,
 * and expiry (UI: login page with 200; API: 401 envelope).
 */
import { request as httpsRequest } from 'node:https';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SN_USERS } from '../fixtures';
import { makeTls } from '../tls';
import type { SnSim } from './app';
import type { SimStore } from './store';
import { basic, cookieHeader, logIn, startSim, whoAmI } from './test-helpers';

const NOT_AUTH = { error: { message: 'User Not Authenticated', detail: 'Required to provide Auth information' }, status: 'failure' };
const agent = SN_USERS.agent;

let sim: SnSim<SimStore>;
beforeEach(async () => {
  sim = await startSim();
});
afterEach(() => sim.stop());

describe('/login.do', () => {
  it('serves the form with user_name, user_password and "Log in"', async () => {
    const res = await fetch(`${sim.origin}/login.do`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html;charset=UTF-8');
    const html = await res.text();
    expect(html).toContain('<form id="loginPage" name="loginPage" action="/login.do" method="post">');
    expect(html).toMatch(/<input type="text" id="user_name" name="user_name"/);
    expect(html).toMatch(/<input type="password" id="user_password" name="user_password"/);
    expect(html).toContain('<button type="submit" id="sysverb_login" class="btn btn-primary">Log in</button>');
    expect(res.headers.getSetCookie().some((c) => c.startsWith('glide_user_route=glide.'))).toBe(true);
  });

  it('sets JSESSIONID, glide_session_store and glide_user_route (HttpOnly, Path=/) and redirects', async () => {
    const res = await fetch(`${sim.origin}/login.do`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_name: agent.user_name, user_password: agent.password }),
    });
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('/navpage.do');
    const cookies = res.headers.getSetCookie();
    expect(cookies.map((c) => c.split('=')[0])).toEqual(['JSESSIONID', 'glide_session_store', 'glide_user_route']);
    for (const c of cookies) {
      expect(c).toContain('; Path=/');
      expect(c).toContain('; HttpOnly');
      // Plain HTTP: no Secure flag, or the browser would drop the cookie.
      expect(c).not.toContain('Secure');
    }
  });

  it('shows the form again, status 200, for a wrong password', async () => {
    const res = await fetch(`${sim.origin}/login.do`, {
      method: 'POST',
      redirect: 'manual',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_name: agent.user_name, user_password: 'nope' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie().some((c) => c.startsWith('JSESSIONID='))).toBe(false);
    expect(await res.text()).toContain('User name or password invalid');
  });

  it('never continues to another origin after login', async () => {
    for (const goto of ['https://evil.example/', '//evil.example/x', '/\\evil.example']) {
      const res = await fetch(`${sim.origin}/login.do`, {
        method: 'POST',
        redirect: 'manual',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ user_name: agent.user_name, user_password: agent.password, sysparm_goto_url: goto }),
      });
      expect(res.headers.get('location')).toBe('/navpage.do');
    }
  });

  it('marks session cookies Secure (and SameSite=None) over HTTPS', async () => {
    const tls = makeTls(['acme.service-now.com']);
    const https = await startSim({ tls });
    try {
      const { status, cookies } = await new Promise<{ status: number; cookies: string[] }>((resolve, reject) => {
        const req = httpsRequest(`${https.origin}/login.do`, { method: 'POST', rejectUnauthorized: false, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } }, (res) => {
          res.resume();
          resolve({ status: res.statusCode!, cookies: res.headers['set-cookie'] ?? [] });
        });
        req.on('error', reject);
        req.end(new URLSearchParams({ user_name: agent.user_name, user_password: agent.password }).toString());
      });
      expect(https.origin).toMatch(/^https:/);
      expect(status).toBe(302);
      expect(cookies).toHaveLength(3);
      for (const c of cookies) expect(c).toMatch(/; HttpOnly; SameSite=None; Secure$/);
    } finally {
      await https.stop();
    }
  });
});

describe('cookie-authenticated REST needs X-UserToken = g_ck', () => {
  it('401 without X-UserToken, 401 with a wrong one, 200 with the session g_ck', async () => {
    const { cookie, g_ck } = await logIn(sim.origin, agent.user_name, agent.password);
    expect(g_ck).toMatch(/^[0-9a-f]{64}$/);
    const without = await fetch(`${sim.origin}/api/now/table/incident?sysparm_limit=1`, { headers: { cookie, Accept: 'application/json' } });
    expect(without.status).toBe(401);
    expect(without.headers.get('content-type')).toBe('application/json;charset=UTF-8');
    expect(await without.json()).toEqual(NOT_AUTH);
    expect(await whoAmI(sim.origin, { cookie, 'X-UserToken': 'f'.repeat(64) })).toBe(401);
    expect(await whoAmI(sim.origin, { cookie, 'X-UserToken': g_ck })).toBe(agent.user_name);
  });

  it('401 for X-UserToken without a session cookie', async () => {
    const { g_ck } = sim.control.signIn(agent.user_name);
    expect(await whoAmI(sim.origin, { 'X-UserToken': g_ck })).toBe(401);
  });

  it('control.signIn presets a session usable like a browser one', async () => {
    const s = sim.control.signIn(SN_USERS.agent2.user_name);
    expect(s.cookies.map((c) => c.name)).toEqual(['JSESSIONID', 'glide_session_store', 'glide_user_route']);
    expect(await whoAmI(sim.origin, { cookie: s.cookieHeader, 'X-UserToken': s.g_ck })).toBe(SN_USERS.agent2.user_name);
  });

  it('rotates g_ck on a new login; the old token dies with the old session', async () => {
    const first = await logIn(sim.origin, agent.user_name, agent.password);
    const res = await fetch(`${sim.origin}/login.do`, {
      method: 'POST',
      redirect: 'manual',
      headers: { cookie: first.cookie, 'Content-Type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ user_name: agent.user_name, user_password: agent.password }),
    });
    const cookie = cookieHeader(res);
    const page = await (await fetch(`${sim.origin}/home.do`, { headers: { cookie } })).text();
    const g_ck = /window\.g_ck = "([0-9a-f]+)"/.exec(page)![1]!;
    expect(g_ck).not.toBe(first.g_ck);
    expect(await whoAmI(sim.origin, { cookie: first.cookie, 'X-UserToken': first.g_ck })).toBe(401);
    expect(await whoAmI(sim.origin, { cookie, 'X-UserToken': g_ck })).toBe(agent.user_name);
  });

  it('after expireSessions: API 401, pages answer the login form with status 200', async () => {
    const { cookie, g_ck } = await logIn(sim.origin, agent.user_name, agent.password);
    sim.control.expireSessions();
    expect(await whoAmI(sim.origin, { cookie, 'X-UserToken': g_ck })).toBe(401);
    const path = `/incident.do?sys_id=${'9d385017c611228701d22104cc95c371'}`;
    const page = await fetch(`${sim.origin}${path}`, { headers: { cookie }, redirect: 'manual' });
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('id="user_name"');
    expect(html).toContain('id="sysverb_login"');
    expect(html).not.toContain('window.g_ck');
    expect(html).toContain(`name="sysparm_goto_url" value="${path}"`);
  });

  it('logout ends the session', async () => {
    const { cookie, g_ck } = await logIn(sim.origin, agent.user_name, agent.password);
    const out = await fetch(`${sim.origin}/logout.do`, { headers: { cookie }, redirect: 'manual' });
    expect(out.status).toBe(302);
    expect(await whoAmI(sim.origin, { cookie, 'X-UserToken': g_ck })).toBe(401);
  });
});

describe('Basic auth and the Authorization header', () => {
  it('accepts fixture passwords, refuses wrong ones and unknown users', async () => {
    expect(await whoAmI(sim.origin, { Authorization: basic(agent.user_name, agent.password) })).toBe(agent.user_name);
    expect(await whoAmI(sim.origin, { Authorization: basic(agent.user_name, 'wrong') })).toBe(401);
    expect(await whoAmI(sim.origin, { Authorization: basic('nobody', 'x') })).toBe(401);
    expect(await whoAmI(sim.origin, { Authorization: 'Negotiate abc' })).toBe(401);
  });

  it('401 with no credentials at all', async () => {
    const res = await fetch(`${sim.origin}/api/now/table/incident`, { headers: { Accept: 'application/json' } });
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual(NOT_AUTH);
  });

  it('the Authorization header decides alone: a bad bearer fails even with a good session, a good one wins', async () => {
    const s = sim.control.signIn(agent.user_name);
    const both = { cookie: s.cookieHeader, 'X-UserToken': s.g_ck };
    expect(await whoAmI(sim.origin, { ...both, Authorization: 'Bearer nope' })).toBe(401);
    const t = sim.control.issueTokens(SN_USERS.agent2.user_name);
    expect(await whoAmI(sim.origin, { ...both, Authorization: `Bearer ${t.access_token}` })).toBe(SN_USERS.agent2.user_name);
  });
});
