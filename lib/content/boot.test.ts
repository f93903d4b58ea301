import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import type { ContentContext } from '../messages';
import { bootContentScript, MARKER } from './boot';
import { defineFeature, type FeatureContext } from './feature';

const SN = 'https://acme.service-now.com';
const context = (over: Partial<ContentContext> = {}): ContentContext => ({
  site: SN,
  topLevel: true,
  servicenow: [{ base: SN, state: 'connected' }],
  mattermost: [],
  preferences: { detectNumbers: true },
  ...over,
});

let answers: (ContentContext | string)[];
let asked: unknown[];
let invalidated: (() => void)[];
const boot = { onInvalidated: (cb: () => void) => void invalidated.push(cb) };

beforeEach(() => {
  answers = [];
  asked = [];
  invalidated = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (message: unknown) => {
    asked.push(message);
    const next = answers.length > 1 ? answers.shift()! : answers[0]!;
    return typeof next === 'string' ? { ok: false, error: next } : { ok: true, value: next };
  });
});
afterEach(() => {
  // Stop whatever a test left running: the frame's guard holds its controller.
  (globalThis as { [k: symbol]: AbortController | undefined })[Symbol.for('nowbridge.content')]?.abort();
  vi.restoreAllMocks();
  document.documentElement.removeAttribute(MARKER);
});

const settle = () => new Promise((r) => setTimeout(r, 20));

function probe(id = 'probe', perPage = false) {
  const runs: { signal: AbortSignal; ctx: FeatureContext }[] = [];
  return { runs, feature: defineFeature({ id, perPage, init: (signal, ctx) => void runs.push({ signal, ctx }) }) };
}

describe('bootContentScript', () => {
  it('asks the background once for the whole boot context, and gives it to every feature', async () => {
    answers = [context({ numbering: { prefixes: { incident: 'INC' }, minDigits: 7 } })];
    const a = probe('a');
    const b = probe('b');
    expect(await bootContentScript('servicenow', boot, [a.feature, b.feature])).toBe(true);
    expect(asked).toEqual([{ type: 'content/context', product: 'servicenow' }]);
    expect(document.documentElement.getAttribute(MARKER)).toBe('servicenow');
    for (const { runs } of [a, b]) {
      const { ctx } = runs[0]!;
      expect(ctx.site).toBe(SN);
      expect(ctx.instances()).toEqual([SN]);
      expect(ctx.state('servicenow', SN)).toBe('connected');
      expect(ctx.state('servicenow', 'https://other.service-now.com')).toBe('not-connected');
      expect(ctx.info.numbering).toEqual({ prefixes: { incident: 'INC' }, minDigits: 7 });
    }
  });

  it('does nothing in a frame whose top-level page is not a configured site of its product', async () => {
    answers = [context({ topLevel: false })];
    const p = probe();
    expect(await bootContentScript('servicenow', boot, [p.feature])).toBe(false);
    expect(p.runs).toEqual([]);
    expect(document.documentElement.hasAttribute(MARKER)).toBe(false);
  });

  it('does nothing when the background refuses (not a configured site) or the frame is on no site', async () => {
    for (const answer of ['Refused: this page may not ask for that.', context({ site: undefined })]) {
      answers = [answer];
      const p = probe();
      expect(await bootContentScript('mattermost', boot, [p.feature])).toBe(false);
      expect(p.runs).toEqual([]);
    }
  });

  it('runs once per frame: a second injection is turned away', async () => {
    answers = [context()];
    const p = probe();
    expect(await bootContentScript('servicenow', boot, [p.feature])).toBe(true);
    expect(await bootContentScript('servicenow', boot, [p.feature])).toBe(false);
    expect(p.runs).toHaveLength(1);
    expect(asked).toHaveLength(1);
  });

  it('asks again when sign-ins change and tells the features; stops everything when the site is removed', async () => {
    answers = [context(), context({ servicenow: [{ base: SN, state: 'needs-sign-in' }] })];
    const p = probe();
    await bootContentScript('servicenow', boot, [p.feature]);
    const { ctx, signal } = p.runs[0]!;
    const changed = vi.fn();
    ctx.onChange(changed, signal);
    await browser.storage.local.set({ connections: { x: 1 } });
    await settle();
    expect(changed).toHaveBeenCalledOnce();
    expect(ctx.state('servicenow', SN)).toBe('needs-sign-in');
    await browser.storage.local.set({ numbering: { unrelated: true } }); // not part of the boot context
    await settle();
    expect(asked).toHaveLength(2);
    answers = ['Refused: this page may not ask for that.'];
    await browser.storage.local.set({ settings: { servicenow: [] } });
    await settle();
    expect(signal.aborted).toBe(true);
    expect(document.documentElement.hasAttribute(MARKER)).toBe(false);
  });

  it('an in-page navigation restarts per-page features and leaves the others running', async () => {
    answers = [context()];
    const perPage = probe('per-page', true);
    const steady = probe('steady');
    await bootContentScript('servicenow', boot, [perPage.feature, steady.feature]);
    history.pushState(null, '', '/incident.do?sys_id=1');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(perPage.runs.map((r) => r.signal.aborted)).toEqual([true, false]);
    expect(steady.runs.map((r) => r.signal.aborted)).toEqual([false]);
  });

  it('stops on unload, not when the page goes into the back/forward cache', async () => {
    answers = [context()];
    const p = probe();
    await bootContentScript('servicenow', boot, [p.feature]);
    window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: true }));
    expect(p.runs[0]!.signal.aborted).toBe(false);
    window.dispatchEvent(Object.assign(new Event('pagehide'), { persisted: false }));
    expect(p.runs[0]!.signal.aborted).toBe(true);
  });

  it('stops when the extension is reloaded, not when a duplicate injection invalidates this copy', async () => {
    answers = [context()];
    const p = probe();
    await bootContentScript('servicenow', boot, [p.feature]);
    invalidated.forEach((cb) => cb());
    expect(p.runs[0]!.signal.aborted).toBe(false);
    vi.spyOn(browser.runtime, 'id', 'get').mockReturnValue(undefined as unknown as string);
    invalidated.forEach((cb) => cb());
    expect(p.runs[0]!.signal.aborted).toBe(true);
  });
});
