import type { Product } from '../origins';
import { sharedObserver } from './dom-observer';
import { extensionAlive, onStorageChanged, type StorageChanges } from './ext';
import { createPageContext, type Feature, runFeatures } from './feature';
import { watchUrl } from './navigation';
import { send } from '../send';

/** Marker on <html> that tells tests (and curious users) the script runs here; it holds no data. */
export const MARKER = 'data-nowbridge';

const GUARD = Symbol.for('nowbridge.content');
type Guarded = typeof globalThis & { [GUARD]?: AbortController };

/** Storage keys whose change can change the boot context: sites, sign-ins, preferences. */
const CONTEXT_KEYS = ['settings', 'connections', 'preferences'];

export interface BootContext {
  onInvalidated(cb: () => void): void;
}

/** The boot context, or undefined when the background refuses (not a configured site) or is gone. */
const askContext = (product: Product) => send({ type: 'content/context', product }).catch(() => undefined);

const e2eLog = (line: string) => {
  if (import.meta.env.MODE === 'e2e') console.debug(line);
};

/**
 * Starts a product's content script at most once per frame, only on a configured site whose tab's top-level
 * page is a configured site of the same product, and stops it when the site is removed from settings or the
 * extension context goes away. Everything the features may know comes from ONE `content/context` answer,
 * asked again only when settings, sign-ins or preferences change. The guard lives in the isolated world, so a
 * page cannot fake or clear it, and a registered script plus an injection into an already-open tab still run
 * once.
 */
export async function bootContentScript(product: Product, ctx: BootContext, features: readonly Feature[]): Promise<boolean> {
  const g = globalThis as Guarded;
  if (g[GUARD] && !g[GUARD].signal.aborted) {
    e2eLog(`NowBridge ${product} already running`);
    return false;
  }
  const controller = new AbortController();
  g[GUARD] = controller;
  const { signal } = controller;

  const first = await askContext(product);
  // A ServiceNow form framed by a site that is not one of the user's instances (the script runs in all
  // frames for gsft_main) gets nothing: no button, no visits, no shortcut.
  if (!first?.site || !first.topLevel) {
    if (first?.site) e2eLog(`NowBridge ${product} idle: the top-level page is not a configured site`);
    controller.abort();
    return false;
  }

  const stop = () => controller.abort();
  signal.addEventListener('abort', () => {
    document.documentElement.removeAttribute(MARKER);
    stopWatching();
  });
  const onChange = (changes: StorageChanges, area: string) => {
    if (area !== 'local' || !CONTEXT_KEYS.some((k) => k in changes)) return;
    void askContext(product).then((next) => {
      if (signal.aborted) return;
      if (!next?.site || !next.topLevel) return stop();
      update(next);
    });
  };
  const stopWatching = onStorageChanged(onChange);
  // WXT invalidates a running script whenever another copy starts. If the extension itself is still
  // alive, that copy is a duplicate injection (the guard turns it away), so this one keeps running;
  // only a reloaded or updated extension really ends it.
  ctx.onInvalidated(() => {
    if (!extensionAlive()) stop();
  });
  // Unload: features let go of what they hold. A page kept in the back/forward cache keeps its features.
  window.addEventListener('pagehide', (e) => !e.persisted && stop(), { signal });

  const observer = sharedObserver(document);
  const { page, update } = createPageContext({ product, site: first.site, isTop: window === window.top, observer }, first);

  document.documentElement.setAttribute(MARKER, product);
  // The e2e suite counts these lines to prove a frame runs the script exactly once.
  e2eLog(`NowBridge ${product} started`);
  const running = runFeatures(features, page, signal);
  page.onChange(() => running.refreshed(), signal);
  watchUrl(observer, () => running.navigated(), signal);
  return true;
}
