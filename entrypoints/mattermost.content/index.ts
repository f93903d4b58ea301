import { bootContentScript } from '@/lib/content/boot';
import { mattermostFeatures } from '@/lib/content/mattermost/features';

export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main(ctx) {
    void bootContentScript('mattermost', ctx, (signal, server) => {
      void mattermostFeatures(signal, server).catch((err) => console.error('NowBridge: Mattermost features', err));
    });
  },
});
