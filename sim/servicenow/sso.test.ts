// @vitest-environment node
/**
 * The single-sign-on switch (sso.ts): a browser without a live session is sent to the identity provider,
 * on another origin, by API and page alike; callers with credentials of their own still get the 401.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../fixtures';
import type { SnSim } from './app';
import { SSO_IDP_ORIGIN } from './sso';
import type { SimStore } from './store';
import { startSim } from './test-helpers';

let sim: SnSim<SimStore>;
beforeAll(async () => {
  sim = await startSim();
});
afterEach(() => sim.control.setSingleSignOn(false));
afterAll(() => sim.stop());

const TABLE = `/api/now/table/incident/${SN_RECORDS.incident.sys_id}`;
const get = (path: string, headers: Record<string, string> = {}) => fetch(`${sim.origin}${path}`, { headers: { Accept: 'application/json', ...headers }, redirect: 'manual' });

describe('single sign-on', () => {
  it('off: an expired session gets 401 from the API and the login page (200) from the UI', async () => {
    const s = sim.control.signIn(SN_USERS.agent.user_name);
    sim.control.expireSessions();
    expect((await get(TABLE, { cookie: s.cookieHeader, 'X-UserToken': s.g_ck })).status).toBe(401);
    expect((await get('/navpage.do', { cookie: s.cookieHeader })).status).toBe(200);
  });

  it('on: an expired or absent session is redirected (302) to the IdP, with the way back as RelayState', async () => {
    sim.control.setSingleSignOn(true);
    const s = sim.control.signIn(SN_USERS.agent.user_name);
    sim.control.expireSessions();
    for (const [path, headers] of [
      [TABLE, { cookie: s.cookieHeader, 'X-UserToken': s.g_ck }],
      [TABLE, {}],
      ['/navpage.do', { cookie: s.cookieHeader }],
      [`/incident.do?sys_id=${SN_RECORDS.incident.sys_id}`, {}],
    ] as const) {
      const res = await get(path, headers);
      expect(res.status).toBe(302);
      const to = new URL(res.headers.get('location')!);
      expect(to.origin).toBe(SSO_IDP_ORIGIN);
      expect(to.searchParams.get('RelayState')).toBe(`${sim.origin}${path}`);
    }
  });

  it('on: a live session works; without its X-UserToken, or with a bad bearer token, it is still a 401', async () => {
    sim.control.setSingleSignOn(true);
    const s = sim.control.signIn(SN_USERS.agent.user_name);
    expect((await get(TABLE, { cookie: s.cookieHeader, 'X-UserToken': s.g_ck })).status).toBe(200);
    expect((await get(TABLE, { cookie: s.cookieHeader })).status).toBe(401);
    expect((await get(TABLE, { Authorization: 'Bearer nope' })).status).toBe(401);
    expect((await get(`${TABLE}?access_token=nope`)).status).toBe(401);
    expect((await get('/navpage.do', { cookie: s.cookieHeader })).status).toBe(200);
  });
});
