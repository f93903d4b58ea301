/** `${subpath}/login` (form and submit) and `${subpath}/logout` for browser sessions. */
import type { SimRequest } from '../server';
import { authenticate, clearedCookies, parseAuthToken, sessionCookies } from './auth';
import type { MmSettings } from './config';
import { loginPage } from './pages';
import type { SimStore } from './store';

export interface LoginDeps {
  store: SimStore;
  settings: () => MmSettings;
  subpath: string;
  secure: boolean;
}

/** Only same-site paths: an open redirect on the login page would be a bug the real app doesn't have. */
export function safeRedirect(subpath: string, to: string | null): string {
  if (to && to.startsWith('/') && !to.startsWith('//') && !to.startsWith('/\\')) return to;
  return `${subpath}/`;
}

const html = (r: SimRequest, status: number, body: string, headers: Record<string, string | string[]> = {}) => {
  r.res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-cache, max-age=31556926, public', ...headers });
  r.res.end(body);
};

export function handleLogin(deps: LoginDeps, r: SimRequest, path: string): boolean {
  if (path === '/logout' && r.method === 'GET') {
    const { token } = parseAuthToken(r.req, r.url);
    if (token) deps.store.revokeSession(token);
    r.res.writeHead(302, { Location: `${deps.subpath}/login`, 'Set-Cookie': clearedCookies(deps.subpath, deps.secure) }).end();
    return true;
  }
  if (path !== '/login') return false;
  if (r.method === 'GET') {
    const redirectTo = r.url.searchParams.get('redirect_to') ?? '';
    // already signed in: the web app goes straight on
    const signedIn = authenticate(deps.store, deps.settings(), r.req, r.url, false).session;
    if (signedIn && redirectTo) {
      r.res.writeHead(302, { Location: safeRedirect(deps.subpath, redirectTo) }).end();
      return true;
    }
    html(r, 200, loginPage(deps.subpath, redirectTo));
    return true;
  }
  if (r.method === 'POST') {
    const form = new URLSearchParams(r.body);
    const loginId = (form.get('login_id') ?? '').toLowerCase();
    const user = [...deps.store.userMap.values()].find((u) => u.username === loginId || u.email.toLowerCase() === loginId);
    const redirectTo = form.get('redirect_to') ?? '';
    // a bot has no password to sign in with (app/login.go checkUserNotBot)
    if (!user || user.is_bot || user.password !== (form.get('password') ?? '')) {
      // the real login page is an SPA: a failed login is a message on a 200 page
      html(r, 200, loginPage(deps.subpath, redirectTo, 'Enter a valid email or username and/or password.'));
      return true;
    }
    const s = deps.store.createSession(user.id, 'web');
    r.res.writeHead(302, { Location: safeRedirect(deps.subpath, redirectTo), 'Set-Cookie': sessionCookies(s, deps.subpath, deps.secure) }).end();
    return true;
  }
  return false;
}
