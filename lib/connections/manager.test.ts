// @vitest-environment node
import { afterAll, beforeAll, beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { z } from 'zod';
import { start, type RunningMattermost } from '../../sim/mattermost';
import type { Vault } from '../auth/vault';
import { loadSettings } from '../settings';
import { createConnections } from './manager';
import type { OAuthSecret } from './secrets';
import { connectionId, loadStatuses, setStatus } from './status';

let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());

/** The vault's contract in memory (values re-validated on read, as the real one does). */
function memoryVault(): Vault & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  const get = async <T,>(id: string, schema: z.ZodType<T>) => (data.has(id) ? schema.parse(data.get(id)) : undefined);
  return {
    data,
    get,
    set: async (id, v) => void (v === undefined ? data.delete(id) : data.set(id, v)),
    update: async (id, schema, fn) => {
      const next = fn(await get(id, schema));
      if (next === undefined) data.delete(id);
      else data.set(id, next);
      return next;
    },
    delete: async (id) => void data.delete(id),
    deletePrefix: async (p) => [...data.keys()].filter((k) => k.startsWith(p)).forEach((k) => data.delete(k)),
    ids: async () => [...data.keys()],
  };
}

let vault: ReturnType<typeof memoryVault>;
let secret: OAuthSecret;
beforeEach(async () => {
  fakeBrowser.reset();
  mm.control.setSettings({ enableOAuthProvider: true });
  const base = mm.origin;
  await fakeBrowser.storage.local.set({ settings: { servicenow: [], mattermost: [{ base, signIn: { method: 'oauth', clientId: 'nowbridge-mm-confidential' } }] } });
  await setStatus({ product: 'mattermost', base, method: 'oauth', state: 'connected', user: { name: 'Beth Anglin', username: 'beth' } });
  const s = mm.store.createSession(mm.store.userByName('beth')!.id, 'oauth', { client_id: 'nowbridge-mm-confidential', refresh_token: `r${Date.now()}`, expires_at: Date.now() + 3600_000 });
  secret = { method: 'oauth', clientId: 'nowbridge-mm-confidential', clientSecret: 'nowbridge-mm-secret', tokens: { accessToken: s.token, refreshToken: s.refresh_token, tokenType: 'Bearer' } };
  vault = memoryVault();
  await vault.set(connectionId('mattermost', base), secret);
});

const connections = () =>
  createConnections({
    vault,
    fetch,
    launchWebAuthFlow: async () => {
      throw new Error('no window in this test');
    },
    redirectUrl: () => 'https://x.chromiumapp.org/mattermost',
    getCookie: async () => undefined,
    now: Date.now,
  });
const tokenWorks = async () => (await fetch(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${secret.tokens.accessToken}` } })).status === 200;

/** What the options page shows afterwards: no status, no sign-in, no stored token. */
async function expectDisconnectedHere() {
  expect(vault.data.size).toBe(0);
  expect(await loadStatuses()).toEqual({});
  expect((await loadSettings()).mattermost[0]).toEqual({ base: mm.origin });
}

test('Disconnect (Mattermost OAuth) revokes the token at the server and forgets it here', async () => {
  expect(await connections().disconnect('mattermost', mm.origin)).toEqual({});
  await expectDisconnectedHere();
  expect(await tokenWorks()).toBe(false);
});

test('when the server does not revoke, Disconnect still forgets everything here and says revocation failed', async () => {
  mm.control.setSettings({ enableOAuthProvider: false });
  const result = await connections().disconnect('mattermost', mm.origin);
  expect(result.revocationFailed).toMatch(/did not revoke NowBridge's access: OAuth 2\.0 is turned off there/);
  await expectDisconnectedHere();
  expect(await tokenWorks()).toBe(true); // the server kept it: exactly what the message warns about
});
