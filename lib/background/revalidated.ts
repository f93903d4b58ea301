import browser from 'webextension-polyfill';
import { siteOf } from '../origins';
import { loadSettings } from '../settings';

let pending = new Set<string>();
let timer: ReturnType<typeof setTimeout> | undefined;

/**
 * A stale card was re-read: tell the Mattermost tabs which cards changed (keys only; they ask again and get it
 * from the cache), gathered for a moment so a channel's worth of revalidations is one message per tab.
 */
export function announceRevalidated(instance: string, key: string): void {
  pending.add(`${instance.replace(/\/+$/, '')} ${key}`);
  timer ??= setTimeout(() => {
    const keys = [...pending];
    pending = new Set();
    timer = undefined;
    void (async () => {
      const patterns = (await loadSettings()).mattermost.map((s) => siteOf(s.base, 'mattermost').matchPattern);
      if (!patterns.length) return;
      // Extension pages too (a record panel open in any tab, the popup): one broadcast (components/frame/use-announced.ts)
      await browser.runtime.sendMessage({ type: 'nowbridge/cards-revalidated', keys }).catch(() => undefined);
      for (const tab of await browser.tabs.query({ url: patterns })) {
        if (tab.id !== undefined) await browser.tabs.sendMessage(tab.id, { type: 'nowbridge/cards-revalidated', keys }).catch(() => undefined);
      }
    })();
  }, 50);
}
