import browser from 'webextension-polyfill';
import type { Connections } from '../connections/manager';
import type { RecordService } from './record-service';
import { cardKey, type RecordKeyRef, refKey } from '../servicenow/record';
import type { ShareService } from './share-service';
import type { createNumberingService } from './numbering-service';
import type { Product } from '../origins';
import { loadSettings } from '../settings';
import { PAGE_STYLES } from './page-styles';
import type { Response } from '../messages';
import type { PostCheck } from './post-check';
import { type Handlers, UserFacingError } from './router';
import { createSearchHandlers, type SearchHandlerDeps } from './search-handlers';

type NumberingService = ReturnType<typeof createNumberingService>;

export interface HandlerDeps {
  connections: Connections;
  records: RecordService;
  postCheck: Pick<PostCheck, 'confirm'>;
  share: ShareService;
  numbering: NumberingService;
  syncSites(): Promise<{ sites: { product: Product; base: string; granted: boolean }[] }>;
  redirectUrl(product: Product): string;
  search: Omit<SearchHandlerDeps, 'connections'>;
}

/** Cards for references, one batch per instance; the batcher merges what tabs ask for in the same window. */
async function readCards(records: RecordService, items: { instance: string; ref: RecordKeyRef }[], fresh?: boolean): Promise<Response<'record/cards'>['cards']> {
  const byInstance = new Map<string, RecordKeyRef[]>();
  for (const { instance, ref } of items) byInstance.set(instance, [...(byInstance.get(instance) ?? []), ref]);
  const answers = await Promise.all(
    [...byInstance].map(async ([instance, refs]) => {
      const got = await records.cards(instance, refs, { fresh });
      return refs.flatMap((ref) => {
        const hit = got.get(refKey(ref));
        return hit ? [{ key: cardKey(instance, ref), data: hit.data, stale: hit.stale }] : [];
      });
    }),
  );
  return answers.flat();
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
    'record/cards': async ({ server, items, fresh }, caller) => {
      // A content script speaks for the server it runs on, nowhere else.
      if (!caller.fromExtensionPage && !caller.url?.startsWith(`${server.replace(/\/+$/, '')}/`)) throw new UserFacingError('Refused: not a page of that server.');
      const claims = new Map<string, string[]>();
      const refs = new Map<string, { instance: string; ref: RecordKeyRef }>();
      for (const { postId, instance, ref } of items) {
        const key = cardKey(instance, ref);
        refs.set(key, { instance, ref });
        const keys = claims.get(postId) ?? [];
        if (!keys.includes(key)) keys.push(key);
        claims.set(postId, keys);
      }
      // ServiceNow is read only for what Mattermost's copy of each post confirms: what memory confirms at once,
      // the rest when the server has answered (post-check.ts).
      const posts: Response<'record/cards'>['posts'] = [];
      const reads: Promise<Response<'record/cards'>['cards']>[] = [];
      await deps.postCheck.confirm(server, claims, (answers) => {
        const wanted = new Map<string, { instance: string; ref: RecordKeyRef }>();
        for (const [postId, c] of answers) {
          if (!c.ok) {
            posts.push({ postId, keys: [], reason: c.reason, ...(c.message ? { message: c.message } : {}) });
            continue;
          }
          posts.push({ postId, keys: c.keys });
          for (const key of c.keys) wanted.set(key, refs.get(key)!);
        }
        if (wanted.size) reads.push(readCards(deps.records, [...wanted.values()], fresh));
      });
      const cards = new Map((await Promise.all(reads)).flat().map((c) => [c.key, c]));
      return { cards: [...cards.values()], posts };
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
    ...createSearchHandlers({ ...deps.search, connections }),
  };
}
