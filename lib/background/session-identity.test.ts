// @vitest-environment node
/** "Me", my groups and the browser-session same-user check, against the ServiceNow simulator over HTTP. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SN_USERS } from '../../sim/fixtures';
import { startTestApi, type TestApi } from '../../sim/servicenow/testing';
import type { ConnectionStatus } from '../connections/status';
import { createTableClient } from '../servicenow/table-client';
import { UserFacingError } from './router';
import { createIdentity, SAME_USER_MS } from './session-identity';

let api: TestApi;
beforeAll(async () => {
  api = await startTestApi();
});
afterAll(() => api.stop());

const BETH = SN_USERS.agent;
const DAVID = SN_USERS.agent2;

function setup(method: ConnectionStatus['method']) {
  const state = { browserUser: BETH.user_name as string, connectedAs: { name: BETH.name, username: BETH.user_name } as ConnectionStatus['user'], t: 1_000_000 };
  let asked: string[] = [];
  const client = createTableClient(async (input, init) => {
    asked.push(new URL(String(input)).pathname.split('/').pop()!);
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', state.browserUser);
    return fetch(input, { ...init, headers });
  }, api.origin);
  const identity = createIdentity({
    clients: { servicenow: async () => client },
    statuses: async () => ({ s: { product: 'servicenow', base: api.origin, method, state: 'connected', user: state.connectedAs } }),
    now: () => state.t,
  });
  return { identity, state, asked: () => asked, reset: () => void (asked = []) };
}

describe('identity', () => {
  it('reads me with the "Me" filter and my groups in parallel, once for the worker’s life', async () => {
    const { identity, asked } = setup('oauth');
    const [me, groups] = await Promise.all([identity.me(api.origin), identity.myGroups(api.origin)]);
    expect(me).toEqual({ sys_id: BETH.sys_id, user_name: BETH.user_name, name: BETH.name, email: BETH.email, language: '' });
    expect(groups.map((g) => g.name)).toEqual(expect.arrayContaining(['Service Desk', 'Hardware']));
    expect(groups.every((g) => /^[0-9a-f]{32}$/.test(g.sys_id))).toBe(true);
    await Promise.all([identity.me(api.origin), identity.myGroups(api.origin)]);
    expect(asked().sort()).toEqual(['sys_user', 'sys_user_grmember']);
  });

  it('starts afresh when the connection is someone else’s, or after forget', async () => {
    const { identity, state, asked } = setup('oauth');
    await identity.me(api.origin);
    state.browserUser = DAVID.user_name;
    state.connectedAs = { name: DAVID.name, username: DAVID.user_name };
    expect((await identity.me(api.origin)).name).toBe('David Loo');
    identity.forget(api.origin);
    await identity.me(api.origin);
    expect(asked()).toHaveLength(3);
  });

  it('skips the session check for OAuth connections', async () => {
    const { identity, state, asked } = setup('oauth');
    state.browserUser = DAVID.user_name;
    await expect(identity.assertSameUser(api.origin)).resolves.toBeUndefined();
    expect(asked()).toHaveLength(0);
  });

  it('in browser-session mode refuses when the session is someone else’s; a burst of writes costs one read', async () => {
    const { identity, state, asked, reset } = setup('session');
    await Promise.all([identity.assertSameUser(api.origin), identity.assertSameUser(api.origin), identity.assertSameUser(api.origin)]);
    expect(asked()).toEqual(['sys_user']);
    reset();
    // signed out and in again as David in the browser: noticed once the short memory has passed
    state.browserUser = DAVID.user_name;
    state.t += SAME_USER_MS + 1;
    const refused = identity.assertSameUser(api.origin);
    await expect(refused).rejects.toThrow(UserFacingError);
    await expect(refused).rejects.toThrow("ServiceNow in this browser is now signed in as David Loo, not Beth Anglin. Reconnect in NowBridge's settings to write as them.");
    expect(asked()).toEqual(['sys_user']);
  });
});
