import browser from 'webextension-polyfill';
import { openShareSubject } from './tab-message';
import { defineFeature } from './feature';
import { openShareDialog } from './share-dialog-host';

/** The context menu's "Share to Mattermost" on a page where NowBridge runs: the dialog opens in the page. */
export function listenForShareRequests(signal: AbortSignal): void {
  const onMessage = (message: unknown) => {
    const subject = openShareSubject(message);
    if (!subject) return undefined;
    return openShareDialog(subject).then(() => true);
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage));
}

/** On both products' pages; one dialog per tab: the top frame answers. */
export const feature = defineFeature({
  id: 'share-requests',
  include: (ctx) => ctx.isTop,
  init: listenForShareRequests,
});
