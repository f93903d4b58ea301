import type { Connections } from '../connections/manager';
import type { Fetch } from '../http';
import { createMattermostClient, type MattermostClient } from '../mattermost/client';
import type { Product } from '../origins';
import { createTableClient, type TableClient } from '../servicenow/table-client';

/**
 * The background's one registry of protocol clients: a ServiceNow Table client per instance and a Mattermost
 * client per server, each on the connection manager's fetch for that sign-in. A refused `fetchFor` (not
 * connected) keeps nothing, so the next ask connects; `forget` on disconnect drops the client.
 */
export function createClients(connections: Pick<Connections, 'fetchFor'>) {
  const made = new Map<string, TableClient | MattermostClient>();
  async function get<T extends TableClient | MattermostClient>(product: Product, base: string, make: (f: Fetch, base: string) => T): Promise<T> {
    const key = `${product} ${base}`;
    let c = made.get(key) as T | undefined;
    if (!c) {
      c = make(await connections.fetchFor(product, base), base);
      made.set(key, c);
    }
    return c;
  }
  return {
    servicenow: (instance: string) => get('servicenow', instance, (f, b) => createTableClient(f, b)),
    mattermost: (server: string) => get('mattermost', server, (f, b) => createMattermostClient(f, b)),
    forget(product: Product, base: string): void {
      made.delete(`${product} ${base}`);
    },
  };
}

export type Clients = ReturnType<typeof createClients>;
