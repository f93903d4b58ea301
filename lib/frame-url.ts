import { getURL } from './content/ext';

/** The one extension page that in-page frames load (entrypoints/frame). */
export const FRAME_PATH = '/frame.html';

/**
 * The frame page for a session, at the URL a content script may load it by. With `use_dynamic_url`, Chrome's
 * `runtime.getURL` gives a per-browser-session origin (`chrome-extension://<uuid>/`) for web-accessible pages;
 * Firefox's moz-extension origin is random per install anyway.
 */
export const frameUrl = (id: string): string => `${getURL(FRAME_PATH)}#${id}`;

/** Our own origins, seen from the background: its own (static) one and the frame page's dynamic one. */
function ownOrigins(): Set<string> {
  return new Set([globalThis.location.origin, new URL(getURL(FRAME_PATH)).origin]);
}

/** One of NowBridge's own pages (popup, options, share window, a frame), not a web page or a content script. */
export function isExtensionUrl(url: string): boolean {
  return URL.canParse(url) && ownOrigins().has(new URL(url).origin);
}

/** The frame page itself, at either of its origins. */
export function isFramePage(url: string): boolean {
  return isExtensionUrl(url) && new URL(url).pathname === FRAME_PATH;
}
