/**
 * Service Portal pages under `/sp`, `/esc`, `/csm` and `/kb` (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"): `id=ticket|form|standard_ticket`
 * with `table` + `sys_id` (any parameter order) show a ticket panel; `id=kb_article|kb_article_view` with
 * `sysparm_article` or `sys_id` show an article; anything else is the portal home. The page root is
 * `div.sp-page-root`; the portal also defines window.g_ck.
 */
import type { SnStore, SnUser } from '../types';
import { escapeHtml, htmlDocument } from './html';
import { articleBlock, findArticle, KB_CSS } from './kb';
import { tableLabel } from './record';

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
.ticket-fields{display:grid;grid-template-columns:160px 1fr;gap:6px 16px;margin:16px 0 0}
.ticket-fields dt{color:#666}
.ticket-fields dd{margin:0}
`;

const PORTAL_NAMES: Record<string, string> = { sp: 'Service Portal', esc: 'Employee Center', csm: 'Customer Service', kb: 'Knowledge' };

function ticketPanel(store: SnStore, user: SnUser, table: string, sysId: string): string {
  const rec = store.tables().includes(table) ? store.readDisplay(table, sysId, user) : undefined;
  if (!rec) return `<div class="panel ticket-panel" id="ticket-panel"><div class="panel-body"><div class="outputmsg outputmsg_error" role="alert">Record not found</div></div></div>`;
  const v = (f: string) => escapeHtml(rec[f]?.display_value ?? '');
  const rows = ['state', 'priority', 'opened_at', 'assigned_to', 'sys_updated_on']
    .filter((f) => rec[f])
    .map((f) => `<dt>${escapeHtml(f.replace(/_/g, ' ').replace(/^\w/, (c) => c.toUpperCase()))}</dt><dd data-field="${f}">${v(f)}</dd>`)
    .join('');
  return `<div class="panel ticket-panel" id="ticket-panel" data-table="${escapeHtml(table)}" data-sys-id="${escapeHtml(sysId)}">
<div class="panel-heading"><h2 class="panel-title ticket-number">${v('number')}</h2><span class="ticket-table">${escapeHtml(tableLabel(table))}</span></div>
<div class="panel-body">
<p class="ticket-short-description">${v('short_description')}</p>
<dl class="ticket-fields">${rows}</dl>
</div>
</div>`;
}

export function portalHtml(store: SnStore, user: SnUser, pathname: string, q: URLSearchParams, g_ck: string): string {
  const root = PORTAL_ROOT.exec(pathname)?.[1] ?? 'sp';
  const id = q.get('id') ?? '';
  let content: string;
  if (['ticket', 'form', 'standard_ticket'].includes(id) && q.get('table') && q.get('sys_id')) {
    content = ticketPanel(store, user, q.get('table')!, q.get('sys_id')!);
  } else if (id === 'kb_article' || id === 'kb_article_view') {
    const a = findArticle(store, user, q.get('sysparm_article') ?? q.get('sys_id'));
    content = a ? articleBlock(a) : `<div class="panel"><div class="panel-body"><div class="outputmsg outputmsg_error" role="alert">Article not found</div></div></div>`;
  } else {
    content = `<div class="panel"><div class="panel-body"><h2>How can we help?</h2><p>Search the knowledge base or open a request.</p></div></div>`;
  }
  const body = `<div class="sp-page-root page" id="sp-page-root" data-portal="${escapeHtml(root)}" data-page-id="${escapeHtml(id)}">
<header class="sp-navbar navbar"><span class="portal-title">${escapeHtml(PORTAL_NAMES[root] ?? 'Service Portal')}</span><span class="user">${escapeHtml(user.name)}</span></header>
<main class="sp-page">${content}</main>
</div>`;
  return htmlDocument({ title: `${PORTAL_NAMES[root] ?? 'Service Portal'}`, body, css: CSS + KB_CSS, g_ck, bodyClass: 'sp' });
}
