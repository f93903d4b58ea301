import { afterEach, describe, expect, it, vi } from 'vitest';
import { MissingCredentialsError, createRefresher, type RefresherOptions } from './single-flight';

type Tok = { access: string; refresh: string; expiresAt: number };

const NOW = 1_000_000;
const stale = (n: number): Tok => ({ access: `a${n}`, refresh: `r${n}`, expiresAt: NOW - 1 });
const fresh = (n: number): Tok => ({ access: `a${n}`, refresh: `r${n}`, expiresAt: NOW + 3_600_000 });

/** Exclusive-only Web Locks, in memory: what happy-dom lacks (its navigator.locks is null). */
function fakeLocks() {
  const tails = new Map<string, Promise<unknown>>();
  const requested: string[] = [];
  const held = new Set<string>();
  const locks = {
    request(name: string, optionsOrCb: unknown, maybeCb?: unknown) {
      const cb = (typeof optionsOrCb === 'function' ? optionsOrCb : maybeCb) as (l: Lock) => unknown;
      if (typeof optionsOrCb === 'object' && (optionsOrCb as LockOptions).mode === 'shared') throw new Error('fake: exclusive only');
      requested.push(name);
      const run = (tails.get(name) ?? Promise.resolve()).then(async () => {
        held.add(name);
        try {
          return await cb({ name, mode: 'exclusive' } as Lock);
        } finally {
          held.delete(name);
        }
      });
      tails.set(name, run.catch(() => undefined));
      return run;
    },
    query: () => Promise.resolve({ held: [], pending: [] }),
  };
  return { locks: locks as unknown as LockManager, requested, held };
}

/** Storage shared by "contexts"; loads return copies, as IndexedDB would. */
function fakeStorage(initial: Record<string, Tok>) {
  const data = new Map(Object.entries(initial));
  return {
    data,
    load: vi.fn(async (id: string) => {
      await Promise.resolve();
      const t = data.get(id);
      return t && structuredClone(t);
    }),
    save: vi.fn(async (id: string, t: Tok) => {
      await new Promise((r) => setTimeout(r, 5)); // slow on purpose: resolving must wait for it
      data.set(id, structuredClone(t));
    }),
  };
}

function deferred<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup(
  storage: ReturnType<typeof fakeStorage>,
  refresh: RefresherOptions<Tok>['refresh'],
  locks: LockManager | null,
) {
  const refreshFn = vi.fn(refresh);
  const refresher = createRefresher<Tok>({
    lockName: (id) => `nowbridge-refresh:${id}`,
    locks,
    load: storage.load,
    save: storage.save,
    isFresh: (t) => t.expiresAt > NOW,
    refresh: refreshFn,
  });
  return { refresher, refreshFn };
}

const tick = () => new Promise((r) => setTimeout(r, 0));

afterEach(() => vi.restoreAllMocks());

describe.each([
  ['with Web Locks', () => fakeLocks().locks],
  ['without Web Locks (old Firefox)', () => null],
])('createRefresher %s', (_, makeLocks) => {
  it('does one refresh for ten parallel callers, and all get the new token', async () => {
    const storage = fakeStorage({ sn: stale(1) });
    const { refresher, refreshFn } = setup(storage, async () => fresh(2), makeLocks());
    const results = await Promise.all(Array.from({ length: 10 }, () => refresher.refresh('sn', stale(1))));
    expect(refreshFn).toHaveBeenCalledTimes(1);
    expect(refreshFn).toHaveBeenCalledWith('sn', stale(1));
    expect(results).toEqual(Array.from({ length: 10 }, () => fresh(2)));
    expect(storage.data.get('sn')).toEqual(fresh(2));
  });

  it('saves the new token before anyone gets it', async () => {
    const storage = fakeStorage({ sn: stale(1) });
    const { refresher } = setup(storage, async () => fresh(2), makeLocks());
    const got = await refresher.refresh('sn', stale(1));
    expect(storage.save).toHaveBeenCalledWith('sn', fresh(2));
    expect(storage.data.get('sn')).toEqual(got);
  });

  it('rejects every waiter with the same error, does not retry, and the next call tries once more', async () => {
    const storage = fakeStorage({ sn: stale(1) });
    const boom = new Error('refresh refused');
    let fail = true;
    const { refresher, refreshFn } = setup(
      storage,
      async () => {
        await tick();
        if (fail) throw boom;
        return fresh(2);
      },
      makeLocks(),
    );
    const outcomes = await Promise.allSettled(Array.from({ length: 5 }, () => refresher.refresh('sn', stale(1))));
    expect(outcomes.every((o) => o.status === 'rejected' && o.reason === boom)).toBe(true);
    expect(refreshFn).toHaveBeenCalledTimes(1);
    expect(storage.save).not.toHaveBeenCalled();
    expect(storage.data.get('sn')).toEqual(stale(1));

    fail = false;
    expect(await refresher.refresh('sn', stale(1))).toEqual(fresh(2));
    expect(refreshFn).toHaveBeenCalledTimes(2);
  });

  it('lets a caller that reacts to a failure start a new attempt right away', async () => {
    const storage = fakeStorage({ sn: stale(1) });
    const { refresher, refreshFn } = setup(storage, async () => Promise.reject(new Error('no')), makeLocks());
    const second = await refresher.refresh('sn', stale(1)).catch(() => refresher.refresh('sn', stale(1)).catch((e: Error) => e));
    expect(second).toBeInstanceOf(Error);
    expect(refreshFn).toHaveBeenCalledTimes(2);
  });

  it('fails when the token cannot be saved, rather than handing out an unsaved one', async () => {
    const storage = fakeStorage({ sn: stale(1) });
    storage.save.mockRejectedValueOnce(new Error('quota'));
    const { refresher } = setup(storage, async () => fresh(2), makeLocks());
    await expect(refresher.refresh('sn', stale(1))).rejects.toThrow('quota');
  });

  it('returns a newer fresh stored token without refreshing (someone else already did)', async () => {
    const storage = fakeStorage({ sn: fresh(2) });
    const { refresher, refreshFn } = setup(storage, async () => fresh(3), makeLocks());
    expect(await refresher.refresh('sn', stale(1))).toEqual(fresh(2));
    expect(refreshFn).not.toHaveBeenCalled();
  });

  it('refreshes a token that looks fresh when it is the one the caller saw (a 401)', async () => {
    const storage = fakeStorage({ sn: fresh(1) });
    const { refresher, refreshFn } = setup(storage, async () => fresh(2), makeLocks());
    expect(await refresher.refresh('sn', fresh(1))).toEqual(fresh(2));
    expect(refreshFn).toHaveBeenCalledTimes(1);
  });

  it('refreshes from the stored token, not the caller’s older one, when the stored one is stale too', async () => {
    const storage = fakeStorage({ sn: stale(2) });
    const { refresher, refreshFn } = setup(storage, async () => fresh(3), makeLocks());
    expect(await refresher.refresh('sn', stale(1))).toEqual(fresh(3));
    expect(refreshFn).toHaveBeenCalledWith('sn', stale(2));
  });

  it('refuses to refresh a connection that was removed meanwhile', async () => {
    const storage = fakeStorage({});
    const { refresher, refreshFn } = setup(storage, async () => fresh(2), makeLocks());
    await expect(refresher.refresh('sn', stale(1))).rejects.toBeInstanceOf(MissingCredentialsError);
    expect(refreshFn).not.toHaveBeenCalled();
    expect(storage.data.has('sn')).toBe(false);
  });

  it('refreshes different connections independently', async () => {
    const storage = fakeStorage({ a: stale(1), b: stale(1) });
    const gates = { a: deferred<Tok>(), b: deferred<Tok>() };
    const { refresher, refreshFn } = setup(storage, (id) => gates[id as 'a' | 'b'].promise, makeLocks());
    const pa = refresher.refresh('a', stale(1));
    const pb = refresher.refresh('b', stale(1));
    await vi.waitFor(() => expect(refreshFn).toHaveBeenCalledTimes(2));
    gates.b.resolve(fresh(20));
    gates.a.resolve(fresh(10));
    expect(await Promise.all([pa, pb])).toEqual([fresh(10), fresh(20)]);
  });

  it('turns a throwing load into a rejection and recovers', async () => {
    const storage = fakeStorage({ sn: stale(1) });
    storage.load.mockRejectedValueOnce(new Error('idb closed'));
    const { refresher } = setup(storage, async () => fresh(2), makeLocks());
    await expect(refresher.refresh('sn', stale(1))).rejects.toThrow('idb closed');
    expect(await refresher.refresh('sn', stale(1))).toEqual(fresh(2));
  });
});

describe('createRefresher across contexts', () => {
  it('a second context arriving mid-refresh gets the saved token without a second refresh', async () => {
    const { locks, requested } = fakeLocks();
    const storage = fakeStorage({ sn: stale(1) });
    const gate = deferred<Tok>();
    const first = setup(storage, () => gate.promise, locks);
    const second = setup(storage, async () => fresh(99), locks);

    const p1 = first.refresher.refresh('sn', stale(1));
    await vi.waitFor(() => expect(first.refreshFn).toHaveBeenCalledTimes(1));
    const p2 = second.refresher.refresh('sn', stale(1));
    await tick();
    expect(second.refreshFn).not.toHaveBeenCalled();

    gate.resolve(fresh(2));
    expect(await p1).toEqual(fresh(2));
    expect(await p2).toEqual(fresh(2));
    expect(second.refreshFn).not.toHaveBeenCalled();
    expect(storage.save).toHaveBeenCalledTimes(1);
    expect(requested).toEqual(['nowbridge-refresh:sn', 'nowbridge-refresh:sn']);
  });

  it('a restarted worker holding the old token picks up the saved one', async () => {
    const { locks } = fakeLocks();
    const storage = fakeStorage({ sn: stale(1) });
    await setup(storage, async () => fresh(2), locks).refresher.refresh('sn', stale(1));
    const restarted = setup(storage, async () => fresh(3), locks);
    expect(await restarted.refresher.refresh('sn', stale(1))).toEqual(fresh(2));
    expect(restarted.refreshFn).not.toHaveBeenCalled();
  });

  it('holds the lock for the whole refresh and save', async () => {
    const { locks, held } = fakeLocks();
    const storage = fakeStorage({ sn: stale(1) });
    const heldDuring: boolean[] = [];
    storage.save.mockImplementation(async (id, t) => {
      heldDuring.push(held.has('nowbridge-refresh:sn'));
      storage.data.set(id, t);
    });
    const { refresher } = setup(
      storage,
      async () => {
        heldDuring.push(held.has('nowbridge-refresh:sn'));
        return fresh(2);
      },
      locks,
    );
    await refresher.refresh('sn', stale(1));
    expect(heldDuring).toEqual([true, true]);
    expect(held.size).toBe(0);
  });

  it('without Web Locks, two contexts cannot coordinate (why the lock matters)', async () => {
    const storage = fakeStorage({ sn: stale(1) });
    const gate = deferred<Tok>();
    const first = setup(storage, () => gate.promise, null);
    const second = setup(storage, async () => fresh(99), null);
    const p1 = first.refresher.refresh('sn', stale(1));
    await vi.waitFor(() => expect(first.refreshFn).toHaveBeenCalledTimes(1));
    await second.refresher.refresh('sn', stale(1));
    expect(second.refreshFn).toHaveBeenCalledTimes(1);
    gate.resolve(fresh(2));
    await p1;
  });
});

describe('createRefresher defaults', () => {
  const base = (storage: ReturnType<typeof fakeStorage>, refresh: () => Promise<Tok>) => ({
    lockName: (id: string) => `lock:${id}`,
    load: storage.load,
    save: storage.save,
    isFresh: (t: Tok) => t.expiresAt > NOW,
    refresh,
  });

  it('uses navigator.locks when the platform has it', async () => {
    const { locks, requested } = fakeLocks();
    vi.spyOn(navigator, 'locks', 'get').mockReturnValue(locks);
    const storage = fakeStorage({ sn: stale(1) });
    const refresher = createRefresher<Tok>(base(storage, async () => fresh(2)));
    expect(await refresher.refresh('sn', stale(1))).toEqual(fresh(2));
    expect(requested).toEqual(['lock:sn']);
  });

  it('falls back to in-memory coordination when navigator.locks is null (happy-dom) or missing', async () => {
    expect(navigator.locks).toBeNull();
    const storage = fakeStorage({ sn: stale(1) });
    const refresh = vi.fn(async () => fresh(2));
    const refresher = createRefresher<Tok>(base(storage, refresh));
    await Promise.all(Array.from({ length: 10 }, () => refresher.refresh('sn', stale(1))));
    expect(refresh).toHaveBeenCalledTimes(1);
  });

  it('compares tokens with a custom `same`', async () => {
    const storage = fakeStorage({ sn: { ...fresh(1), expiresAt: NOW + 1 } });
    const refresh = vi.fn(async () => fresh(2));
    const refresher = createRefresher<Tok>({ ...base(storage, refresh), locks: null, same: (a, b) => a.access === b.access });
    // Same access token as the caller saw (only metadata differs): that's the one that got a 401, so refresh.
    expect(await refresher.refresh('sn', fresh(1))).toEqual(fresh(2));
    expect(refresh).toHaveBeenCalledTimes(1);
  });
});
