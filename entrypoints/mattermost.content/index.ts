import { bootContentScript } from '@/lib/content/boot';
import { MATTERMOST_FEATURES } from '@/lib/content/mattermost';

export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main(ctx) {
    void bootContentScript('mattermost', ctx, MATTERMOST_FEATURES);
  },
});
