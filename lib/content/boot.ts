import browser from 'webextension-polyfill';
import { isOnSite, type Product, siteOf } from '../origins';
import { loadSettings, parseSettings, SETTINGS_KEY } from '../settings';

/** Marker on <html> that tells tests (and curious users) the script runs here; it holds no data. */
export const MARKER = 'data-nowbridge';

const GUARD = Symbol.for('nowbridge.content');
type Guarded = typeof globalThis & { [GUARD]?: AbortController };

function extensionAlive(): boolean {
  try {
    return !!browser.runtime?.id;
  } catch {
    return false;
  }
}

export interface BootContext {
  onInvalidated(cb: () => void): void;
}

/**
 * Starts a product's content script at most once per frame, only on a configured site, and stops it
 * when the site is removed from settings or the extension context goes away. The guard lives in the
 * isolated world, so a page cannot fake or clear it, and a registered script plus an injection into an
 * already-open tab still run once.
 */
export async function bootContentScript(
  product: Product,
  ctx: BootContext,
  start: (signal: AbortSignal, base: string) => void,
): Promise<boolean> {
  const g = globalThis as Guarded;
  if (g[GUARD] && !g[GUARD].signal.aborted) {
    if (import.meta.env.MODE === 'e2e') console.debug(`NowBridge ${product} already running`);
    return false;
  }
  const controller = new AbortController();
  g[GUARD] = controller;

  const siteFor = (settings: Awaited<ReturnType<typeof loadSettings>>) =>
    settings[product].find(({ base }) => isOnSite(location.href, siteOf(base, product)));

  const site = siteFor(await loadSettings());
  if (!site) {
    controller.abort();
    return false;
  }

  const stop = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    document.documentElement.removeAttribute(MARKER);
    browser.storage.onChanged.removeListener(onChange);
  };
  const onChange = (changes: Record<string, browser.Storage.StorageChange>, area: string) => {
    if (area === 'local' && SETTINGS_KEY in changes && !siteFor(parseSettings(changes[SETTINGS_KEY]!.newValue))) stop();
  };
  browser.storage.onChanged.addListener(onChange);
  // WXT invalidates a running script whenever another copy starts. If the extension itself is still
  // alive, that copy is a duplicate injection (the guard turns it away), so this one keeps running;
  // only a reloaded or updated extension really ends it.
  ctx.onInvalidated(() => {
    if (!extensionAlive()) stop();
  });

  document.documentElement.setAttribute(MARKER, product);
  // The e2e suite counts these lines to prove a frame runs the script exactly once.
  if (import.meta.env.MODE === 'e2e') console.debug(`NowBridge ${product} started`);
  start(controller.signal, site.base);
  return true;
}
