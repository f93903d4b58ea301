import { bootContentScript } from '@/lib/content/boot';
import { SERVICENOW_FEATURES } from '@/lib/content/servicenow';

export default defineContentScript({
  registration: 'runtime',
  cssInjectionMode: 'manual',
  main(ctx) {
    void bootContentScript('servicenow', ctx, SERVICENOW_FEATURES);
  },
});
