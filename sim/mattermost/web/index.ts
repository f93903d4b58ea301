/**
 * The Mattermost simulator's web app: channel, DM and permalink pages with the real DOM, plus the
 * page's own traffic under `<subpath>/__sim/` (view JSON for soft navigation, thread, search, the SSE
 * event stream, theme switching), kept apart so tests that count real API calls can filter it.
 *
 * `start()` (the API side) routes every non-API, non-OAuth, non-login request here; a false return
 * means "not a web-app path" and the caller answers 404.
 */
import type { SimRequest } from '../../server';
import type { MmSettings } from '../config';
import type { MmStore, MmUser } from '../types';
import { streamEvents } from './events';
import { channelPage, notFoundPage } from './page';
import type { RenderContext } from './post-html';
import { searchPosts, searchResultsHtml, searchTerms, threadHtml } from './rhs';
import { parseWebPath, type WebRoute } from './routes';
import { isThemeName, type ThemeName } from './styles';
import { buildView, teamsOf } from './view';

export interface WebAppOptions {
  /** '' or e.g. '/mm' (no trailing slash) */
  subpath: string;
  theme?: ThemeName;
  /** the server's switches, read per request (collapsed threads, send on Ctrl+Enter) */
  settings?: () => Partial<Pick<MmSettings, 'collapsedThreads' | 'sendOnCtrlEnter'>>;
}

export type WebApp = ((r: SimRequest) => boolean | Promise<boolean>) & {
  /** the theme new pages get and open pages switch to */
  setTheme(name: ThemeName): void;
};

function normaliseSubpath(s: string): string {
  const t = s.trim().replace(/\/+$/, '');
  return t === '' ? '' : t.startsWith('/') ? t : `/${t}`;
}

function send(r: SimRequest, status: number, type: string, body: string, headers: Record<string, string> = {}): true {
  r.res.writeHead(status, { 'Content-Type': type, 'Cache-Control': 'no-store', ...headers });
  r.res.end(r.method === 'HEAD' ? undefined : body);
  return true;
}

const json = (r: SimRequest, status: number, body: unknown) => send(r, status, 'application/json', JSON.stringify(body));

export function createWebApp(store: MmStore, opts: WebAppOptions): WebApp {
  const subpath = normaliseSubpath(opts.subpath);
  const collapsedThreads = () => opts.settings?.().collapsedThreads ?? false;
  let theme: ThemeName = opts.theme ?? 'light';
  const themeListeners = new Set<(name: string) => void>();
  const hub = {
    onTheme(l: (name: string) => void) {
      themeListeners.add(l);
      return () => void themeListeners.delete(l);
    },
  };
  const setTheme = (name: ThemeName) => {
    theme = name;
    for (const l of themeListeners) l(name);
  };

  const context = (r: SimRequest, me: MmUser, teamName: string, highlight?: string[]): RenderContext => ({
    store,
    me,
    siteUrl: r.publicOrigin + subpath,
    subpath,
    teamName: store.teamByName(teamName) ? teamName : (teamsOf(store, me)[0]?.name ?? ''),
    collapsedThreads: collapsedThreads(),
    ...(highlight ? { highlight } : {}),
  });

  const resolve = (r: SimRequest, me: MmUser, route: Exclude<WebRoute, { kind: 'sim' }>, path: string) =>
    buildView({ store, me, route, siteUrl: r.publicOrigin + subpath, subpath, path, collapsedThreads: collapsedThreads() });

  /** /__sim/*: the page's own calls. JSON, session required (theme switching excepted: tests drive it). */
  const simRoute = (r: SimRequest, rest: string, me: MmUser | undefined): boolean => {
    const q = r.url.searchParams;
    if (rest === 'theme') {
      const name = q.get('name') ?? '';
      if (!isThemeName(name)) return json(r, 400, { error: 'unknown theme', themes: ['light', 'dark'] });
      setTheme(name);
      return json(r, 200, { theme: name });
    }
    if (!me) return json(r, 401, { error: 'no session' });
    const team = q.get('team') ?? '';
    if (rest === 'events') {
      const ws = r.upgrade?.();
      if (!ws) return json(r, 426, { error: 'a WebSocket handshake expected' });
      streamEvents(ws, store, context(r, me, team), hub, Number(q.get('since')) || undefined);
      return true;
    }
    if (rest === 'view') {
      const path = q.get('path') ?? '';
      const route = parseWebPath(path, subpath);
      if (!route || route.kind === 'sim') return json(r, 404, { notFound: 'Not a page' });
      const result = resolve(r, me, route, path);
      return json(r, 'notFound' in result ? 404 : 200, result);
    }
    const thread = /^thread\/([a-z0-9]{26})$/.exec(rest);
    if (thread) {
      const out = threadHtml(thread[1]!, context(r, me, team));
      return out ? json(r, 200, out) : json(r, 404, { notFound: 'Post not found' });
    }
    if (rest === 'search') {
      const terms = searchTerms(q.get('terms') ?? '');
      const teamId = store.teamByName(team)?.id ?? '';
      const ctx = context(r, me, team, terms);
      const posts = searchPosts(store, me, teamId, terms);
      return json(r, 200, { count: posts.length, html: searchResultsHtml(posts, ctx) });
    }
    return json(r, 404, { notFound: rest });
  };

  const handler = (r: SimRequest): boolean => {
    if (r.method !== 'GET' && r.method !== 'HEAD') return false;
    const route = parseWebPath(r.url.pathname, subpath);
    if (!route) return false;
    const me = store.sessionUser(r.req.headers.cookie);
    if (route.kind === 'sim') return simRoute(r, route.rest, me);
    const path = r.url.pathname;
    if (!me) {
      const back = encodeURIComponent(path + r.url.search);
      return send(r, 302, 'text/plain; charset=utf-8', '', { Location: `${subpath}/login?redirect_to=${back}` });
    }
    const result = resolve(r, me, route, path);
    // ?click_to_open_threads=false turns the display setting off for that page, ?send_on_ctrl_enter=true the preference on
    const q = r.url.searchParams;
    const page = {
      subpath,
      theme,
      wysiwyg: q.has('wysiwyg'),
      clickToOpenThreads: q.get('click_to_open_threads') !== 'false',
      sendOnCtrlEnter: q.get('send_on_ctrl_enter') === 'true' || (opts.settings?.().sendOnCtrlEnter ?? false),
    };
    if ('redirect' in result) return send(r, 302, 'text/plain; charset=utf-8', '', { Location: result.redirect });
    if ('notFound' in result) return send(r, 200, 'text/html; charset=utf-8', notFoundPage(result.notFound, page));
    return send(r, 200, 'text/html; charset=utf-8', channelPage(result.view, page));
  };
  return Object.assign(handler, { setTheme });
}
