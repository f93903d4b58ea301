/**
 * Which Mattermost posts need a (re)scan, reported once per animation frame, as a Watcher of the page's one
 * shared DOM observer (dom-observer.ts), which runs the reports time-sliced.
 *
 * - The shared observer watches the whole document: the virtualised list and its container are replaced on
 *   channel switches (webapp/channels/src/components/post_view/post_list_virtualized/post_list_virtualized.tsx),
 *   so observing the list itself would go deaf.
 * - `map` only files each mutation under a post (via `closest`) or, outside any post, queries the added
 *   subtree (still in the page) for posts. Nothing walks the whole document after the initial scan, so a
 *   burst of React commits costs a few `closest` calls per record.
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
import { type DomObserver, sharedObserver, type Watcher } from '../dom-observer';

export const SEEN_ATTR = 'data-nowbridge-seen';

const HOST_SELECTOR = `[${HOST_ATTR}]`;
/** Nearest of "our host" or "a post": one ancestor walk answers both questions. */
const HOST_OR_POST = `${HOST_SELECTOR}, ${POST_SELECTOR}`;

export interface ObservePostsOptions {
  /** the posts to (re)scan, deduplicated, connected, in chunks that fit a time slice; never an empty list */
  onPosts(posts: Element[]): void;
  /** aborting unsubscribes and drops pending work */
  signal: AbortSignal;
  /** the observer to subscribe to; defaults to the document's shared one */
  observer?: DomObserver;
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


/** Scanning a post for references costs about 0.02 ms (BENCHMARKS.md: 1000 posts in ~16 ms); assume more. */
const POST_COST_MS = 0.05;

/** The Watcher that turns DOM changes into posts to (re)scan; also reports every post already present. */
export function postWatcher(onPosts: (posts: Element[]) => void, doc: Document = document): Watcher<Element> {
  return {
    costMs: POST_COST_MS,
    initial(add) {
      const body = doc.body ?? doc.documentElement;
      if (body) for (const p of postElements(body)) add(p);
    },
    map(rec, add) {
      const t = rec.target;
      const el = t.nodeType === 1 ? (t as Element) : t.parentElement;
      if (!el) return;
      const near = el.closest(HOST_OR_POST);
      if (near?.hasAttribute(HOST_ATTR)) return; // inside our own card host
      if (rec.type === 'childList' && onlyIgnorable(rec)) return; // our card mounted or removed, a reaction row
      if (near) {
        if (!inChrome(el, near)) add(near);
        return;
      }
      // Outside any post: a list row, a whole list (channel switch), the RHS. Scan the added part only,
      // unless it was removed again before the frame.
      const added = rec.addedNodes;
      for (let i = 0; i < added.length; i++) {
        const n = added[i]!;
        if (n.nodeType === 1 && !isHost(n) && n.isConnected) for (const p of postElements(n as Element)) add(p);
      }
    },
    run(posts) {
      const out = posts.filter((p) => p.isConnected);
      if (out.length) onPosts(out);
    },
  };
}

/**
 * Watches the document for new and changed posts. Also reports every post already present, in the
 * first frame. Returns nothing: stop it with the signal.
 */
export function observePosts(opts: ObservePostsOptions): void {
  (opts.observer ?? sharedObserver()).subscribe(postWatcher(opts.onPosts), opts.signal);
}

/** Records that this post was handled with this signature (see postSignature). */
export function markSeen(post: Element, signature: string): void {
  post.setAttribute(SEEN_ATTR, signature);
}

/** Whether the post was handled at all (a remount builds fresh DOM without the marker). */
export function wasSeen(post: Element): boolean {
  return post.hasAttribute(SEEN_ATTR);
}

/** Whether the post was handled with exactly this signature: false after a remount or an edit. */
export function isSeen(post: Element, signature: string): boolean {
  return post.getAttribute(SEEN_ATTR) === signature;
}
