import { z } from 'zod';
import { tokenSet } from '../auth/token-set';

/** What the vault holds per connection. Only the background reads it; nothing of it ever leaves. */
export const secretSchema = z.discriminatedUnion('method', [
  z.object({
    method: z.literal('oauth'),
    clientId: z.string().min(1),
    clientSecret: z.string().optional(),
    tokens: tokenSet,
  }),
  z.object({ method: z.literal('pat'), token: z.string().min(1) }),
  // The ServiceNow session token (g_ck) read from a page; the cookies themselves stay in the browser.
  z.object({ method: z.literal('session'), sessionToken: z.string().optional() }),
]);

export type Secret = z.infer<typeof secretSchema>;
export type OAuthSecret = Extract<Secret, { method: 'oauth' }>;
