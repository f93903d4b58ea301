import type { Browser, Storage } from 'webextension-polyfill';

/**
 * The few extension APIs the content scripts use, over the browser's own API: webextension-polyfill (≈3 KB
 * gzip) stays out of the content scripts. The background and the extension pages keep the polyfill.
 *
 * The choice is the polyfill's own: a browser with a promise-based `browser` namespace (Firefox; Chrome from
 * 144, which also honours a Promise returned by a `runtime.onMessage` listener) is used as it is — the polyfill
 * would hand that same object back. Otherwise (Chrome before 144), `chrome.*`: its MV3 `runtime.sendMessage`
 * and `storage` already return promises, but a `runtime.onMessage` listener must answer through `sendResponse`
 * and `return true` to answer later ("This function becomes invalid when the event listener returns, unless
 * you return true from the event listener to indicate you wish to send a response asynchronously", Chrome's
 * runtime API reference; a returned Promise is honoured only from Chrome 144, Chromium Extensions PSA
 * "Messaging API Changes", Nov 2025). Listeners here return a promise of their answer, or undefined to leave
 * the message to others; `onMessage` adapts them there, with the polyfill's encoding of a rejection, which the
 * background's polyfill turns back into one.
 *
 * Resolved on every call, not once: a reloaded extension's dead context makes `runtime` throw (boot.ts), and
 * unit tests swap the globals (WXT's fake browser).
 */
type Listener = (message: unknown) => Promise<unknown> | undefined;
type ChromeListener = (message: unknown, sender: unknown, sendResponse: (answer: unknown) => void) => boolean | undefined;
type Api = Pick<Browser, 'runtime' | 'storage' | 'permissions'>;

const REJECT = '__mozWebExtensionPolyfillReject__';
const g = globalThis as { browser?: Api; chrome?: Api };

/** The promise-based `browser` namespace, when the browser has one. */
const native = (): Api | undefined => (g.browser?.runtime?.id ? g.browser : undefined);
const api = (): Api => native() ?? g.chrome!;

/** Whether the extension context is still alive (false once the extension was reloaded or removed). */
export function extensionAlive(): boolean {
  try {
    return !!api().runtime?.id;
  } catch {
    return false;
  }
}

export const getURL = (path: string): string => api().runtime.getURL(path);

/** Asks the user for access to these origins: extension pages and frames only, first thing in the user's click. */
export const requestOrigins = (origins: string[]): Promise<boolean> => api().permissions.request({ origins });

export async function sendMessage(message: unknown): Promise<unknown> {
  const reply = (await api().runtime.sendMessage(message)) as { [REJECT]?: true; message?: string } | undefined;
  if (!native() && reply?.[REJECT]) throw new Error(reply.message);
  return reply;
}

/** A promise-returning listener as Chrome before 144 wants it: the answer through sendResponse, and `true`. */
const adapt =
  (listener: Listener): ChromeListener =>
  (message, _sender, sendResponse) => {
    const answer = listener(message);
    if (!answer) return undefined;
    answer.then(sendResponse, (e: unknown) => sendResponse({ [REJECT]: true, message: e instanceof Error ? e.message : 'An unexpected error occurred' }));
    return true;
  };

/** Listens for the background's messages; returns the function that stops listening. */
export function onMessage(listener: Listener): () => void {
  const event = api().runtime.onMessage as unknown as { addListener(l: unknown): void; removeListener(l: unknown): void };
  const l = native() ? listener : adapt(listener);
  event.addListener(l);
  return () => event.removeListener(l);
}

/** Reads from extension storage's local area (preferences, in frames too: no polyfill there either). */
export const localGet = (key: string): Promise<Record<string, unknown>> => api().storage.local.get(key);

export type StorageChanges = Record<string, Storage.StorageChange>;

/** Listens for changes in extension storage; returns the function that stops listening. */
export function onStorageChanged(listener: (changes: StorageChanges, area: string) => void): () => void {
  const event = api().storage.onChanged;
  event.addListener(listener);
  return () => event.removeListener(listener);
}
