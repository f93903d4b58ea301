import { afterEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { extensionAlive, getURL, onMessage, onStorageChanged, sendMessage } from './ext';

type ChromeListener = (message: unknown, sender: unknown, sendResponse: (a: unknown) => void) => unknown;

/** Chrome before 144: no `browser` namespace; `chrome.*` with promises, but listeners answer by sendResponse. */
function oldChrome(reply: unknown = 'pong') {
  const listeners = new Set<ChromeListener>();
  const chrome = {
    runtime: {
      id: 'abc',
      getURL: (p: string) => `chrome-extension://abc${p}`,
      sendMessage: vi.fn(async () => reply),
      onMessage: { addListener: (l: ChromeListener) => listeners.add(l), removeListener: (l: ChromeListener) => listeners.delete(l) },
    },
  };
  vi.stubGlobal('browser', undefined);
  vi.stubGlobal('chrome', chrome);
  /** What the sender gets: the listeners' return values, and the answer sent (if any). */
  const deliver = (message: unknown) =>
    new Promise<{ returned: unknown[]; answer?: unknown }>((resolve) => {
      const returned = [...listeners].map((l) => l(message, {}, (answer) => resolve({ returned, answer })));
      if (!returned.includes(true)) resolve({ returned });
    });
  return { chrome, listeners, deliver };
}

afterEach(() => {
  vi.unstubAllGlobals();
  vi.stubGlobal('browser', fakeBrowser);
  vi.stubGlobal('chrome', fakeBrowser);
});

describe('ext on Chrome before 144 (chrome.*, no browser namespace)', () => {
  it('answers a promise-returning listener through sendResponse, returning true; leaves others alone', async () => {
    const { listeners, deliver } = oldChrome();
    const stop = onMessage((m) => (m === 'ping' ? Promise.resolve('pong') : undefined));
    expect(await deliver('ping')).toEqual({ returned: [true], answer: 'pong' });
    expect(await deliver('other')).toEqual({ returned: [undefined] });
    stop();
    expect(listeners.size).toBe(0);
  });

  it("sends a rejection in the polyfill's encoding, which the background's polyfill rejects with", async () => {
    const { deliver } = oldChrome();
    onMessage(() => Promise.reject(new Error('no dialog')));
    expect((await deliver('x')).answer).toEqual({ __mozWebExtensionPolyfillReject__: true, message: 'no dialog' });
  });

  it('sends messages with chrome.runtime, turning an encoded rejection back into one', async () => {
    const { chrome } = oldChrome({ ok: true, value: 1 });
    expect(await sendMessage({ type: 'x' })).toEqual({ ok: true, value: 1 });
    expect(chrome.runtime.sendMessage).toHaveBeenCalledWith({ type: 'x' });
    chrome.runtime.sendMessage.mockResolvedValueOnce({ __mozWebExtensionPolyfillReject__: true, message: 'refused' });
    await expect(sendMessage({ type: 'x' })).rejects.toThrow('refused');
    expect(getURL('/frame.html')).toBe('chrome-extension://abc/frame.html');
  });

  it('is dead once the context is gone (runtime throws or has no id)', () => {
    const { chrome } = oldChrome();
    expect(extensionAlive()).toBe(true);
    Object.defineProperty(chrome, 'runtime', { get: () => { throw new Error('Extension context invalidated.'); } });
    expect(extensionAlive()).toBe(false);
  });
});

describe('ext with a promise-based browser namespace (Firefox, Chrome 144+)', () => {
  it('hands listeners to browser.runtime.onMessage as they are, and takes them off again', () => {
    const add = vi.spyOn(fakeBrowser.runtime.onMessage, 'addListener');
    const remove = vi.spyOn(fakeBrowser.runtime.onMessage, 'removeListener');
    const listener = () => undefined;
    onMessage(listener)();
    expect(add).toHaveBeenCalledWith(listener);
    expect(remove).toHaveBeenCalledWith(listener);
  });

  it('watches storage.onChanged', async () => {
    const seen: string[] = [];
    const stop = onStorageChanged((changes, area) => seen.push(`${area}:${Object.keys(changes).join()}`));
    await fakeBrowser.storage.local.set({ settings: 1 });
    stop();
    await fakeBrowser.storage.local.set({ settings: 2 });
    expect(seen).toEqual(['local:settings']);
  });
});
