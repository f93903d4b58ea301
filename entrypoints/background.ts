import browser from 'webextension-polyfill';
import { openVault } from '@/lib/auth/vault';
import { watchContextMenu } from '@/lib/background/context-menu';
import { createHandlers } from '@/lib/background/handlers';
import { createPostCheckService, messageRefParser } from '@/lib/background/post-check';
import { createIncidentService } from '@/lib/background/incident-service';
import { createMessageActions } from '@/lib/background/message-actions';
import { loadSettings } from '@/lib/settings';
import { createRecordService } from '@/lib/background/record-service';
import { createRecordWork } from '@/lib/background/record-work';
import { createRecordEdits } from '@/lib/background/record-edits';
import { createIdentity } from '@/lib/background/session-identity';
import { createPanelRecords } from '@/lib/background/panel-records';
import { createApprovalService } from '@/lib/background/approvals';
import { createSubmissionLedger } from '@/lib/background/submission-ledger';
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
import { createFrameSessions } from '@/lib/background/frame-sessions';
import { frameSessionStore } from '@/lib/background/frame-store';
import { isExtensionUrl, isFramePage } from '@/lib/frame-url';
import type { Product } from '@/lib/origins';
import { refKey } from '@/lib/servicenow/record';
import { createWatchService, feedSecretId } from '@/lib/background/watch-service';
import { createWatchFeed } from '@/lib/background/watch-feed';
import { createMattermostClient } from '@/lib/mattermost/client';
import { HttpError, withSiteAccess } from '@/lib/http';
import { browserRegistrationApi } from '@/lib/browser-registration';
import { secretText } from '@/lib/messages/fields';
import { createWatchNotifier, listenToNotifications } from '@/lib/background/watch-notifier';
import { scheduleRetry, startWatchAlarms } from '@/lib/background/watch-alarms';
import { WATCH_CHECKED } from '@/lib/watch/watch-kinds';
import { openWatchStore } from '@/lib/watch/watch-store';

export default defineBackground(() => {
  watchSiteAccess();

  const redirectUrl = (product: Product) => browser.identity.getRedirectURL(product);
  // Every request to a site: a site whose access the user withdrew says so, instead of "can't reach" (lib/http.ts).
  const siteFetch = withSiteAccess((input, init) => fetch(input, init), browserRegistrationApi.containsOrigin);
  // One vault: the connections' tokens and the channel feeds' bot tokens and webhook addresses.
  const vault = openVault();
  const connections = createConnections({
    vault,
    fetch: siteFetch,
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
        identity.forget(base);
        panel.drop(base);
        edits.forget(base);
        incidents.forget(base);
      } else {
        share.forget(base);
        postCheck.forget(base);
      }
    },
  });
  // The one registry of ServiceNow and Mattermost clients, forgotten on disconnect above.
  const clients = createClients(connections);
  // Cards' references arrive in the post check's 50 ms window (a virtualised list mounts a channel's rows over a
  // few frames) and reach the record service together: its own window only merges what is asked at that moment.
  const records = createRecordService(clients, { windowMs: 1, onRevalidated: (instance, key) => announceRevalidated(instance, key) });
  const share = createShareService(clients, records);
  const numbering = createNumberingService(clients);
  // Cards are checked against Mattermost's copy of their posts in this window (post-check.ts).
  const postCheck = createPostCheckService((server) => clients.mattermost(server), numbering, { windowMs: 50 });
  // Comments and work notes as the connected user; afterwards the record's cards are re-read once and the tabs told.
  // Who each instance's user is; before any write in browser-session mode, that the session is still theirs.
  // One record read for a panel's Activity, form and approval (panel-records.ts).
  const panel = createPanelRecords(clients);
  const identity = createIdentity({ clients, statuses: () => connections.statuses() });
  // A write started before the browser stopped the worker is looked for before it is made again (submissions.ts).
  const ledger = createSubmissionLedger();
  const work = createRecordWork({ clients, records, identity, panel, ledger, statuses: () => connections.statuses(), announce: announceRevalidated });
  // State and assignment as the connected user; a save primes every card of the record from its own answer.
  const edits = createRecordEdits({ clients, records, identity, panel, ledger, announce: announceRevalidated });
  // My approvals across instances; a decision re-reads the record's cards once and tells the tabs.
  const approvals = createApprovalService({ clients, records, panel, ledger, statuses: () => connections.statuses(), announce: announceRevalidated, beforeWrite: (instance) => identity.assertSameUser(instance) });
  const connectedFirst = async (product: Product) => {
    const statuses = await connections.statuses();
    const all = (await loadSettings())[product].map((s) => s.base);
    const connected = (b: string) => statuses[`${product}:${b}`]?.state === 'connected';
    return [...all.filter(connected), ...all.filter((b) => !connected(b))];
  };
  // Watched records and queues: one check per instance per tick, notifications, the badge, channel feeds (issue 14).
  const watchStore = openWatchStore();
  // A bot account's client: its token only, never the user's cookies.
  const botClient = (server: string, token: string) =>
    createMattermostClient((input, init) => {
      const headers = new Headers(init?.headers);
      headers.set('Authorization', `Bearer ${token}`);
      return siteFetch(input, { ...init, headers, credentials: 'omit' });
    }, server);
  const feed = createWatchFeed({
    store: watchStore,
    userClient: (server) => clients.mattermost(server),
    botClient,
    secret: (watchId) => vault.get(feedSecretId(watchId), secretText),
    postWebhook: async (url, body) => {
      const res = await siteFetch(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), credentials: 'omit' });
      await res.body?.cancel();
      if (!res.ok) throw new HttpError(res.status === 403 || res.status === 404 || res.status === 400 ? 'forbidden' : 'server', `The incoming webhook answered HTTP ${res.status}.`, res.status);
    },
    card: (instance, ref, message, description) => share.recordPost(instance, ref, message, description),
    now: () => Date.now(),
  });
  const watching = createWatchService({
    feed,
    secrets: vault,
    mattermost: { user: (server) => clients.mattermost(server), bot: botClient },
    clients,
    statuses: () => connections.statuses(),
    store: watchStore,
    notifier: createWatchNotifier({ buttons: !import.meta.env.FIREFOX }),
    now: () => Date.now(),
    online: () => navigator.onLine,
    scheduleRetry,
    checked: () => void browser.runtime.sendMessage(WATCH_CHECKED).catch(() => undefined),
    // cards and panels of what changed show it at once, in every tab
    changed: async (instance, changed) => {
      const refs = changed.flatMap((r) => [{ table: r.table, sys_id: r.sys_id }, { table: r.table, number: r.number }]);
      for (const r of changed) panel.drop(instance, r.sys_id);
      await records.cards(instance, refs, { fresh: true });
      for (const ref of refs) announceRevalidated(instance, refKey(ref));
    },
  });
  startWatchAlarms(watching);
  listenToNotifications(watching);
  // From a Mattermost message to ServiceNow: incidents from posts, messages and threads into journals, the commands.
  const incidents = createIncidentService({ clients, records, identity, ledger });
  const messageActions = createMessageActions({
    clients,
    records,
    work,
    share,
    incidents,
    refsParser: () => messageRefParser(numbering),
    instances: () => connectedFirst('servicenow'),
    servers: () => connectedFirst('mattermost'),
    openSettings: () => browser.runtime.openOptionsPage(),
    watching,
  });
  const search = createSearchService({
    clients,
    numbering,
    recent: createRecentRecords(),
    // Tables the user added in settings: their own request each (whether they extend task is unknown here).
    extraTables: async () => ({ task: [], other: (await loadPreferences()).searchTables }),
  });


  const frames = createFrameSessions({
    store: frameSessionStore,
    isFramePage,
    deliver: (tabId, frameId, message) => browser.tabs.sendMessage(tabId, message, { frameId }),
    now: () => Date.now(),
    randomId: () => [...crypto.getRandomValues(new Uint8Array(16))].map((b) => b.toString(16).padStart(2, '0')).join(''),
  });
  browser.tabs.onRemoved.addListener((tabId) => void frames.forgetTab(tabId));
  const productOf = async (url: string) => (await isConfiguredSite(url, 'servicenow')) ? 'servicenow' as const : (await isConfiguredSite(url, 'mattermost')) ? 'mattermost' as const : undefined;

  const route = createRouter(createHandlers({ connections, records, work, edits, approvals, postCheck, share, numbering, messageActions, incidents, watching, syncSites: syncRegistrations, redirectUrl, frames, productOf, search: { search, isMattermostPage: (url) => isConfiguredSite(url, 'mattermost') } }), {
    extensionId: browser.runtime.id,
    isExtensionPage: isExtensionUrl,
    isConfiguredSite,
  });
  browser.runtime.onMessage.addListener((message: unknown, sender: Sender) => route(message, sender));

  watchContextMenu(share);

  browser.runtime.onInstalled.addListener(({ reason }) => {
    if (reason === 'install') void browser.runtime.openOptionsPage();
  });
});
