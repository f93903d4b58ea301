/**
 * What watching shows outside the popup: a desktop notification per event (a summary past a few at once, so a
 * catch-up is never a flood) and the toolbar badge's unread count (records-and-watch-contracts.md C.5).
 * Chrome: "Open" and "Mute" buttons. Firefox shows only type, title, message and icon (MDN NotificationOptions),
 * so there a click opens the record and muting is in the Activity view.
 */
import browser, { type Notifications } from 'webextension-polyfill';
import { loadPreferences } from '../preferences';
import { canonicalRecordUrl } from '../servicenow/record-url';
import { recordOpenUrl } from '../servicenow/open-url';
import { detailLines, headline } from '../watch/watch-text';
import type { WatchEvent } from '../watch/watch-model';
import type { WatchNotifier, WatchService } from './watch-service';

/** More events than this at once: one summary notification instead. */
export const MAX_NOTIFICATIONS = 4;
const PREFIX = 'nb-watch ';
const SUMMARY = 'nb-watch-summary';

export function notificationFor(e: WatchEvent) {
  return {
    type: 'basic' as const,
    iconUrl: browser.runtime.getURL('/icon/128.png'),
    title: headline(e),
    message: detailLines(e, 200).join('\n') || e.title,
    contextMessage: `${e.number}: ${e.title}`,
  };
}

export function createWatchNotifier(opts: { buttons: boolean }): WatchNotifier {
  return {
    async notify(events) {
      if (events.length > MAX_NOTIFICATIONS) {
        const numbers = [...new Set(events.map((e) => e.number))];
        await browser.notifications.create(SUMMARY, {
          type: 'basic',
          iconUrl: browser.runtime.getURL('/icon/128.png'),
          title: `${numbers.length} watched records changed`,
          message: `${numbers.slice(0, 6).join(', ')}${numbers.length > 6 ? ', …' : ''} — open NowBridge's Activity to see who changed what.`,
        });
        return;
      }
      for (const e of events) {
        const base = notificationFor(e);
        // Firefox rejects what it does not support (contextMessage, buttons): basic fields only there.
        await browser.notifications.create(
          PREFIX + e.key,
          // buttons: Chrome's NotificationOptions (chromium notifications.d.ts), absent from the polyfill's types
          (opts.buttons ? { ...base, buttons: [{ title: 'Open' }, { title: 'Mute' }] } : { type: base.type, iconUrl: base.iconUrl, title: base.title, message: `${base.message}\n${base.contextMessage}` }) as Notifications.CreateNotificationOptions,
        );
      }
    },
    async badge(unread) {
      await browser.action.setBadgeText({ text: unread ? (unread > 99 ? '99+' : String(unread)) : '' });
      await browser.action.setBadgeBackgroundColor({ color: '#1c58d9' });
    },
  };
}

/** Clicks on notifications: open the record in ServiceNow (marking the event read), or mute its watches. */
export function listenToNotifications(watching: WatchService): void {
  const open = async (id: string) => {
    if (id === SUMMARY) return void (await browser.tabs.create({ url: browser.runtime.getURL('/popup.html?view=activity') }));
    if (!id.startsWith(PREFIX)) return;
    const e = await watching.event(id.slice(PREFIX.length));
    if (!e) return;
    const url = canonicalRecordUrl({ origin: e.instance, table: e.table, sys_id: e.sys_id });
    await browser.tabs.create({ url: recordOpenUrl({ instance: e.instance, table: e.table, sys_id: e.sys_id, url }, (await loadPreferences()).openRecordsIn) });
    await watching.markRead([e.key]);
    await browser.notifications.clear(id);
  };
  browser.notifications.onClicked.addListener((id) => void open(id));
  const withButtons = browser.notifications as typeof browser.notifications & { onButtonClicked?: { addListener(f: (id: string, index: number) => void): void } };
  withButtons.onButtonClicked?.addListener((id, index) => {
    if (index === 0) void open(id);
    else if (id.startsWith(PREFIX)) void watching.muteEvent(id.slice(PREFIX.length)).then(() => browser.notifications.clear(id));
  });
}
