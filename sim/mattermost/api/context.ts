/** Request context, replies and a tiny router for /api/v4 (gorilla-mux-like path patterns). */
import type { SimRequest } from '../../server';
import type { MmSettings } from '../config';
import { AppError, invalidBodyParam, invalidUrlParam } from '../errors';
import { isValidId } from '../ids';
import type { Session, SimStore, SimUser } from '../store';

export interface PublicContext {
  r: SimRequest;
  store: SimStore;
  settings: MmSettings;
  requestId: string;
  params: Record<string, string>;
  query: URLSearchParams;
  subpath: string;
  secure: boolean;
  session?: Session;
}

export interface ApiContext extends PublicContext {
  session: Session;
  user: SimUser;
}

export interface Reply {
  status: number;
  /** JSON-encoded; undefined for an empty body (304) */
  body?: unknown;
  headers?: Record<string, string>;
  cookies?: string[];
}

export interface Route {
  method: string;
  pattern: RegExp;
  names: string[];
  requireSession: boolean;
  handler: (c: ApiContext) => Reply | Promise<Reply>;
}

/**
 * Compiles "/users/:user_id/teams". Id params match [A-Za-z0-9]+ as the real routes do, so a
 * wrongly shaped but alphanumeric id reaches the handler and gets 400, anything else is a 404.
 */
function compile(path: string): { pattern: RegExp; names: string[] } {
  const names: string[] = [];
  const src = path.replace(/:([a-z_]+)/g, (_, name: string) => {
    names.push(name);
    if (name === 'email') return '(.+)'; // `{email:.+}` in the real router (api4/api.go)
    return name.endsWith('_id') ? '([A-Za-z0-9]+)' : '([A-Za-z0-9_.\\-]+)';
  });
  return { pattern: new RegExp(`^${src}$`), names };
}

export function route(method: string, path: string, handler: (c: ApiContext) => Reply | Promise<Reply>): Route {
  return { method, ...compile(path), requireSession: true, handler };
}

/** A route reachable without a session (login, logout). */
export function publicRoute(method: string, path: string, handler: (c: PublicContext) => Reply | Promise<Reply>): Route {
  return { method, ...compile(path), requireSession: false, handler: handler as Route['handler'] };
}

export function match(routes: Route[], method: string, path: string): { route: Route; params: Record<string, string> } | 'method' | undefined {
  let pathMatched = false;
  for (const r of routes) {
    const m = r.pattern.exec(path);
    if (!m) continue;
    pathMatched = true;
    if (r.method !== method) continue;
    const params: Record<string, string> = {};
    r.names.forEach((n, i) => (params[n] = decodeURIComponent(m[i + 1]!)));
    return { route: r, params };
  }
  return pathMatched ? 'method' : undefined;
}

/** Validates id params (RequireUserId etc.); `me` stands for the session user. */
export function checkParams(params: Record<string, string>, session?: Session): void {
  for (const [name, value] of Object.entries(params)) {
    if (name === 'user_id' && value === 'me' && session) {
      params[name] = session.user_id;
      continue;
    }
    if (name.endsWith('_id') && !isValidId(value)) throw invalidUrlParam(name);
  }
}

export function ok(body: unknown, status = 200, headers?: Record<string, string>): Reply {
  return { status, body, headers };
}

/** Parses a JSON body; a broken one is 400 invalid_body_param naming what was expected. */
export function jsonBody(c: PublicContext, name: string): unknown {
  try {
    return JSON.parse(c.r.body);
  } catch {
    throw invalidBodyParam(name);
  }
}

/** page/per_page: default 60, maximum 200 (silently clamped); bad values fall back to defaults. */
export function paging(q: URLSearchParams): { page: number; perPage: number } {
  const page = Math.max(0, Number.parseInt(q.get('page') ?? '0', 10) || 0);
  const raw = Number.parseInt(q.get('per_page') ?? '60', 10);
  const perPage = Number.isFinite(raw) && raw > 0 ? Math.min(raw, 200) : 60;
  return { page, perPage };
}

export function pageOf<T>(xs: T[], q: URLSearchParams): T[] {
  const { page, perPage } = paging(q);
  return xs.slice(page * perPage, page * perPage + perPage);
}

export { AppError };
