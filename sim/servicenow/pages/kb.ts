/**
 * Knowledge: `/kb_view.do?sysparm_article=KB…` (or `sys_kb_id=<sys_id>`), and the article body shared with
 * the portal's kb_article page. Article text is HTML authored on the instance; the simulator shows it as
 * plain text (tags stripped, then escaped) so no seeded markup can run.
 */
import type { SnFieldValue, SnStore, SnUser } from '../types';
import { escapeHtml, htmlDocument } from './html';
import type { PageVariant } from './variant';

/** By number (`KB0010001`, also `KB0010001 V1.0`) or by 32-hex sys_id. */
export function findArticle(store: SnStore, user: SnUser, key: string | null | undefined): Record<string, SnFieldValue> | undefined {
  const k = (key ?? '').trim();
  if (/^[0-9a-f]{32}$/.test(k)) return store.readDisplay('kb_knowledge', k, user);
  const number = /^(KB\d+)/i.exec(k)?.[1]?.toUpperCase();
  const hit = number ? store.findByNumber('kb_knowledge', number, user) : undefined;
  return hit ? store.readDisplay('kb_knowledge', hit.sys_id, user) : undefined;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', '#39': "'", apos: "'", nbsp: ' ' };

/** Markup → escaped plain text with paragraph breaks kept (rendered with white-space: pre-wrap). */
export function articleTextHtml(html: string): string {
  const text = html
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, '')
    .replace(/<\s*br\s*\/?>/gi, '\n')
    .replace(/<\/\s*(p|div|h[1-6]|li|tr)\s*>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(amp|lt|gt|quot|#39|apos|nbsp);/g, (_, e: string) => ENTITIES[e]!)
    .replace(/\n{3,}/g, '\n\n')
    .trim();
  return escapeHtml(text);
}

export const KB_CSS = `
.kb-panel{max-width:900px;margin:20px auto;background:#fff;border:1px solid #d8d8d8;border-radius:4px}
.kb-panel-heading{padding:20px 32px 12px;border-bottom:1px solid #eee}
.kb-panel-heading .panel-title{display:block;margin:0 0 8px;font-size:24px;font-weight:600}
.kb-number-info{display:inline-flex;gap:10px;color:#555;margin-right:14px}
.kb-article-info{color:#666;display:inline-flex;gap:14px;flex-wrap:wrap}
.kb-article-content{padding:20px 32px;white-space:pre-wrap}
.knowledge-reader{max-width:860px;margin:24px auto;background:#fff;padding:24px 32px;border-radius:8px}
.reader-title{margin:0 0 6px;font-size:26px}
.reader-meta{color:#666;margin:0 0 18px}
.reader-body{white-space:pre-wrap}
`;

/** The "was this helpful" question knowledge views end with: page controls a NowBridge button must not cover. */
const FEEDBACK = '<div class="kb-helpful">Helpful? <button type="button">Yes</button> <button type="button">No</button></div>';

/**
 * The article block, also used by the portal page. `known`: the knowledge view public scrapers read (the
 * number in `.kb-number-info`'s first child, an Angular `.ng-binding`, under `.kb-panel-heading` with its
 * `span.panel-title`; platform-contracts B.11). `unknown`: a restyled reader with none of those names.
 */
export function articleBlock(a: Record<string, SnFieldValue>, variant: PageVariant = 'known'): string {
  const v = (f: string) => escapeHtml(a[f]?.display_value ?? '');
  const body = articleTextHtml(a.text?.value ?? '');
  if (variant === 'unknown') {
    return `<article class="knowledge-reader">
<header><h1 class="reader-title">${v('short_description')}</h1>
<p class="reader-meta"><span>${v('number')}</span>${a.author ? ` · <span>${v('author')}</span>` : ''}</p></header>
<section class="reader-body">${body}</section>
${FEEDBACK}
</article>`;
  }
  return `<div class="panel panel-default kb-panel">
<div class="panel-heading kb-panel-heading">
<h1 id="articleTitle" class="kb-title-header"><span class="panel-title">${v('short_description')}</span></h1>
<div class="kb-number-info"><span class="ng-binding">${v('number')}</span><span class="ng-binding kb-version">Version 1.0</span></div>
<div class="kb-article-info">
${a.author ? `<span class="ng-binding">${v('author')}</span>` : ''}
${a.kb_knowledge_base ? `<span class="ng-binding">${v('kb_knowledge_base')}</span>` : ''}
${a.sys_updated_on ? `<span class="ng-binding">Updated ${v('sys_updated_on')}</span>` : ''}
</div>
</div>
<div id="articleBody" class="panel-body kb-article-content">${body}</div>
${FEEDBACK}
</div>`;
}

export function kbViewHtml(store: SnStore, user: SnUser, q: URLSearchParams, g_ck: string, banner: string, variant: PageVariant): string {
  const a = findArticle(store, user, q.get('sysparm_article') ?? q.get('sys_kb_id'));
  const ck = `<input type="hidden" id="sysparm_ck" name="sysparm_ck" value="${escapeHtml(g_ck)}">`;
  const body = a
    ? `${banner}${ck}<div class="kb_article_view">${articleBlock(a, variant)}</div>`
    : `${banner}${ck}<div class="kb_article_view"><div class="outputmsg outputmsg_error" role="alert">Knowledge record not found</div></div>`;
  const title = a ? `${a.number?.display_value ?? ''} - ${a.short_description?.display_value ?? ''}` : 'Knowledge';
  return htmlDocument({ title: `${title} | ServiceNow`, body, css: KB_CSS, g_ck, bodyClass: 'kb_view' });
}
