import browser from 'webextension-polyfill';
import type { Connections } from '../connections/manager';
import type { RecordService } from './record-service';
import { cardKey, type RecordKeyRef, refKey } from '../servicenow/record';
import type { ShareService } from './share-service';
import type { createNumberingService } from './numbering-service';
import type { Product } from '../origins';
import { loadSettings } from '../settings';
import { type Handlers, UserFacingError } from './router';
import { createSearchHandlers, type SearchHandlerDeps } from './search-handlers';
import type { FrameSessions } from './frame-sessions';
import type { FrameKind } from '../messages';

type NumberingService = ReturnType<typeof createNumberingService>;

export interface HandlerDeps {
  connections: Connections;
  records: RecordService;
  share: ShareService;
  numbering: NumberingService;
  syncSites(): Promise<{ sites: { product: Product; base: string; granted: boolean }[] }>;
  redirectUrl(product: Product): string;
  search: Omit<SearchHandlerDeps, 'connections'>;
  frames: FrameSessions;
  /** which product's configured site a content script's page is on */
  productOf(url: string): Promise<Product | undefined>;
}

/** Which product's pages may open which frame: searching ServiceNow and hover cards are Mattermost's. */
const FRAME_HOSTS: Record<FrameKind, readonly Product[]> = { share: ['servicenow', 'mattermost'], search: ['mattermost'], hover: ['mattermost'] };

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
    'share/search': async ({ server, term }) => ({ targets: await deps.share.search(server, term) }),
    'share/post': ({ type: _, ...req }) => deps.share.post(req),
    'share/reply': ({ server, postId, instance, ref, submissionId }) => deps.share.replyWithCard(server, postId, instance, ref, submissionId),
    'record/numbering': ({ instance }) => deps.numbering.get(instance),
    'frame/open': async ({ spec }, caller) => {
      const product = caller.url ? await deps.productOf(caller.url) : undefined;
      if (caller.fromExtensionPage || !product || !FRAME_HOSTS[spec.kind].includes(product)) throw new UserFacingError('Refused: this page may not open that.');
      // Start reading what the frame will show while it loads: its own requests then join these.
      if (spec.kind === 'share') {
        if (spec.subject.kind === 'record') void deps.records.card(spec.subject.instance, spec.subject.ref).catch(() => undefined);
        void deps.share.servers().catch(() => undefined);
      } else if (spec.kind === 'hover') void deps.records.full(spec.instance, spec.ref).catch(() => undefined);
      return deps.frames.open(spec, caller);
    },
    'frame/claim': ({ id }, caller) => deps.frames.claim(id, caller),
    'frame/event': async ({ id, event }, caller) => {
      await deps.frames.event(id, event, caller);
      return {};
    },
    ...createSearchHandlers({ ...deps.search, connections }),
  };
}
