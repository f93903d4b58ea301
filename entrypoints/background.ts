import browser from 'webextension-polyfill';
import { openVault } from '@/lib/auth/vault';
import { watchContextMenu } from '@/lib/background/context-menu';
import { createHandlers } from '@/lib/background/handlers';
import { createRecordService } from '@/lib/background/record-service';
import { createClients } from '@/lib/background/clients';
import { announceRevalidated } from '@/lib/background/revalidated';
import { createRouter, type Sender } from '@/lib/background/router';
import { createNumberingService } from '@/lib/background/numbering-service';
import { createRecentRecords } from '@/lib/background/recent-records';
import { createSearchService } from '@/lib/background/search-service';
import { createShareService } from '@/lib/background/share-service';
import { isConfiguredSite, syncRegistrations, watchSiteAccess } from '@/lib/background/site-access';
import { createConnections } from '@/lib/connections/manager';
import { loadPreferences } from '@/lib/preferences';
import type { Product } from '@/lib/origins';

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
      clients.forget(product, base);
      if (product === 'servicenow') {
        records.forget(base);
        search.forget(base);
      } else share.forget(base);
    },
  });
  // The one registry of ServiceNow and Mattermost clients, forgotten on disconnect above.
  const clients = createClients(connections);
  // A 50 ms window: a virtualised list mounts a channel's rows over a few frames, and they should be one batch.
  const records = createRecordService(clients, { windowMs: 50, onRevalidated: (instance, key) => announceRevalidated(instance, key) });
  const share = createShareService(clients, records);
  const numbering = createNumberingService(clients);
  const search = createSearchService({
    clients,
    numbering,
    recent: createRecentRecords(),
    // Tables the user added in settings: their own request each (whether they extend task is unknown here).
    extraTables: async () => ({ task: [], other: (await loadPreferences()).searchTables }),
  });

  const route = createRouter(createHandlers({ connections, records, share, numbering, syncSites: syncRegistrations, redirectUrl, search: { search, isMattermostPage: (url) => isConfiguredSite(url, 'mattermost') } }), {
    extensionId: browser.runtime.id,
    extensionOrigin: browser.runtime.getURL('/'),
    isConfiguredSite,
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => route(message, sender));

  watchContextMenu(share);

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
