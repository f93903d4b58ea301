/**
 * /login.do: the classic login form (user_name, user_password, "Log in") and its POST, which starts a
 * session and continues to sysparm_goto_url. The same form is what an expired or missing session gets on
 * any UI page, with status 200, as on a real instance.
 */
import type { SimRequest } from '../../server';
import type { Sessions } from '../session';
import type { SnStore } from '../types';
import { banner, escapeHtml, htmlDocument, safeLocalPath, sendHtml } from './html';

const CSS = `
.login-wrap{max-width:380px;margin:72px auto;background:#fff;border-radius:6px;box-shadow:0 2px 8px rgba(0,0,0,.15);padding:28px}
.login-wrap h1{font-size:20px;margin:0 0 18px}
.login-wrap label{display:block;margin:10px 0 4px;font-weight:600}
.login-wrap input[type=text],.login-wrap input[type=password]{width:100%;padding:8px;border:1px solid #b6b6b6;border-radius:3px}
#sysverb_login{margin-top:18px;width:100%;padding:9px;border:0;border-radius:3px;background:#278efc;color:#fff;font-weight:600;cursor:pointer}
`;

export function loginPageHtml(opts: { goto?: string; error?: string; userName?: string } = {}): string {
  const goto = safeLocalPath(opts.goto);
  const body = `${banner(undefined)}
<div class="login-wrap">
<form id="loginPage" name="loginPage" action="/login.do" method="post">
<h1>Log in</h1>
${opts.error ? `<div class="outputmsg outputmsg_error" role="alert">${escapeHtml(opts.error)}</div>` : ''}
<input type="hidden" name="sys_action" value="sysverb_login">
${goto ? `<input type="hidden" name="sysparm_goto_url" value="${escapeHtml(goto)}">` : ''}
<label for="user_name">User name</label>
<input type="text" id="user_name" name="user_name" autocomplete="username" value="${escapeHtml(opts.userName ?? '')}">
<label for="user_password">Password</label>
<input type="password" id="user_password" name="user_password" autocomplete="current-password">
<button type="submit" id="sysverb_login" class="btn btn-primary">Log in</button>
</form>
</div>`;
  return htmlDocument({ title: 'Log in | ServiceNow', body, css: CSS });
}

/** The login page in place of whatever was asked for; it comes back to `goto` after logging in. */
export function sendLoginPage(r: SimRequest, sessions: Sessions, goto?: string): void {
  sendHtml(r, sessions, 200, loginPageHtml({ goto: goto ?? r.url.pathname + r.url.search }));
}

export function handleLoginGet(r: SimRequest, sessions: Sessions): void {
  sendHtml(r, sessions, 200, loginPageHtml({ goto: r.url.searchParams.get('sysparm_goto_url') ?? undefined }));
}

export function handleLoginPost(r: SimRequest, sessions: Sessions, store: SnStore): void {
  const form = new URLSearchParams(r.body);
  const userName = form.get('user_name') ?? '';
  const user = store.userByName(userName);
  const goto = safeLocalPath(form.get('sysparm_goto_url'));
  if (!user || user.password !== (form.get('user_password') ?? '')) {
    sendHtml(r, sessions, 200, loginPageHtml({ goto, error: 'User name or password invalid', userName }));
    return;
  }
  const old = sessions.fromRequest(r.req);
  if (old) sessions.destroy(old.id);
  const s = sessions.create(user);
  r.res.writeHead(302, {
    Location: goto ?? '/navpage.do',
    'Set-Cookie': sessions.setCookies(s, r.publicOrigin.startsWith('https:')),
    'Cache-Control': 'no-cache, no-store, must-revalidate',
  });
  r.res.end();
}

export function handleLogout(r: SimRequest, sessions: Sessions): void {
  const s = sessions.fromRequest(r.req);
  if (s) sessions.destroy(s.id);
  r.res.writeHead(302, { Location: '/login.do', 'Set-Cookie': ['JSESSIONID=; Path=/; Max-Age=0'] });
  r.res.end();
}
