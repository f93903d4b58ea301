import { createStore } from 'idb-keyval';
import { describe, expect, it, vi } from 'vitest';
import { MAX_EVENTS, openWatchStore } from './watch-store';
import { watchSchema } from './watch-model';
import type { Snapshot } from './watch-diff';
import { watchEvent } from './watch-event.fixtures';

let n = 0;
const fresh = () => openWatchStore(createStore(`watch-store-test-${++n}`, 'state'));
const event = (key: string) => watchEvent({ key });
const SN = 'https://acme.service-now.com';

describe('watch store', () => {
  it('keeps events newest first, one per key, at most MAX_EVENTS', async () => {
    const store = fresh();
    await store.addEvents([event('a'), event('b')]);
    await store.addEvents([event('a')]);
    expect((await store.events()).map((e) => e.key)).toEqual(['a', 'b']);
    await store.addEvents(Array.from({ length: MAX_EVENTS + 5 }, (_, i) => event(`x${i}`)));
    expect(await store.events()).toHaveLength(MAX_EVENTS);
  });

  it('drops what it cannot read instead of failing (an older version’s or a hand-edited value)', async () => {
    const store = fresh();
    await store.updateWatches(() => [{ nonsense: true } as never]);
    expect(await store.watches()).toEqual([]);
  });

  it('a new instance is pending until its first check', async () => {
    expect((await fresh().instance('https://acme.service-now.com')).status).toEqual({ instance: 'https://acme.service-now.com', state: 'pending' });
  });

  it('parses a watch once: read again unchanged it is not parsed again; changed or added, it is', async () => {
    const store = fresh();
    const watch = (n: number) => ({ id: `record ${SN} ${String(n).padStart(32, 'a')}`, instance: SN, target: { kind: 'record' as const, table: 'incident', sys_id: String(n).padStart(32, 'a'), number: `INC00${n}`, title: '' }, events: { created: true, state: true, priority: true, assignment: true, comments: true, work_notes: true, other: false }, muted: false, createdAt: 0 });
    await store.updateWatches(() => [watch(1), watch(2)]);
    const parse = vi.spyOn(watchSchema, 'safeParse');
    try {
      const first = await store.watches();
      expect(parse).toHaveBeenCalledTimes(2);
      expect(await store.watches()).toEqual(first);
      expect(parse).toHaveBeenCalledTimes(2);
      await store.updateWatches((ws) => [...ws.map((w) => (w.id === watch(2).id ? { ...w, muted: true } : w)), watch(3)]);
      parse.mockClear();
      const after = await store.watches();
      expect(after.map((w) => w.muted)).toEqual([false, true, false]);
      expect(parse).toHaveBeenCalledTimes(2); // the changed one and the new one
      expect(after[0]).toBe(first[0]);
      expect(() => ((after[0] as { muted: boolean }).muted = true)).toThrow(TypeError);
    } finally {
      parse.mockRestore();
    }
  });

  it('knows which records have a snapshot from the keys, per instance; writes nothing for no snapshots', async () => {
    const store = fresh();
    const snap: Snapshot = { table: 'incident', number: 'INC1', title: '', modCount: 1, updatedOn: '', fields: {} };
    await store.setSnapshots(SN, new Map([['a'.repeat(32), snap], ['b'.repeat(32), { ...snap, modCount: -1, missing: true }]]));
    await store.setSnapshots(`${SN}:8443`, new Map([['c'.repeat(32), snap]]));
    await store.setSnapshots(SN, new Map());
    expect(await store.snapshotIds(SN)).toEqual(new Set(['a'.repeat(32), 'b'.repeat(32)]));
    expect(await store.snapshotIds('https://other.service-now.com')).toEqual(new Set());
    expect(await store.snapshots(SN, [])).toEqual(new Map());
  });
});

