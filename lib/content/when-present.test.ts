import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { whenPresent } from './when-present';

const frame = () => new Promise<void>((r) => requestAnimationFrame(() => r()));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

let observe: MockInstance;
let disconnect: MockInstance;
beforeEach(() => {
  // The observer whenPresent builds is the document's window's; in this environment that is the global one.
  const proto = document.defaultView!.MutationObserver.prototype;
  observe = vi.spyOn(proto, 'observe');
  disconnect = vi.spyOn(proto, 'disconnect');
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.innerHTML = '';
});

/** Every observer whenPresent made is gone, and DOM changes no longer run `find`. */
async function expectNothingLeft(find: MockInstance | (() => unknown)) {
  expect(disconnect).toHaveBeenCalledTimes(1);
  const calls = vi.isMockFunction(find) ? find.mock.calls.length : 0;
  document.body.append(document.createElement('p'));
  await frame();
  await sleep(130); // past a poll interval
  if (vi.isMockFunction(find)) expect(find.mock.calls.length).toBe(calls);
}

describe('whenPresent', () => {
  it('resolves at once, without observing, when the thing is already there', async () => {
    document.body.innerHTML = '<p id="here"></p>';
    const find = vi.fn(() => document.getElementById('here'));
    await expect(whenPresent(find)).resolves.toBe(document.getElementById('here'));
    expect(find).toHaveBeenCalledTimes(1);
    expect(observe).not.toHaveBeenCalled();
  });

  it('resolves when the element is added later (light DOM, no polling)', async () => {
    const find = vi.fn(() => document.querySelector('.navbar-right'));
    const found = whenPresent(find, { deep: false });
    await sleep(30);
    expect(find).toHaveBeenCalledTimes(1); // idle page, no poll: no checks
    document.body.innerHTML = '<nav><div class="navbar-right"></div></nav>';
    await expect(found).resolves.toBe(document.querySelector('.navbar-right'));
    await expectNothingLeft(find);
  });

  it('coalesces a burst of mutations into one check per frame', async () => {
    const find = vi.fn((): Element | null => null);
    const controller = new AbortController();
    const found = whenPresent(find, { deep: false, signal: controller.signal });
    for (let i = 0; i < 200; i++) document.body.append(document.createElement('span'));
    await frame();
    await frame();
    expect(find).toHaveBeenCalledTimes(2); // the first look, then one for the whole burst
    controller.abort();
    await expect(found).rejects.toThrow();
  });

  it('sees changes inside a shadow root that exists already, through the observer (no poll)', async () => {
    const host = document.createElement('sn-workspace-layout');
    document.body.append(host);
    const root = host.attachShadow({ mode: 'open' });
    const find = vi.fn(() => root.querySelector('.uiaction-bar-wrapper'));
    const found = whenPresent(find, { pollMs: 0 });
    expect(observe).toHaveBeenCalledWith(root, expect.anything());
    await sleep(20);
    const bar = document.createElement('div');
    bar.className = 'uiaction-bar-wrapper';
    root.append(bar);
    await expect(found).resolves.toBe(bar);
    await expectNothingLeft(find);
  });

  it('follows a host added later into its shadow root, and nested roots inside that (no poll)', async () => {
    const find = vi.fn(() => {
      const form = document.querySelector('sn-workspace-layout')?.shadowRoot?.querySelector('now-record-form-connected');
      return form?.shadowRoot?.querySelector('.record-title') ?? null;
    });
    const found = whenPresent(find, { pollMs: 0 });
    // Like the workspace: a host arrives with its root; content and a nested form come later, in steps.
    const layout = document.createElement('sn-workspace-layout');
    const outer = layout.attachShadow({ mode: 'open' });
    document.body.append(layout);
    await frame();
    await frame();
    const form = document.createElement('now-record-form-connected');
    const inner = form.attachShadow({ mode: 'open' });
    outer.append(form);
    await frame();
    await frame();
    const title = document.createElement('h2');
    title.className = 'record-title';
    inner.append(title);
    await expect(found).resolves.toBe(title);
    await expectNothingLeft(find);
  });

  it('catches attachShadow on an element that is already in the page (the poll)', async () => {
    const host = document.createElement('macroponent-f51912f4c700201072b211d4d8c26010');
    document.body.append(host);
    const find = vi.fn(() => host.shadowRoot?.querySelector('#gsft_main') ?? null);
    const found = whenPresent(find, { pollMs: 40 });
    await sleep(10);
    // No mutation record anywhere: attachShadow and filling the new root are invisible to observers.
    const root = host.attachShadow({ mode: 'open' });
    root.innerHTML = '<div id="gsft_main"></div>';
    const started = Date.now();
    await expect(found).resolves.toBe(root.querySelector('#gsft_main'));
    expect(Date.now() - started).toBeLessThan(300);
    await expectNothingLeft(find);
  });

  it('rejects with the abort reason and cleans up', async () => {
    const find = vi.fn((): Element | null => null);
    const controller = new AbortController();
    const found = whenPresent(find, { signal: controller.signal, pollMs: 20 });
    await sleep(50);
    controller.abort(new Error('navigated away'));
    await expect(found).rejects.toThrow('navigated away');
    await expectNothingLeft(find);
  });

  it('rejects at once for an already-aborted signal, without looking or observing', async () => {
    const find = vi.fn(() => document.body);
    await expect(whenPresent(find, { signal: AbortSignal.abort() })).rejects.toBeDefined();
    expect(find).not.toHaveBeenCalled();
    expect(observe).not.toHaveBeenCalled();
  });

  it('rejects with a TimeoutError and cleans up', async () => {
    const find = vi.fn((): Element | null => null);
    const found = whenPresent(find, { timeoutMs: 60 });
    await expect(found).rejects.toMatchObject({ name: 'TimeoutError' });
    await expectNothingLeft(find);
  });

  it('rejects with what find threw, and cleans up', async () => {
    let armed = false;
    const find = vi.fn(() => {
      if (armed) throw new Error('boom');
      return null;
    });
    const found = whenPresent(find, { deep: false });
    armed = true;
    document.body.append(document.createElement('div'));
    await expect(found).rejects.toThrow('boom');
    await expectNothingLeft(find);
  });

  it('accepts falsy but present answers (0, empty string)', async () => {
    await expect(whenPresent(() => 0)).resolves.toBe(0);
    await expect(whenPresent(() => '')).resolves.toBe('');
  });

  it('observes a given root instead of the document', async () => {
    const panel = document.createElement('section');
    document.body.append(panel);
    const found = whenPresent(() => panel.querySelector('b'), { root: panel, deep: false });
    expect(observe).toHaveBeenCalledWith(panel, expect.anything());
    panel.innerHTML = '<b>ok</b>';
    await expect(found).resolves.toBe(panel.querySelector('b'));
    expect(disconnect).toHaveBeenCalledTimes(1);
  });
});
