/**
 * The page script, run for real in tests: the server renders the page, a fresh happy-dom Window executes its
 * inline script, and the page's fetch/WebSocket are wired straight back to the same handler. POSTs (the real API)
 * are recorded and answered by `page.answer` (default 201 `{}`). happy-dom has no layout, so rows keep their
 * estimated heights and the viewport is the fallback. It fires no `keypress` either: `pressKey` does what a browser
 * does, a keydown and, unless its default was prevented, a keypress.
 */
import { Window } from 'happy-dom';
import { afterEach, expect } from 'vitest';
import { FakeStore, IDS, pid } from './fake-store';
import { createWebApp, type WebApp } from './index';
import { FakeSocket, fakeRequest } from './test-http';

export const ORIGIN = 'https://chat.example.test';
const COOKIE = 'MMAUTHTOKEN=beth; MMCSRF=csrf-token-1';

export interface Posted {
  url: string;
  headers: Record<string, string>;
  body: any;
}

export interface Page {
  win: Record<string, any> & Omit<Window, 'fetch' | 'WebSocket'>;
  doc: Document;
  sim: any;
  posted: Posted[];
  /** how the API answers a recorded POST */
  answer: (p: Posted) => { status: number; body: unknown };
}

const open: Window[] = [];
afterEach(async () => {
  for (const w of open.splice(0)) await w.happyDOM.close();
});

export async function call(app: WebApp, method: string, url: string, body?: string) {
  const { r, res } = fakeRequest(method, url, { cookie: COOKIE, origin: ORIGIN, body });
  const handled = await app(r);
  return { handled, res };
}

/** `meanwhile` runs after the server rendered the page and before its script runs. */
export async function openPage(store: FakeStore, path: string, app = createWebApp(store, { subpath: '' }), meanwhile?: () => void): Promise<Page> {
  const { res } = await call(app, 'GET', path);
  expect(res.statusCode).toBe(200);
  meanwhile?.();
  const win = new Window({ url: ORIGIN + path, settings: { enableJavaScriptEvaluation: true, suppressInsecureJavaScriptEnvironmentWarning: true } as never }) as unknown as Page['win'];
  open.push(win as unknown as Window);
  win.document.cookie = 'MMCSRF=csrf-token-1';
  const page = { win, posted: [] as Posted[], answer: () => ({ status: 201, body: {} }) } as unknown as Page;
  win.fetch = async (input: string, init: { method?: string; headers?: Record<string, string>; body?: string } = {}) => {
    if ((init.method ?? 'GET') !== 'GET') {
      const p = { url: input, headers: init.headers ?? {}, body: JSON.parse(init.body ?? '{}') };
      page.posted.push(p);
      const a = page.answer(p);
      return { ok: a.status < 400, status: a.status, json: async () => a.body };
    }
    const { res: out } = await call(app, 'GET', input);
    return { ok: out.statusCode < 400, status: out.statusCode, json: async () => JSON.parse(out.body) };
  };
  // the page's WebSocket: a live channel from the handler, delivered synchronously as the store changes
  win.WebSocket = class {
    onmessage: ((m: { data: string }) => void) | null = null;
    constructor(url: string) {
      // What the server sends before the page has set onmessage (a catch-up) is held for it, as a browser would.
      const early: string[] = [];
      const socket = new FakeSocket((data) => (this.onmessage ? this.onmessage({ data }) : early.push(data)));
      const { r } = fakeRequest('GET', new URL(url).pathname + new URL(url).search, { cookie: COOKIE, origin: ORIGIN, socket });
      void app(r);
      queueMicrotask(() => early.splice(0).forEach((data) => this.onmessage?.({ data })));
    }
    close() {}
  };
  win.document.write(res.body);
  page.doc = win.document as unknown as Document;
  page.sim = win.__sim;
  return page;
}

/** A browser's key press: keydown, then keypress only if nothing prevented the keydown's default. */
export function pressKey(page: Page, target: Element, key: string, mods: { shiftKey?: boolean; ctrlKey?: boolean; metaKey?: boolean; altKey?: boolean } = {}): void {
  const init = { key, bubbles: true, cancelable: true, composed: true, ...mods };
  const down = new page.win.KeyboardEvent('keydown', init) as unknown as KeyboardEvent;
  target.dispatchEvent(down);
  // browsers fire no keypress for a prevented keydown, nor for Ctrl/⌘ combinations
  if (!down.defaultPrevented && !mods.ctrlKey && !mods.metaKey && (key.length === 1 || key === 'Enter')) {
    target.dispatchEvent(new page.win.KeyboardEvent('keypress', init) as unknown as Event);
  }
}

/** Types into a React-controlled box: sets the value and fires `input`, as a real keystroke would. */
export function typeInto(page: Page, box: Element, text: string): void {
  if (box.tagName === 'TEXTAREA') (box as HTMLTextAreaElement).value = text;
  else box.textContent = text;
  box.dispatchEvent(new page.win.Event('input', { bubbles: true }) as unknown as Event);
}

/** a channel long enough to virtualise: 60 posts, the 30th with a ServiceNow link */
export function longChannel(): FakeStore {
  const store = new FakeStore();
  for (let i = 1; i <= 60; i++) {
    const message = i === 30 ? 'see https://acme.service-now.com/incident.do?sys_id=9d385017c611228701d22104cc95c371' : `message ${i}`;
    store.add({ id: pid(i), channel_id: IDS.incidents, message, user_id: i % 2 ? IDS.beth : IDS.david });
  }
  store.add({ id: pid(100), channel_id: IDS.town, message: 'town post' });
  return store;
}
