import type { DomObserver } from './dom-observer';

type NavigationLike = EventTarget;

/**
 * Calls `onChange(url)` when the document's URL changes without a page load (pushState, replaceState,
 * back/forward, a hash), without polling. ServiceNow workspaces, the portal and Mattermost are single-page apps:
 * - the Navigation API (`navigation`: 'currententrychange', 'navigatesuccess') reports every same-document
 *   navigation where the browser has it (Chromium);
 * - elsewhere 'popstate' and 'hashchange' report back/forward and hashes, and a pushState (which fires no event)
 *   is caught by the DOM observer's next batch, since an app that changes its URL also renders the new view.
 * Each source only compares a string, so reporting the same change twice costs nothing and calls once.
 */
export function watchUrl(observer: DomObserver, onChange: (url: string) => void, signal: AbortSignal, win: Window = window): void {
  let last = win.location.href;
  const check = () => {
    const url = win.location.href;
    if (url === last) return;
    last = url;
    onChange(url);
  };
  const opts = { signal };
  win.addEventListener('popstate', check, opts);
  win.addEventListener('hashchange', check, opts);
  const nav = (win as { navigation?: NavigationLike }).navigation;
  if (nav && typeof nav.addEventListener === 'function') {
    nav.addEventListener('currententrychange', check, opts);
    nav.addEventListener('navigatesuccess', check, opts);
  }
  observer.subscribe(check, signal);
}
