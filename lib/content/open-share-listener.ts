import { onMessage } from './ext';
import { openShareSubject } from './tab-message';
import { defineFeature } from './feature';
import { openShareDialog } from './share-dialog-host';

/** The context menu's "Share to Mattermost" on a page where NowBridge runs: the dialog opens in the page. */
export function listenForShareRequests(signal: AbortSignal): void {
  const onShareRequest = (message: unknown) => {
    const subject = openShareSubject(message);
    if (!subject) return undefined;
    return openShareDialog(subject).then(() => true);
  };
  signal.addEventListener('abort', onMessage(onShareRequest));
}

/** On both products' pages; one dialog per tab: the top frame answers. */
export const feature = defineFeature({
  id: 'share-requests',
  include: (ctx) => ctx.isTop,
  init: listenForShareRequests,
});
