import type { TokenSet } from '../auth/token-set';
import { type Fetch, HttpError } from '../http';
import { deauthorize } from '../mattermost/auth';
import type { OAuthSecret } from './secrets';

/** Where a Mattermost user signs out one session themselves (the webapp's Profile › Security). */
const SIGN_OUT_THERE = 'Profile › Security › View and Log Out of Active Sessions';

/**
 * Asks Mattermost to revoke NowBridge's OAuth access (its access and refresh tokens) for the user who is
 * disconnecting. An access token the server already refuses is tried once more after a refresh, when there is
 * a refresh token (it outlives the access token); refused again, nothing of the grant works any more, so there
 * is nothing left to revoke. Returns what to tell the user when the server did not revoke it, else undefined.
 */
export async function revokeMattermostAccess(fetchImpl: Fetch, base: string, secret: OAuthSecret, renew: () => Promise<TokenSet>): Promise<string | undefined> {
  try {
    try {
      await deauthorize(fetchImpl, base, secret.tokens.accessToken, secret.clientId);
    } catch (err) {
      if (!(err instanceof HttpError && err.kind === 'unauthorized' && secret.tokens.refreshToken)) throw err;
      await deauthorize(fetchImpl, base, (await renew()).accessToken, secret.clientId);
    }
    return undefined;
  } catch (err) {
    if (err instanceof HttpError && err.kind === 'unauthorized') return undefined;
    return revocationFailed(new URL(base).host, err);
  }
}

function revocationFailed(host: string, err: unknown): string {
  const why =
    err instanceof HttpError && err.status === 501
      ? 'OAuth 2.0 is turned off there'
      : err instanceof HttpError && (err.kind === 'unreachable' || err.kind === 'timeout')
        ? 'it could not be reached'
        : `it answered with an error${err instanceof HttpError && err.status ? ` (HTTP ${err.status})` : ''}`;
  return `Disconnected here, but ${host} did not revoke NowBridge's access: ${why}. Until that sign-in expires, you can end it in Mattermost under ${SIGN_OUT_THERE}.`;
}
