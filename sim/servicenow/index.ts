/**
 * The ServiceNow simulator: `start()` serves the data side's store and Table API behind the front side's
 * auth (OAuth, sessions + X-UserToken, Basic for test setup), faults and UI pages. See app.ts for the
 * control API (faults, a rate-limit rule, token/session expiry, the clock, writes by other users, signIn for
 * presetting a browser session, request counts).
 */
import { startWith, type SnSim, type StartOptions } from './app';
import { runQuery } from './query';
import { createStore, type SimStore } from './store';
import { createTableApi, queryFields } from './table-api';

export type { SignedIn, SnControl, SnSim, StartOptions } from './app';
export type { FaultConfig } from './faults';
export type { RateLimitRule } from './rate-limit';
export type { OAuthClient } from './oauth-grants';
export { DEFAULT_CLIENTS, EXTENSION_REDIRECT_URI } from './oauth-grants';

export function start(opts: StartOptions = {}): Promise<SnSim<SimStore>> {
  return startWith((clock) => {
    const store = createStore(opts.seed ?? 1, { now: clock.now });
    return {
      store,
      tableApi: createTableApi(store),
      // Like the Table API (and a real list), the row limit applies before the row ACL.
      listRows: (table, encodedQuery, user, limit) =>
        runQuery(store.scan(table), encodedQuery, queryFields(store, table), user)
          .slice(0, limit)
          .filter((row) => store.canRead(table, row, user))
          .map((row) => row.sys_id!),
    };
  }, opts);
}
