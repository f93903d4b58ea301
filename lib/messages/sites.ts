import { z } from 'zod';
import { defineMessages, EXTENSION_PAGES_ONLY } from './contract';
import { product } from './fields';

export const siteStatusSchema = z.object({
  product,
  base: z.string(),
  granted: z.boolean(),
});
export type SiteStatusMessage = z.infer<typeof siteStatusSchema>;

/** The configured sites and their content-script registrations. */
export const siteMessages = defineMessages({
  'sites/sync': { contentScripts: EXTENSION_PAGES_ONLY, request: {}, response: z.object({ sites: z.array(siteStatusSchema) }) },
});
