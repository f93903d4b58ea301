import { createStore } from 'idb-keyval';
import { describe, expect, it } from 'vitest';
import { MAX_EVENTS, openWatchStore } from './watch-store';
import { watchEvent } from './watch-event.fixtures';

let n = 0;
const fresh = () => openWatchStore(createStore(`watch-store-test-${++n}`, 'state'));
const event = (key: string) => watchEvent({ key });

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
});
