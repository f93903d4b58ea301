import type { siteMessages } from '../../messages/sites';
import type { Product } from '../../origins';
import type { HandlersOf } from '../router';

export interface SiteHandlerDeps {
  syncSites(): Promise<{ sites: { product: Product; base: string; granted: boolean }[] }>;
}

export function createSiteHandlers(deps: SiteHandlerDeps): HandlersOf<typeof siteMessages> {
  return {
    'sites/sync': async () => ({ sites: (await deps.syncSites()).sites }),
  };
}
