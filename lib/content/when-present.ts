/**
 * Wait until something shows up on the page: `whenPresent(() => findButtonSlot(document, 'classic'))`.
 * ServiceNow renders late (the Polaris shell builds `#gsft_main` after load, workspaces build their record
 * form after a fetch, the portal is an Angular app), and the button must appear within 300 ms of the form
 * being ready, so we react to DOM changes instead of polling on a fixed delay.
 *
 * How it watches, and why:
 * - ONE MutationObserver on `root` (subtree, child lists, attributes, text). Its records are not read:
 *   any change schedules one `find()` on the next animation frame, so a burst of hundreds of mutations
 *   (ServiceNow renders in many small steps) costs one check, and the check sees the finished frame.
 * - A MutationObserver does not see into shadow roots, so with `deep` (the default) each check also
 *   hands every open shadow root found under `root` to the same observer (once each; `disconnect()`
 *   drops them all). Changes inside known workspace trees are then seen as promptly as light-DOM ones.
 * - No observer sees `attachShadow()` itself, nor a custom element upgrading (and attaching its root)
 *   when its definition loads: the host is already in the tree and nothing mutates. That is exactly how
 *   the shell and workspaces build, so `deep` also re-checks on a slow timer (`pollMs`, 100 ms by
 *   default: inside the 300 ms budget, ~10 cheap checks a second). It is a timer, not a loop, and it runs
 *   only until the promise settles, times out or is aborted. Light-DOM finders pass `deep: false` and
 *   cost nothing while the page is idle.
 * The poll checks directly, not through requestAnimationFrame, which never fires in a background tab: a
 * page opened in a background tab still gets its button. (Light-DOM checks wait for the tab's first frame,
 * when there is first something to see.)
 */
import { openShadowRoots } from './deep-query';
import type { DomObserver } from './dom-observer';

export interface WhenPresentOptions {
  /** Stops waiting (soft navigation, extension reload); the promise rejects with `signal.reason`. */
  signal?: AbortSignal;
  /** What to observe; the document by default. */
  root?: Document | ShadowRoot | Element;
  /** Rejects with a `TimeoutError` DOMException after this long; waits until aborted without it. */
  timeoutMs?: number;
  /** Also watch inside open shadow roots and poll for new ones (see above). Default true. */
  deep?: boolean;
  /** The deep-mode safety poll, in ms; 0 turns it off. Ignored when `deep` is false. */
  pollMs?: number;
  /**
   * The page's shared observer (dom-observer.ts) to listen to instead of a MutationObserver of its own: it
   * batches per frame already, and `deep` hands it the shadow roots to watch as well.
   */
  observer?: DomObserver;
}

export const DEFAULT_POLL_MS = 100;

const WATCH: MutationObserverInit = { childList: true, subtree: true, attributes: true, characterData: true };

/**
 * Resolves with `find()`'s first non-null (and non-undefined) answer. `find` runs once immediately, then
 * after DOM changes (at most once per animation frame) and on the deep-mode poll. Everything it set up
 * (observer, frame, timers, abort listener) is released when it settles, whichever way.
 */
export function whenPresent<T>(find: () => T | null | undefined, options: WhenPresentOptions = {}): Promise<NonNullable<T>> {
  const { signal, root = document, timeoutMs, deep = true, pollMs = DEFAULT_POLL_MS } = options;
  return new Promise<NonNullable<T>>((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);

    const doc = root.nodeType === 9 /* DOCUMENT_NODE */ ? (root as Document) : root.ownerDocument;
    // The root's own window: a test's happy-dom Window, or the page in a content script.
    const view = doc?.defaultView;
    const Observer = view?.MutationObserver ?? MutationObserver;
    const raf = view?.requestAnimationFrame?.bind(view) ?? ((cb: FrameRequestCallback) => setTimeout(() => cb(Date.now()), 16) as unknown as number);
    const caf = view?.cancelAnimationFrame?.bind(view) ?? ((id: number) => clearTimeout(id));

    let done = false;
    let frame = 0;
    let timeout: ReturnType<typeof setTimeout> | undefined;
    let poll: ReturnType<typeof setInterval> | undefined;
    const watched = new WeakSet<Node>();
    const shared = options.observer;
    const listening = new AbortController();
    const observer = shared
      ? { observe: (r: Node, _init?: MutationObserverInit) => shared.watch(r), disconnect: () => listening.abort() }
      : new Observer(() => {
          if (!frame) frame = raf(check);
        });

    function settle(finish: () => void): void {
      if (done) return;
      done = true;
      observer.disconnect();
      if (frame) caf(frame);
      if (timeout !== undefined) clearTimeout(timeout);
      if (poll !== undefined) clearInterval(poll);
      signal?.removeEventListener('abort', onAbort);
      finish();
    }

    function watchShadowRoots(): void {
      for (const r of openShadowRoots(root)) {
        if (watched.has(r)) continue;
        watched.add(r);
        observer.observe(r, WATCH);
      }
    }

    function check(): void {
      frame = 0;
      if (done) return;
      let found: T | null | undefined;
      try {
        found = find();
      } catch (e) {
        return settle(() => reject(e));
      }
      if (found !== null && found !== undefined) return settle(() => resolve(found));
      if (deep) watchShadowRoots();
    }

    function onAbort(): void {
      settle(() => reject(signal!.reason));
    }

    check();
    if (done) return;
    if (shared) shared.subscribe(() => check(), listening.signal);
    else observer.observe(root, WATCH);
    signal?.addEventListener('abort', onAbort, { once: true });
    if (timeoutMs !== undefined) {
      timeout = setTimeout(() => settle(() => reject(new DOMException(`not present after ${timeoutMs} ms`, 'TimeoutError'))), timeoutMs);
    }
    if (deep && pollMs > 0) poll = setInterval(check, pollMs);
  });
}
