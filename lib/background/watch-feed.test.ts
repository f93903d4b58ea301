// @vitest-environment node
/** Channel feeds against the Mattermost simulator: one card, then replies in its thread; once across restarts and users. */
import { createStore } from 'idb-keyval';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MM_BOT, MM_CHANNELS, MM_USERS } from '../../sim/fixtures';
import { start, type RunningMattermost } from '../../sim/mattermost';
import { createMattermostClient } from '../mattermost/client';
import { bearerFetch } from '../testing/bearer-fetch';
import { watchEvent } from '../watch/watch-event.fixtures';
import type { Watch, WatchEvent } from '../watch/watch-model';
import { openWatchStore, type WatchStore } from '../watch/watch-store';
import { createWatchFeed, feedText } from './watch-feed';
import { createWatchService, isWebhookOf } from './watch-service';

let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());

const CHANNEL = MM_CHANNELS.incidents.id;
let n = 0;
let channelStart: number;
beforeEach(() => {
  channelStart = mm.control.posts(CHANNEL).length;
});

function poster(user: { token: string }, store: WatchStore = openWatchStore(createStore(`feed-test-${++n}`, 'state'))) {
  const client = createMattermostClient(bearerFetch(user.token), mm.siteUrl);
  const feed = createWatchFeed({
    store,
    userClient: async () => client,
    botClient: (_s, token) => createMattermostClient(bearerFetch(token), mm.siteUrl),
    secret: async () => undefined,
    postWebhook: async () => {},
    card: async (_i, _ref, message, description) => ({ message, props: { attachments: [{ title: 'INC0010001: VPN down', text: description }] } }),
    now: () => Date.now(),
  });
  return { feed, store };
}
const watch = (over: Partial<Watch> = {}): Watch => ({
  id: `record https://acme.service-now.com ${'a'.repeat(32)}`,
  instance: 'https://acme.service-now.com',
  target: { kind: 'record', table: 'incident', sys_id: 'a'.repeat(32), number: 'INC0010001', title: 'VPN down' },
  events: { created: true, state: true, priority: true, assignment: true, comments: true, work_notes: true, other: false },
  muted: false,
  createdAt: 0,
  feed: { server: 'https://chat.example.test', channel_id: CHANNEL, channel: 'Incidents', as: 'user' },
  ...over,
});
/** events for one record, each a new sys_mod_count */
let mod = 100;
const change = (sys_id = 'a'.repeat(32), over: Partial<WatchEvent> = {}) => {
  mod++;
  return watchEvent({ key: `https://acme.service-now.com ${sys_id} ${mod}`, sys_id, watchIds: [`record https://acme.service-now.com ${sys_id}`], ...over });
};
const newPosts = () => mm.control.posts(CHANNEL).slice(channelStart);
const feedOf = (sys_id: string) => newPosts().filter((p) => JSON.stringify(p.props ?? {}).includes(sys_id) || (p.root_id && newPosts().some((r) => r.id === p.root_id && JSON.stringify(r.props).includes(sys_id))));

describe('channel feed', () => {
  it('three changes: one card post with the first change, then two replies in its thread, each once', async () => {
    const sys_id = 'b'.repeat(32);
    const w = watch({ id: `record https://acme.service-now.com ${sys_id}` });
    const { feed } = poster(MM_USERS.agent);
    const events = [change(sys_id), change(sys_id, { changes: [{ field: 'priority', label: 'Priority', from: '3 - Moderate', to: '1 - Critical' }], journal: [] }), change(sys_id, { journal: [{ element: 'comments', author: 'Abel Tuter', text: '@channel see [this](https://evil.example)' }], changes: [] })];
    for (const e of events) {
      await feed.enqueue([e], [w]);
      await feed.flush();
    }
    await feed.flush();
    const posts = feedOf(sys_id);
    expect(posts).toHaveLength(3);
    const [root, ...replies] = posts;
    expect(root!.root_id).toBe('');
    expect(root!.message).toBe(`**${feedText(events[0]!).headline}**`);
    expect(JSON.stringify(root!.props)).toContain('State: In Progress → Resolved');
    expect(replies.map((r) => r.root_id)).toEqual([root!.id, root!.id]);
    // markdown escaped: Mattermost shows "Priority: 3 - Moderate → 1 - Critical"
    expect(replies[0]!.message).toContain('Priority: 3 \\- Moderate → 1 \\- Critical');
    // ServiceNow text in a channel: no mention, no link
    expect(replies[1]!.message).not.toMatch(/@channel|\]\(https/);
    expect(posts.every((p) => p.user_id === MM_USERS.agent.id)).toBe(true);
  });

  it('once across a restart, and when the worker died after posting but before noting it', async () => {
    const sys_id = 'c'.repeat(32);
    const w = watch({ id: `record https://acme.service-now.com ${sys_id}` });
    const first = poster(MM_USERS.agent);
    const e1 = change(sys_id);
    await first.feed.enqueue([e1], [w]);
    await first.feed.flush();
    // a new worker on the same store: the same event again is not posted again
    const restarted = poster(MM_USERS.agent, first.store);
    await restarted.feed.enqueue([e1], [w]);
    await restarted.feed.flush();
    expect(feedOf(sys_id)).toHaveLength(1);
    // posted, then the worker died before it noted so: the outbox still holds the item, the thread has the post
    const e2 = change(sys_id);
    await restarted.feed.enqueue([e2], [w]);
    const queued = await first.store.outbox();
    await restarted.feed.flush();
    await first.store.setFeedDone(`https://chat.example.test ${CHANNEL} ${e2.key}`, '');
    await first.store.updateOutbox(() => queued);
    await poster(MM_USERS.agent, first.store).feed.flush();
    expect(feedOf(sys_id)).toHaveLength(2);
    expect(await first.store.outbox()).toEqual([]);
  });

  it('two users watching the same record with the same channel: each change is posted once, by whoever started the feed', async () => {
    const sys_id = 'd'.repeat(32);
    const w = watch({ id: `record https://acme.service-now.com ${sys_id}` });
    const beth = poster(MM_USERS.agent);
    const david = poster(MM_USERS.agent2);
    const e1 = change(sys_id);
    // both find the change in the same tick and post at once: one root stays
    await Promise.all([beth.feed.enqueue([e1], [w]), david.feed.enqueue([e1], [w])]);
    await Promise.all([beth.feed.flush(), david.feed.flush()]);
    const e2 = change(sys_id);
    await Promise.all([beth.feed.enqueue([e2], [w]), david.feed.enqueue([e2], [w])]);
    await beth.feed.flush();
    await david.feed.flush();
    const posts = feedOf(sys_id).filter((p) => !p.delete_at);
    expect(posts).toHaveLength(2);
    expect(posts[1]!.root_id).toBe(posts[0]!.id);
    expect(new Set(posts.map((p) => p.user_id)).size).toBe(1);
  });
});

describe('setting a feed up', () => {
  const SERVER = 'https://chat.example.test';
  function service(store = openWatchStore(createStore(`feed-setup-${++n}`, 'state'))) {
    const secrets = new Map<string, unknown>();
    const userClient = createMattermostClient(bearerFetch(MM_USERS.agent.token), mm.siteUrl);
    const s = createWatchService({
      clients: { servicenow: async () => { throw new Error('not used'); } },
      statuses: async () => ({}),
      store,
      notifier: { notify: async () => {}, badge: async () => {} },
      now: () => Date.now(),
      secrets: { set: async (k, v) => void secrets.set(k, v), delete: async (k) => void secrets.delete(k) },
      mattermost: { user: async () => userClient, bot: (_s, token) => createMattermostClient(bearerFetch(token), mm.siteUrl) },
    });
    return { s, secrets, store };
  }

  it('as me: saved without a secret; a webhook address of this server goes to the vault only; unwatching forgets it', async () => {
    const { s, secrets, store } = service();
    const w = watch({ feed: undefined });
    await store.updateWatches(() => [w]);
    const saved = await s.setFeed(w.id, { server: SERVER, channel_id: CHANNEL, channel: 'Incidents', as: 'user' });
    expect(saved.feed).toEqual({ server: SERVER, channel_id: CHANNEL, channel: 'Incidents', as: 'user' });
    await expect(s.setFeed(w.id, { server: SERVER, channel_id: CHANNEL, channel: 'Incidents', as: 'webhook' }, 'https://evil.example/hooks/abcdefghijklmnopqrstuvwxyz')).rejects.toThrow(/incoming webhook address of chat.example.test/);
    const hook = `${SERVER}/hooks/${'h'.repeat(26)}`;
    const withHook = await s.setFeed(w.id, { server: SERVER, channel_id: CHANNEL, channel: 'Incidents', as: 'webhook' }, hook);
    expect(JSON.stringify(withHook)).not.toContain(hook);
    expect([...secrets.values()]).toEqual([hook]);
    await s.unwatch(w.id);
    expect(secrets.size).toBe(0);
  });

  it('as a bot: a person’s token is refused (posts would look like theirs); nothing is saved', async () => {
    const { s, secrets, store } = service();
    const w = watch({ feed: undefined });
    await store.updateWatches(() => [w]);
    await expect(s.setFeed(w.id, { server: SERVER, channel_id: CHANNEL, channel: 'Incidents', as: 'bot' }, MM_USERS.agent2.token)).rejects.toThrow(/not a bot account/);
    await expect(s.setFeed(w.id, { server: SERVER, channel_id: CHANNEL, channel: 'Incidents', as: 'bot' }, 'nonsense')).rejects.toThrow(/does not accept that token/);
    expect(secrets.size).toBe(0);
    expect((await store.watches())[0]!.feed).toBeUndefined();
  });

  it('as a bot: accepted for a channel the bot is in, refused for one it is not in', async () => {
    const { s, secrets, store } = service();
    const w = watch({ feed: undefined });
    await store.updateWatches(() => [w]);
    await expect(s.setFeed(w.id, { server: SERVER, channel_id: MM_CHANNELS.town.id, channel: 'Town Square', as: 'bot' }, MM_BOT.token)).rejects.toThrow(/is not in Town Square: add it to the channel first/);
    expect(secrets.size).toBe(0);
    const saved = await s.setFeed(w.id, { server: SERVER, channel_id: CHANNEL, channel: 'Incidents', as: 'bot' }, MM_BOT.token);
    expect(saved.feed?.as).toBe('bot');
    expect([...secrets.values()]).toEqual([MM_BOT.token]);
  });

  it('knows an incoming webhook address of the server, under a subpath too', () => {
    const id = 'a1'.repeat(13);
    expect(isWebhookOf('https://chat.example.test', `https://chat.example.test/hooks/${id}`)).toBe(true);
    expect(isWebhookOf('https://chat.example.test/mm', `https://chat.example.test/mm/hooks/${id}`)).toBe(true);
    expect(isWebhookOf('https://chat.example.test', `https://chat.example.test/hooks/${id}?x=1`)).toBe(false);
    expect(isWebhookOf('https://chat.example.test', `http://chat.example.test/hooks/${id}`)).toBe(false);
    expect(isWebhookOf('https://chat.example.test', `https://chat.example.test/api/v4/posts`)).toBe(false);
    expect(isWebhookOf('https://chat.example.test', 'not a url')).toBe(false);
  });
});

describe('who the feed posts as', () => {
  it('a bot account: the card and its replies come from the bot (BOT tag), threaded', async () => {
    const sys_id = 'e'.repeat(32);
    const w = watch({ id: `record https://acme.service-now.com ${sys_id}`, feed: { server: 'https://chat.example.test', channel_id: CHANNEL, channel: 'Incidents', as: 'bot' } });
    const { store } = poster(MM_USERS.agent);
    const client = createMattermostClient(bearerFetch(MM_USERS.agent.token), mm.siteUrl);
    const feed = createWatchFeed({
      store,
      userClient: async () => client,
      botClient: (_s, token) => createMattermostClient(bearerFetch(token), mm.siteUrl),
      secret: async () => MM_BOT.token,
      postWebhook: async () => {},
      card: async (_i, _ref, message, description) => ({ message, props: { attachments: [{ title: 'INC', text: description }] } }),
      now: () => Date.now(),
    });
    for (const e of [change(sys_id), change(sys_id)]) {
      await feed.enqueue([e], [w]);
      await feed.flush();
    }
    const posts = feedOf(sys_id);
    expect(posts.map((p) => [p.user_id, p.props?.from_bot])).toEqual([
      [MM_BOT.id, 'true'],
      [MM_BOT.id, 'true'],
    ]);
    expect(posts[1]!.root_id).toBe(posts[0]!.id);
  });

  it('an incoming webhook: each change its own post (no threads), by the hook, once even when sent again after a lost answer', async () => {
    const sys_id = 'f'.repeat(32);
    const hook = mm.control.createIncomingWebhook({ channel_id: CHANNEL, creator_user_id: MM_USERS.agent.id });
    const w = watch({ id: `record https://acme.service-now.com ${sys_id}`, feed: { server: 'https://chat.example.test', channel_id: CHANNEL, channel: 'Incidents', as: 'webhook' } });
    const store = openWatchStore(createStore(`feed-test-${++n}`, 'state'));
    const client = createMattermostClient(bearerFetch(MM_USERS.agent.token), mm.siteUrl);
    let loseAnswer = true;
    const feed = createWatchFeed({
      store,
      userClient: async () => client,
      botClient: () => client,
      secret: async () => hook.url,
      postWebhook: async (url, body) => {
        const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
        expect(await res.text()).toBe('ok');
        if (loseAnswer) {
          loseAnswer = false;
          throw new Error('the answer was lost');
        }
      },
      card: async (_i, _ref, message, description) => ({ message, props: { attachments: [{ title: 'INC', text: description }] } }),
      now: () => Date.now(),
    });
    const [e1, e2] = [change(sys_id), change(sys_id)];
    await feed.enqueue([e1], [w]);
    await feed.flush(); // posted, answer lost: stays queued, marked sent
    await feed.flush(); // finds it in the channel: not sent again
    await feed.enqueue([e2], [w]);
    await feed.flush();
    const posts = feedOf(sys_id);
    expect(posts).toHaveLength(2);
    expect(posts.map((p) => [p.root_id, p.props?.from_webhook])).toEqual([
      ['', 'true'],
      ['', 'true'],
    ]);
  });
});
