/**
 * The page's one DOM observer: batching per frame, time slicing against a fake clock (each item "costs" what
 * the test says), and isolation of subscribers from each other.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BUDGET_MS, createDomObserver, type Watcher } from './dom-observer';

let frames: Array<() => void>;
let clock: number;
/** each slice as [start, end] on the fake clock; a slice ends where the observer yields */
let slices: [number, number][];
let sliceStart: number;
let ctl: AbortController;

const schedule = (cb: () => void) => void frames.push(cb);
const yieldToHost = async () => {
  slices.push([sliceStart, clock]);
  await Promise.resolve();
  sliceStart = clock;
};
const make = () => createDomObserver({ schedule, yieldToHost, now: () => clock });

/** Lets the MutationObserver deliver, runs the queued frames, then lets every slice run to the end. */
async function frame(): Promise<void> {
  await new Promise((r) => setTimeout(r, 0));
  sliceStart = clock;
  for (const cb of frames.splice(0)) cb();
  for (let i = 0; i < 1000; i++) await Promise.resolve();
  slices.push([sliceStart, clock]);
}

beforeEach(() => {
  document.body.innerHTML = '<main></main>';
  frames = [];
  clock = 0;
  slices = [];
  ctl = new AbortController();
});
afterEach(() => ctl.abort());

const main = () => document.querySelector('main')!;

describe('batching', () => {
  it('calls a listener once in the first frame, then once per frame that had mutations, however many', async () => {
    const o = make();
    const listener = vi.fn();
    o.subscribe(listener, ctl.signal);
    expect(listener).not.toHaveBeenCalled();
    await frame();
    expect(listener).toHaveBeenCalledTimes(1);
    for (let i = 0; i < 100; i++) main().append(document.createElement('p'));
    await new Promise((r) => setTimeout(r, 0));
    expect(frames).toHaveLength(1);
    await frame();
    expect(listener).toHaveBeenCalledTimes(2);
    await frame();
    expect(listener).toHaveBeenCalledTimes(2); // nothing changed, nothing called
  });

  it('one MutationObserver for every subscriber, disconnected when the last one leaves', async () => {
    const observe = vi.spyOn(MutationObserver.prototype, 'observe');
    const disconnect = vi.spyOn(MutationObserver.prototype, 'disconnect');
    const o = make();
    const a = new AbortController();
    const b = new AbortController();
    o.subscribe(() => undefined, a.signal);
    o.subscribe({ map: () => undefined, run: () => undefined }, b.signal);
    o.subscribe(() => undefined, ctl.signal);
    expect(observe).toHaveBeenCalledTimes(1);
    expect(observe).toHaveBeenCalledWith(document.documentElement, expect.objectContaining({ childList: true, subtree: true }));
    a.abort();
    b.abort();
    expect(disconnect).not.toHaveBeenCalled();
    ctl.abort();
    expect(disconnect).toHaveBeenCalledTimes(1);
    vi.restoreAllMocks();
  });

  it('a watcher gets each item once per batch, deduplicated, and `done` after the last chunk', async () => {
    const o = make();
    const ran: Element[] = [];
    const done = vi.fn();
    o.subscribe<Element>({ map: (r, add) => add(r.target as Element), run: (items) => ran.push(...items), done }, ctl.signal);
    await frame();
    expect(done).not.toHaveBeenCalled(); // nothing ran
    for (let i = 0; i < 10; i++) main().append(document.createElement('p'));
    await frame();
    expect(ran).toEqual([main()]);
    expect(done).toHaveBeenCalledTimes(1);
  });
});

describe('time slicing', () => {
  /** A watcher of `n` items (from its initial scan) costing `cost(i)` ms each on the fake clock. */
  function heavy(n: number, cost: (i: number) => number, costMs?: number) {
    const ran: number[] = [];
    const w: Watcher<number> = {
      costMs,
      initial: (add) => {
        for (let i = 0; i < n; i++) add(i);
      },
      map: () => undefined,
      run: (items) => {
        for (const i of items) {
          clock += cost(i);
          ran.push(i);
        }
      },
    };
    return { w, ran };
  }

  it.each([
    ['uniform 0.05 ms', () => 0.05, 0.05],
    ['uniform 0.3 ms, no estimate', () => 0.3, undefined],
    ['varying 0.01 to 0.2 ms', (i: number) => 0.01 + ((i * 7919) % 20) / 100, undefined],
  ])('2,000 items costing %s: every item runs once, in order, and no slice exceeds the budget', async (_, cost, costMs) => {
    const o = make();
    const { w, ran } = heavy(2000, cost, costMs);
    o.subscribe(w, ctl.signal);
    await frame();
    expect(ran).toEqual([...Array(2000).keys()]);
    expect(slices.length).toBeGreaterThan(10);
    for (const [start, end] of slices) expect(end - start).toBeLessThanOrEqual(BUDGET_MS);
  });

  it('listeners and other watchers still get their turn while a heavy watcher is slicing', async () => {
    const o = make();
    const { w } = heavy(2000, () => 0.05, 0.05);
    o.subscribe(w, ctl.signal);
    const listener = vi.fn();
    o.subscribe(listener, ctl.signal);
    await frame();
    expect(listener).toHaveBeenCalledTimes(1);
    for (const [start, end] of slices) expect(end - start).toBeLessThanOrEqual(BUDGET_MS);
  });

  it('an item that alone costs more than a slice still runs (one per slice), and the rest keep going', async () => {
    const o = make();
    const { w, ran } = heavy(5, () => 20);
    o.subscribe(w, ctl.signal);
    await frame();
    expect(ran).toEqual([0, 1, 2, 3, 4]);
    expect(slices.filter(([s, e]) => e > s)).toHaveLength(5);
  });

  it('aborting mid-way drops the rest', async () => {
    const o = make();
    const { w, ran } = heavy(2000, () => 0.05, 0.05);
    const c = new AbortController();
    o.subscribe(w, c.signal);
    sliceStart = clock;
    await new Promise((r) => setTimeout(r, 0));
    for (const cb of frames.splice(0)) cb();
    const after = ran.length;
    expect(after).toBeGreaterThan(0);
    expect(after).toBeLessThan(2000);
    c.abort();
    for (let i = 0; i < 1000; i++) await Promise.resolve();
    expect(ran.length).toBe(after);
  });
});

describe('isolation', () => {
  it('a throwing subscriber is reported once and stops neither the others nor its own later batches', async () => {
    const o = make();
    const errors: unknown[] = [];
    const after = vi.fn();
    let calls = 0;
    o.subscribe(
      () => {
        calls++;
        throw new Error('boom');
      },
      ctl.signal,
      (e) => errors.push(e),
    );
    const ran: unknown[] = [];
    o.subscribe({ map: (r, add) => add(r.target), run: (items) => {
      ran.push(...items);
      throw new Error('bang');
    } }, ctl.signal, (e) => errors.push(e));
    o.subscribe(after, ctl.signal);
    await frame();
    main().append(document.createElement('p'));
    await frame();
    main().append(document.createElement('p'));
    await frame();
    expect(calls).toBe(3);
    expect(after).toHaveBeenCalledTimes(3);
    expect(ran).toEqual([main(), main()]);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom', 'bang']);
  });

  it('watches an added (shadow) root with the same observer', async () => {
    const o = make();
    const host = document.createElement('div');
    main().append(host);
    const root = host.attachShadow({ mode: 'open' });
    const listener = vi.fn();
    o.subscribe(listener, ctl.signal);
    await frame();
    o.watch(root);
    o.watch(root);
    root.append(document.createElement('p'));
    await frame();
    expect(listener).toHaveBeenCalledTimes(2);
  });
});
