import { z } from 'zod';
import { instanceWatchStatus, queuePreset, watchEventSchema, watchEventsSchema, watchFeedSchema, watchSchema } from '../watch/watch-model';
import { defineMessages, EXTENSION_PAGES_ONLY, MATTERMOST_PAGES } from './contract';
import { base, empty, secretText, sysId, tableName } from './fields';

/**
 * Watching records and queues (lib/background/watch-service.ts): from the popup's Activity view, the record panel
 * and the /servicenow command's frame; a card in Mattermost may only add a watch. Nothing here lets a page read what
 * someone watches.
 */
const watchAnswer = z.object({ watch: watchSchema });
const watchId = z.string().min(1).max(5000);

export const watchMessages = defineMessages({
  'watch/list': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: {},
    response: z.object({ watches: z.array(watchSchema), events: z.array(watchEventSchema), statuses: z.array(instanceWatchStatus) }),
  },
  'watch/record': { contentScripts: EXTENSION_PAGES_ONLY, request: { instance: base, sys_id: sysId }, response: z.object({ watch: watchSchema.optional() }) },
  /** also from a card's Watch in Mattermost (a button in the card's closed shadow root, acting on the user's click) */
  'watch/add-record': { contentScripts: MATTERMOST_PAGES, request: { instance: base, table: tableName, sys_id: sysId }, response: watchAnswer },
  'watch/add-queue': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { instance: base, queue: z.union([z.object({ preset: queuePreset }), z.object({ table: tableName, query: z.string().max(4000), label: z.string().min(1).max(200) })]) },
    response: watchAnswer,
  },
  'watch/remove': { contentScripts: EXTENSION_PAGES_ONLY, request: { id: watchId }, response: empty },
  'watch/configure': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { id: watchId, events: watchEventsSchema.partial().optional(), muted: z.boolean().optional() },
    response: watchAnswer,
  },
  /**
   * "Also post to": a channel feed for a watch (null ends it). `secret` is the bot account's token or the incoming
   * webhook's address: kept in the vault, never sent back.
   */
  'watch/feed': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: {
      id: watchId,
      feed: z.object({ server: base, channel_id: watchFeedSchema.shape.channel_id, channel: z.string().max(200), as: watchFeedSchema.shape.as }).nullable(),
      secret: secretText.optional(),
    },
    response: watchAnswer,
  },
  /** marks events read; all of them without `keys` */
  'watch/read': { contentScripts: EXTENSION_PAGES_ONLY, request: { keys: z.array(z.string().max(400)).max(500).optional() }, response: empty },
  /** "Check now": one tick (joining one under way); Retry-After and sign-in still apply */
  'watch/check': { contentScripts: EXTENSION_PAGES_ONLY, request: {}, response: z.object({ statuses: z.array(instanceWatchStatus) }) },
});
