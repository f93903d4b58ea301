import { z } from 'zod';
import { authorizeUrl as oauthAuthorizeUrl, codeGrantForm, refreshGrantForm, type OAuthClient, postTokenForm } from '../auth/oauth-endpoints';
import { mattermostTokenResponse, toTokenSet, type TokenSet } from '../auth/token-set';
import { type Fetch, HttpError, readJson, request } from '../http';
import type { Identity } from '../servicenow/auth';

/** Mattermost sign-in protocols (Mattermost's `server/channels/web/oauth.go`, `server/channels/app/authentication.go`): OAuth 2.0 provider with PKCE, and identity. */

export function authorizeUrl(base: string, client: OAuthClient, state: string, challenge: string): string {
  return oauthAuthorizeUrl(`${base}/oauth/authorize`, client, state, challenge);
}

/**
 * The token endpoint itself said no, so the grant (or the app's credentials) is no good: 400 and 401 (RFC 6749 §5.2),
 * or Mattermost's own AppError with 403 or 404 (an unknown app or refresh token is 404:
 * server/channels/app/oauth.go GetOAuthAccessTokenForCodeFlow and handleRefreshTokenGrant; an expired code 403). A
 * 403 or 404 without an AppError id comes from something in front of the server (a proxy's page): it says nothing
 * about the refresh token, which is kept for the next try, as after a 429, a 5xx or no answer.
 */
function refused(err: unknown): err is HttpError {
  if (!(err instanceof HttpError)) return false;
  if (err.status === 400 || err.status === 401) return true;
  return (err.status === 403 || err.status === 404) && !!err.errorId;
}

async function tokenCall(
  fetchImpl: Fetch,
  base: string,
  form: Record<string, string | undefined>,
  now: number,
  previous?: TokenSet,
): Promise<TokenSet> {
  const host = new URL(base).host;
  try {
    return toTokenSet(await postTokenForm(fetchImpl, `${base}/oauth/access_token`, form, mattermostTokenResponse, 'Mattermost OAuth'), now, previous);
  } catch (err) {
    if (err instanceof HttpError && err.status === 501) {
      throw new HttpError('http', `OAuth 2.0 is turned off on ${host}. Use Browser session or a personal access token.`, 501);
    }
    if (refused(err)) {
      throw new HttpError(
        'unauthorized',
        form.grant_type === 'refresh_token'
          ? `${host} no longer accepts NowBridge's sign-in. Reconnect to continue.`
          : `${host} refused the sign-in. Check the Client ID and Client secret, and that the OAuth app lists NowBridge's callback URL.`,
        err.status,
      );
    }
    throw err;
  }
}

export function exchangeCode(fetchImpl: Fetch, base: string, client: OAuthClient, code: string, verifier: string, now = Date.now()) {
  return tokenCall(fetchImpl, base, codeGrantForm(client, code, verifier), now);
}

/** Refreshes `previous`; a response without a refresh token keeps the old one, a rotated one replaces it. */
export async function refreshTokens(fetchImpl: Fetch, base: string, client: OAuthClient, previous: TokenSet, now = Date.now()): Promise<TokenSet> {
  if (!previous.refreshToken) throw new HttpError('unauthorized', `${new URL(base).host} gave no refresh token; sign in again.`);
  return tokenCall(fetchImpl, base, refreshGrantForm(client, previous.refreshToken, true), now, previous);
}

const me = z.object({
  id: z.string().length(26),
  username: z.string(),
  first_name: z.string().optional().default(''),
  last_name: z.string().optional().default(''),
  nickname: z.string().optional().default(''),
});

export async function whoAmI(authorizedFetch: Fetch, base: string): Promise<Identity> {
  const res = await request(authorizedFetch, `${base}/api/v4/users/me`, { headers: { Accept: 'application/json' } });
  const u = await readJson(res, me, 'Mattermost');
  const name = [u.first_name, u.last_name].filter(Boolean).join(' ') || u.nickname || u.username;
  return { id: u.id, username: u.username, name };
}

/**
 * Withdraws NowBridge's OAuth access for the user: POST /oauth/deauthorize `{"client_id"}` with the user's own
 * access token. Mattermost's server/channels/web/oauth.go deauthorizeOAuthApp → app/oauth.go
 * DeauthorizeOAuthAppForUser revokes every access token (with its refresh token) the app holds for this user and
 * forgets the user's approval. Cookies are left out: Mattermost prefers its session cookie to the Authorization
 * header, and the browser's session may belong to someone else. Throws an HttpError when it did not happen.
 */
export async function deauthorize(fetchImpl: Fetch, base: string, accessToken: string, clientId: string): Promise<void> {
  await request(fetchImpl, `${base}/oauth/deauthorize`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify({ client_id: clientId }),
    credentials: 'omit',
    timeoutMs: 5000,
  });
}
