import browser, { type Menus, type Tabs } from 'webextension-polyfill';
import { HttpError } from '../http';
import type { PickerTarget } from '../mattermost/channels';
import type { ShareSubjectMessage } from '../messages';
import { parseRecordUrl } from '../servicenow/record-url';
import { loadSettings } from '../settings';
import type { ShareService } from './share-service';

const SHARE = 'nb-share';
const RECENT = 'nb-recent';
const RECENT_SHOWN = 5;

/**
 * What a right-click shares. The thing under the pointer first: a link (a ServiceNow record when the link is
 * one, on a configured instance; else the link itself), even with text selected elsewhere on the page, since
 * Chromium reports a leftover selection alongside the link. Then a selection, as a quote of it with its source;
 * then the page (a record, or the page as a link). Never the page's record in place of a link the user pointed
 * at: a link that is not a web address (javascript:, mailto:) is refused with a message, not swapped for the page.
 */
export async function subjectFor(
  info: Pick<Menus.OnClickData, 'selectionText' | 'linkUrl' | 'linkText' | 'pageUrl'>,
  tab?: Pick<Tabs.Tab, 'title'>,
): Promise<ShareSubjectMessage> {
  const instances = (await loadSettings()).servicenow.map((s) => s.base);
  const pageUrl = info.pageUrl ?? '';
  const title = tab?.title?.slice(0, 500);
  if (!info.linkUrl && info.selectionText?.trim()) return { kind: 'quote', text: info.selectionText.trim().slice(0, 20_000), url: pageUrl, title };
  const url = info.linkUrl ?? pageUrl;
  const ref = parseRecordUrl(url, instances);
  if (ref) {
    // ServiceNow sites are origins, so the record's origin is the configured instance.
    const { origin, ...rest } = ref;
    return { kind: 'record', instance: origin, ref: rest };
  }
  if (!/^https?:\/\//i.test(url)) throw new HttpError('http', 'Only web links can be shared.');
  if (url.length > 4096) throw new HttpError('http', 'That address is too long to share (over 4,096 characters).');
  // Firefox gives the link's own text; Chromium gives none, and the page's title would name the wrong thing.
  const linkText = info.linkText?.trim().slice(0, 500);
  return { kind: 'link', url, title: info.linkUrl ? linkText || undefined : title };
}

/** The share dialog in a small extension window, for pages without a NowBridge content script. */
export async function openShareWindow(subject: ShareSubjectMessage): Promise<void> {
  const url = browser.runtime.getURL(`/share.html#${encodeURIComponent(JSON.stringify(subject))}`);
  await browser.windows.create({ url, type: 'popup', width: 560, height: 720 });
}

async function notify(title: string, message: string) {
  await browser.notifications.create({ type: 'basic', iconUrl: browser.runtime.getURL('/icon/128.png'), title, message });
}

/** Context menu "Share to Mattermost" and "Share to recent channel ▸", kept in line with recent targets. */
export function watchContextMenu(share: ShareService): void {
  // Read afresh on every use: the worker may have restarted since the menu was built.
  const recentTargets = async (): Promise<PickerTarget[]> => {
    const servers = await share.servers();
    return (await Promise.all(servers.map((s) => share.recent(s.base)))).flat().slice(0, RECENT_SHOWN);
  };

  const rebuild = async () => {
    const recent = await recentTargets();
    await browser.contextMenus.removeAll();
    const contexts: Menus.ContextType[] = ['page', 'link', 'selection'];
    browser.contextMenus.create({ id: SHARE, title: 'Share to Mattermost', contexts });
    browser.contextMenus.create({ id: RECENT, title: 'Share to recent channel', contexts, enabled: recent.length > 0 });
    // The id names the target itself: the list reorders with every share, so a position could post elsewhere.
    recent.forEach((t) =>
      browser.contextMenus.create({ id: `${RECENT}|${t.server}|${t.key}`, parentId: RECENT, title: t.team ? `${t.label} (${t.team})` : t.label, contexts }),
    );
  };
  const run = () => void rebuild().catch((err) => console.error('NowBridge: context menu', err));
  browser.runtime.onInstalled.addListener(run);
  browser.runtime.onStartup.addListener(run);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && ('recentTargets' in changes || 'settings' in changes || 'connections' in changes)) run();
  });

  const onClicked = async (info: Menus.OnClickData, tab?: Tabs.Tab) => {
    let subject: ShareSubjectMessage;
    try {
      subject = await subjectFor(info, tab);
    } catch (err) {
      await notify('Could not share to Mattermost', err instanceof HttpError ? err.message : 'Something went wrong in NowBridge.');
      return;
    }
    if (info.menuItemId === SHARE) {
      // In-page dialog where NowBridge runs (ServiceNow pages); otherwise a small window.
      if (tab?.id !== undefined) {
        const shown = await browser.tabs.sendMessage(tab.id, { type: 'nowbridge/open-share', subject }, { frameId: 0 }).catch(() => false);
        if (shown === true) return;
      }
      await openShareWindow(subject);
      return;
    }
    const [, server, key] = String(info.menuItemId).split('|');
    const target = (await recentTargets()).find((t) => t.server === server && t.key === key);
    if (!target) return;
    try {
      const r = await share.post({ server: target.server, target, subject, message: '', submissionId: Date.now() });
      await notify(`Posted to ${r.channelLabel}`, subject.kind === 'record' ? 'The record card is in the channel.' : 'Shared.');
    } catch (err) {
      await notify('Could not share to Mattermost', err instanceof HttpError ? err.message : 'Something went wrong in NowBridge.');
    }
  };
  browser.contextMenus.onClicked.addListener((info, tab) => void onClicked(info, tab));
  // The e2e suite drives the handler directly: real menus can't be clicked in headless Chromium.
  if (import.meta.env.MODE === 'e2e') (globalThis as { nowbridgeContextMenu?: unknown }).nowbridgeContextMenu = onClicked;
}
