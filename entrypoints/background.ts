import browser from 'webextension-polyfill';
import { openVault } from '@/lib/auth/vault';
import { watchContextMenu } from '@/lib/background/context-menu';
import { createHandlers } from '@/lib/background/handlers';
import { createPostCheckService } from '@/lib/background/post-check';
import { createRecordService } from '@/lib/background/record-service';
import { announceRevalidated } from '@/lib/background/revalidated';
import { createRouter, type Sender } from '@/lib/background/router';
import { createNumberingService } from '@/lib/background/numbering-service';
import { createRecentRecords } from '@/lib/background/recent-records';
import { createSearchService } from '@/lib/background/search-service';
import { createShareService } from '@/lib/background/share-service';
import { isConfiguredSite, syncRegistrations, watchSiteAccess } from '@/lib/background/site-access';
import { createConnections } from '@/lib/connections/manager';
import type { Request } from '@/lib/messages';
import { loadPreferences } from '@/lib/preferences';
import type { Product } from '@/lib/origins';

/**
 * What a content script may ask for, and from which product's pages; nothing about sign-ins. A ServiceNow page
 * has no business replying in Mattermost threads, a Mattermost page none recording ServiceNow visits.
 */
const BOTH = ['servicenow', 'mattermost'] as const;
const CONTENT_SCRIPT_REQUESTS: Partial<Record<Request['type'], readonly Product[]>> = {
  'record/card': BOTH,
  'record/cards': ['mattermost'],
  'record/full': ['mattermost'],
  'record/numbering': ['mattermost'],
  'share/servers': BOTH,
  'share/search': BOTH,
  'share/post': BOTH,
  'share/reply': ['mattermost'],
  'ui/open-settings': BOTH,
  'ui/styles': BOTH,
  'search/instances': ['mattermost'],
  'search/query': ['mattermost'],
  'search/home': ['mattermost'],
  'search/visited': ['servicenow'],
};

export default defineBackground(() => {
  watchSiteAccess();

  const redirectUrl = (product: Product) => browser.identity.getRedirectURL(product);
  const connections = createConnections({
    vault: openVault(),
    fetch: (input, init) => fetch(input, init),
    launchWebAuthFlow: (details) => browser.identity.launchWebAuthFlow(details),
    redirectUrl,
    getCookie: async (url, name) => (await browser.cookies.get({ url, name }))?.value ?? undefined,
    now: () => Date.now(),
    locks: navigator.locks,
    onDisconnect: async (product, base) => {
      if (product === 'servicenow') {
        records.forget(base);
        search.forget(base);
      } else {
        share.forget(base);
        postCheck.forget(base);
      }
    },
  });
  // Cards' references arrive in the post check's 50 ms window (a virtualised list mounts a channel's rows over a
  // few frames) and reach the record service together: its own window only merges what is asked at that moment.
  const records = createRecordService(connections, { windowMs: 1, onRevalidated: (instance, key) => announceRevalidated(instance, key) });
  const share = createShareService(connections, records);
  const numbering = createNumberingService(connections);
  // Cards are checked against Mattermost's copy of their posts in this window; ServiceNow's batch window can then
  // be short, since a frame's references already arrive together.
  const postCheck = createPostCheckService((server) => share.client(server), numbering, { windowMs: 50 });
  const search = createSearchService({
    connections,
    numbering,
    recent: createRecentRecords(),
    // Tables the user added in settings: their own request each (whether they extend task is unknown here).
    extraTables: async () => ({ task: [], other: (await loadPreferences()).searchTables }),
  });

  const route = createRouter(createHandlers({ connections, records, postCheck, share, numbering, syncSites: syncRegistrations, redirectUrl, search: { search, isMattermostPage: (url) => isConfiguredSite(url, 'mattermost') } }), {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    contentScriptTypes: new Set(Object.keys(CONTENT_SCRIPT_REQUESTS) as Request['type'][]),
    isConfiguredSite: async (url, type) => {
      for (const product of CONTENT_SCRIPT_REQUESTS[type] ?? []) if (await isConfiguredSite(url, product)) return true;
      return false;
    },
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => route(message, sender));

  watchContextMenu(share);

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
