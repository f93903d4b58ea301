/**
 * A small, safe Markdown renderer producing the HTML shapes of the Mattermost web app
 * (`utils/markdown/renderer.tsx`): links as `a.theme.markdown__link`, site links with `data-link`,
 * `@mentions` as `.mention-link`. Every piece of source text goes through escapeHtml: the seed holds
 * hostile ServiceNow text (`<script>`, Markdown images, `@channel`), and pages must show it inertly.
 * Bare record numbers are deliberately left as text: the real app does not link them either.
 */
import { escapeHtml } from '../../server';

export interface MarkdownOptions {
  /** the site URL (origin + subpath); links under it are internal (`data-link`, no target) */
  siteUrl: string;
  /** search terms to highlight (search results only) */
  highlight?: string[];
  /** render links at all (attachment titles and field captions do not) */
  links?: boolean;
}

/** http(s) and mailto only; javascript:, data: and friends stay plain text, as in the real app. */
export function safeUrl(raw: string): string | undefined {
  let href = raw.trim();
  if (/^www\./i.test(href)) href = `http://${href}`;
  // scheme-less hrefs get http:// in the real renderer; anything with another scheme is refused
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(href)?.[1]?.toLowerCase();
  if (scheme === undefined) return /^[\w.-]+\.[a-z]{2,}(\/|$)/i.test(href) ? `http://${href}` : undefined;
  return scheme === 'http' || scheme === 'https' || scheme === 'mailto' ? href : undefined;
}

/** Wraps each occurrence of a search term in span.search-highlight; the text is escaped first. */
function textHtml(s: string, o: MarkdownOptions): string {
  const terms = (o.highlight ?? []).filter((t) => t.length > 0);
  if (terms.length === 0) return escapeHtml(s);
  const re = new RegExp(terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|'), 'gi');
  let out = '';
  let last = 0;
  for (const m of s.matchAll(re)) {
    out += escapeHtml(s.slice(last, m.index)) + `<span class="search-highlight">${escapeHtml(m[0])}</span>`;
    last = m.index + m[0].length;
  }
  return out + escapeHtml(s.slice(last));
}

function linkHtml(href: string, inner: string, o: MarkdownOptions, plainText: string): string {
  const hl = (o.highlight ?? []).some((t) => t && (href + plainText).toLowerCase().includes(t.toLowerCase()))
    ? ' search-highlight'
    : '';
  const site = o.siteUrl.replace(/\/$/, '');
  const internal = href === site || href.startsWith(`${site}/`);
  const attrs = internal ? ` data-link="${escapeHtml(href.slice(site.length) || '/')}"` : ' target="_blank"';
  return `<a class="theme markdown__link${hl}" href="${escapeHtml(href)}" rel="noreferrer"${attrs}>${inner}</a>`;
}

const CHANNEL_WIDE = new Set(['channel', 'here', 'all']);

// Inline patterns, tried in order at each position (sticky regexes).
const RE = {
  escape: /\\([\\`*_{}[\]()#+\-.!~|>@])/y,
  code: /(`+)([\s\S]+?)\1/y,
  image: /!\[([^\]]*)\]\(([^)\s]+)\)/y,
  link: /\[([^\]]+)\]\(([^)\s]+)\)/y,
  url: /(?:https?:\/\/|www\.)[^\s<]+/iy,
  bold: /(\*\*|__)(?=\S)([\s\S]+?)(?<=\S)\1/y,
  italic: /([*_])(?=\S)([\s\S]+?)(?<=\S)\1(?![\w*])/y,
  strike: /~~(?=\S)([\s\S]+?)(?<=\S)~~/y,
  mention: /@([a-z0-9][a-z0-9._-]*[a-z0-9]|[a-z0-9])/iy,
};

function at(re: RegExp, s: string, i: number): RegExpExecArray | null {
  re.lastIndex = i;
  return re.exec(s);
}

/** Renders inline Markdown (one paragraph's text, newlines already handled by the caller). */
export function renderInline(s: string, o: MarkdownOptions): string {
  let out = '';
  let plain = '';
  const flush = () => {
    out += textHtml(plain, o);
    plain = '';
  };
  const links = o.links !== false;
  let i = 0;
  while (i < s.length) {
    const c = s[i]!;
    const prev = i > 0 ? s[i - 1]! : ' ';
    let m: RegExpExecArray | null;
    if (c === '\\' && (m = at(RE.escape, s, i))) {
      plain += m[1];
    } else if (c === '`' && (m = at(RE.code, s, i))) {
      flush();
      out += `<code>${escapeHtml(m[2]!.trim())}</code>`;
    } else if (c === '!' && (m = at(RE.image, s, i))) {
      const src = safeUrl(m[2]!);
      flush();
      out += src && /^https?:/i.test(src)
        ? `<img class="markdown-inline-img" src="${escapeHtml(src)}" alt="${escapeHtml(m[1]!)}">`
        : textHtml(m[1]!, o);
    } else if (c === '[' && (m = at(RE.link, s, i))) {
      const href = links ? safeUrl(m[2]!) : undefined;
      flush();
      const label = renderInline(m[1]!, { ...o, links: false });
      out += href ? linkHtml(href, label, o, m[1]!) : label;
    } else if (links && /[hHwW]/.test(c) && !/[\w/]/.test(prev) && (m = at(RE.url, s, i))) {
      // trailing punctuation belongs to the sentence, not the URL (as in the real autolinker)
      let url = m[0];
      while (/[.,;:!?'")\]]$/.test(url) && !(url.endsWith(')') && url.includes('('))) url = url.slice(0, -1);
      const href = safeUrl(url)!;
      flush();
      out += linkHtml(href, textHtml(url, o), o, url);
      i += url.length;
      continue;
    } else if ((c === '*' || c === '_') && (m = at(RE.bold, s, i)) && !(c === '_' && /\w/.test(prev))) {
      flush();
      out += `<strong>${renderInline(m[2]!, o)}</strong>`;
    } else if ((c === '*' || c === '_') && (m = at(RE.italic, s, i)) && !(c === '_' && /\w/.test(prev))) {
      flush();
      out += `<em>${renderInline(m[2]!, o)}</em>`;
    } else if (c === '~' && (m = at(RE.strike, s, i))) {
      flush();
      out += `<del>${renderInline(m[1]!, o)}</del>`;
    } else if (c === '@' && !/[\w@]/.test(prev) && (m = at(RE.mention, s, i))) {
      flush();
      const name = m[1]!.toLowerCase();
      const cls = CHANNEL_WIDE.has(name) ? 'mention-link mention--highlight' : 'mention-link';
      out += `<span data-mention="${escapeHtml(name)}"><a class="${cls}" role="button" tabindex="0">@${escapeHtml(m[1]!)}</a></span>`;
    } else {
      plain += c;
      i += 1;
      continue;
    }
    i += m[0].length;
  }
  flush();
  return out;
}

/** Paragraph text: hard line breaks become <br> (the web app renders with `breaks: true`). */
function paragraph(lines: string[], o: MarkdownOptions): string {
  return `<p>${lines.map((l) => renderInline(l, o)).join('<br>')}</p>`;
}

function splitRow(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|$/, '').split('|').map((c) => c.trim());
}

const LIST_ITEM = /^\s*([-*+]|\d+[.)])\s+(.*)$/;
const TABLE_SEP = /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/;

/** Renders a whole message: fenced code, headings, quotes, lists, tables, paragraphs. */
export function renderMarkdown(message: string, o: MarkdownOptions): string {
  const lines = message.replace(/\r\n?/g, '\n').split('\n');
  const out: string[] = [];
  let para: string[] = [];
  const endPara = () => {
    if (para.length) out.push(paragraph(para, o));
    para = [];
  };
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const fence = /^\s*(```|~~~)\s*([\w+-]*)\s*$/.exec(line);
    if (fence) {
      endPara();
      const body: string[] = [];
      for (i++; i < lines.length && lines[i]!.trim() !== fence[1]; i++) body.push(lines[i]!);
      const lang = fence[2] ? ` data-language="${escapeHtml(fence[2])}"` : '';
      out.push(`<div class="post-code"${lang}><pre><code class="hljs">${escapeHtml(body.join('\n'))}</code></pre></div>`);
      continue;
    }
    const heading = /^(#{1,6})\s+(.*)$/.exec(line);
    if (heading) {
      endPara();
      const n = heading[1]!.length;
      out.push(`<h${n} class="markdown__heading">${renderInline(heading[2]!.replace(/\s#+\s*$/, ''), o)}</h${n}>`);
      continue;
    }
    if (/^\s*>/.test(line)) {
      endPara();
      const quoted: string[] = [];
      for (; i < lines.length && /^\s*>/.test(lines[i]!); i++) quoted.push(lines[i]!.replace(/^\s*> ?/, ''));
      i--;
      out.push(`<blockquote>${renderMarkdown(quoted.join('\n'), o)}</blockquote>`);
      continue;
    }
    if (LIST_ITEM.test(line)) {
      endPara();
      const ordered = /^\s*\d/.test(line);
      const items: string[] = [];
      for (; i < lines.length && LIST_ITEM.test(lines[i]!); i++) items.push(LIST_ITEM.exec(lines[i]!)![2]!);
      i--;
      const tag = ordered ? 'ol' : 'ul';
      out.push(`<${tag} class="markdown__list">${items.map((t) => `<li>${renderInline(t, o)}</li>`).join('')}</${tag}>`);
      continue;
    }
    if (line.includes('|') && i + 1 < lines.length && TABLE_SEP.test(lines[i + 1]!)) {
      endPara();
      const head = splitRow(line);
      const body: string[][] = [];
      for (i += 2; i < lines.length && lines[i]!.includes('|') && lines[i]!.trim(); i++) body.push(splitRow(lines[i]!));
      i--;
      const cells = (row: string[], tag: string) => row.map((c) => `<${tag}>${renderInline(c, o)}</${tag}>`).join('');
      out.push(
        `<div class="table-responsive"><table class="markdown__table"><thead><tr>${cells(head, 'th')}</tr></thead>` +
          `<tbody>${body.map((r) => `<tr>${cells(r, 'td')}</tr>`).join('')}</tbody></table></div>`,
      );
      continue;
    }
    if (line.trim() === '') {
      endPara();
      continue;
    }
    para.push(line);
  }
  endPara();
  return out.join('');
}
