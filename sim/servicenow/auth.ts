/**
 * Who is calling /api/*? (ServiceNow docs, "OAuth authorization code flow"; ServiceNow docs on the X-UserToken session header)
 *
 * - An Authorization header decides alone: `Bearer <access token>` (OAuth) or `Basic` (test setup, fixture
 *   passwords). A wrong one is a 401 even if a good session cookie rides along: ServiceNow authenticates the
 *   REST request with the header it was given, which is why clients send bearer calls with
 *   credentials:'omit'.
 * - `?access_token=` counts as a bearer token.
 * - Otherwise the session cookie, and only with `X-UserToken` equal to that session's g_ck (CSRF guard).
 */
import type { SimRequest } from '../server';
import type { Grants } from './oauth-grants';
import type { Sessions } from './session';
import type { SnStore, SnUser } from './types';

export type AuthVia = 'bearer' | 'basic' | 'session';

export interface ApiCaller {
  user: SnUser;
  via: AuthVia;
}

export function authenticateApi(r: SimRequest, deps: { grants: Grants; sessions: Sessions; store: SnStore }): ApiCaller | undefined {
  const header = r.req.headers.authorization;
  if (header !== undefined) {
    const [scheme = '', credentials = ''] = header.trim().split(/\s+/, 2);
    if (/^bearer$/i.test(scheme)) {
      const user = deps.grants.userFor(credentials);
      return user && { user, via: 'bearer' };
    }
    if (/^basic$/i.test(scheme)) {
      const raw = Buffer.from(credentials, 'base64').toString('utf8');
      const i = raw.indexOf(':');
      const user = i > 0 ? deps.store.userByName(raw.slice(0, i)) : undefined;
      return user && user.password === raw.slice(i + 1) ? { user, via: 'basic' } : undefined;
    }
    return undefined;
  }
  const queryToken = r.url.searchParams.get('access_token');
  if (queryToken !== null) {
    const user = deps.grants.userFor(queryToken);
    return user && { user, via: 'bearer' };
  }
  const session = deps.sessions.fromRequest(r.req);
  if (!session) return undefined;
  const userToken = r.req.headers['x-usertoken'];
  return userToken === session.g_ck ? { user: session.user, via: 'session' } : undefined;
}
