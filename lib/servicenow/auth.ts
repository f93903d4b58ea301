import { z } from 'zod';
import { authorizeUrl as oauthAuthorizeUrl, codeGrantForm, refreshGrantForm, type OAuthClient, postTokenForm } from '../auth/oauth-endpoints';
import { serviceNowTokenResponse, toTokenSet, type TokenSet } from '../auth/token-set';
import { type Fetch, HttpError, isRedirect, readJson, request } from '../http';

/**
 * ServiceNow sign-in protocols: OAuth 2.0 authorization code with PKCE (ServiceNow docs, "OAuth authorization code flow") and
 * the browser session (ServiceNow docs on the X-UserToken session header). Pure functions over an injected fetch; the background wires them up.
 */

export type { OAuthClient };

export interface Identity {
  id: string;
  username: string;
  name: string;
}

export function authorizeUrl(base: string, client: OAuthClient, state: string, challenge: string): string {
  return oauthAuthorizeUrl(`${base}/oauth_auth.do`, client, state, challenge);
}

/** Token failures all look alike on ServiceNow (401 server_error/access_denied): say what to check. */
function tokenError(err: unknown, base: string, grant: 'code' | 'refresh'): unknown {
  if (!(err instanceof HttpError) || (err.status !== 401 && err.status !== 400)) return err;
  const host = new URL(base).host;
  return grant === 'code'
    ? new HttpError(
        'unauthorized',
        `${host} refused the sign-in. Check the Client ID and Client secret, and that the OAuth app lists NowBridge's redirect URL.`,
        err.status,
      )
    : new HttpError('unauthorized', `${host} no longer accepts NowBridge's sign-in. Reconnect to continue.`, err.status);
}

async function tokenCall(
  fetchImpl: Fetch,
  base: string,
  form: Record<string, string | undefined>,
  grant: 'code' | 'refresh',
  now: number,
  previous?: TokenSet,
): Promise<TokenSet> {
  try {
    return toTokenSet(await postTokenForm(fetchImpl, `${base}/oauth_token.do`, form, serviceNowTokenResponse, 'ServiceNow OAuth'), now, previous);
  } catch (err) {
    throw tokenError(err, base, grant);
  }
}

export function exchangeCode(fetchImpl: Fetch, base: string, client: OAuthClient, code: string, verifier: string, now = Date.now()) {
  return tokenCall(fetchImpl, base, codeGrantForm(client, code, verifier), 'code', now);
}

/** Refreshes `previous`; a response without a refresh token keeps the old one, a rotated one replaces it. */
export async function refreshTokens(fetchImpl: Fetch, base: string, client: OAuthClient, previous: TokenSet, now = Date.now()): Promise<TokenSet> {
  if (!previous.refreshToken) throw new HttpError('unauthorized', `${new URL(base).host} gave no refresh token; sign in again.`);
  return tokenCall(fetchImpl, base, refreshGrantForm(client, previous.refreshToken), 'refresh', now, previous);
}

/** Best effort: a disconnect must not fail because the instance is down. */
export async function revokeToken(fetchImpl: Fetch, base: string, client: OAuthClient, token: string): Promise<void> {
  const body = new URLSearchParams({ token, client_id: client.clientId });
  if (client.clientSecret) body.set('client_secret', client.clientSecret);
  await request(fetchImpl, `${base}/oauth_revoke_token.do`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body,
    credentials: 'omit',
    timeoutMs: 5000,
  }).catch(() => undefined);
}

/** The session token (g_ck) a signed-in page carries; undefined when the session is gone (login page). */
export function findSessionToken(html: string): string | undefined {
  const m =
    /\bg_ck\s*[=:]\s*['"]([A-Za-z0-9]{16,})['"]/.exec(html) ??
    /id=["']sysparm_ck["'][^>]*value=["']([A-Za-z0-9]{16,})["']/.exec(html);
  return m?.[1];
}

/**
 * Reads the session token from a page of the instance, sent with the user's cookies. ServiceNow answers an
 * expired session with its login page (status 200), so "no g_ck" means "not signed in". A single-sign-on
 * instance redirects it to the identity provider instead (platform-contracts B.10), another origin: followed,
 * that fails like an unreachable host. So when the page cannot be fetched, ask once more without following
 * redirects: a redirect means the instance answered, and the user is signed out. (Same-origin redirects, such
 * as navpage.do to the Next Experience home, are followed by the first request and never get here.)
 */
export async function fetchSessionToken(fetchImpl: Fetch, base: string): Promise<string | undefined> {
  const url = `${base}/navpage.do`;
  const init = { credentials: 'include', headers: { Accept: 'text/html' } } as const;
  try {
    return findSessionToken(await (await request(fetchImpl, url, init)).text());
  } catch (err) {
    if (!(err instanceof HttpError) || err.kind !== 'unreachable') throw err;
    const probe = await fetchImpl(url, { ...init, redirect: 'manual', signal: AbortSignal.timeout(20_000) }).catch(() => undefined);
    if (probe && isRedirect(probe)) return undefined;
    throw err;
  }
}

const whoAmIResponse = z.object({ result: z.array(z.object({ sys_id: z.string(), user_name: z.string(), name: z.string() })) });

/** The signed-in user, from sys_user — which also proves the credential works for the Table API. */
export async function whoAmI(authorizedFetch: Fetch, base: string): Promise<Identity> {
  const q = new URLSearchParams({
    sysparm_query: 'sys_id=javascript:gs.getUserID()',
    sysparm_fields: 'sys_id,user_name,name',
    sysparm_limit: '1',
    sysparm_exclude_reference_link: 'true',
  });
  const res = await request(authorizedFetch, `${base}/api/now/table/sys_user?${q}`, { headers: { Accept: 'application/json' } });
  const me = (await readJson(res, whoAmIResponse, 'ServiceNow')).result[0];
  if (!me) throw new HttpError('bad-response', `${new URL(base).host} did not say who you are signed in as.`);
  return { id: me.sys_id, username: me.user_name, name: me.name };
}
