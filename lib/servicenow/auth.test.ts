import { describe, expect, test, vi } from 'vitest';
import { fetchSessionToken } from './auth';

const BASE = 'https://acme.service-now.com';
const GCK = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
const page = (body: string) => new Response(body, { status: 200, headers: { 'Content-Type': 'text/html' } });

describe('fetchSessionToken', () => {
  test('a signed-in page: its g_ck', async () => {
    const fetchImpl = vi.fn(async () => page(`<script>window.g_ck = "${GCK}";</script>`));
    expect(await fetchSessionToken(fetchImpl, BASE)).toBe(GCK);
  });

  test('the login page (a session expired without SSO): signed out', async () => {
    expect(await fetchSessionToken(vi.fn(async () => page('<form id="loginPage">')), BASE)).toBeUndefined();
  });

  test('single sign-on: navpage.do redirects to the identity provider (which fails when followed): signed out', async () => {
    const fetchImpl = vi.fn(async (_: RequestInfo | URL, init?: RequestInit) => {
      if (init?.redirect === 'manual') return new Response(null, { status: 302, headers: { Location: 'https://sso.example.test/idp' } });
      throw new TypeError('Failed to fetch'); // what a followed cross-origin redirect without CORS headers gives
    });
    expect(await fetchSessionToken(fetchImpl, BASE)).toBeUndefined();
    expect(fetchImpl).toHaveBeenCalledTimes(2);
  });

  test('a host that does not answer at all is still "Can\'t reach"', async () => {
    const fetchImpl = vi.fn(async () => {
      throw new TypeError('Failed to fetch');
    });
    await expect(fetchSessionToken(fetchImpl, BASE)).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringMatching(/^Can't reach acme\.service-now\.com/) });
  });
});
