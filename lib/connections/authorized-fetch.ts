import { isExpiring } from '../auth/token-set';
import { type Fetch, HttpError, isJson, isRedirect, NeedsSignInError } from '../http';
import type { Product } from '../origins';
import type { OAuthSecret, Secret } from './secrets';

/** Everything a connection's fetch needs from the outside world, injected so tests can fake it. */
export interface ConnectionIo {
  fetch: Fetch;
  now(): number;
  loadSecret(): Promise<Secret | undefined>;
  saveSecret(secret: Secret): Promise<void>;
  /** one refresh at a time per connection, across callers, contexts and worker restarts */
  refreshOAuth(seen: OAuthSecret): Promise<OAuthSecret>;
  /** ServiceNow session: read g_ck afresh from a page of the instance */
  readSessionToken(): Promise<string | undefined>;
  /** Mattermost session: the MMCSRF cookie for non-GET requests */
  readCsrfCookie(): Promise<string | undefined>;
  /** records "needs sign-in" where the user will see it */
  needsSignIn(reason: string): Promise<void>;
}

const isRead = (init?: RequestInit) => !init?.method || init.method.toUpperCase() === 'GET' || init.method.toUpperCase() === 'HEAD';

/**
 * A fetch that acts as the signed-in user of one connection: it adds the credential, refreshes an
 * OAuth token ahead of expiry and once on 401, re-reads a rotated session token once, and otherwise
 * turns a refused credential into a "needs sign-in" state — never a retry loop.
 */
export function connectionFetch(product: Product, base: string, io: ConnectionIo): Fetch {
  const host = new URL(base).host;
  const signInAgain = async (detail?: string): Promise<never> => {
    const reason = detail ?? `${host} no longer accepts NowBridge's sign-in.`;
    await io.needsSignIn(reason);
    throw new NeedsSignInError(`Needs sign-in: ${reason} Reconnect in NowBridge's settings.`);
  };

  const send = (url: string, init: RequestInit | undefined, secret: Secret): Promise<Response> => {
    const headers = new Headers(init?.headers);
    if (!headers.has('Accept')) headers.set('Accept', 'application/json');
    if (secret.method === 'oauth' || secret.method === 'pat') {
      headers.set('Authorization', `Bearer ${secret.method === 'oauth' ? secret.tokens.accessToken : secret.token}`);
      // The browser's own session cookie would win over the bearer on Mattermost: never send cookies with a token.
      return io.fetch(url, { ...init, headers, credentials: 'omit' });
    }
    return (async () => {
      if (product === 'servicenow') {
        if (secret.sessionToken) headers.set('X-UserToken', secret.sessionToken);
        // A single-sign-on instance redirects a lost session to its identity provider, another origin; followed,
        // that is a CORS failure indistinguishable from "unreachable". Not followed, it says "signed out".
        return io.fetch(url, { ...init, headers, credentials: 'include', redirect: 'manual' });
      }
      if (!isRead(init)) {
        headers.set('X-Requested-With', 'XMLHttpRequest');
        // Reading the cookie needs the site's access too (chrome.cookies): withdrawn, it fails, and so will the request,
        // which withSiteAccess (lib/http.ts) then names for what it is. Without the cookie the request still goes,
        // with X-Requested-With, and the server decides.
        const csrf = await io.readCsrfCookie().catch(() => undefined);
        if (csrf) headers.set('X-CSRF-Token', csrf);
      }
      return io.fetch(url, { ...init, headers, credentials: 'include' });
    })();
  };

  /** ServiceNow answers an expired session with its login page (status 200), or under SSO a redirect to the IdP. */
  const sessionLost = (res: Response) => res.status === 401 || (product === 'servicenow' && ((res.ok && !isJson(res)) || isRedirect(res)));

  return async (input, init) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
    let secret = await io.loadSecret();
    if (!secret) return signInAgain(`You are not signed in to ${host}.`);

    if (secret.method === 'oauth' && isExpiring(secret.tokens, io.now())) {
      secret = await refreshOrSignIn(secret);
    }
    if (secret.method === 'session' && product === 'servicenow' && !secret.sessionToken) {
      secret = await renewSession();
    }

    const res = await send(url, init, secret);
    if (!sessionLost(res)) return res;

    // One recovery attempt, then the user decides.
    if (secret.method === 'oauth') return send(url, init, await refreshOrSignIn(secret)).then(orSignIn);
    if (secret.method === 'session' && product === 'servicenow') return send(url, init, await renewSession()).then(orSignIn);
    if (secret.method === 'pat') {
      return signInAgain(
        `${host} refused the personal access token. If personal access tokens are turned off on this server, use Browser session.`,
      );
    }
    return signInAgain(`You are signed out of ${host}. Sign in to ${host} in a tab, then retry.`);
  };

  async function orSignIn(res: Response): Promise<Response> {
    return sessionLost(res) ? signInAgain() : res;
  }

  /**
   * Only a refusal ends the sign-in: the token endpoint said no (its 400/401, which the protocols make 'unauthorized'),
   * or the credential is gone. Anything else (a 429, a 5xx, no answer, a proxy's page) says nothing about the refresh
   * token: the caller gets that error as it is, and the token stays for the next try (RFC 6749 §5.2 names the
   * refusals: invalid_grant and invalid_client come as 400/401).
   */
  async function refreshOrSignIn(seen: OAuthSecret): Promise<OAuthSecret> {
    try {
      return await io.refreshOAuth(seen);
    } catch (err) {
      if (err instanceof HttpError && err.kind !== 'unauthorized') throw err;
      return signInAgain(err instanceof HttpError ? err.message : undefined);
    }
  }

  async function renewSession(): Promise<Secret> {
    const token = await io.readSessionToken();
    if (!token) return signInAgain(`You are signed out of ${host}. Sign in to ${host} in a tab, then retry.`);
    const renewed: Secret = { method: 'session', sessionToken: token };
    await io.saveSecret(renewed);
    return renewed;
  }
}
