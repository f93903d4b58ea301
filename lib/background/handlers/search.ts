import browser from 'webextension-polyfill';
import type { Connections } from '../../connections/manager';
import type { searchMessages } from '../../messages/search';
import { loadSettings } from '../../settings';
import { type HandlersOf, type Sender, UserFacingError } from '../router';
import type { SearchService } from '../search-service';

export interface SearchHandlerDeps {
  search: SearchService;
  connections: Pick<Connections, 'statuses'>;
  /** is this page on a configured (and granted) Mattermost site */
  isMattermostPage(url: string): Promise<boolean>;
}

/** One search per view: a popup, an options tab, or a content script's frame. */
const channelOf = (s: Sender) => `${s.tab?.id ?? 'page'}:${s.frameId ?? 0}:${s.url?.split(/[?#]/)[0] ?? ''}`;

/** The popup's and the in-page search's messages (issue 7). */
export function createSearchHandlers(deps: SearchHandlerDeps): HandlersOf<typeof searchMessages> {
  const mattermostTab = async (tabId: number) => {
    const tab = await browser.tabs.get(tabId).catch(() => undefined);
    return tab?.url && (await deps.isMattermostPage(tab.url)) ? tab : undefined;
  };
  return {
    'search/instances': async () => {
      const [settings, statuses] = await Promise.all([loadSettings(), deps.connections.statuses()]);
      return {
        instances: settings.servicenow.map((s) => {
          const c = Object.values(statuses).find((x) => x.product === 'servicenow' && x.base === s.base);
          return { base: s.base, label: new URL(s.base).host, state: !s.signIn || !c ? ('not-connected' as const) : c.state };
        }),
      };
    },
    'search/query': ({ instance, text, filters, cursor }, sender) =>
      deps.search.search({ instance, text, filters, ...(cursor ? { cursor } : {}) }, channelOf(sender)),
    'search/home': ({ instance }, sender) => deps.search.home(instance, channelOf(sender)),
    'search/visited': async ({ instance, table, sys_id }, caller) => {
      // A ServiceNow page may only say what was visited on its own instance.
      if (!caller.fromExtensionPage && new URL(caller.url ?? 'about:blank').origin !== new URL(instance).origin) {
        throw new UserFacingError('Refused: this page may not record visits elsewhere.');
      }
      await deps.search.visited(instance, table, sys_id);
      return {};
    },
    'search/target': async ({ tabId }) => ({ mattermost: !!(await mattermostTab(tabId)) }),
    'search/insert': async ({ tabId, text }) => {
      if (!(await mattermostTab(tabId))) throw new UserFacingError('The current tab is not one of your Mattermost servers.');
      // The top frame's content script owns the composer; it checks the message again (tab-message.ts).
      const done = await browser.tabs.sendMessage(tabId, { type: 'nowbridge/insert-text', text }, { frameId: 0 }).catch(() => false);
      if (done !== true) throw new UserFacingError('No message box to insert into: open a channel in Mattermost and try again.');
      return {};
    },
  };
}
