import browser from 'webextension-polyfill';
import { openShareSubject } from './tab-message';
import { openShareDialog } from './share-dialog-host';

/** The context menu's "Share to Mattermost" on a page where NowBridge runs: the dialog opens in the page. */
export function listenForShareRequests(signal: AbortSignal): void {
  if (window !== window.top) return; // one dialog per tab: the top frame answers
  const onMessage = (message: unknown) => {
    const subject = openShareSubject(message);
    if (!subject) return undefined;
    return openShareDialog(subject).then(() => true);
  };
  browser.runtime.onMessage.addListener(onMessage);
  signal.addEventListener('abort', () => browser.runtime.onMessage.removeListener(onMessage));
}
