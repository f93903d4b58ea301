/**
 * Live updates: the store's post events, rendered for one viewer and sent to the page over a WebSocket
 * (`/__sim/events`, one per tab like the real app's /api/v4/websocket: ../../websocket.ts). The page applies them
 * the way React would re-render: a new row at the bottom, the children of .post-message__text replaced on edit.
 */
import type { EventChannel } from '../../websocket';
import type { MmEvent, MmStore } from '../types';
import type { ClientEvent } from './client';
import { footerFor, messageInnerHtml, postHtml, reactionListHtml, type RenderContext } from './post-html';
import { canRead, dateRow, dayKey, estimateHeight } from './view';

/** The event as the viewer in `ctx` sees it, or undefined when they may not read the channel. */
export function clientEventFor(e: MmEvent, ctx: RenderContext): ClientEvent | undefined {
  const p = e.post;
  const ch = ctx.store.channelById(p.channel_id);
  if (!ch || !canRead(ch, ctx.me)) return undefined;
  const team = ch.team_id ? ctx.store.teams().find((t) => t.id === ch.team_id)?.name : undefined;
  const c: RenderContext = { ...ctx, teamName: team ?? ctx.teamName };
  const posts = ctx.store.postsIn(ch.id);
  const idx = posts.findIndex((x) => x.id === p.id);
  const prev = idx > 0 ? posts[idx - 1] : undefined;
  const thread = p.root_id ? posts.filter((x) => x.id === p.root_id || x.root_id === p.root_id) : [];
  const tIdx = thread.findIndex((x) => x.id === p.id);
  const center = postHtml(p, c, { location: 'center', prev });
  const out: ClientEvent = {
    kind: e.kind,
    postId: p.id,
    channelId: p.channel_id,
    rootId: p.root_id,
    center,
    rhs: postHtml(p, c, { location: 'rhs', prev: tIdx > 0 ? thread[tIdx - 1] : undefined }),
    message: messageInnerHtml(p, c, 'center'),
    rhsMessage: messageInnerHtml(p, c, 'rhs'),
    h: estimateHeight(p, center.includes('same--user')),
  };
  if (e.kind === 'posted' && (!prev || dayKey(prev.create_at) !== dayKey(p.create_at))) out.dateRow = dateRow(p.create_at);
  if (e.kind === 'reacted') out.reactions = reactionListHtml(p);
  const root = c.collapsedThreads && p.root_id ? ctx.store.postById(p.root_id) : undefined;
  if (root) {
    // Collapsed threads: a reply is not a center row; its root's footer appears or counts up instead.
    delete out.center;
    delete out.h;
    if (e.kind === 'posted') {
      const rootPrev = posts.filter((x) => !x.root_id && x.create_at < root.create_at).at(-1);
      out.rootCenter = postHtml(root, c, { location: 'center', prev: rootPrev });
      out.rootFooter = footerFor(root, c, 'center');
    }
  }
  return out;
}

export interface EventHub {
  /** theme changes pushed to every open page */
  onTheme(listener: (name: string) => void): () => void;
}

/**
 * Sends one message per event until the page goes away. With `since` (the time the page's view was read), it
 * first replays what changed after that, as the real web app catches up when its websocket connects: a post made
 * between the page loading and the stream opening is not lost.
 */
export function streamEvents(channel: EventChannel, store: MmStore, ctx: RenderContext, hub: EventHub, since?: number): void {
  const send = (ev: ClientEvent) => channel.send(JSON.stringify(ev));
  if (since !== undefined) {
    for (const e of changedSince(store, since)) {
      const ev = clientEventFor(e, ctx);
      if (ev) send(ev);
    }
  }
  const unsubscribe = store.subscribe((e) => {
    const ev = clientEventFor(e, ctx);
    if (ev) send(ev);
  });
  const unTheme = hub.onTheme((name) => send({ kind: 'theme', name }));
  channel.onClose(() => {
    unsubscribe();
    unTheme();
  });
}

/** Every post change at or after `since`, oldest first, as the events that made it (the page ignores repeats). */
function changedSince(store: MmStore, since: number): MmEvent[] {
  const changed = store.channels().flatMap((ch) => store.postsIn(ch.id).filter((p) => p.update_at >= since));
  return changed
    .sort((a, b) => a.update_at - b.update_at)
    .map((post) => ({ kind: post.delete_at > 0 ? 'deleted' : post.create_at >= since ? 'posted' : 'edited', post }));
}
