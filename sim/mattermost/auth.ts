/**
 * Session resolution as the real server does it (app/authentication.go ParseAuthTokenFromRequest,
 * web/handlers.go ServeHTTP + checkCSRFToken), and the session cookies (model/session.go).
 */
import type { IncomingMessage } from 'node:http';
import type { MmSettings } from './config';
import { AppError, sessionExpired } from './errors';
import type { Session, SimStore } from './store';

export type TokenLocation = 'cookie' | 'header' | 'query' | 'none';

/** MMAUTHTOKEN cookie > Authorization Bearer/Token (prefix case-insensitive) > ?access_token=. */
export function parseAuthToken(req: IncomingMessage, url: URL): { token: string; location: TokenLocation } {
  // A present-but-empty cookie still wins (Go's r.Cookie succeeds), leaving no token at all.
  const cookie = readCookie(req.headers.cookie, 'MMAUTHTOKEN');
  if (cookie !== undefined) return { token: cookie, location: 'cookie' };
  const auth = req.headers.authorization ?? '';
  if (auth.length > 6 && auth.slice(0, 6).toUpperCase() === 'BEARER') return { token: auth.slice(7), location: 'header' };
  if (auth.length > 5 && auth.slice(0, 5).toLowerCase() === 'token') return { token: auth.slice(6), location: 'header' };
  const q = url.searchParams.get('access_token');
  if (q) return { token: q, location: 'query' };
  return { token: '', location: 'none' };
}

function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return decodeURIComponent(part.slice(i + 1).trim());
  }
  return undefined;
}

export interface AuthResult {
  session?: Session;
  location: TokenLocation;
  error?: AppError;
  /** an invalid token: the response also clears the session cookies */
  clearCookies?: boolean;
}

/** Finds the session for a token; a PAT becomes a session only while PATs are enabled. */
export function resolveToken(store: SimStore, settings: MmSettings, token: string): Session | AppError {
  const s = store.liveSession(token);
  const pat = store.pats.get(token);
  if ((s && s.kind === 'pat') || (!s && pat?.is_active)) {
    if (!settings.enableUserAccessTokens) return sessionExpired('UserAccessToken');
    return s ?? store.createSession(pat!.user_id, 'pat', { token });
  }
  return s ?? sessionExpired(`token=${token}`);
}

/**
 * Authenticates a request. `requireSession` mirrors handlers' RequireSession: only then does a bad
 * token clear cookies, a missing one fail, and a cookie-authenticated non-GET face the CSRF check.
 */
export function authenticate(store: SimStore, settings: MmSettings, req: IncomingMessage, url: URL, requireSession: boolean): AuthResult {
  const { token, location } = parseAuthToken(req, url);
  if (!token) {
    return requireSession ? { location, error: sessionExpired('UserRequired') } : { location };
  }
  const found = resolveToken(store, settings, token);
  if (found instanceof AppError) {
    return requireSession ? { location, error: found, clearCookies: true } : { location };
  }
  if (location === 'query' && found.kind !== 'oauth') {
    return { location, error: new AppError(401, 'api.context.token_provided.app_error', `token=${token}`) };
  }
  if (requireSession && location === 'cookie' && req.method !== 'GET') {
    const csrf = checkCsrf(settings, req, found);
    if (csrf) return { location, error: csrf };
  }
  return { session: found, location };
}

/** X-CSRF-Token must equal the session's CSRF token; X-Requested-With passes unless strict. */
export function checkCsrf(settings: MmSettings, req: IncomingMessage, session: Session): AppError | undefined {
  const sent = req.headers['x-csrf-token'];
  if (typeof sent === 'string' && sent !== '' && sent === session.csrf) return undefined;
  if (req.headers['x-requested-with'] === 'XMLHttpRequest' && !settings.strictCsrf) return undefined;
  return sessionExpired(`token=${session.token} Appears to be a CSRF attempt`);
}

/** Set-Cookie values for a web session: MMAUTHTOKEN HttpOnly; MMUSERID and MMCSRF readable; no SameSite. */
export function sessionCookies(s: Session, subpath: string, secure: boolean, maxAgeSec = 30 * 24 * 3600): string[] {
  const expires = new Date(Date.now() + maxAgeSec * 1000).toUTCString();
  const tail = `; Path=${subpath || '/'}; Expires=${expires}; Max-Age=${maxAgeSec}${secure ? '; Secure' : ''}`;
  return [`MMAUTHTOKEN=${s.token}${tail}; HttpOnly`, `MMUSERID=${s.user_id}${tail}`, `MMCSRF=${s.csrf}${tail}`];
}

/** Set-Cookie values that remove the session cookies (RemoveSessionCookie). */
export function clearedCookies(subpath: string, secure: boolean): string[] {
  const tail = `; Path=${subpath || '/'}; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0${secure ? '; Secure' : ''}`;
  return [`MMAUTHTOKEN=${tail}; HttpOnly`, `MMUSERID=${tail}`, `MMCSRF=${tail}`];
}
