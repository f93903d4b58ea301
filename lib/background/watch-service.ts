/**
 * Watching records and queues, as the user, with nothing on the server (issue 14; records-and-watch-contracts.md
 * part C). The service keeps the watches and the Activity events (lib/watch/watch-store.ts), makes one check per
 * instance per tick (lib/watch/watch-poller.ts), skips instances whose connection needs sign-in, and hands what
 * it found to the notifier (desktop notifications, the badge). Ticks never overlap (see tick).
 */
import type { ConnectionStatus } from '../connections/status';
import { type ChoiceMemory, readChoices } from '../servicenow/choices';
import { displayNames, readActivity } from '../servicenow/journal';
import { type RawRow, type TableClient, valueOf } from '../servicenow/table-client';
import { type Relabel, snapshotOf } from '../watch/watch-diff';
import { DEFAULT_EVENTS, QUEUE_PRESETS, type QueuePreset, type WatchEventKind } from '../watch/watch-kinds';
import { type InstanceWatchStatus, type RecordWatchTarget, type Watch, type WatchEvent, type WatchFeed, watchId } from '../watch/watch-model';
import { pollInstance, type PollResult } from '../watch/watch-poller';
import { WATCH_FIELDS } from '../watch/watch-query';
import type { WatchStore } from '../watch/watch-store';
import type { MattermostClient } from '../mattermost/client';
import type { Clients } from './clients';
import type { WatchFeedPoster } from './watch-feed';
import { UserFacingError } from './router';

/** At most this many watches: chrome.alarms and the Table API are not the limit, a person's attention is. */
export const MAX_WATCHES = 1000;

export interface WatchNotifier {
  /** desktop notifications for events of unmuted watches */
  notify(events: readonly WatchEvent[]): Promise<void>;
  /** the toolbar badge: unread events */
  badge(unread: number): Promise<void>;
}

export interface WatchServiceDeps {
  clients: Pick<Clients, 'servicenow'>;
  statuses(): Promise<Record<string, ConnectionStatus>>;
  store: WatchStore;
  notifier: WatchNotifier;
  now(): number;
  /** false while the browser is offline: no check is made */
  online?(): boolean;
  /** asks for a check at this time (a one-shot alarm): Retry-After */
  scheduleRetry?(at: number): void;
  /** channel feeds (watch-feed.ts) */
  feed?: Pick<WatchFeedPoster, 'enqueue' | 'flush'>;
  /** feeds' bot tokens and webhook addresses (the vault) */
  secrets?: { set(id: string, value: unknown): Promise<void>; delete(id: string): Promise<void> };
  /** the user's Mattermost client and a bot's, to check a feed before it is saved */
  mattermost?: { user(server: string): Promise<MattermostClient>; bot(server: string, token: string): MattermostClient };
  /** records another user changed: their cards and panels are read again (and the tabs told) */
  changed?(instance: string, records: readonly { table: string; sys_id: string; number: string }[]): Promise<void>;
  /** a check ended, whoever asked for it (an alarm, a Retry-After, "Check now"): open Activity views read again */
  checked?(): void;
}

export interface WatchList {
  watches: Watch[];
  events: WatchEvent[];
  statuses: InstanceWatchStatus[];
}

export function createWatchService(deps: WatchServiceDeps) {
  const { store } = deps;
  const choices: ChoiceMemory = new Map();
  const names = new Map<string, string>();
  let running: Promise<PollResult[]> | undefined;
  let queued: Promise<PollResult[]> | undefined;

  /**
   * One tick: every instance checked once. Ticks never overlap: one asked for while another runs (an alarm, "Check
   * now", a second window) follows it, and every such ask meanwhile shares that one following tick, so a change made
   * before the ask is always seen and the requests are never doubled.
   */
  function tick(): Promise<PollResult[]> {
    if (!running) {
      running = checkAll().finally(() => (running = undefined));
      return running;
    }
    queued ??= running.catch(() => undefined).then(() => {
      queued = undefined;
      return tick();
    });
    return queued;
  }

  const snStatus = async (instance: string) => (await deps.statuses())[`servicenow:${instance}`];

  const relabel = async (client: TableClient, tables: readonly string[]): Promise<Relabel> => {
    const lists = new Map<string, Map<string, string>>();
    await Promise.all(
      tables.map(async (t) => {
        const got = await readChoices(client, t, '', choices).catch(() => undefined);
        lists.set(t, new Map((got?.lists.state ?? []).map((c) => [c.value, c.label])));
      }),
    );
    return (table, field, value, display) => (field === 'state' ? (lists.get(table)?.get(value) ?? display) : display);
  };

  /** Display names for user_names: asked for those not yet known (journal.ts), remembered for the worker's life. */
  const nameOf = async (client: TableClient, userNames: readonly string[]) => {
    const key = (u: string) => `${client.base} ${u}`;
    const missing = userNames.filter((u) => !names.has(key(u)));
    if (missing.length) for (const [u, name] of await displayNames(client, missing)) names.set(key(u), name);
    // unreadable or unknown: the user_name stands in (and is asked for again with its next change)
    return new Map(userNames.map((u) => [u, names.get(key(u)) ?? u]));
  };

  const pollDeps = {
    client: (instance: string) => deps.clients.servicenow(instance),
    me: async (instance: string) => {
      const s = await snStatus(instance);
      return s ? { user_name: s.user.username, name: s.user.name } : undefined;
    },
    journal: async (client: TableClient, ref: { table: string; sys_id: string }, row: RawRow) => (await readActivity(client, ref, { row: Promise.resolve(row) })).entries,
    relabel,
    names: nameOf,
    store,
    now: deps.now,
  };

  async function refreshBadge(events?: readonly WatchEvent[]) {
    const all = events ?? (await store.events());
    await deps.notifier.badge(all.filter((e) => !e.read).length);
  }

  /** One check of every instance with watches. */
  async function checkAll(): Promise<PollResult[]> {
    const watches = await store.watches();
    const instances = [...new Set(watches.map((w) => w.instance))];
    const results: PollResult[] = [];
    for (const instance of instances) {
      const mine = watches.filter((w) => w.instance === instance);
      const s = await snStatus(instance);
      if (!s || s.state === 'needs-sign-in') {
        // Paused until the user reconnects: no request would be accepted.
        const status: InstanceWatchStatus = { instance, state: 'needs-sign-in', message: `Needs sign-in: reconnect ${new URL(instance).host} in NowBridge's settings to go on watching.` };
        const st = await store.instance(instance);
        await store.setInstance(instance, { ...st, status: { ...status, ...(st.status.checkedAt ? { checkedAt: st.status.checkedAt } : {}) } });
        results.push({ status, events: [], requests: 0 });
        continue;
      }
      if (deps.online && !deps.online()) {
        const st = await store.instance(instance);
        const status: InstanceWatchStatus = { ...st.status, state: 'offline', message: 'Offline: watching goes on when the browser is back online.' };
        await store.setInstance(instance, { ...st, status });
        results.push({ status, events: [], requests: 0 });
        continue;
      }
      const r = await pollInstance(instance, mine, pollDeps);
      if (r.status.state === 'waiting' && r.status.retryAt) deps.scheduleRetry?.(r.status.retryAt);
      results.push(r);
    }
    const found = results.flatMap((r) => r.events);
    if (found.length) {
      const all = await store.addEvents(found);
      // queued for the channel feeds at once (a restart from here on loses no post), posted below
      await deps.feed?.enqueue(found, watches);
      const muted = new Set(watches.filter((w) => w.muted).map((w) => w.id));
      await deps.notifier.notify(found.filter((e) => e.watchIds.some((id) => !muted.has(id))));
      await refreshBadge(all);
    }
    // after the notification, not before it: cards are read again for the tabs (and the feeds' cards below)
    for (const instance of new Set(found.map((e) => e.instance))) {
      await deps.changed?.(instance, found.filter((e) => e.instance === instance)).catch(() => undefined);
    }
    // channel feeds, with the record's card as it is now; also what an earlier worker left queued
    await deps.feed?.flush().catch(() => undefined);
    deps.checked?.();
    return results;
  }

  return {
    tick,

    async list(): Promise<WatchList> {
      const [watches, events] = await Promise.all([store.watches(), store.events()]);
      const instances = [...new Set(watches.map((w) => w.instance))];
      const statuses = await Promise.all(instances.map(async (i) => (await store.instance(i)).status));
      return { watches, events, statuses };
    },

    /** The watch of this record, if any. */
    async ofRecord(instance: string, sys_id: string): Promise<Watch | undefined> {
      return (await store.watches()).find((w) => w.id === watchId(instance, { kind: 'record', sys_id }));
    },

    /**
     * Watches a record: reads it once (its snapshot: later changes are diffed against it, and the journal's
     * newest entries, so an older comment is never reported as new).
     */
    async watchRecord(instance: string, ref: { table: string; sys_id: string }): Promise<Watch> {
      const id = watchId(instance, { kind: 'record', sys_id: ref.sys_id });
      const existing = (await store.watches()).find((w) => w.id === id);
      if (existing) return existing;
      const client = await deps.clients.servicenow(instance);
      const page = await client.list('task', { query: `sys_id=${ref.sys_id}`, fields: WATCH_FIELDS, limit: 1 });
      const row = page.rows[0];
      if (!row) throw new UserFacingError('That record is not in ServiceNow, or you have no access to it.');
      const keys = await readActivity(client, ref, { row: Promise.resolve(row) }).then((a) => a.entries.slice(0, 10).map((e) => e.key), () => undefined);
      const snap = snapshotOf(row, await relabel(client, [valueOf(row.sys_class_name) || ref.table]), keys);
      await store.setSnapshots(instance, new Map([[ref.sys_id, snap]]));
      const target: RecordWatchTarget = { kind: 'record', table: snap.table, sys_id: ref.sys_id, number: snap.number, title: snap.title.slice(0, 300) };
      return add({ id, instance, target, events: { ...DEFAULT_EVENTS }, muted: false, createdAt: deps.now() });
    },

    /** Watches a queue: a preset or a list's encoded query. Its first check learns what is in it. */
    async watchQueue(instance: string, q: { preset: QueuePreset } | { table: string; query: string; label: string }): Promise<Watch> {
      const target =
        'preset' in q
          ? { kind: 'queue' as const, table: 'task', query: QUEUE_PRESETS[q.preset].query, label: QUEUE_PRESETS[q.preset].label, preset: q.preset }
          : { kind: 'queue' as const, table: q.table, query: q.query, label: q.label.slice(0, 200) };
      const id = watchId(instance, target);
      const existing = (await store.watches()).find((w) => w.id === id);
      return existing ?? add({ id, instance, target, events: { ...DEFAULT_EVENTS }, muted: false, createdAt: deps.now() });
    },

    async unwatch(id: string): Promise<void> {
      const removed = (await store.watches()).find((w) => w.id === id);
      await store.updateWatches((ws) => ws.filter((w) => w.id !== id));
      if (removed?.target.kind === 'queue') await store.dropQueue(id);
      if (removed?.feed) await deps.secrets?.delete(feedSecretId(id));
    },

    /**
     * "Also post to": sets (or, with null, ends) a watch's channel feed. Checked before anything is saved: the channel
     * exists for the user; a bot token signs in as a bot that can read the channel; a webhook address is one of this
     * server's incoming webhooks. The token or address goes to the vault only.
     */
    async setFeed(id: string, feed: { server: string; channel_id: string; channel: string; as: WatchFeed['as'] } | null, secret?: string): Promise<Watch> {
      const watch = (await store.watches()).find((w) => w.id === id);
      if (!watch) throw new UserFacingError('That watch is gone: it was removed in another window.');
      if (feed) {
        if (!deps.mattermost || !deps.secrets) throw new UserFacingError('Channel feeds are not available here.');
        const user = await deps.mattermost.user(feed.server);
        const channel = await user.channel(feed.channel_id).catch(() => {
          throw new UserFacingError('That channel cannot be read with your Mattermost sign-in.');
        });
        if (feed.as === 'bot') {
          if (!secret?.trim()) throw new UserFacingError('Paste the bot account’s access token an administrator gave you.');
          const bot = deps.mattermost.bot(feed.server, secret.trim());
          const who = await bot.me().catch(() => {
            throw new UserFacingError('Mattermost does not accept that token.');
          });
          if (!who.is_bot) throw new UserFacingError(`That token signs in as @${who.username}, not a bot account: posts would look like theirs.`);
          // A public channel reads the same for members and others: membership is the bot's own channel list.
          const member = channel.team_id ? (await bot.myChannels(channel.team_id).catch(() => [])).some((c) => c.id === feed.channel_id) : await bot.channel(feed.channel_id).then(() => true, () => false);
          if (!member) throw new UserFacingError(`The bot @${who.username} is not in ${feed.channel}: add it to the channel first.`);
        }
        if (feed.as === 'webhook' && !isWebhookOf(feed.server, secret ?? '')) {
          throw new UserFacingError(`Paste an incoming webhook address of ${new URL(feed.server).host} (…/hooks/…).`);
        }
        if (feed.as === 'user') await deps.secrets.delete(feedSecretId(id));
        else await deps.secrets.set(feedSecretId(id), secret!.trim());
      } else await deps.secrets?.delete(feedSecretId(id));
      let out: Watch | undefined;
      await store.updateWatches((ws) =>
        ws.map((w) => {
          if (w.id !== id) return w;
          const { feed: _old, ...rest } = w;
          return (out = feed ? { ...rest, feed } : rest);
        }),
      );
      if (!out) throw new UserFacingError('That watch is gone: it was removed in another window.');
      return out;
    },

    async configure(id: string, change: { events?: Partial<Record<WatchEventKind, boolean>>; muted?: boolean }): Promise<Watch> {
      let found: Watch | undefined;
      await store.updateWatches((ws) =>
        ws.map((w) => (w.id === id ? (found = { ...w, events: { ...w.events, ...change.events }, muted: change.muted ?? w.muted }) : w)),
      );
      if (!found) throw new UserFacingError('That watch is gone: it was removed in another window.');
      return found;
    },

    /** Marks events read (all when `keys` is absent); the badge follows. */
    async markRead(keys?: readonly string[]): Promise<void> {
      const set = keys && new Set(keys);
      const all = await store.updateEvents((es) => es.map((e) => (!set || set.has(e.key) ? { ...e, read: true } : e)));
      await refreshBadge(all);
    },

    /** Mute from a notification: the watches behind this event stop notifying (the Activity view still shows). */
    async muteEvent(key: string): Promise<void> {
      const e = (await store.events()).find((x) => x.key === key);
      if (!e) return;
      const ids = new Set(e.watchIds);
      await store.updateWatches((ws) => ws.map((w) => (ids.has(w.id) ? { ...w, muted: true } : w)));
    },

    event: async (key: string) => (await store.events()).find((e) => e.key === key),
    refreshBadge: () => refreshBadge(),
  };

  async function add(w: Watch): Promise<Watch> {
    let out = w;
    await store.updateWatches((ws) => {
      const same = ws.find((x) => x.id === w.id);
      if (same) return (out = same), ws;
      if (ws.length >= MAX_WATCHES) throw new UserFacingError(`You watch ${MAX_WATCHES} things already; unwatch some first.`);
      return [...ws, w];
    });
    return out;
  }
}

export type WatchService = ReturnType<typeof createWatchService>;

/** Where a watch's feed secret (bot token, webhook address) is kept in the vault. */
export const feedSecretId = (watchId: string) => `feed ${watchId}`;

/** An incoming webhook address of this Mattermost server: `<site>/hooks/<26-character id>` over https (or local http). */
export function isWebhookOf(server: string, url: string): boolean {
  try {
    const u = new URL(url.trim());
    const site = new URL(server);
    const base = site.pathname.replace(/\/+$/, '');
    const id = u.pathname.startsWith(`${base}/hooks/`) ? u.pathname.slice(base.length + '/hooks/'.length) : '';
    return u.origin === site.origin && /^[a-z0-9]{26}$/.test(id) && !u.search && !u.hash;
  } catch {
    return false;
  }
}
