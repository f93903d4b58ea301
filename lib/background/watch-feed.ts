/**
 * Channel feeds of watches ("Also post to"): each event of a watch with a feed is queued (an outbox in the watch
 * store, so a restart loses nothing) and posted once. The first event of a record in a channel posts the record's
 * card with the change; later ones reply in that post's thread (the Jira plugin's threading, contracts C.7). The
 * record's thread is found in the channel itself (its root carries `props.nowbridge_feed`), so a second user
 * watching the same record with the same channel posts nothing: the feed belongs to whoever started it. Every post
 * carries `props.nowbridge_event` and is looked for before it is made, and posts go through createPostOnce with a
 * pending id fixed when the event was queued: at most once across retries, restarts and several browsers.
 * An incoming webhook has no root_id (D.7): its posts are all top level, each looked for by its event before a resend.
 */
import { HttpError } from '../http';
import type { MattermostClient, MmPost } from '../mattermost/client';
import { neutralizeInline } from '../mattermost/neutralize';
import { createPostOnce } from '../mattermost/post-once';
import { newPendingPostId } from '../mattermost/post-format';
import { detailLines, headline } from '../watch/watch-text';
import type { Watch, WatchEvent } from '../watch/watch-model';
import type { FeedItem, WatchStore } from '../watch/watch-store';

/** How far back a record's feed thread is looked for in its channel. */
export const FEED_THREAD_DAYS = 30;
const DAY = 86_400_000;

export interface FeedDeps {
  store: WatchStore;
  /** the user's own Mattermost client */
  userClient(server: string): Promise<MattermostClient>;
  /** a client signed in with this bot token */
  botClient(server: string, token: string): MattermostClient;
  /** the feed's bot token or webhook address (the vault) */
  secret(watchId: string): Promise<string | undefined>;
  /** POST to an incoming webhook; resolves when Mattermost answered 200 */
  postWebhook(url: string, body: Record<string, unknown>): Promise<void>;
  /** the record's card as a share post (share-service.ts), with `message` above it and `description` (ServiceNow
   * text, neutralised there) in it */
  card(instance: string, ref: { table: string; sys_id: string }, message: string, description: string): Promise<{ message: string; props: Record<string, unknown> }>;
  now(): number;
}

const recordKey = (e: WatchEvent) => `${e.instance} ${e.sys_id}`;
const rootKey = (item: FeedItem) => `${item.feed.server} ${item.feed.channel_id} ${recordKey(item.event)}`;
const doneKey = (item: FeedItem) => `${item.feed.server} ${item.feed.channel_id} ${item.event.key}`;
const propOf = (p: MmPost, name: string) => (p.props ?? {})[name];

/** The words of an event for a channel: neutralised (no mention, link or markdown from ServiceNow text). */
export function feedText(e: WatchEvent): { headline: string; details: string } {
  return { headline: neutralizeInline(headline(e)), details: detailLines(e, 500).map((l) => neutralizeInline(l)).join('\n') };
}

export function createWatchFeed(deps: FeedDeps) {
  const { store } = deps;
  let flushing: Promise<void> | undefined;

  async function client(item: FeedItem): Promise<MattermostClient> {
    if (item.feed.as === 'user') return deps.userClient(item.feed.server);
    const token = await deps.secret(item.watchId);
    if (!token) throw new FeedError('The bot token for this feed is gone: set the feed up again in Activity.');
    return deps.botClient(item.feed.server, token);
  }

  /** The record's feed thread in the channel: the oldest root carrying its key (whoever posted it). */
  async function findRoot(c: MattermostClient, item: FeedItem): Promise<MmPost | undefined> {
    const posts = await c.postsSince(item.feed.channel_id, deps.now() - FEED_THREAD_DAYS * DAY);
    return posts
      .filter((p) => !p.root_id && !p.delete_at && propOf(p, 'nowbridge_feed') === recordKey(item.event))
      .sort((a, b) => a.create_at - b.create_at || (a.id < b.id ? -1 : 1))[0];
  }

  async function postOne(item: FeedItem): Promise<string> {
    const e = item.event;
    const text = feedText(e);
    const props = { nowbridge_event: e.key };
    if (item.feed.as === 'webhook') {
      const url = await deps.secret(item.watchId);
      if (!url) throw new FeedError('The webhook address for this feed is gone: set the feed up again in Activity.');
      const user = await deps.userClient(item.feed.server);
      if (item.sent) {
        // sent before and not known to have landed: look before sending again
        const since = item.queuedAt - 60_000;
        const landed = (await user.postsSince(item.feed.channel_id, since)).find((p) => !p.delete_at && propOf(p, 'nowbridge_event') === e.key);
        if (landed) return landed.id;
      }
      const card = await deps.card(e.instance, e, text.headline, detailLines(e, 500).join('\n'));
      await store.updateOutbox((items) => items.map((i) => (i.event.key === e.key && i.watchId === item.watchId ? { ...i, sent: true } : i)));
      await deps.postWebhook(url, { text: card.message, attachments: card.props.attachments, props: { ...props, nowbridge_feed: recordKey(e) } });
      return 'webhook';
    }
    const c = await client(item);
    const me = await c.me();
    const stored = await store.feedRoot(rootKey(item));
    const root = stored ? await c.getPost(stored).then((p) => (p.delete_at ? undefined : p), () => undefined) : await findRoot(c, item);
    if (root && root.user_id !== me.id) return `skipped: ${root.id} is another NowBridge user's feed of this record`;
    const pending = newPendingPostId(me.id, item.queuedAt);
    if (root) {
      await store.setFeedRoot(rootKey(item), root.id);
      const thread = await c.postThread(root.id);
      const already = thread.find((p) => propOf(p, 'nowbridge_event') === e.key);
      if (already) return already.id;
      const reply = await createPostOnce(
        c,
        { channel_id: item.feed.channel_id, root_id: root.id, message: [`**${text.headline}**`, text.details].filter(Boolean).join('\n'), props, pending_post_id: pending },
        { firstSentAt: item.queuedAt, userId: me.id, now: deps.now },
      );
      return reply.id;
    }
    const card = await deps.card(e.instance, e, `**${text.headline}**`, detailLines(e, 500).join('\n'));
    const posted = await createPostOnce(
      c,
      { channel_id: item.feed.channel_id, message: card.message, props: { ...card.props, ...props, nowbridge_feed: recordKey(e) }, pending_post_id: pending },
      { firstSentAt: item.queuedAt, userId: me.id, now: deps.now },
    );
    // Two browsers may have started the record's feed at once: the older root wins, the other is taken back.
    const first = await findRoot(c, item);
    if (first && first.id !== posted.id) {
      await c.deletePost(posted.id).catch(() => undefined);
      if (first.user_id !== me.id) return `skipped: ${first.id} is another NowBridge user's feed of this record`;
      await store.setFeedRoot(rootKey(item), first.id);
      return first.id;
    }
    await store.setFeedRoot(rootKey(item), posted.id);
    return posted.id;
  }

  async function flushAll(): Promise<void> {
    for (const item of await store.outbox()) {
      const drop = () => store.updateOutbox((items) => items.filter((i) => !(i.event.key === item.event.key && i.watchId === item.watchId)));
      if (await store.feedDone(doneKey(item))) {
        await drop();
        continue;
      }
      try {
        await store.setFeedDone(doneKey(item), await postOne(item));
        await drop();
      } catch (err) {
        // Not posted: a refusal that will not change (no access, the token or address is gone) drops it, saying why;
        // anything else stays for the next flush.
        if (err instanceof FeedError || (err instanceof HttpError && (err.kind === 'forbidden' || err.kind === 'not-found'))) {
          await store.setFeedDone(doneKey(item), `failed: ${err.message}`);
          await drop();
        }
      }
    }
  }

  return {
    /** Queues the events of watches with a feed (one item per watch and event), then posts what is queued. */
    async enqueue(events: readonly WatchEvent[], watches: readonly Watch[]): Promise<void> {
      const items: FeedItem[] = [];
      for (const e of events) {
        for (const w of watches) if (w.feed && e.watchIds.includes(w.id)) items.push({ event: e, watchId: w.id, feed: w.feed, queuedAt: deps.now() });
      }
      if (items.length) await store.updateOutbox((queued) => [...queued, ...items.filter((i) => !queued.some((q) => q.event.key === i.event.key && q.watchId === i.watchId))]);
    },
    /** Posts what is queued; one flush at a time (a second ask joins it). */
    flush(): Promise<void> {
      flushing ??= flushAll().finally(() => (flushing = undefined));
      return flushing;
    },
  };
}

/** A feed that cannot post until the user sets it up again. */
export class FeedError extends Error {}

export type WatchFeedPoster = ReturnType<typeof createWatchFeed>;
