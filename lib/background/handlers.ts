import browser from 'webextension-polyfill';
import type { Connections } from '../connections/manager';
import type { RecordService } from './record-service';
import { cardKey, type RecordKeyRef, refKey } from '../servicenow/record';
import type { ShareService } from './share-service';
import type { createNumberingService } from './numbering-service';
import type { Product } from '../origins';
import { loadSettings } from '../settings';
import { createContentContext } from './content-context';
import { PAGE_STYLES } from './page-styles';
import type { Handlers } from './router';
import { createSearchHandlers, type SearchHandlerDeps } from './search-handlers';

type NumberingService = ReturnType<typeof createNumberingService>;

export interface HandlerDeps {
  connections: Connections;
  records: RecordService;
  share: ShareService;
  numbering: NumberingService;
  syncSites(): Promise<{ sites: { product: Product; base: string; granted: boolean }[] }>;
  redirectUrl(product: Product): string;
  search: Omit<SearchHandlerDeps, 'connections'>;
}

/** What the background does for each message, once the router has validated it and its sender. */
export function createHandlers(deps: HandlerDeps): Handlers {
  const { connections } = deps;
  return {
    'sites/sync': async () => ({ sites: (await deps.syncSites()).sites }),
    'connection/list': async () => {
      const settings = await loadSettings();
      const statuses = await connections.statuses();
      const configured = (p: Product, base: string) => settings[p].some((s) => s.base === base && s.signIn);
      return {
        connections: Object.values(statuses).filter((s) => configured(s.product, s.base)),
        redirectUrls: { servicenow: deps.redirectUrl('servicenow'), mattermost: deps.redirectUrl('mattermost') },
      };
    },
    'connection/connect': ({ type: _, ...req }) => connections.connect(req),
    'connection/check': ({ product, base }) => connections.check(product, base),
    'connection/disconnect': async ({ product, base }) => {
      await connections.disconnect(product, base);
      return {};
    },
    'record/card': ({ instance, ref, fresh }) => deps.records.card(instance, ref, { fresh }),
    'record/full': ({ instance, ref }) => deps.records.full(instance, ref),
    'record/cards': async ({ items, fresh }) => {
      // One batch per instance; the batcher merges what tabs ask for in the same frame.
      const byInstance = new Map<string, RecordKeyRef[]>();
      for (const { instance, ref } of items) byInstance.set(instance, [...(byInstance.get(instance) ?? []), ref]);
      const answers = await Promise.all(
        [...byInstance].map(async ([instance, refs]) => {
          const got = await deps.records.cards(instance, refs, { fresh });
          return refs.flatMap((ref) => {
            const hit = got.get(refKey(ref));
            return hit ? [{ key: cardKey(instance, ref), data: hit.data, stale: hit.stale }] : [];
          });
        }),
      );
      return { cards: answers.flat() };
    },
    'share/servers': async () => {
      const servers = await deps.share.servers();
      const recent = Object.fromEntries(await Promise.all(servers.map(async (s) => [s.base, await deps.share.recent(s.base)] as const)));
      return { servers, recent };
    },
    'ui/open-settings': async () => {
      await browser.runtime.openOptionsPage();
      return {};
    },
    'ui/styles': async ({ sheet }) => ({ css: PAGE_STYLES[sheet] }),
    'share/search': async ({ server, term }) => ({ targets: await deps.share.search(server, term) }),
    'share/post': ({ type: _, ...req }) => deps.share.post(req),
    'share/reply': ({ server, postId, instance, ref, submissionId }) => deps.share.replyWithCard(server, postId, instance, ref, submissionId),
    'record/numbering': ({ instance }) => deps.numbering.get(instance),
    'content/context': createContentContext({ connections, numbering: deps.numbering }),
    ...createSearchHandlers({ ...deps.search, connections }),
  };
}
