import { z } from 'zod';
import type { ConnectionStatus } from '../connections/status';
import { defineMessages, EXTENSION_PAGES_ONLY } from './contract';
import { base, product, secretText } from './fields';

const method = z.enum(['session', 'oauth', 'pat']);
export const connectionStatusSchema = z.object({
  product,
  base: z.string(),
  method,
  state: z.enum(['connected', 'needs-sign-in']),
  user: z.object({ name: z.string(), username: z.string() }),
  reason: z.string().optional(),
}) satisfies z.ZodType<ConnectionStatus>;

/** Sign-ins: extension pages only, never a content script. */
export const connectionMessages = defineMessages({
  'connection/list': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: {},
    response: z.object({
      connections: z.array(connectionStatusSchema),
      redirectUrls: z.object({ servicenow: z.string(), mattermost: z.string() }),
    }),
  },
  'connection/connect': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: {
      product,
      base,
      method,
      clientId: z.string().max(256).optional(),
      clientSecret: secretText.optional(),
      accessToken: secretText.optional(),
    },
    response: connectionStatusSchema,
  },
  'connection/check': { contentScripts: EXTENSION_PAGES_ONLY, request: { product, base }, response: connectionStatusSchema },
  'connection/disconnect': {
    contentScripts: EXTENSION_PAGES_ONLY,
    request: { product, base },
    // set when the server did not revoke the sign-in (the local disconnect happened all the same)
    response: z.object({ revocationFailed: z.string().max(1000).optional() }),
  },
});
