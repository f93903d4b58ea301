/** Dispatches /api/v4 requests: authentication, id params, the handler, and the AppError envelope. */
import type { SimRequest } from '../../server';
import { authenticate, clearedCookies } from '../auth';
import type { MmSettings } from '../config';
import { AppError, writeAppError, writeJson } from '../errors';
import type { SimStore } from '../store';
import { channelRoutes } from './channels';
import { checkParams, match, type ApiContext, type Reply, type Route } from './context';
import { channelByTeamRoutes } from './channel-by-team';
import { commandRoutes } from './commands';
import { oauthAppRoutes } from './oauth-apps';
import { postPatchRoutes } from './post-patch';
import { postRoutes } from './posts';
import { systemRoutes } from './system';
import { teamRoutes } from './teams';
import { userRoutes } from './users';

const ROUTES: Route[] = [
  ...userRoutes, ...teamRoutes, ...channelRoutes, ...channelByTeamRoutes, ...postRoutes, ...postPatchRoutes,
  ...commandRoutes, ...systemRoutes, ...oauthAppRoutes,
];

export interface ApiDeps {
  store: SimStore;
  settings: () => MmSettings;
  subpath: string;
  secure: boolean;
}

/** Handles one request whose path (below the subpath) starts with /api/v4. */
export async function handleApi(deps: ApiDeps, r: SimRequest, path: string, requestId: string): Promise<void> {
  const settings = deps.settings();
  const sub = path.slice('/api/v4'.length) || '/';
  const fail = (err: AppError, cookies?: string[]) =>
    writeAppError(r.res, r.method, err, requestId, settings.developerMode, cookies ? { 'Set-Cookie': cookies } : {});

  const found = match(ROUTES, r.method, sub);
  if (found === undefined) return fail(new AppError(404, 'api.context.404.app_error', `path=${sub}`));
  if (found === 'method') {
    r.res.writeHead(405).end();
    return;
  }
  const auth = authenticate(deps.store, settings, r.req, r.url, found.route.requireSession);
  if (auth.error) return fail(auth.error, auth.clearCookies ? clearedCookies(deps.subpath, deps.secure) : undefined);

  const ctx = {
    r, store: deps.store, settings, requestId, params: found.params, query: r.url.searchParams,
    subpath: deps.subpath, secure: deps.secure, session: auth.session, user: auth.session && deps.store.userById(auth.session.user_id),
  } as ApiContext;
  let reply: Reply;
  try {
    checkParams(ctx.params, auth.session);
    reply = await found.route.handler(ctx);
  } catch (err) {
    if (err instanceof AppError) return fail(err);
    throw err;
  }
  const headers: Record<string, string | string[]> = { ...(reply.headers ?? {}) };
  if (reply.cookies) headers['Set-Cookie'] = reply.cookies;
  writeJson(r.res, r.method, reply.status, reply.body, headers);
}
