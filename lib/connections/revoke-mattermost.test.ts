// @vitest-environment node
import { afterAll, afterEach, beforeAll, expect, test } from 'vitest';
import { start, type RunningMattermost } from '../../sim/mattermost';
import { refreshTokens } from '../mattermost/auth';
import { revokeMattermostAccess } from './revoke-mattermost';
import type { OAuthSecret } from './secrets';

const CONFIDENTIAL = { clientId: 'nowbridge-mm-confidential', clientSecret: 'nowbridge-mm-secret' };
let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());
afterEach(() => mm.control.setSettings({ enableOAuthProvider: true }));

/** An OAuth grant to NowBridge's confidential app for beth, as the token endpoint would have issued it. */
function grant(): OAuthSecret {
  const beth = mm.store.userByName('beth')!;
  const s = mm.store.createSession(beth.id, 'oauth', { client_id: CONFIDENTIAL.clientId, refresh_token: `r${Math.random().toString(36).slice(2)}`, expires_at: Date.now() + 3600_000 });
  return { method: 'oauth', ...CONFIDENTIAL, tokens: { accessToken: s.token, refreshToken: s.refresh_token, tokenType: 'Bearer' } };
}
const works = async (token: string) => (await fetch(`${mm.origin}/api/v4/users/me`, { headers: { Authorization: `Bearer ${token}` } })).status === 200;
const renewFor = (secret: OAuthSecret) => () =>
  refreshTokens(fetch, mm.origin, { clientId: secret.clientId, clientSecret: secret.clientSecret, redirectUri: 'https://x.chromiumapp.org/mattermost' }, secret.tokens);

test('revokes the grant at Mattermost: the token NowBridge held stops working there', async () => {
  const secret = grant();
  expect(await works(secret.tokens.accessToken)).toBe(true);
  expect(await revokeMattermostAccess(fetch, mm.origin, secret, renewFor(secret))).toBeUndefined();
  expect(await works(secret.tokens.accessToken)).toBe(false);
  expect(mm.requests.at(-2)).toMatchObject({ method: 'POST', pathname: '/oauth/deauthorize' });
});

test('an expired access token: refreshes in memory, then revokes, so the refresh token dies too', async () => {
  const secret = grant();
  mm.control.expireAllTokens();
  expect(await revokeMattermostAccess(fetch, mm.origin, secret, renewFor(secret))).toBeUndefined();
  const refresh = await fetch(`${mm.origin}/oauth/access_token`, {
    method: 'POST',
    body: new URLSearchParams({ grant_type: 'refresh_token', client_id: secret.clientId, client_secret: secret.clientSecret!, refresh_token: secret.tokens.refreshToken! }),
  });
  expect(refresh.status).toBe(404); // rotated by our refresh, and the new pair revoked
  const live = [...mm.store.sessions.values()].filter((s) => s.kind === 'oauth' && s.client_id === secret.clientId && s.expires_at > Date.now());
  expect(live).toEqual([]);
});

test('OAuth turned off on the server: says revocation failed, why, and where to end the sign-in; the token still works', async () => {
  const secret = grant();
  mm.control.setSettings({ enableOAuthProvider: false });
  const message = await revokeMattermostAccess(fetch, mm.origin, secret, renewFor(secret));
  expect(message).toMatch(/^Disconnected here, but 127\.0\.0\.1:\d+ did not revoke NowBridge's access: OAuth 2\.0 is turned off there\./);
  expect(message).toContain('Profile › Security › View and Log Out of Active Sessions');
  expect(await works(secret.tokens.accessToken)).toBe(true);
});

test('an unreachable server: says it could not be reached', async () => {
  const secret = grant();
  const down: typeof fetch = async () => {
    throw new TypeError('Failed to fetch');
  };
  expect(await revokeMattermostAccess(down, mm.origin, secret, renewFor(secret))).toMatch(/did not revoke NowBridge's access: it could not be reached\./);
});

test('a grant already dead (no refresh token, access refused): nothing left to revoke, nothing to report', async () => {
  const secret = grant();
  delete secret.tokens.refreshToken;
  mm.control.expireAllTokens();
  expect(await revokeMattermostAccess(fetch, mm.origin, secret, renewFor(secret))).toBeUndefined();
});
