/**
 * Shared page plumbing: the HTML skeleton, safe data embedding and the response writer. Every remote
 * string goes through escapeHtml (markup) or jsonForScript (inline scripts): the seed holds hostile HTML.
 */
import { escapeHtml, type SimRequest } from '../../server';
import type { Sessions } from '../session';

export { escapeHtml };

/** JSON that cannot close its <script> element or start an HTML comment, whatever the data holds. */
export function jsonForScript(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

const BASE_CSS = `
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 "Source Sans Pro",Arial,Helvetica,sans-serif;color:#1d1d1d;background:#f2f3f3}
a{color:#0e5c8a}
.sn-banner{display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#293e40;color:#fff}
.sn-banner .brand{font-weight:700;letter-spacing:.3px}
.sn-banner .user{margin-left:auto;opacity:.9}
.sn-content{padding:16px 24px}
.outputmsg{padding:10px 14px;margin:12px 0;border-left:4px solid #c83c36;background:#fdecea}
`;

export interface DocOptions {
  title: string;
  body: string;
  /** the session token, exposed to the page world as window.g_ck (and NOW.g_ck when `now` is set) */
  g_ck?: string;
  now?: boolean;
  css?: string;
  /** raw markup for <head>; callers escape */
  head?: string;
  bodyClass?: string;
}

export function htmlDocument(o: DocOptions): string {
  const globals =
    o.g_ck === undefined
      ? ''
      : `<script>window.g_ck = ${jsonForScript(o.g_ck)};${o.now ? ` window.NOW = Object.assign(window.NOW || {}, { g_ck: window.g_ck });` : ''}</script>`;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(o.title)}</title>
${globals}
<style>${BASE_CSS}${o.css ?? ''}</style>
${o.head ?? ''}
</head>
<body${o.bodyClass ? ` class="${o.bodyClass}"` : ''}>
${o.body}
</body>
</html>
`;
}

/** Every UI answer sets glide_user_route (as a real instance does on every UI answer) and is never cached. */
export function sendHtml(r: SimRequest, sessions: Sessions, status: number, html: string, cookies: string[] = []): void {
  const secure = r.publicOrigin.startsWith('https:');
  const setCookie = cookies.some((c) => c.startsWith('glide_user_route=')) ? cookies : [...cookies, sessions.routeCookie(secure)];
  r.res.writeHead(status, {
    'Content-Type': 'text/html;charset=UTF-8',
    'Cache-Control': 'no-cache, no-store, must-revalidate',
    'Set-Cookie': setCookie,
  });
  r.res.end(html);
}

/** A same-origin path to continue to after login; anything else (//evil, https://evil) goes home. */
export function safeLocalPath(p: string | null | undefined): string | undefined {
  if (!p || !p.startsWith('/') || p.startsWith('//') || p.startsWith('/\\')) return undefined;
  return p;
}

/** The instance banner; `extraHtml` is markup the caller built (and escaped). */
export function banner(userName: string | undefined, extraHtml = ''): string {
  return `<header class="sn-banner"><span class="brand">servicenow</span>${extraHtml}${
    userName ? `<span class="user">${escapeHtml(userName)}</span>` : ''
  }</header>`;
}
