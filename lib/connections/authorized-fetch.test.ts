import { describe, expect, test, vi } from 'vitest';
import { HttpError } from '../http';
import { connectionFetch, type ConnectionIo } from './authorized-fetch';
import type { OAuthSecret, Secret } from './secrets';

const json = (body: unknown, status = 200) =>
  new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
const html = (body: string) => new Response(body, { status: 200, headers: { 'Content-Type': 'text/html' } });

const NOW = 1_700_000_000_000;
const oauth = (access: string, expiresAt = NOW + 600_000): OAuthSecret => ({
  method: 'oauth',
  clientId: 'c',
  tokens: { accessToken: access, refreshToken: `r-${access}`, expiresAt, tokenType: 'Bearer' },
});

function harness(secret: Secret | undefined, respond: (url: string, init: RequestInit) => Response) {
  const calls: { url: string; init: RequestInit; headers: Headers }[] = [];
  let stored = secret;
  const io: ConnectionIo = {
    fetch: vi.fn(async (input: RequestInfo | URL, init?: RequestInit) => {
      const url = String(input);
      calls.push({ url, init: init ?? {}, headers: new Headers(init?.headers) });
      return respond(url, init ?? {});
    }),
    now: () => NOW,
    loadSecret: async () => stored,
    saveSecret: async (s) => {
      stored = s;
    },
    refreshOAuth: vi.fn(async (seen: OAuthSecret) => {
      const next = oauth(`${seen.tokens.accessToken}+`, NOW + 1_800_000);
      stored = next;
      return next;
    }),
    readSessionToken: vi.fn(async () => 'freshgck0123456789abcdef'),
    readCsrfCookie: async () => 'csrf-cookie',
    needsSignIn: vi.fn(async () => undefined),
  };
  return { io, calls, stored: () => stored };
}

describe('connectionFetch', () => {
  test('OAuth: bearer token, no cookies', async () => {
    const h = harness(oauth('a1'), () => json({ result: [] }));
    await connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/api/now/table/incident');
    expect(h.calls[0]!.headers.get('Authorization')).toBe('Bearer a1');
    expect(h.calls[0]!.init.credentials).toBe('omit');
  });

  test('OAuth: refreshes ahead of expiry, before the call', async () => {
    const h = harness(oauth('a1', NOW + 10_000), () => json({}));
    await connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/x');
    expect(h.io.refreshOAuth).toHaveBeenCalledTimes(1);
    expect(h.calls.map((c) => c.headers.get('Authorization'))).toEqual(['Bearer a1+']);
  });

  test('OAuth: a 401 refreshes once and retries once', async () => {
    const h = harness(oauth('a1'), (_, init) =>
      new Headers(init.headers).get('Authorization') === 'Bearer a1' ? json({ error: {} }, 401) : json({ ok: 1 }),
    );
    const res = await connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/x');
    expect(await res.json()).toEqual({ ok: 1 });
    expect(h.io.refreshOAuth).toHaveBeenCalledTimes(1);
    expect(h.calls).toHaveLength(2);
  });

  test('OAuth: a failed refresh means "needs sign-in", never a loop', async () => {
    const h = harness(oauth('a1'), () => json({ error: {} }, 401));
    h.io.refreshOAuth = vi.fn(async () => {
      throw new HttpError('unauthorized', 'acme.service-now.com no longer accepts NowBridge\'s sign-in.', 401);
    });
    const call = connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/x');
    await expect(call).rejects.toThrow(/Needs sign-in/);
    expect(h.io.needsSignIn).toHaveBeenCalledTimes(1);
    expect(h.calls).toHaveLength(1);
  });

  test.each([
    new HttpError('unreachable', "Can't reach acme.service-now.com."),
    new HttpError('timeout', 'acme.service-now.com did not answer within 20 s.'),
    new HttpError('server', 'acme.service-now.com had a problem (HTTP 502). Try again in a moment.', 502),
    new HttpError('rate-limited', 'acme.service-now.com is rate-limiting requests; try again in 1 s.', 429, 1000),
    new HttpError('not-json', 'acme.service-now.com showed its sign-in page instead of answering.', 200),
  ])('OAuth: a refresh that failed on the way ($kind) is that failure, not a sign-out; the refresh token stays', async (failure) => {
    const h = harness(oauth('a1'), () => json({ error: {} }, 401));
    h.io.refreshOAuth = vi.fn(async () => {
      throw failure;
    });
    // the caller sees the failure itself, so a 429's wait reaches the Table client, which tries again after it
    await expect(connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/x')).rejects.toBe(failure);
    expect(h.io.needsSignIn).not.toHaveBeenCalled();
    expect(h.stored()).toEqual(oauth('a1'));
    expect(h.io.refreshOAuth).toHaveBeenCalledTimes(1);
  });

  test('ServiceNow session: sends cookies and X-UserToken; a rotated token is re-read once', async () => {
    const h = harness({ method: 'session', sessionToken: 'oldgck0123456789abcdef0' }, (_, init) =>
      new Headers(init.headers).get('X-UserToken') === 'freshgck0123456789abcdef' ? json({ ok: 1 }) : json({}, 401),
    );
    const res = await connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/x');
    expect(res.status).toBe(200);
    expect(h.calls.map((c) => c.init.credentials)).toEqual(['include', 'include']);
    expect(h.stored()).toEqual({ method: 'session', sessionToken: 'freshgck0123456789abcdef' });
  });

  test('ServiceNow session: the login page where JSON was expected means signed out', async () => {
    const h = harness({ method: 'session', sessionToken: 'oldgck0123456789abcdef0' }, () => html('<form id="login">'));
    h.io.readSessionToken = vi.fn(async () => undefined);
    await expect(connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/x')).rejects.toThrow(
      'Needs sign-in: You are signed out of acme.service-now.com. Sign in to acme.service-now.com in a tab, then retry.',
    );
  });

  test('ServiceNow session under single sign-on: the redirect to the identity provider means signed out, not unreachable', async () => {
    // Not followed (redirect: 'manual'): a browser would otherwise fail it as a cross-origin (CORS) error.
    const h = harness({ method: 'session', sessionToken: 'oldgck0123456789abcdef0' }, (_, init) =>
      init.redirect === 'manual' ? new Response(null, { status: 302, headers: { Location: 'https://sso.example.test/idp/SSO.saml2' } }) : Response.error(),
    );
    h.io.readSessionToken = vi.fn(async () => undefined); // navpage.do redirects as well (auth.test.ts)
    const call = connectionFetch('servicenow', 'https://acme.service-now.com', h.io)('https://acme.service-now.com/api/now/table/sys_user');
    await expect(call).rejects.toThrow(
      'Needs sign-in: You are signed out of acme.service-now.com. Sign in to acme.service-now.com in a tab, then retry.',
    );
    await expect(call).rejects.toMatchObject({ kind: 'unauthorized' });
    expect(h.io.needsSignIn).toHaveBeenCalledTimes(1);
    expect(h.calls.map((c) => c.init.redirect)).toEqual(['manual']);
  });

  test('Mattermost session: CSRF header and X-Requested-With on writes only', async () => {
    const h = harness({ method: 'session' }, () => json({}, 201));
    const f = connectionFetch('mattermost', 'https://chat.example.test', h.io);
    await f('https://chat.example.test/api/v4/users/me');
    await f('https://chat.example.test/api/v4/posts', { method: 'POST', body: '{}' });
    expect(h.calls[0]!.headers.get('X-CSRF-Token')).toBe(null);
    expect(h.calls[1]!.headers.get('X-CSRF-Token')).toBe('csrf-cookie');
    expect(h.calls[1]!.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
    expect(h.calls.every((c) => c.init.credentials === 'include')).toBe(true);
  });

  test("Mattermost session: a cookie that can't be read (the site's access withdrawn) leaves the request's own failure to speak", async () => {
    const withdrawn = new HttpError('no-site-access', 'NowBridge no longer has access to chat.example.test. Allow access, then try again.');
    const h = harness({ method: 'session' }, () => {
      throw withdrawn;
    });
    h.io.readCsrfCookie = async () => {
      throw new Error('No host permissions for cookies at url: "https://chat.example.test/".');
    };
    const f = connectionFetch('mattermost', 'https://chat.example.test', h.io);
    await expect(f('https://chat.example.test/api/v4/posts/ids', { method: 'POST', body: '[]' })).rejects.toBe(withdrawn);
    expect(h.calls[0]!.headers.get('X-CSRF-Token')).toBe(null);
    expect(h.calls[0]!.headers.get('X-Requested-With')).toBe('XMLHttpRequest');
  });

  test('Mattermost PAT: bearer without cookies; a refusal says what to try', async () => {
    const h = harness({ method: 'pat', token: 'pat-1' }, () => json({ id: 'api.context.session_expired.app_error' }, 401));
    const call = connectionFetch('mattermost', 'https://chat.example.test', h.io)('https://chat.example.test/api/v4/users/me');
    await expect(call).rejects.toThrow(/refused the personal access token. If personal access tokens are turned off on this server, use Browser session/);
    expect(h.calls[0]!.headers.get('Authorization')).toBe('Bearer pat-1');
    expect(h.calls[0]!.init.credentials).toBe('omit');
  });

  test('no stored credential: needs sign-in without any request', async () => {
    const h = harness(undefined, () => json({}));
    await expect(connectionFetch('mattermost', 'https://chat.example.test', h.io)('https://chat.example.test/x')).rejects.toThrow(/not signed in/);
    expect(h.calls).toHaveLength(0);
  });
});
