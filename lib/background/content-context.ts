import type { Connections } from '../connections/manager';
import type { ContentContext } from '../messages';
import { isOnSite, type Product, siteOf } from '../origins';
import { loadPreferences } from '../preferences';
import type { Numbering } from '../servicenow/catalogue';
import { loadSettings, type Settings } from '../settings';
import type { Caller } from './router';

export interface ContentContextDeps {
  connections: Pick<Connections, 'statuses'>;
  numbering: { get(instance: string): Promise<Numbering> };
  settings?: () => Promise<Settings>;
}

/**
 * `content/context`: everything a content script needs at boot, in one answer (issue 10): the configured sites
 * (bases only) with their sign-in state, the preferences pages use, number prefixes for Mattermost, the site
 * the sender's frame is on, and whether the tab's top-level page is a configured site of the same product.
 * The last comes from `sender.tab.url`, which the browser fills only for pages NowBridge has access to: a
 * ServiceNow form framed by some unrelated site sees `topLevel: false` and does nothing (boot.ts).
 */
export function createContentContext(deps: ContentContextDeps) {
  return async ({ product }: { product: Product }, caller: Caller): Promise<ContentContext> => {
    const [settings, statuses, prefs] = await Promise.all([(deps.settings ?? loadSettings)(), deps.connections.statuses(), loadPreferences()]);
    const on = (url: string | undefined) => (url ? settings[product].find(({ base }) => isOnSite(url, siteOf(base, product))) : undefined);
    const states = (p: Product) =>
      settings[p].map(({ base, signIn }) => {
        const c = Object.values(statuses).find((s) => s.product === p && s.base === base);
        return { base, state: !signIn || !c ? ('not-connected' as const) : c.state };
      });
    const first = settings.servicenow[0]?.base;
    const numbering = product === 'mattermost' && prefs.detectNumbers && first ? await deps.numbering.get(first) : undefined;
    const site = on(caller.url)?.base;
    // A top frame is its own top-level page; a sub-frame is judged by its tab's URL (absent: no access, so not ours).
    const topLevel = !!on(caller.frameId === 0 ? caller.url : caller.tab?.url);
    return {
      ...(site ? { site } : {}),
      topLevel,
      servicenow: states('servicenow'),
      mattermost: states('mattermost'),
      preferences: { detectNumbers: prefs.detectNumbers },
      ...(numbering ? { numbering: { prefixes: numbering.prefixes, minDigits: numbering.minDigits } } : {}),
    };
  };
}
