import type { z } from 'zod';
import { type Fetch, readJson, request } from '../http';

/** An OAuth client as registered on the server: secret empty for a public (PKCE-only) client. */
export interface OAuthClient {
  clientId: string;
  clientSecret?: string;
  redirectUri: string;
}

/** The authorization-code request URL; PKCE S256 is always sent, whatever the client type. */
export function authorizeUrl(endpoint: string, client: OAuthClient, state: string, challenge: string): string {
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: client.clientId,
    redirect_uri: client.redirectUri,
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  return `${endpoint}?${q}`;
}

/** POSTs a form-encoded token request without cookies (they would mix in the browser's own session). */
export async function postTokenForm<T>(
  fetchImpl: Fetch,
  endpoint: string,
  form: Record<string, string | undefined>,
  schema: z.ZodType<T>,
  what: string,
): Promise<T> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form)) if (v) body.set(k, v);
  const res = await request(fetchImpl, endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded', Accept: 'application/json' },
    body,
    credentials: 'omit',
  });
  return readJson(res, schema, what);
}

/** The authorization-code grant's form: PKCE verifier always, the secret only for a confidential client. */
export function codeGrantForm(client: OAuthClient, code: string, verifier: string): Record<string, string | undefined> {
  return {
    grant_type: 'authorization_code',
    code,
    redirect_uri: client.redirectUri,
    client_id: client.clientId,
    client_secret: client.clientSecret,
    code_verifier: verifier,
  };
}

/**
 * The refresh grant's form. Mattermost checks the redirect URI on refresh too (`withRedirect`); ServiceNow
 * takes none there.
 */
export function refreshGrantForm(client: OAuthClient, refreshToken: string, withRedirect = false): Record<string, string | undefined> {
  return {
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
    client_id: client.clientId,
    client_secret: client.clientSecret,
    ...(withRedirect ? { redirect_uri: client.redirectUri } : {}),
  };
}
