import { afterEach, describe, expect, it, vi } from 'vitest';
import type { BatchListener, DomObserver } from './dom-observer';
import { watchUrl } from './navigation';

/** A window with a settable URL and, optionally, the Navigation API. */
function fakeWindow(withNavigation: boolean) {
  const win = Object.assign(new EventTarget(), { location: { href: 'https://a.example/one' } }) as unknown as Window & { navigation?: EventTarget };
  if (withNavigation) win.navigation = new EventTarget();
  return win;
}
function fakeObserver() {
  const listeners: BatchListener[] = [];
  const observer: DomObserver = { subscribe: (sub) => void listeners.push(sub as BatchListener), watch: () => undefined };
  return { observer, batch: () => listeners.forEach((l) => l()) };
}

const ctl = new AbortController();
afterEach(() => vi.restoreAllMocks());

describe('watchUrl', () => {
  it('reports a pushState seen by the Navigation API, once, however many sources tell', () => {
    const win = fakeWindow(true);
    const { observer, batch } = fakeObserver();
    const seen: string[] = [];
    watchUrl(observer, (u) => seen.push(u), ctl.signal, win);
    win.location.href = 'https://a.example/two';
    win.navigation!.dispatchEvent(new Event('currententrychange'));
    win.navigation!.dispatchEvent(new Event('navigatesuccess'));
    batch();
    expect(seen).toEqual(['https://a.example/two']);
  });

  it('without the Navigation API: back/forward and hashes by their events, a pushState by the next DOM batch', () => {
    const win = fakeWindow(false);
    const { observer, batch } = fakeObserver();
    const seen: string[] = [];
    watchUrl(observer, (u) => seen.push(u), ctl.signal, win);
    win.location.href = 'https://a.example/one#x';
    win.dispatchEvent(new Event('hashchange'));
    win.location.href = 'https://a.example/back';
    win.dispatchEvent(new Event('popstate'));
    win.location.href = 'https://a.example/pushed';
    expect(seen).toHaveLength(2);
    batch();
    batch();
    expect(seen).toEqual(['https://a.example/one#x', 'https://a.example/back', 'https://a.example/pushed']);
  });

  it('no timers', () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    const setTimeout = vi.spyOn(globalThis, 'setTimeout');
    watchUrl(fakeObserver().observer, () => undefined, ctl.signal, fakeWindow(true));
    expect(setInterval).not.toHaveBeenCalled();
    expect(setTimeout).not.toHaveBeenCalled();
  });
});
