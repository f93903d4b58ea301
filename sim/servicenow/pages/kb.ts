/**
 * Knowledge: `/kb_view.do?sysparm_article=KB…` (or `sys_kb_id=<sys_id>`), and the article body shared with
 * the portal's kb_article page. Article text is HTML authored on the instance; the simulator shows it as
 * plain text (tags stripped, then escaped) so no seeded markup can run.
 */
import type { SnFieldValue, SnStore, SnUser } from '../types';
import { escapeHtml, htmlDocument } from './html';

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
.kb-article{max-width:900px;margin:20px auto;background:#fff;border:1px solid #d8d8d8;border-radius:4px;padding:24px 32px}
#articleTitle{margin:0 0 8px;font-size:24px}
.kb-article-meta{color:#666;margin-bottom:18px;display:flex;gap:14px;flex-wrap:wrap}
.kb-article-content{white-space:pre-wrap;line-height:1.6}
`;

/** The article block, also used by the portal page. */
export function articleBlock(a: Record<string, SnFieldValue>): string {
  const v = (f: string) => escapeHtml(a[f]?.display_value ?? '');
  return `<div class="kb-article" id="kb_article" data-article-number="${v('number')}">
<h1 id="articleTitle" class="kb-title-header">${v('short_description')}</h1>
<div class="kb-article-meta">
<span id="articleNumber" class="kb-number">${v('number')}</span>
${a.author ? `<span class="kb-author">${v('author')}</span>` : ''}
${a.kb_knowledge_base ? `<span class="kb-base">${v('kb_knowledge_base')}</span>` : ''}
${a.sys_updated_on ? `<span class="kb-updated">Updated ${v('sys_updated_on')}</span>` : ''}
</div>
<div id="articleBody" class="kb-article-content">${articleTextHtml(a.text?.value ?? '')}</div>
</div>`;
}

export function kbViewHtml(store: SnStore, user: SnUser, q: URLSearchParams, g_ck: string, banner: string): string {
  const a = findArticle(store, user, q.get('sysparm_article') ?? q.get('sys_kb_id'));
  const ck = `<input type="hidden" id="sysparm_ck" name="sysparm_ck" value="${escapeHtml(g_ck)}">`;
  const body = a
    ? `${banner}${ck}<div class="kb_article_view">${articleBlock(a)}</div>`
    : `${banner}${ck}<div class="kb_article_view"><div class="outputmsg outputmsg_error" role="alert">Knowledge record not found</div></div>`;
  const title = a ? `${a.number?.display_value ?? ''} - ${a.short_description?.display_value ?? ''}` : 'Knowledge';
  return htmlDocument({ title: `${title} | ServiceNow`, body, css: KB_CSS, g_ck, bodyClass: 'kb_view' });
}
