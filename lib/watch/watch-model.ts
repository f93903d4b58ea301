/**
 * What the user watches and what watching found: one source of truth for the background (watch-poller.ts,
 * lib/background/watch-service.ts), the messages (lib/messages/watch.ts) and the Activity view.
 * Facts behind the design: records-and-watch-contracts.md part C.
 */
import { z } from 'zod';
import { base, sysId, tableName } from '../messages/fields';
import { QUEUE_PRESETS, type QueuePreset, WATCH_EVENTS, type WatchEventKind } from './watch-kinds';

export const watchEventsSchema = z.object(Object.fromEntries(WATCH_EVENTS.map((k) => [k, z.boolean()])) as Record<WatchEventKind, z.ZodBoolean>);

export const queuePreset = z.enum(Object.keys(QUEUE_PRESETS) as [QueuePreset, ...QueuePreset[]]);

export const recordTarget = z.object({ kind: z.literal('record'), table: tableName, sys_id: sysId, number: z.string().max(40), title: z.string().max(300) });
export const queueTarget = z.object({
  kind: z.literal('queue'),
  table: tableName,
  /** an encoded query as the list page had it (ORDERBY dropped when polled) */
  query: z.string().max(4000),
  label: z.string().max(200),
  preset: queuePreset.optional(),
});

/**
 * "Also post to": a channel where this watch's events are posted. As the user (default), as a bot account whose
 * token an administrator handed out, or through an incoming webhook (no threads: its request has no root_id;
 * records-and-watch-contracts.md D.7). The bot token or webhook address lives in the vault, never here.
 */
export const watchFeedSchema = z.object({
  server: base,
  channel_id: z.string().regex(/^[a-z0-9]{26}$/),
  /** the channel's name as the user chose it, for the settings */
  channel: z.string().max(200),
  as: z.enum(['user', 'bot', 'webhook']),
});
export type WatchFeed = z.infer<typeof watchFeedSchema>;

export const watchSchema = z.object({
  id: z.string().max(300),
  instance: base,
  target: z.discriminatedUnion('kind', [recordTarget, queueTarget]),
  events: watchEventsSchema,
  /** events go to the Activity view and the badge only, no desktop notification */
  muted: z.boolean(),
  createdAt: z.number(),
  feed: watchFeedSchema.optional(),
});
export type Watch = z.infer<typeof watchSchema>;
export type WatchTarget = Watch['target'];
export type RecordWatchTarget = z.infer<typeof recordTarget>;

/** A watch's id: one watch per record, one per (table, query) on an instance. */
export function watchId(instance: string, target: { kind: 'record'; sys_id: string } | { kind: 'queue'; table: string; query: string }): string {
  return target.kind === 'record' ? `record ${instance} ${target.sys_id}` : `queue ${instance} ${target.table} ${target.query}`;
}

const change = z.object({ field: z.string(), label: z.string(), from: z.string(), to: z.string() });
const journalNote = z.object({ element: z.enum(['comments', 'work_notes']), author: z.string(), text: z.string() });

export const watchEventSchema = z.object({
  /** instance, sys_id and the sys_mod_count it reached: the same change found twice is one event */
  key: z.string(),
  instance: base,
  table: tableName,
  sys_id: sysId,
  number: z.string(),
  title: z.string(),
  /** created: new record; entered: newly in a watched queue; updated: a change to a known record */
  kind: z.enum(['created', 'entered', 'updated']),
  /** the queue it entered */
  queue: z.string().optional(),
  actor: z.object({ user_name: z.string(), name: z.string() }),
  /** when the record was last updated, ISO UTC from the server */
  at: z.string(),
  changes: z.array(change),
  journal: z.array(journalNote),
  /** updates between two checks that the event does not name one by one */
  more: z.number().int().min(0),
  /** found after a long gap (the browser was closed or asleep): one event per record for the whole gap */
  digest: z.boolean(),
  read: z.boolean(),
  watchIds: z.array(z.string()),
});
export type WatchEvent = z.infer<typeof watchEventSchema>;
export type FieldChange = z.infer<typeof change>;
export type JournalNote = z.infer<typeof journalNote>;

/** How watching goes on an instance, for the Activity view. */
export const instanceWatchStatus = z.object({
  instance: base,
  state: z.enum(['ok', 'waiting', 'needs-sign-in', 'offline', 'error', 'pending']),
  message: z.string().optional(),
  /** local epoch ms of the last successful check */
  checkedAt: z.number().optional(),
  /** local epoch ms before which no request is made (Retry-After) */
  retryAt: z.number().optional(),
});
export type InstanceWatchStatus = z.infer<typeof instanceWatchStatus>;
