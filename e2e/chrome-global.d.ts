// Callbacks passed to worker.evaluate() run inside the extension's service worker, where `chrome` exists.
import type { Browser } from '@wxt-dev/browser';

declare global {
  const chrome: typeof Browser;
}
