/**
 * Message attachments and permalink previews, in the DOM of the real web app
 * (`message_attachments/message_attachment/message_attachment.tsx`, `post_message_preview.tsx`,
 * `post_attachment_container.tsx`). Shared record cards arrive as attachments, so the content script
 * must see exactly these classes; permalink previews nest another post's message and must be skipped.
 */
import { escapeHtml } from '../../server';
import type { MmPost, MmStore } from '../types';
import { renderInline, renderMarkdown, safeUrl, type MarkdownOptions } from './markdown';

export interface Attachment {
  fallback?: string;
  color?: string;
  pretext?: string;
  text?: string;
  author_name?: string;
  author_link?: string;
  title?: string;
  title_link?: string;
  fields?: { title?: string; value?: string | number; short?: boolean }[];
  image_url?: string;
  thumb_url?: string;
  footer?: string;
  ts?: string | number;
}

function str(v: unknown): string {
  return typeof v === 'string' ? v : typeof v === 'number' ? String(v) : '';
}

/** Attachments render only when the first embed says so (the server sets it whenever they exist). */
export function attachmentsOf(post: MmPost): Attachment[] {
  const embeds = post.metadata['embeds'];
  const first = Array.isArray(embeds) ? (embeds[0] as { type?: string } | undefined) : undefined;
  const list = post.props['attachments'];
  if (first?.type !== 'message_attachment' || !Array.isArray(list)) return [];
  return list.filter((a): a is Attachment => typeof a === 'object' && a !== null);
}

/** A field table per run of short fields (two columns), one per long field: the real layout. */
function fieldsHtml(fields: NonNullable<Attachment['fields']>, o: MarkdownOptions): string {
  const tables: string[] = [];
  let heads: string[] = [];
  let cells: string[] = [];
  let lastWasLong = false;
  const flush = () => {
    if (heads.length === 0) return;
    tables.push(
      `<table class="attachment-fields"><thead><tr>${heads.join('')}</tr></thead><tbody><tr>${cells.join('')}</tr></tbody></table>`,
    );
    heads = [];
    cells = [];
  };
  for (const f of fields) {
    if (heads.length === 2 || f.short !== true || lastWasLong) flush();
    heads.push(`<th class="attachment-field__caption">${renderInline(str(f.title), { ...o, links: false })}</th>`);
    cells.push(`<td class="attachment-field">${renderMarkdown(str(f.value), o)}</td>`);
    lastWasLong = f.short !== true;
  }
  flush();
  return `<div>${tables.join('')}</div>`;
}

function tsText(ts: unknown): string {
  const n = typeof ts === 'number' ? ts : Number(str(ts));
  if (!Number.isFinite(n) || n <= 0) return '';
  // Slack-style ts is epoch seconds
  return new Date(n < 1e12 ? n * 1000 : n).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}

export function attachmentHtml(a: Attachment, o: MarkdownOptions): string {
  const pretext = str(a.pretext)
    ? `<div class="attachment__thumb-pretext">${renderMarkdown(str(a.pretext), o)}</div>`
    : '';
  let author = '';
  if (str(a.author_name)) {
    author = `<span class="attachment__author-name">${escapeHtml(str(a.author_name))}</span>`;
    const link = safeUrl(str(a.author_link));
    if (link) author = `<a href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer">${author}</a>`;
  }
  let title = '';
  if (str(a.title)) {
    const link = safeUrl(str(a.title_link));
    // with a title_link the title is the link's plain text, never Markdown (lib/mattermost/neutralize.ts relies on it)
    title = link
      ? `<h1 class="attachment__title"><a class="attachment__title-link" href="${escapeHtml(link)}" target="_blank" rel="noopener noreferrer">${escapeHtml(str(a.title))}</a></h1>`
      : `<h1 class="attachment__title">${renderInline(str(a.title), { ...o, links: false })}</h1>`;
  }
  const text = str(a.text)
    ? `<div class="post-message post-message--collapsed"><div class="post-message__text-container">${renderMarkdown(str(a.text), o)}</div></div>`
    : '';
  const imageUrl = safeUrl(str(a.image_url));
  const image = imageUrl
    ? `<div class="attachment__image-container"><img class="attachment__image" src="${escapeHtml(imageUrl)}" alt=""></div>`
    : '';
  const fields = a.fields && a.fields.length ? fieldsHtml(a.fields, o) : '';
  const ts = tsText(a.ts);
  const footer = str(a.footer) || ts
    ? `<div class="attachment__footer-container"><span>${escapeHtml(str(a.footer))}</span>${ts ? `<span class="attachment__footer-ts"> | ${escapeHtml(ts)}</span>` : ''}</div>`
    : '';
  const thumbUrl = safeUrl(str(a.thumb_url));
  const thumb = thumbUrl
    ? `<div class="attachment__thumb-container"><img src="${escapeHtml(thumbUrl)}" alt=""></div>`
    : '';
  const color = str(a.color);
  const container = color.startsWith('#')
    ? `<div class="clearfix attachment__container" style="border-left-color:${escapeHtml(color)}">`
    : `<div class="clearfix attachment__container attachment__container--${escapeHtml(color)}">`;
  const hasContent = author || title || thumb || text || image || fields || footer;
  return (
    `<div class="attachment ${pretext ? 'attachment--pretext' : ''}">${pretext}` +
    (hasContent
      ? `<div class="attachment__content">${container}${author}${title}<div>` +
        `<div class="${thumb ? 'attachment__body' : 'attachment__body attachment__body--no_thumb'}">${text}${image}${fields}${footer}</div>` +
        `${thumb}<div style="clear:both"></div></div></div></div>`
      : '') +
    `</div>`
  );
}

export function attachmentListHtml(post: MmPost, o: MarkdownOptions): string {
  const list = attachmentsOf(post);
  if (list.length === 0) return '';
  return `<div id="messageAttachmentList_${escapeHtml(post.id)}" class="attachment__list">${list.map((a) => attachmentHtml(a, o)).join('')}</div>`;
}

/**
 * The post a message links to by permalink, if any: from a `permalink` embed when the API side sets
 * one, else from the first `<site>/<team>/pl/<id>` URL in the text (the server does the same scan).
 */
export function permalinkTarget(post: MmPost, store: MmStore, siteUrl: string): MmPost | undefined {
  const embeds = post.metadata['embeds'];
  const first = Array.isArray(embeds) ? (embeds[0] as { type?: string; data?: { post_id?: string } } | undefined) : undefined;
  if (first && first.type !== 'permalink') return undefined;
  let id = first?.data?.post_id;
  if (!id) {
    const site = siteUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    id = new RegExp(`${site}/[a-z0-9_-]+/pl/([a-z0-9]{26})`, 'i').exec(post.message)?.[1];
  }
  const target = id && id !== post.id ? store.postById(id) : undefined;
  return target && target.delete_at === 0 ? target : undefined;
}

export interface PreviewContext {
  store: MmStore;
  teamName: string;
  md: MarkdownOptions;
  /** avatar + name markup for the previewed post's author */
  author: (p: MmPost) => { avatar: string; name: string };
  time: (ms: number) => string;
}

/** The permalink preview: PostAttachmentContainer(className=permalink) > .post-preview. */
export function permalinkPreviewHtml(target: MmPost, ctx: PreviewContext): string {
  const ch = ctx.store.channelById(target.channel_id);
  const team = ch && ch.team_id ? ctx.store.teams().find((t) => t.id === ch.team_id)?.name ?? ctx.teamName : ctx.teamName;
  const who = ctx.author(target);
  const footer = ch && ch.type !== 'D' && ch.type !== 'G'
    ? `<div class="post__preview-footer"><p>Only visible to users in ~${escapeHtml(ch.display_name)}</p></div>`
    : '';
  return (
    `<div class="attachment attachment--permalink" role="button" data-permalink="/${escapeHtml(team)}/pl/${escapeHtml(target.id)}">` +
    `<div class="attachment__content attachment__content--permalink"><div class="clearfix attachment__container attachment__container--permalink">` +
    `<div class="attachment__body__wrap attachment__body__wrap--permalink"><div class="post-preview">` +
    `<div class="post-preview__header"><div class="col col__name"><div class="post__img"><span class="profile-icon">${who.avatar}</span></div></div>` +
    `<div class="col col__name permalink--username"><span class="user-popover">${escapeHtml(who.name)}</span></div>` +
    `<div class="col d-flex align-items-center"><time class="post-preview__time">${escapeHtml(ctx.time(target.create_at))}</time></div></div>` +
    // PostMessageView, not in the RHS: the real app gives the nested message the post's own id
    `<div class="post-message post-message--collapsed"><div class="post-message__text-container">` +
    `<div tabindex="0" id="postMessageText_${escapeHtml(target.id)}" class="post-message__text" dir="auto">${renderMarkdown(target.message, ctx.md)}</div>` +
    `</div></div>${footer}</div></div></div></div></div>`
  );
}
