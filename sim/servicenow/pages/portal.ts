/**
 * Service Portal pages under `/sp`, `/esc`, `/csm` and `/kb` (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"): `id=ticket|form|standard_ticket`
 * with `table` + `sys_id` (any parameter order) show a ticket; `id=kb_article|kb_article_view` with
 * `sysparm_article`, `sys_kb_id` or `sys_id` show an article; anything else is the portal home. The portal
 * also defines window.g_ck.
 *
 * Which widgets a portal page holds is the instance's own configuration, so the markup comes in two variants
 * (./variant.ts): `known` is the out-of-box shell (`div.sp-page-root`, widgets as Bootstrap panels in
 * `div.v<widget sys_id>` wrappers); `unknown` is a custom theme with none of that. No public ticket widget
 * has a class that names the record, so neither variant offers one.
 */
import type { SnStore, SnUser } from '../types';
import { escapeHtml, htmlDocument } from './html';
import { articleBlock, findArticle, KB_CSS } from './kb';
import { tableLabel } from './record';
import type { PageVariant } from './variant';

export const PORTAL_ROOT = /^\/(sp|esc|csm|kb)(\/.*)?$/;

const CSS = `
.sp-navbar{display:flex;align-items:center;gap:18px;height:56px;padding:0 24px;background:#1f3b57;color:#fff}
.sp-navbar .portal-title{font-weight:700;font-size:17px}
.sp-navbar .user{margin-left:auto}
.sp-page{max-width:980px;margin:24px auto;padding:0 16px}
.panel{background:#fff;border:1px solid #d8dde3;border-radius:6px;overflow:hidden}
.panel-heading{display:flex;align-items:baseline;gap:12px;padding:14px 18px;border-bottom:1px solid #e6e9ed;background:#fafbfc}
.panel-title{margin:0;font-size:20px}
.panel-body{padding:18px}
.panel-heading .text-muted{color:#666}
dl.dl-horizontal{display:grid;grid-template-columns:160px 1fr;gap:6px 16px;margin:16px 0 0}
dl.dl-horizontal dt{color:#666}
dl.dl-horizontal dd{margin:0}
.portal-shell{min-height:100vh;background:#f7f7f9}
.portal-top{display:flex;align-items:center;gap:16px;height:60px;padding:0 28px;background:#fff;border-bottom:1px solid #e3e3e8}
.request-view{max-width:900px;margin:28px auto;background:#fff;border-radius:10px;padding:24px 28px}
.request-view h1{margin:0 0 4px;font-size:22px}
.chat-launcher{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#1f3b57;color:#fff;cursor:pointer}
`;

const PORTAL_NAMES: Record<string, string> = { sp: 'Service Portal', esc: 'Employee Center', csm: 'Customer Service', kb: 'Knowledge' };

/** The ticket widget; undefined content for a record that is missing or hidden. */
function ticketWidget(store: SnStore, user: SnUser, table: string, sysId: string, variant: PageVariant): string {
  const rec = store.tables().includes(table) ? store.readDisplay(table, sysId, user) : undefined;
  if (!rec) return `<div class="panel"><div class="panel-body"><div class="outputmsg outputmsg_error" role="alert">Record not found</div></div></div>`;
  const v = (f: string) => escapeHtml(rec[f]?.display_value ?? '');
  const label = (f: string) => escapeHtml(f.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()));
  const fields = ['state', 'priority', 'opened_at', 'assigned_to', 'sys_updated_on'].filter((f) => rec[f]);
  if (variant === 'unknown') {
    return `<section class="request-view"><h1>${v('number')}</h1><p>${v('short_description')}</p>
<ul class="request-facts">${fields.map((f) => `<li>${label(f)}: ${v(f)}</li>`).join('')}</ul></section>`;
  }
  // A widget instance as the portal renders one: a wrapper named after the widget's sys_id, then its template.
  return `<div id="x4d1f0c2b1b2a" class="v4d1f0c2b1b2a"><div class="panel panel-default">
<div class="panel-heading"><h2 class="panel-title">${v('short_description')}</h2><div class="text-muted">${v('number')} · ${escapeHtml(tableLabel(table))}</div></div>
<div class="panel-body"><dl class="dl-horizontal">${fields.map((f) => `<dt>${label(f)}</dt><dd>${v(f)}</dd>`).join('')}</dl></div>
</div></div>`;
}

export function portalHtml(store: SnStore, user: SnUser, pathname: string, q: URLSearchParams, g_ck: string, variant: PageVariant): string {
  const root = PORTAL_ROOT.exec(pathname)?.[1] ?? 'sp';
  const id = q.get('id') ?? '';
  let content: string;
  if (['ticket', 'form', 'standard_ticket'].includes(id) && q.get('table') && q.get('sys_id')) {
    content = ticketWidget(store, user, q.get('table')!, q.get('sys_id')!, variant);
  } else if (id === 'kb_article' || id === 'kb_article_view') {
    // `sysparm_article` wins when both are present (platform-contracts B.11).
    const a = findArticle(store, user, q.get('sysparm_article') ?? q.get('sys_kb_id') ?? q.get('sys_id'));
    content = a ? articleBlock(a, variant) : `<div class="panel"><div class="panel-body"><div class="outputmsg outputmsg_error" role="alert">Article not found</div></div></div>`;
  } else {
    content = `<div class="panel"><div class="panel-body"><h2>How can we help?</h2><p>Search the knowledge base or open a request.</p></div></div>`;
  }
  const name = escapeHtml(PORTAL_NAMES[root] ?? 'Service Portal');
  // Both variants have the portal's chat launcher in the bottom-right corner, as many portals do.
  const chat = '<button type="button" class="chat-launcher" aria-label="Chat with Virtual Agent">?</button>';
  const body =
    variant === 'unknown'
      ? `<div class="portal-shell"><div class="portal-top"><strong>${name}</strong><span>${escapeHtml(user.name)}</span></div><main>${content}</main>${chat}</div>`
      : `<div class="sp-page-root page" id="sp-page-root" data-portal="${escapeHtml(root)}" data-page-id="${escapeHtml(id)}">
<header class="sp-navbar navbar"><span class="portal-title">${name}</span><span class="user">${escapeHtml(user.name)}</span></header>
<main class="sp-page">${content}</main>${chat}
</div>`;
  return htmlDocument({ title: `${PORTAL_NAMES[root] ?? 'Service Portal'}`, body, css: CSS + KB_CSS, g_ck, bodyClass: 'sp' });
}
