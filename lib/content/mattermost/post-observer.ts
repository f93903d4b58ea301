/**
 * Which Mattermost posts need a (re)scan, reported once per animation frame (issue 6 "Observer",
 * platform-contracts A.9 "Observer rules").
 *
 * - ONE MutationObserver on `document.body`: the virtualised list and its container are replaced on
 *   channel switches, so observing the list itself would go deaf.
 * - The callback only files each mutation under a post (via `closest`) or, outside any post, remembers
 *   the added subtree; the frame then queries those subtrees only. Nothing walks the whole document
 *   after the initial scan, so a burst of React commits costs a few `closest` calls per record.
 * - Our own card hosts (HOST_ATTR) are inserted into `.post__body`: a mutation that only adds or removes
 *   hosts, or happens inside one, is ignored, so mounting a card never re-reports its post. Shadow-root
 *   contents are invisible to a document observer anyway.
 * - Mutations in a post's chrome (header, hover menu, reactions, thread footer) are ignored: they never
 *   change the message and happen on every hover.
 * - `characterData` catches edits that only patch a text node; attributes are not observed (hover and
 *   focus toggle classes constantly; entering and leaving edit mode also re-renders children).
 * - Reads only: `onPosts` gets the batch and the integrator does its writes after, so one frame never
 *   interleaves layout reads and writes.
 *
 * The seen marker (`data-nowbridge-seen="<signature>"` on the post root) lets the integrator skip a
 * reported post that did not change: a virtualised remount builds fresh DOM without the marker, and an
 * edit changes the signature, so both are processed again.
 */
import { HOST_ATTR } from '../../servicenow/button-slot';
import { POST_SELECTOR, postElements } from '../../mattermost/post-refs';

export const SEEN_ATTR = 'data-nowbridge-seen';

const HOST_SELECTOR = `[${HOST_ATTR}]`;
/** Nearest of "our host" or "a post": one ancestor walk answers both questions. */
const HOST_OR_POST = `${HOST_SELECTOR}, ${POST_SELECTOR}`;

export interface ObservePostsOptions {
  /** the document to watch; defaults to the global one */
  root?: Document;
  /** the posts to (re)scan, deduplicated, connected, once per frame; never called with an empty list */
  onPosts(posts: Element[]): void;
  /** aborting disconnects the observer and drops pending work */
  signal: AbortSignal;
  /** runs the frame's work; defaults to requestAnimationFrame (tests pass a manual queue) */
  schedule?: (cb: () => void) => void;
}

const isHost = (n: Node): boolean => n.nodeType === 1 && (n as Element).hasAttribute(HOST_ATTR);

/**
 * Parts of a post that never hold its message: the hover menu, header, avatar, reactions and thread
 * footer re-render on hover and on every reaction. Skipping them keeps hovering from re-reporting.
 */
const CHROME = ['post__header', 'post__img', 'post-menu', 'post-pre-header', 'post__body-reactions-acks', 'ThreadFooter'];

const isChromeBox = (n: Node): boolean => {
  if (n.nodeType !== 1) return false;
  const c = (n as Element).classList;
  for (let i = 0; i < CHROME.length; i++) if (c.contains(CHROME[i]!)) return true;
  return false;
};

/** Whether `el` sits in a post's chrome (see CHROME); walks only up to the post root. */
function inChrome(el: Element, post: Element): boolean {
  for (let e: Element | null = el; e && e !== post; e = e.parentElement) if (isChromeBox(e)) return true;
  return false;
}

/** Nodes whose coming and going never changes what a post refers to. */
const ignorable = (n: Node): boolean => isHost(n) || isChromeBox(n);

/** A childList record that only moved our hosts (or post chrome, e.g. the reactions row) in or out. */
function onlyIgnorable(rec: MutationRecord): boolean {
  const { addedNodes: added, removedNodes: removed } = rec;
  if (added.length + removed.length === 0) return false;
  for (let i = 0; i < added.length; i++) if (!ignorable(added[i]!)) return false;
  for (let i = 0; i < removed.length; i++) if (!ignorable(removed[i]!)) return false;
  return true;
}

/**
 * Watches the document for new and changed posts. Also reports every post already present, in the
 * first frame. Returns nothing: stop it with the signal.
 */
export function observePosts(opts: ObservePostsOptions): void {
  const { onPosts, signal } = opts;
  if (signal.aborted) return;
  const doc = opts.root ?? document;
  const schedule = opts.schedule ?? ((cb: () => void) => void requestAnimationFrame(cb));

  // Posts touched since the last frame, and added subtrees outside any post (scanned at the frame).
  let posts = new Set<Element>();
  let roots = new Set<Element>();
  let initial = true;
  let scheduled = false;

  const flush = () => {
    scheduled = false;
    if (signal.aborted) return;
    const batchPosts = posts;
    const batchRoots = roots;
    posts = new Set();
    roots = new Set();
    if (initial) {
      initial = false;
      const body = doc.body ?? doc.documentElement;
      if (body) for (const p of postElements(body)) batchPosts.add(p);
    }
    for (const r of batchRoots) {
      // Removed again before the frame, or already inside a reported post: nothing more to find.
      if (!r.isConnected) continue;
      for (const p of postElements(r)) batchPosts.add(p);
    }
    const out: Element[] = [];
    for (const p of batchPosts) if (p.isConnected) out.push(p);
    if (out.length) onPosts(out);
  };

  const request = () => {
    if (scheduled) return;
    scheduled = true;
    schedule(flush);
  };

  // The global constructor in the extension (a Firefox content script must not build observers from the
  // page's window); a foreign document's own one only when a test passes another window's document.
  const Observer = opts.root && opts.root !== globalThis.document ? (opts.root.defaultView?.MutationObserver ?? MutationObserver) : MutationObserver;
  const observer = new Observer((records) => {
    for (const rec of records) {
      const t = rec.target;
      const el = t.nodeType === 1 ? (t as Element) : t.parentElement;
      if (!el) continue;
      const near = el.closest(HOST_OR_POST);
      if (near?.hasAttribute(HOST_ATTR)) continue; // inside our own card host
      if (rec.type === 'childList' && onlyIgnorable(rec)) continue; // our card mounted or removed, a reaction row
      if (near) {
        if (!inChrome(el, near)) posts.add(near);
        continue;
      }
      // Outside any post: a list row, a whole list (channel switch), the RHS. Scan the added part only.
      const added = rec.addedNodes;
      for (let i = 0; i < added.length; i++) {
        const n = added[i]!;
        if (n.nodeType === 1 && !isHost(n)) roots.add(n as Element);
      }
    }
    if (posts.size || roots.size) request();
  });

  observer.observe(doc.body ?? doc.documentElement, { childList: true, subtree: true, characterData: true });
  signal.addEventListener(
    'abort',
    () => {
      observer.disconnect();
      posts.clear();
      roots.clear();
    },
    { once: true },
  );
  request(); // the initial full scan
}

/** Records that this post was handled with this signature (see postSignature). */
export function markSeen(post: Element, signature: string): void {
  post.setAttribute(SEEN_ATTR, signature);
}

/** Whether the post was handled with exactly this signature: false after a remount or an edit. */
export function isSeen(post: Element, signature: string): boolean {
  return post.getAttribute(SEEN_ATTR) === signature;
}
