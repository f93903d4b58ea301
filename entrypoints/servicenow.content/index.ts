import { bootContentScript } from '@/lib/content/boot';
import { listenForShareRequests } from '@/lib/content/open-share-listener';
import { recordVisits } from '@/lib/content/servicenow/record-visit';
import { shareButton } from '@/lib/content/servicenow/share-button';

export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main(ctx) {
    void bootContentScript('servicenow', ctx, (signal, instance) => {
      shareButton(signal, instance);
      listenForShareRequests(signal);
      recordVisits(signal, instance);
    });
  },
});
