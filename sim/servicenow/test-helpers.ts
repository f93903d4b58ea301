/**
 * Shared by the front side's contract tests: start a simulator, log in through the real form, PKCE pairs,
 * Set-Cookie parsing and a happy-dom window that runs page scripts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Window } from 'happy-dom';
import { start, type SnSim, type StartOptions } from './index';
import type { SimStore } from './store';

export const startSim = (opts: StartOptions = {}): Promise<SnSim<SimStore>> => start(opts);

/** GET the caller's own sys_user row: the user name the request authenticated as, or the status. */
export async function whoAmI(origin: string, headers: Record<string, string>): Promise<string | number> {
  const res = await fetch(`${origin}/api/now/table/sys_user?sysparm_query=sys_id=javascript:gs.getUserID()&sysparm_fields=user_name`, {
    headers: { Accept: 'application/json', ...headers },
  });
  if (res.status !== 200) return res.status;
  return ((await res.json()) as { result: { user_name: string }[] }).result[0]?.user_name ?? '';
}

export const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

/** name=value pairs of a response's Set-Cookie headers, as a Cookie request header. */
export function cookieHeader(res: Response): string {
  return res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((c) => !c.endsWith('='))
    .join('; ');
}

/** Logs in through POST /login.do; returns the browser's cookies and the session's g_ck (read from a page). */
export async function logIn(origin: string, user: string, password: string): Promise<{ cookie: string; g_ck: string }> {
  const res = await fetch(`${origin}/login.do`, {
    method: 'POST',
    redirect: 'manual',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ user_name: user, user_password: password }),
  });
  if (res.status !== 302) throw new Error(`login failed: ${res.status}`);
  const cookie = cookieHeader(res);
  const page = await (await fetch(`${origin}/home.do`, { headers: { cookie } })).text();
  const g_ck = /window\.g_ck = "([0-9a-f]+)"/.exec(page)?.[1];
  if (!g_ck) throw new Error('no g_ck on the home page');
  return { cookie, g_ck };
}

/** Parses `html` as if loaded from `url`, running its scripts (iframes are not loaded). */
export async function render(url: string, html: string): Promise<Window> {
  const win = new Window({
    url,
    settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true, disableIframePageLoading: true },
  });
  win.document.write(html);
  await win.happyDOM.waitUntilComplete();
  return win;
}

/** Parses without running scripts: what the server sent, nothing more. */
export function parse(url: string, html: string): Window {
  const win = new Window({ url, settings: { disableIframePageLoading: true } });
  win.document.write(html);
  return win;
}
