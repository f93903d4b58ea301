/**
 * Routes the browser-facing pages. Every page but /login.do needs a session; without one (never logged in,
 * or expired) the answer is the login form with status 200 at the requested URL, as a real instance does,
 * or with single sign-on a 302 to the identity provider (sso.ts). /login.do stays open for local accounts.
 */
import type { SimRequest } from '../server';
import { classicFormHtml } from './pages/classic-form';
import { homeHtml } from './pages/home';
import { banner, escapeHtml, htmlDocument, sendHtml } from './pages/html';
import { kbViewHtml } from './pages/kb';
import { listHtml, type ListRows } from './pages/list';
import { handleLoginGet, handleLoginPost, handleLogout, sendLoginPage } from './pages/login';
import { PORTAL_ROOT, portalHtml } from './pages/portal';
import { navToHtml, polarisHtml } from './pages/shells';
import { localTarget, navToTarget } from './pages/targets';
import { parseWorkspacePath, workspaceData, workspaceHtml } from './pages/workspace';
import type { PageVariant } from './pages/variant';
import type { Sessions } from './session';
import { redirectToIdp } from './sso';
import type { SnStore } from './types';

export interface UiDeps {
  store: SnStore;
  sessions: Sessions;
  listRows: ListRows;
  /** which DOM the pages whose real markup is unknown are served in (pages/variant.ts) */
  pageVariant(): PageVariant;
  /** with single sign-on, a browser without a session goes to the identity provider (sso.ts) */
  singleSignOn(): boolean;
}

const POLARIS_PREFIX = '/now/nav/ui/classic/params/target/';

function notFound(r: SimRequest, deps: UiDeps, userName: string): void {
  const body = `${banner(userName)}<div class="sn-content"><div class="outputmsg outputmsg_error" role="alert">The page you are looking for could not be found: ${escapeHtml(
    r.url.pathname,
  )}</div></div>`;
  sendHtml(r, deps.sessions, 404, htmlDocument({ title: 'Page not found | ServiceNow', body }));
}

export function handleUi(r: SimRequest, deps: UiDeps): void {
  const { store, sessions } = deps;
  const path = r.url.pathname;
  const q = r.url.searchParams;
  if (path === '/login.do') return r.method === 'POST' ? handleLoginPost(r, sessions, store) : handleLoginGet(r, sessions);
  if (path === '/logout.do') return handleLogout(r, sessions);

  const session = sessions.fromRequest(r.req);
  if (!session) return deps.singleSignOn() ? redirectToIdp(r) : sendLoginPage(r, sessions);
  const { user, g_ck } = session;
  const send = (html: string) => sendHtml(r, sessions, 200, html);
  const tables = store.tables();

  if (path === '/' || path === '/navpage.do' || path === '/home.do') return send(homeHtml(store, user, g_ck));
  if (path === '/nav_to.do') return send(navToHtml(navToTarget(q, tables), user.name, g_ck));
  if (path.startsWith(POLARIS_PREFIX)) return send(polarisHtml(localTarget(path.slice(POLARIS_PREFIX.length), tables), user.name, g_ck));
  const variant = deps.pageVariant();
  if (path.startsWith('/now/') || path.startsWith('/x/')) {
    const ws = parseWorkspacePath(path);
    return send(ws ? workspaceHtml(workspaceData(store, user, ws.workspace, ws.table, ws.sys_id, variant), g_ck) : homeHtml(store, user, g_ck));
  }
  if (PORTAL_ROOT.test(path)) return send(portalHtml(store, user, path, q, g_ck, variant));
  if (path === '/kb_view.do') return send(kbViewHtml(store, user, q, g_ck, banner(user.name), variant));

  const list = /^\/([a-z0-9_]+)_list\.do$/.exec(path);
  if (list && tables.includes(list[1]!)) return send(listHtml(store, user, list[1]!, q, deps.listRows, g_ck));
  const form = /^\/([a-z0-9_]+)\.do$/.exec(path);
  if (form && tables.includes(form[1]!)) return send(classicFormHtml(store, user, form[1]!, q, g_ck));
  return notFound(r, deps, user.name);
}
