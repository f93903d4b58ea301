/**
 * Browser sessions (ServiceNow docs on the X-UserToken session header): the login form sets JSESSIONID, glide_session_store and
 * glide_user_route; each session carries a g_ck token that cookie-authenticated REST calls must echo in
 * X-UserToken. A new login means a new g_ck, as on a real instance.
 */
import type { IncomingMessage } from 'node:http';
import { parseCookies } from '../server';
import type { Clock } from './clock';
import { randomHex } from './ids';
import type { SnUser } from './types';

export interface Session {
  id: string;
  user: SnUser;
  g_ck: string;
  store: string;
  createdAt: number;
}

export interface Sessions {
  create(user: SnUser): Session;
  /** the live session named by the request's JSESSIONID cookie */
  fromRequest(req: IncomingMessage): Session | undefined;
  destroy(id: string): void;
  /** every session ends now: pages show the login form, cookie API calls get 401 */
  expireAll(): void;
  /** Set-Cookie values that establish `s` */
  setCookies(s: Session, secure: boolean): string[];
  /** the routing cookie every page sets, session or not */
  routeCookie(secure: boolean): string;
  /** the cookies a browser would hold for `s`, for tests that preset a session */
  browserCookies(s: Session): { name: string; value: string }[];
  count(): number;
}

/** glide_user_route names the application node; one node per simulated instance. */
export function createSessions(clock: Clock, nodeId: string): Sessions {
  const byId = new Map<string, Session>();
  const route = `glide.${nodeId}`;
  const attrs = (secure: boolean) => (secure ? '; Path=/; HttpOnly; SameSite=None; Secure' : '; Path=/; HttpOnly');
  return {
    create(user) {
      const s: Session = { id: randomHex(16).toUpperCase(), user, g_ck: randomHex(32), store: randomHex(16), createdAt: clock.now() };
      byId.set(s.id, s);
      return s;
    },
    fromRequest(req) {
      const id = parseCookies(req.headers.cookie).JSESSIONID;
      return id ? byId.get(id) : undefined;
    },
    destroy: (id) => void byId.delete(id),
    expireAll: () => byId.clear(),
    setCookies(s, secure) {
      return [`JSESSIONID=${s.id}${attrs(secure)}`, `glide_session_store=${s.store}${attrs(secure)}`, this.routeCookie(secure)];
    },
    routeCookie: (secure) => `glide_user_route=${route}; Max-Age=2147483647${attrs(secure)}`,
    browserCookies: (s) => [
      { name: 'JSESSIONID', value: s.id },
      { name: 'glide_session_store', value: s.store },
      { name: 'glide_user_route', value: route },
    ],
    count: () => byId.size,
  };
}
