/**
 * One token refresh at a time per connection.
 *
 * Refresh tokens rotate: spending one twice (two parallel calls, or a second extension context such as the
 * options page, or a restarted worker) invalidates the connection. Two layers prevent it:
 * - in this context, every caller for an id shares one promise;
 * - across contexts, the refresh runs under a Web Lock, and whoever gets the lock first re-reads storage: if the
 *   token there is no longer the one the caller saw and is still fresh, someone else already refreshed.
 * The new token is saved before anyone sees it, so a worker stopped right after loses nothing; if the save
 * fails the refresh fails too, rather than handing out a token that is not persisted.
 *
 * No retries: a failed refresh rejects every waiter with the same error and the caller decides (typically
 * "needs sign-in"). The next call, e.g. after Reconnect, tries again.
 * The refresh function must carry its own timeout: a hung request holds the lock for everyone waiting on it.
 */

export interface RefresherOptions<T> {
  lockName(id: string): string;
  /** Defaults to `navigator.locks`; null (or no Web Locks, as in old Firefox) means this context's promise only. */
  locks?: LockManager | null;
  load(id: string): Promise<T | undefined>;
  isFresh(t: T): boolean;
  refresh(id: string, current: T): Promise<T>;
  save(id: string, t: T): Promise<void>;
  /** Whether a stored token is the one a caller saw. Default: equal JSON, which survives the storage round trip. */
  same?(a: T, b: T): boolean;
}

export interface Refresher<T> {
  /**
   * `seen` is the token the caller found stale or got a 401 with. Resolves to a stored token that is newer than
   * `seen`: another context's fresh one, or the result of exactly one refresh.
   */
  refresh(id: string, seen: T): Promise<T>;
}

/** Nothing stored for this id (disconnected meanwhile): refreshing would bring a removed connection back. */
export class MissingCredentialsError extends Error {
  override name = 'MissingCredentialsError';
  constructor() {
    super('No stored credentials for this connection');
  }
}

function defaultLocks(): LockManager | undefined {
  // happy-dom answers null rather than undefined; Firefox before 96 has no navigator.locks at all.
  return (typeof navigator === 'undefined' ? undefined : navigator.locks) ?? undefined;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export function createRefresher<T>(opts: RefresherOptions<T>): Refresher<T> {
  const locks = opts.locks === undefined ? defaultLocks() : (opts.locks ?? undefined);
  const same = opts.same ?? sameJson;
  const inflight = new Map<string, Promise<T>>();

  async function refreshStored(id: string, seen: T): Promise<T> {
    const stored = await opts.load(id);
    if (stored === undefined) throw new MissingCredentialsError();
    // A stored token equal to `seen` is refreshed even if it looks fresh: the caller may have had a 401 with it
    // (revoked, or the server's clock disagrees with ours).
    if (!same(stored, seen) && opts.isFresh(stored)) return stored;
    // Refresh from what is stored, not from `seen`: it holds the newest (possibly rotated) refresh token.
    const next = await opts.refresh(id, stored);
    await opts.save(id, next);
    return next;
  }

  return {
    refresh(id, seen) {
      const pending = inflight.get(id);
      if (pending) return pending;
      // async wrapper: a throwing lockName/load becomes a rejection like any other failure.
      const run = (async () =>
        locks
          ? locks.request(opts.lockName(id), { mode: 'exclusive' }, () => refreshStored(id, seen))
          : refreshStored(id, seen))();
      inflight.set(id, run);
      // Registered before any caller's handler, so a caller reacting to the outcome already starts over
      // (one new attempt, no automatic retry).
      const settle = () => {
        if (inflight.get(id) === run) inflight.delete(id);
      };
      run.then(settle, settle);
      return run;
    },
  };
}
