/**
 * Right-hand-side content: a thread (`#rhsPost_<id>`) and search results (`#searchResult_<id>`),
 * rendered per viewer for the page script's /__sim/thread and /__sim/search calls.
 */
import { escapeHtml } from '../../server';
import type { MmPost, MmStore, MmUser } from '../types';
import { postHtml, type RenderContext } from './post-html';
import { canRead, displayName } from './view';

/** Root and replies, oldest first; undefined when the viewer may not read the channel. */
export function threadHtml(rootId: string, ctx: RenderContext): { html: string; channelHtml: string } | undefined {
  const root = ctx.store.postById(rootId);
  const ch = root ? ctx.store.channelById(root.channel_id) : undefined;
  if (!root || !ch || !canRead(ch, ctx.me)) return undefined;
  const thread = [root, ...ctx.store.postsIn(ch.id).filter((p) => p.root_id === root.id)];
  let prev: MmPost | undefined;
  const html = thread
    .map((p) => {
      const out = postHtml(p, ctx, { location: 'rhs', prev });
      prev = p;
      return out;
    })
    .join('');
  const channelHtml = `<span class="sidebar--right__title__channel">${escapeHtml(displayName(ch, ctx.store, ctx.me))}</span>`;
  return { html, channelHtml };
}

/** Terms as the search box splits them: words, or "quoted phrases". */
export function searchTerms(q: string): string[] {
  const out: string[] = [];
  for (const m of q.matchAll(/"([^"]+)"|(\S+)/g)) out.push((m[1] ?? m[2]!).toLowerCase());
  return out.filter((t) => t.length > 0);
}

function searchable(p: MmPost): string {
  const atts = Array.isArray(p.props['attachments']) ? JSON.stringify(p.props['attachments']) : '';
  return `${p.message}\n${atts}`.toLowerCase();
}

/** Posts of the team's readable channels (and DMs) matching every term, newest first. */
export function searchPosts(store: MmStore, me: MmUser, teamId: string, terms: string[], limit = 50): MmPost[] {
  if (terms.length === 0) return [];
  const channels = store.channels().filter((c) => (c.team_id === teamId || c.team_id === '') && c.member_ids.includes(me.id));
  const hits: MmPost[] = [];
  for (const ch of channels) {
    for (const p of store.postsIn(ch.id)) {
      const text = searchable(p);
      if (p.delete_at === 0 && terms.every((t) => text.includes(t))) hits.push(p);
    }
  }
  return hits.sort((a, b) => b.create_at - a.create_at).slice(0, limit);
}

export function searchResultsHtml(posts: MmPost[], ctx: RenderContext): string {
  if (posts.length === 0) return '<div class="sim-empty no-results__holder">No results found</div>';
  return posts
    .map((p) => {
      const ch = ctx.store.channelById(p.channel_id);
      const label = ch ? escapeHtml(displayName(ch, ctx.store, ctx.me)) : '';
      return `<div class="search-item__wrapper"><div class="search-channel__name">${label}</div>${postHtml(p, ctx, { location: 'search' })}</div>`;
    })
    .join('');
}
