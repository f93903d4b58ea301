/**
 * One post as the real web app renders it (`components/post/post_component.tsx`), in its three
 * locations: the center channel (`#post_<id>`), the RHS thread (`#rhsPost_<id>`) and search results
 * (`#searchResult_<id>`). Rendered on the server as escaped HTML; the page script only inserts it.
 */
import { escapeHtml } from '../../server';
import type { MmPost, MmStore, MmUser } from '../types';
import { attachmentListHtml, attachmentsOf, permalinkPreviewHtml, permalinkTarget } from './attachments';
import { renderMarkdown, type MarkdownOptions } from './markdown';
import { postMenuSlots, type PostMenuState } from './post-menu';

export type PostLocation = 'center' | 'rhs' | 'search';

export interface RenderContext {
  store: MmStore;
  me: MmUser;
  /** origin + subpath, no trailing slash */
  siteUrl: string;
  /** the subpath alone ('' or '/mm'): page links are relative to the origin */
  subpath: string;
  /** the team whose URL space we are in (DM links and permalinks use it) */
  teamName: string;
  highlight?: string[];
  /** "Collapsed Reply Threads" (ServiceSettings.CollapsedThreads = always_on): replies leave the center channel,
   * roots with replies get a ThreadFooter */
  collapsedThreads?: boolean;
}

export interface PostRowOptions {
  location: PostLocation;
  /** the post before this one in the list (same--user / same--root) */
  prev?: MmPost;
  /** post--highlight (permalink target) */
  highlighted?: boolean;
  /** whether the post has replies (post--root); computed from the store when absent */
  hasReplies?: boolean;
}

/** Posts by the same user within five minutes collapse their header (Posts.POST_COLLAPSE_TIMEOUT). */
const COLLAPSE_MS = 5 * 60 * 1000;

export function isSystem(p: MmPost): boolean {
  return p.type.startsWith('system_');
}

/** PostUtils.isFromBot: props.from_bot === 'true'; webhooks count too (they show the BOT tag). */
export function isBot(p: MmPost, store: MmStore): boolean {
  const fromBot = p.props['from_bot'] === 'true' || p.props['from_bot'] === true || p.props['from_webhook'] === 'true';
  return fromBot || (store.userById(p.user_id)?.roles.split(' ').includes('system_bot') ?? false);
}

export function timeText(ms: number): string {
  return new Date(ms).toLocaleTimeString('en-US', { hour: 'numeric', minute: '2-digit', timeZone: 'UTC' });
}

const AVATAR_COLOURS = ['#1c58d9', '#3db887', '#ffbc1f', '#d24b4e', '#7a5ab8', '#2aa1b3', '#e0763b', '#5d6b82'];

/** Initials on a colour derived from the name: stands in for the profile picture image. */
export function avatarHtml(name: string, system = false): string {
  const words = name.replace(/[^\p{L}\p{N} ]/gu, ' ').trim().split(/\s+/);
  const initials = system ? 'MM' : ((words[0]?.[0] ?? '?') + (words[1]?.[0] ?? '')).toUpperCase();
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)!) >>> 0;
  const bg = system ? '#1e325c' : AVATAR_COLOURS[h % AVATAR_COLOURS.length]!;
  return `<span class="sim-avatar" style="background:${bg}" aria-hidden="true">${escapeHtml(initials)}</span>`;
}

export function authorOf(p: MmPost, store: MmStore): { name: string; user?: MmUser } {
  if (isSystem(p)) return { name: 'System' };
  const user = store.userById(p.user_id);
  const override = p.props['override_username'];
  if (typeof override === 'string' && override && p.props['from_webhook'] === 'true') return { name: override, user };
  return { name: user?.username ?? 'unknown', user };
}

export function markdownOptions(ctx: RenderContext): MarkdownOptions {
  return { siteUrl: ctx.siteUrl, highlight: ctx.highlight };
}

/** The HTML that goes inside `.post-message__text`: rendered Markdown plus the edited indicator. */
export function messageInnerHtml(p: MmPost, ctx: RenderContext, location: PostLocation): string {
  const edited = p.edit_at > 0
    ? `<span id="${location === 'center' ? 'postEdited_' : 'rhsPostEdited_'}${escapeHtml(p.id)}" class="post-edited__indicator">Edited</span>`
    : '';
  const html = renderMarkdown(p.message, markdownOptions(ctx));
  // the real renderer puts the indicator inside the last paragraph, so it sits on the text's line
  return edited && html.endsWith('</p>') ? `${html.slice(0, -4)} ${edited}</p>` : html + edited;
}

/** What React renders inside `div.AutoHeight > div` (auto_height_switcher.tsx slot1): the message, several wrappers
 * down, then only the first embed (attachment or permalink preview). */
export function messageBlockHtml(p: MmPost, ctx: RenderContext, location: PostLocation): string {
  if (p.delete_at > 0) return '<p>(message deleted)</p>';
  const textId = location === 'center' ? `postMessageText_${p.id}` : `rhsPostMessageText_${p.id}`;
  let html =
    `<div class="post-message post-message--collapsed"><div class="post-message__text-container">` +
    `<div tabindex="0" id="${escapeHtml(textId)}" class="post-message__text" dir="auto">${messageInnerHtml(p, ctx, location)}</div>` +
    `</div></div>`;
  const md = markdownOptions(ctx);
  if (attachmentsOf(p).length) {
    html += attachmentListHtml(p, md);
  } else {
    const target = permalinkTarget(p, ctx.store, ctx.siteUrl);
    if (target) {
      html += permalinkPreviewHtml(target, {
        store: ctx.store,
        teamName: ctx.teamName,
        md,
        time: timeText,
        author: (t) => {
          const a = authorOf(t, ctx.store);
          return { name: a.name, avatar: avatarHtml(a.user ? `${a.user.first_name} ${a.user.last_name}` : a.name) };
        },
      });
    }
  }
  return html;
}

export interface SimReaction {
  user_id: string;
  emoji_name: string;
}

export function reactionsOf(p: MmPost): SimReaction[] {
  const list = p.metadata['reactions'];
  return Array.isArray(list) ? (list as SimReaction[]) : [];
}

/** `components/post_view/reaction_list/reaction_list.tsx`: one button per emoji with its count, in first-used order. */
export function reactionListHtml(p: MmPost): string {
  const counts = new Map<string, number>();
  for (const r of reactionsOf(p)) counts.set(r.emoji_name, (counts.get(r.emoji_name) ?? 0) + 1);
  if (!counts.size) return '';
  const buttons = [...counts].map(([emoji, n]) =>
    `<button id="postReaction-${escapeHtml(p.id)}-${escapeHtml(emoji)}" class="Reaction" type="button" aria-label="${n} reacted with :${escapeHtml(emoji)}:">` +
    `<span class="Reaction__emoji">:${escapeHtml(emoji)}:</span> <span class="Reaction__count">${n}</span></button>`,
  );
  return `<div aria-label="reactions" class="post-reaction-list" role="group">${buttons.join('')}</div>`;
}

/** `components/threading/channel_threads/thread_footer/thread_footer.tsx`: "N replies" under a root post. */
export function threadFooterHtml(replies: number): string {
  return `<div class="ThreadFooter"><div class="indicator"></div><button class="ReplyButton separated" type="button">${replies} ${replies === 1 ? 'reply' : 'replies'}</button></div>`;
}

/** The root's footer, if it shows one: collapsed threads on, a root with replies, not the RHS (post_component.tsx threadFooter). */
export function footerFor(p: MmPost, ctx: RenderContext, location: PostLocation): string {
  if (!ctx.collapsedThreads || p.root_id || location === 'rhs' || p.delete_at > 0) return '';
  const replies = ctx.store.postsIn(p.channel_id).filter((r) => r.root_id === p.id && r.delete_at === 0).length;
  return replies ? threadFooterHtml(replies) : '';
}

/**
 * `.post__body`'s children, as `webapp/channels/src/components/post/post_component.tsx` renders them: the
 * `AutoHeight` switcher (`components/common/auto_height_switcher.tsx`, a wrapper div and a child div) holding the
 * message block, then the reactions row (always there, empty without reactions; not in search), then the thread
 * footer. `.post-message` is therefore NOT a child of `.post__body`.
 */
export function bodyInnerHtml(p: MmPost, ctx: RenderContext, location: PostLocation): string {
  const reactions = location === 'search' ? '' : `<div class="post__body-reactions-acks">${reactionListHtml(p)}</div>`;
  return `<div class="AutoHeight"><div>${messageBlockHtml(p, ctx, location)}</div></div>${reactions}${footerFor(p, ctx, location)}`;
}

function postClasses(p: MmPost, ctx: RenderContext, o: PostRowOptions): string {
  const cls = ['a11y__section', 'post'];
  const prev = o.prev;
  const system = isSystem(p);
  if (o.location === 'search') cls.push('search-item__container');
  if (p.root_id) cls.push('post--comment');
  else if (o.location !== 'search' && (o.location === 'rhs' || (o.hasReplies ?? hasReplies(p, ctx.store)))) cls.push('post--root');
  if (o.location === 'rhs') cls.push('post--thread');
  if (prev && o.location !== 'search') {
    const prevRoot = prev.root_id || prev.id;
    if (p.root_id && p.root_id === prevRoot) cls.push('same--root');
    if (
      prev.user_id === p.user_id && !system && !isSystem(prev) &&
      p.create_at - prev.create_at < COLLAPSE_MS && (p.root_id === '' || p.root_id === prevRoot)
    ) {
      cls.push('same--user');
    }
  }
  if (p.user_id === ctx.me.id && !system) cls.push('current--user');
  if (system) cls.push('post--system');
  if (isBot(p, ctx.store)) cls.push('post--bot');
  if (o.highlighted) cls.push('post--highlight');
  return cls.join(' ');
}

function hasReplies(p: MmPost, store: MmStore): boolean {
  return store.postsIn(p.channel_id).some((x) => x.root_id === p.id);
}

function rowId(p: MmPost, location: PostLocation): string {
  return location === 'center' ? `post_${p.id}` : location === 'rhs' ? `rhsPost_${p.id}` : `searchResult_${p.id}`;
}

/**
 * The hover strip (post_options.tsx) as it is before any hover; the page script re-renders it (post-strip.ts). None
 * for system or deleted posts, nor in search results (their `ul.col__controls` is not simulated).
 */
function postMenuHtml(p: MmPost, ctx: RenderContext, o: PostRowOptions): string {
  if (o.location === 'search' || isSystem(p) || p.delete_at > 0) return '';
  const ch = ctx.store.channelById(p.channel_id);
  const prev = o.prev;
  const firstReply = !!p.root_id && !(prev && (prev.root_id === p.root_id || prev.id === p.root_id));
  const replies = ctx.store.postsIn(p.channel_id).filter((r) => r.root_id === (p.root_id || p.id)).length;
  const s: PostMenuState = {
    id: p.id,
    root: p.root_id || p.id,
    loc: o.location === 'center' ? 'CENTER' : p.root_id ? 'RHS_COMMENT' : 'RHS_ROOT',
    crt: !!ctx.collapsedThreads,
    react: !!ch && !ch.read_only && ch.delete_at === 0,
    comment: (!p.root_id && (o.hasReplies ?? hasReplies(p, ctx.store))) || firstReply,
    own: p.user_id === ctx.me.id,
    replies,
    link: `${ctx.subpath}/${ctx.teamName}/pl/${p.id}`,
  };
  const items = postMenuSlots(s, false).map(([, html]) => html).join('');
  return `<ul class="col post-menu" data-testid="post-menu-${escapeHtml(p.id)}" data-sim-menu="${escapeHtml(JSON.stringify(s))}">${items}</ul>`;
}

/** The whole post element (`div[role=listitem].post`), for any location. */
export function postHtml(p: MmPost, ctx: RenderContext, o: PostRowOptions): string {
  const author = authorOf(p, ctx.store);
  const fullName = author.user ? `${author.user.first_name} ${author.user.last_name}`.trim() : author.name;
  const loc = o.location === 'center' ? 'CENTER' : o.location === 'rhs' ? 'RHS' : 'SEARCH';
  const permalink = `${ctx.subpath}/${ctx.teamName}/pl/${p.id}`;
  const bot = isBot(p, ctx.store) ? '<span class="BotTag Tag">BOT</span>' : '';
  const edited = p.edit_at > 0 && p.delete_at === 0 ? ' post--edited' : '';
  const bodyClass = `post__body${edited}${o.location === 'search' ? ' search-item-snippet' : ''}`;
  const bodyId = o.location === 'center' ? ` id="${escapeHtml(p.id)}_message"` : '';
  const iso = new Date(p.create_at).toISOString();
  const strip = postMenuHtml(p, ctx, o);
  return (
    `<div role="listitem" id="${rowId(p, o.location)}" class="${postClasses(p, ctx, o)}" data-testid="postView" tabindex="0" aria-label="${escapeHtml(`At ${timeText(p.create_at)} ${author.name} wrote`)}">` +
    `<div class="post__content" role="application" data-testid="postContent">` +
    `<div class="post__img"><div class="status-wrapper"><span class="profile-icon">${avatarHtml(isSystem(p) ? 'System' : fullName || author.name, isSystem(p))}</span></div></div>` +
    `<div><div class="post__header"><div class="col col__name"><button class="user-popover style--none" aria-label="${escapeHtml(author.name)}" type="button">${escapeHtml(author.name)}</button></div>${bot}` +
    `<div class="col"><div class="post__time"><a id="${loc}_time_${escapeHtml(p.id)}" href="${escapeHtml(permalink)}" class="post__permalink"><time class="post__time" datetime="${iso}">${escapeHtml(timeText(p.create_at))}</time></a></div></div>${strip}</div>` +
    `<div class="${bodyClass}"${bodyId}>${bodyInnerHtml(p, ctx, o.location)}</div>` +
    `</div></div></div>`
  );
}
