import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createDomObserver } from './dom-observer';
import { defineFeature, type PageContext, runFeatures } from './feature';

const info = { topLevel: true, servicenow: [{ base: 'https://acme.service-now.com', state: 'connected' as const }], mattermost: [], preferences: { detectNumbers: true } };
let page: PageContext;
let ctl: AbortController;
let errors: unknown[][];

beforeEach(() => {
  ctl = new AbortController();
  page = {
    product: 'servicenow',
    site: 'https://acme.service-now.com',
    isTop: true,
    info: { ...info, site: 'https://acme.service-now.com' },
    observer: createDomObserver({ schedule: (cb) => void setTimeout(cb, 0) }),
    instances: () => ['https://acme.service-now.com'],
    state: () => 'connected',
    onChange: () => undefined,
  };
  errors = [];
  vi.spyOn(console, 'error').mockImplementation((...args: unknown[]) => void errors.push(args));
});
afterEach(() => {
  ctl.abort();
  vi.restoreAllMocks();
});

const settle = () => new Promise((r) => setTimeout(r, 10));

describe('runFeatures', () => {
  it('one feature throwing, at once or later, stops no other; each error is reported once, with its id', async () => {
    const after = vi.fn();
    runFeatures(
      [
        defineFeature({ id: 'sync-thrower', init: () => { throw new Error('sync'); } }),
        defineFeature({ id: 'async-thrower', init: async () => { await Promise.resolve(); throw new Error('async'); } }),
        defineFeature({ id: 'include-thrower', include: () => { throw new Error('include'); }, init: vi.fn() }),
        defineFeature({ id: 'fine', init: after }),
      ],
      page,
      ctl.signal,
    );
    await settle();
    expect(after).toHaveBeenCalledOnce();
    expect(errors.map(([msg, err]) => [msg, (err as Error).message])).toEqual([
      ['NowBridge: feature "sync-thrower" failed', 'sync'],
      ['NowBridge: feature "include-thrower" failed', 'include'],
      ['NowBridge: feature "async-thrower" failed', 'async'],
    ]);
  });

  it('a feature\'s observer callback throwing is reported with its id, once, and the others keep getting batches', async () => {
    const good = vi.fn();
    runFeatures(
      [
        defineFeature({ id: 'bad', init: (_s, ctx) => ctx.observe(() => { throw new Error('every batch'); }) }),
        defineFeature({ id: 'good', init: (_s, ctx) => ctx.observe(good) }),
      ],
      page,
      ctl.signal,
    );
    await settle();
    document.body.append(document.createElement('p'));
    await settle();
    expect(good).toHaveBeenCalledTimes(2);
    expect(errors.map(([msg]) => msg)).toEqual(['NowBridge: feature "bad" failed']);
  });

  it('include is asked again after navigation; per-page features restart with a fresh signal', async () => {
    let onRecord = false;
    const signals: Record<string, AbortSignal[]> = { perPage: [], included: [], always: [] };
    const running = runFeatures(
      [
        defineFeature({ id: 'per-page', perPage: true, init: (s) => void signals.perPage!.push(s) }),
        defineFeature({ id: 'included', include: () => onRecord, init: (s) => void signals.included!.push(s) }),
        defineFeature({ id: 'always', init: (s) => void signals.always!.push(s) }),
      ],
      page,
      ctl.signal,
    );
    expect([signals.perPage!.length, signals.included!.length, signals.always!.length]).toEqual([1, 0, 1]);
    onRecord = true;
    running.navigated();
    expect(signals.perPage!.map((s) => s.aborted)).toEqual([true, false]);
    expect(signals.included!.map((s) => s.aborted)).toEqual([false]);
    onRecord = false;
    running.navigated();
    expect(signals.included!.map((s) => s.aborted)).toEqual([true]);
    expect(signals.always!.map((s) => s.aborted)).toEqual([false]); // neither per-page nor excluded: untouched
    ctl.abort(); // unload, site removed, extension gone
    expect([...signals.perPage!, ...signals.always!].every((s) => s.aborted)).toBe(true);
    running.navigated();
    expect(signals.perPage!).toHaveLength(3);
  });

  it('an error of a feature that was stopped meanwhile is not reported', async () => {
    runFeatures([defineFeature({ id: 'late', init: async (s) => { await settle(); if (s.aborted) throw new Error('aborted'); } })], page, ctl.signal);
    ctl.abort();
    await settle();
    await settle();
    expect(errors).toEqual([]);
  });
});
