import { z } from 'zod';
import { BOTH_PRODUCTS, defineMessages } from './contract';
import { product } from './fields';

/** What a content script may know at boot: sites by base, their sign-in state, never a token. */
const siteState = z.object({ base: z.string(), state: z.enum(['connected', 'needs-sign-in', 'not-connected']) });
export const contentContextSchema = z.object({
  /** the configured site (of the asked product) the sender's own frame is on */
  site: z.string().optional(),
  /** whether the tab's top-level page is a configured site of that product */
  topLevel: z.boolean(),
  servicenow: z.array(siteState),
  mattermost: z.array(siteState),
  preferences: z.object({ detectNumbers: z.boolean() }),
  /** the first instance's number prefixes, when Mattermost asks and numbers are detected */
  numbering: z.object({ prefixes: z.record(z.string(), z.string()), minDigits: z.number() }).optional(),
});
export type ContentContext = z.infer<typeof contentContextSchema>;

/** The one boot-time question of every content script (lib/content/boot.ts). */
export const contentMessages = defineMessages({
  'content/context': { contentScripts: BOTH_PRODUCTS, request: { product }, response: contentContextSchema },
});
