// @vitest-environment node
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { start, type RunningMattermost } from '../../sim/mattermost';
import type { TokenSet } from '../auth/token-set';
import { HttpError } from '../http';
import { refreshTokens } from './auth';

/**
 * The refresh grant against the Mattermost simulator, whose token endpoint answers with the real server's statuses
 * (server/channels/web/oauth.go getAccessToken, server/channels/app/oauth.go): which failures end the sign-in
 * ('unauthorized': Reconnect) and which leave the refresh token for the next try.
 */
const APP = { clientId: 'nowbridge-mm-confidential', clientSecret: 'nowbridge-mm-secret', redirectUri: 'https://x.chromiumapp.org/mattermost' };
let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());

function grant(): TokenSet {
  const beth = mm.store.userByName('beth')!;
  const s = mm.store.createSession(beth.id, 'oauth', { client_id: APP.clientId, refresh_token: `r${Math.random().toString(36).slice(2)}`, expires_at: 1 });
  return { accessToken: s.token, refreshToken: s.refresh_token, tokenType: 'Bearer' };
}
const failure = (p: Promise<unknown>) => p.then(() => undefined, (err: unknown) => err as HttpError);
const token = /^\/oauth\/access_token$/;

describe('Mattermost refresh grant', () => {
  test('rotates both tokens', async () => {
    const before = grant();
    const after = await refreshTokens(fetch, mm.origin, APP, before);
    expect(after.accessToken).not.toBe(before.accessToken);
    expect(after.refreshToken).not.toBe(before.refreshToken);
  });

  test("the server's refusals end the sign-in: an unknown refresh token (404), a wrong secret (401), a revoked grant", async () => {
    const unknown = await failure(refreshTokens(fetch, mm.origin, APP, { ...grant(), refreshToken: 'no-such-refresh-token' }));
    expect(unknown).toMatchObject({ kind: 'unauthorized', status: 404 });
    expect(unknown!.message).toMatch(/no longer accepts NowBridge's sign-in/);
    expect(await failure(refreshTokens(fetch, mm.origin, { ...APP, clientSecret: 'wrong' }, grant()))).toMatchObject({ kind: 'unauthorized', status: 401 });
    const revoked = grant();
    mm.control.expireAllTokens({ includeRefresh: true });
    expect(await failure(refreshTokens(fetch, mm.origin, APP, revoked))).toMatchObject({ kind: 'unauthorized', status: 404 });
  });

  test.each([429, 500, 502, 503])('%i is not a refusal: the caller keeps the refresh token, and it still works', async (status) => {
    const before = grant();
    mm.control.failNext(1, status, { method: 'POST', path: token });
    const err = await failure(refreshTokens(fetch, mm.origin, APP, before));
    expect(err).toBeInstanceOf(HttpError);
    expect(err!.kind).not.toBe('unauthorized');
    expect((await refreshTokens(fetch, mm.origin, APP, before)).accessToken).toBeTruthy();
  });

  test("a proxy's 403 or 404 page (no AppError) is not a refusal", async () => {
    for (const status of [403, 404]) {
      const proxy: typeof fetch = async () => new Response('<html><body>Not here</body></html>', { status, headers: { 'Content-Type': 'text/html' } });
      const err = await failure(refreshTokens(proxy, mm.origin, APP, grant()));
      expect(err).toMatchObject({ status });
      expect(err!.kind).not.toBe('unauthorized');
    }
  });
});
