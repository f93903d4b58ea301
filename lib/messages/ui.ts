import { z } from 'zod';
import { BOTH_PRODUCTS, defineMessages } from './contract';
import { empty } from './fields';

/** Small things the pages ask of the extension itself. */
export const uiMessages = defineMessages({
  'ui/open-settings': { contentScripts: BOTH_PRODUCTS, request: {}, response: empty },
  'ui/styles': { contentScripts: BOTH_PRODUCTS, request: { sheet: z.enum(['search', 'share']) }, response: z.object({ css: z.string() }) },
});
