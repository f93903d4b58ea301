/**
 * Single sign-on (SAML, e.g. ServiceNow's Multi-Provider SSO): an instance that signs its users in through an
 * identity provider answers a browser with no live session by redirecting (302) to the IdP, on another origin,
 * for the UI (`navpage.do` and every page) and for cookie-authenticated REST calls alike, instead of its own
 * login form or a 401 (platform-contracts B.10). A caller with a credential of its own (an Authorization
 * header, `?access_token=`) still gets the 401, and so does a live session without its X-UserToken: that
 * user *is* signed in. The IdP itself is not simulated; a browser that follows the redirect fails (it is
 * another origin, without CORS headers, and not served), as a service worker's fetch does on a real one.
 */
import type { SimRequest } from '../server';
import type { Sessions } from './session';

export const SSO_IDP_ORIGIN = 'https://sso.example.test';

/** Whether this request, under SSO, is a browser without a session: the IdP's to answer. */
export function wantsIdp(r: SimRequest, sessions: Sessions): boolean {
  if (r.req.headers.authorization !== undefined || r.url.searchParams.has('access_token')) return false;
  return !sessions.fromRequest(r.req);
}

/** The 302 to the IdP, carrying the page to come back to as RelayState (as a SAML redirect binding does). */
export function redirectToIdp(r: SimRequest): void {
  const back = `${r.publicOrigin}${r.url.pathname}${r.url.search}`;
  const to = `${SSO_IDP_ORIGIN}/idp/SSO.saml2?${new URLSearchParams({ SAMLRequest: 'c2ltdWxhdGVk', RelayState: back })}`;
  r.res.writeHead(302, { Location: to, 'Cache-Control': 'no-cache, no-store, must-revalidate', 'Content-Length': '0' });
  r.res.end();
}
