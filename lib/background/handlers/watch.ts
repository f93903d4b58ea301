import type { watchMessages } from '../../messages/watch';
import type { HandlersOf } from '../router';
import type { WatchService } from '../watch-service';

export interface WatchHandlerDeps {
  watching: WatchService;
}

/** Watching records and queues (lib/background/watch-service.ts). */
export function createWatchHandlers({ watching }: WatchHandlerDeps): HandlersOf<typeof watchMessages> {
  return {
    'watch/list': () => watching.list(),
    'watch/record': async ({ instance, sys_id }) => {
      const watch = await watching.ofRecord(instance, sys_id);
      return watch ? { watch } : {};
    },
    'watch/add-record': async ({ instance, table, sys_id }) => ({ watch: await watching.watchRecord(instance, { table, sys_id }) }),
    'watch/add-queue': async ({ instance, queue }) => ({ watch: await watching.watchQueue(instance, queue) }),
    'watch/remove': async ({ id }) => (await watching.unwatch(id), {}),
    'watch/configure': async ({ id, events, muted }) => ({ watch: await watching.configure(id, { ...(events ? { events } : {}), ...(muted !== undefined ? { muted } : {}) }) }),
    'watch/feed': async ({ id, feed, secret }) => ({ watch: await watching.setFeed(id, feed, secret) }),
    'watch/read': async ({ keys }) => (await watching.markRead(keys), {}),
    'watch/check': async () => ({ statuses: (await watching.tick()).map((r) => r.status) }),
  };
}
