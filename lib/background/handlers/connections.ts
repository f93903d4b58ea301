import type { Connections } from '../../connections/manager';
import type { connectionMessages } from '../../messages/connections';
import type { Product } from '../../origins';
import { loadSettings } from '../../settings';
import type { HandlersOf } from '../router';

export interface ConnectionHandlerDeps {
  connections: Connections;
  redirectUrl(product: Product): string;
}

export function createConnectionHandlers({ connections, redirectUrl }: ConnectionHandlerDeps): HandlersOf<typeof connectionMessages> {
  return {
    'connection/list': async () => {
      const settings = await loadSettings();
      const statuses = await connections.statuses();
      const configured = (p: Product, base: string) => settings[p].some((s) => s.base === base && s.signIn);
      return {
        connections: Object.values(statuses).filter((s) => configured(s.product, s.base)),
        redirectUrls: { servicenow: redirectUrl('servicenow'), mattermost: redirectUrl('mattermost') },
      };
    },
    'connection/connect': ({ type: _, ...req }) => connections.connect(req),
    'connection/check': ({ product, base }) => connections.check(product, base),
    'connection/disconnect': ({ product, base }) => connections.disconnect(product, base),
  };
}
