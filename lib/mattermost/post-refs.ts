/**
 * Which ServiceNow records a rendered Mattermost post refers to (issue 6; the post DOM of Mattermost's `webapp/channels/src/components/post/post_component.tsx`).
 * DOM reads only, no writes: the content script calls this for the posts the observer reports, then
 * mounts cards itself. It runs for every post on screen, so it walks each message once, allocates
 * little, and parses a URL only when the link's origin is a configured instance.
 *
 * What counts (and why):
 * - Only the post's OWN message text: the `.post-message__text` whose id is `postMessageText_<id>` or
 *   `rhsPostMessageText_<id>` for the post's own id. A permalink preview nests another post's message
 *   under that post's id, so the id check alone skips it; the ancestor check below skips it even if a
 *   post ever quotes itself.
 * - Never inside `code`/`pre` (inline code and code blocks are examples, not references), never inside
 *   `.attachment` (a shared NowBridge card already shows its record; unfurling its title link again
 *   would stack a second card under the same post), never inside permalink previews (the previewed
 *   post unfurls where it lives) and never inside NowBridge's own hosts.
 * - A post being edited (`.post--editing`) is not scanned at all: its text is in flux and the
 *   integrator should leave existing cards alone until the edit lands.
 * - Links: every `a[href]` in the message text (the renderer's `a.markdown__link`, with or without
 *   `search-highlight`). Everything in that container is rendered Markdown, so any link is the
 *   author's; parseRecordUrl decides whether it is a record, so accepting all anchors costs nothing in
 *   precision and survives class renames.
 * - Numbers: text outside `a`/`code`/`pre`, resolved against `defaultInstance` (skipped without one).
 *   Text is matched per inline run, not per text node, so a number split by search highlighting
 *   (`INC<span>0010001</span>`) is still found, while block boundaries (paragraphs, list items, `br`,
 *   emoji images, skipped elements) separate words the way the reader sees them.
 * - One ref per record per post (instance + table + sys_id or number), in document order. A link by
 *   number and the same bare number collapse (same key); a link by sys_id and a bare number for the
 *   same record cannot be matched without a lookup, so both are kept: the background resolves them and
 *   the integrator may drop a second card whose sys_id it already shows.
 */
import { parseRecordUrl, normalizeOrigin } from '../servicenow/record-url';
import { HOST_ATTR } from '../servicenow/button-slot';

export type Surface = 'center' | 'rhs' | 'search';

export type PostRecordRef = { table: string; sys_id: string } | { table?: string; number: string };

export interface PostRef {
  /** the configured instance, exactly as given in `opts.instances` / `opts.defaultInstance` */
  instance: string;
  ref: PostRecordRef;
  via: 'link' | 'number';
  /** the link, for hover cards (links only) */
  anchor?: HTMLAnchorElement;
}

export interface PostRefs {
  /** surface + post id, e.g. `center:<id>`: the same post in the RHS is a different mount */
  key: string;
  /** the post's `.post__body`: cards go here as siblings of the message, never inside it */
  body: Element;
  /** the child of `body` that holds the message text: the `AutoHeight` block in the real app, which nests the
   * text several levels down (`webapp/channels/src/components/post/post_component.tsx`,
   * `components/common/auto_height_switcher.tsx`). Cards go right after it, before the reactions row and the
   * thread footer; null for a deleted post. */
  message: Element | null;
  /** empty for a post with no references or a deleted post: lets the integrator drop stale cards */
  refs: PostRef[];
  /** hash of the message text and hrefs (postSignature): changes when the message is edited */
  signature: string;
}

export interface NumberFinder {
  find(text: string): ReadonlyArray<{ number: string; table: string; index: number }>;
}

export interface FindOptions {
  /** configured ServiceNow instance origins (`https://acme.service-now.com`) */
  instances: readonly string[];
  /** where bare numbers resolve; numbers are ignored without it */
  defaultInstance?: string;
  /** null turns number detection off (a setting) */
  numbers: NumberFinder | null;
}

/** Post roots on every surface. The composer `#post_textbox` starts with `post_` too, hence `.post`. */
export const POST_SELECTOR = '[id^="post_"].post, [id^="rhsPost_"].post, [id^="searchResult_"].post';

const SURFACE_PREFIXES: ReadonlyArray<readonly [prefix: string, surface: Surface]> = [
  ['post_', 'center'],
  ['rhsPost_', 'rhs'],
  ['searchResult_', 'search'],
];

/** The post's surface and id from its root id; null if the element is not a post root. */
export function postIdentity(post: Element): { surface: Surface; id: string } | null {
  if (!post.classList.contains('post')) return null;
  const rootId = post.id;
  for (const [prefix, surface] of SURFACE_PREFIXES) {
    if (rootId.startsWith(prefix) && rootId.length > prefix.length) return { surface, id: rootId.slice(prefix.length) };
  }
  return null;
}

/** Subtrees whose contents are never the post's own message (see the header). */
const isExcludedBox = (el: Element): boolean => {
  const c = el.classList;
  return c.contains('attachment') || c.contains('post-preview') || c.contains('attachment--permalink') || el.hasAttribute(HOST_ATTR);
};

/** Whether anything between `el` and `post` (exclusive) is an excluded box. */
function insideExcluded(el: Element, post: Element): boolean {
  for (let e: Element | null = el; e && e !== post; e = e.parentElement) if (isExcludedBox(e)) return true;
  return false;
}

/** The post's own `.post-message__text`, or null (deleted post, or not rendered yet). */
export function ownMessageText(post: Element, id = postIdentity(post)?.id): Element | null {
  if (!id) return null;
  const center = `postMessageText_${id}`;
  const rhs = `rhsPostMessageText_${id}`;
  // Class lookup + id compare: no selector string to escape, and the preview's container (another id) never matches.
  const list = post.getElementsByClassName('post-message__text');
  for (let i = 0; i < list.length; i++) {
    const el = list[i]!;
    if ((el.id === center || el.id === rhs) && !insideExcluded(el, post)) return el;
  }
  return null;
}

/** The post's own `.post__body` (a permalink preview has none, but check anyway). */
function ownBody(post: Element, text: Element | null): Element | null {
  const fromText = text?.closest('.post__body');
  if (fromText && post.contains(fromText)) return fromText;
  const list = post.getElementsByClassName('post__body');
  for (let i = 0; i < list.length; i++) if (!insideExcluded(list[i]!, post)) return list[i]!;
  return null;
}

/** FNV-1a, 32 bit, continued from `h`: cheap, no allocation, good enough to notice an edit. */
function fnv(h: number, s: string): number {
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h;
}

/**
 * A cheap fingerprint of the post's message: text and link targets (an edit may change only an href).
 * With no own message (a deleted post) it covers the body's text, so deletion is a change too.
 * Config changes (instances, number setting) are not in it: the integrator rescans on those.
 */
export function postSignature(post: Element, text: Element | null = ownMessageText(post)): string | null {
  const box = text ?? ownBody(post, null);
  return box && signatureOf(box, box.textContent ?? '', !!text);
}

/** postSignature of a box whose text the caller has read already (reading textContent is the costly part). */
function signatureOf(box: Element, content: string, isMessage: boolean): string {
  let h = fnv(0x811c9dc5, content);
  const links = box.getElementsByTagName('a');
  for (let i = 0; i < links.length; i++) h = fnv(h ^ 0x2f, links[i]!.getAttribute('href') ?? '');
  return `${isMessage ? 'm' : 'b'}${(h >>> 0).toString(36)}`;
}

/** Inline elements: they do not separate words, so text across them is matched as one run. */
const INLINE = new Set(['SPAN', 'STRONG', 'B', 'EM', 'I', 'U', 'S', 'DEL', 'INS', 'MARK', 'SMALL', 'SUB', 'SUP', 'ABBR', 'TIME', 'BDI', 'BDO', 'FONT']);
/** Never scanned for numbers: links speak for themselves, code is an example. */
const OPAQUE = new Set(['A', 'CODE', 'PRE', 'SCRIPT', 'STYLE', 'TEXTAREA', 'INPUT']);

/** normalised origin → configured instance string, rebuilt only when the caller passes a new array. */
let cachedInstances: readonly string[] | null = null;
let cachedOrigins = new Map<string, string>();
function originMap(instances: readonly string[]): Map<string, string> {
  if (instances !== cachedInstances) {
    const map = new Map<string, string>();
    for (const inst of instances) {
      const o = normalizeOrigin(inst);
      if (o && !map.has(o)) map.set(o, inst);
    }
    cachedInstances = instances;
    cachedOrigins = map;
  }
  return cachedOrigins;
}

/** Scan state for one post; plain object, reused across the recursive walk. */
interface Scan {
  origins: Map<string, string>;
  numbers: NumberFinder | null;
  numberInstance: string | undefined;
  refs: PostRef[];
  seen: Set<string>;
  /** inline text since the last break, matched for numbers at the next break */
  run: string;
}

function push(s: Scan, r: PostRef): void {
  const ref = r.ref;
  const key = `${r.instance}|${ref.table ?? ''}|${'sys_id' in ref ? ref.sys_id : `#${ref.number}`}`;
  if (s.seen.has(key)) return;
  s.seen.add(key);
  s.refs.push(r);
}

/** Matches the pending inline run for numbers, then clears it. */
function flushRun(s: Scan): void {
  if (!s.run) return;
  const text = s.run;
  s.run = '';
  if (!s.numbers || !s.numberInstance) return;
  for (const hit of s.numbers.find(text)) {
    push(s, { instance: s.numberInstance, ref: { table: hit.table, number: hit.number }, via: 'number' });
  }
}

function linkRef(s: Scan, a: HTMLAnchorElement): void {
  const href = a.getAttribute('href');
  // Cheap gate before any URL parsing: only absolute http(s) links can be on an instance.
  if (!href || href.length < 12 || (href.charCodeAt(0) | 0x20) !== 0x68 /* h */) return;
  urlRef(s, href, a);
}

/** Records the reference a link target makes, if it is a record on a configured instance. */
function urlRef(s: Scan, href: string, anchor?: HTMLAnchorElement): void {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return;
  }
  const instance = s.origins.get(url.origin.toLowerCase());
  if (!instance) return;
  const rec = parseRecordUrl(url, [url.origin]);
  if (!rec) return;
  const ref: PostRecordRef = 'sys_id' in rec ? { table: rec.table, sys_id: rec.sys_id } : { table: rec.table, number: rec.number };
  push(s, { instance, ref, via: 'link', anchor });
}

function walk(s: Scan, parent: Node): void {
  for (let n = parent.firstChild; n; n = n.nextSibling) {
    if (n.nodeType === 3 /* TEXT_NODE */) {
      if (s.numbers) s.run += (n as Text).data;
      continue;
    }
    if (n.nodeType !== 1 /* ELEMENT_NODE */) continue;
    const el = n as Element;
    const tag = el.tagName;
    const excluded = isExcludedBox(el);
    if (!excluded && INLINE.has(tag)) {
      walk(s, el);
      continue;
    }
    // Anything else separates words: match what came before it first, to keep document order.
    flushRun(s);
    if (excluded) continue;
    if (tag === 'A') {
      if (el.hasAttribute('href')) linkRef(s, el as HTMLAnchorElement);
      continue;
    }
    if (OPAQUE.has(tag) || el.classList.contains('post-code')) continue;
    walk(s, el);
    flushRun(s);
  }
}

/**
 * The references in one post, or null when the post must not be touched now: not a post root, being
 * edited, or not rendered far enough to have a `.post__body`. A deleted post or one without references
 * gives `refs: []`.
 */
export function findPostRefs(post: Element, opts: FindOptions): PostRefs | null {
  const ident = postIdentity(post);
  if (!ident || post.classList.contains('post--editing')) return null;
  const text = ownMessageText(post, ident.id);
  const body = ownBody(post, text);
  if (!body) return null;
  const box = text ?? body;
  const content = box.textContent ?? '';
  const signature = signatureOf(box, content, !!text);
  const refs: PostRef[] = [];
  // Fast path for the common chat line: no link and no run of digits means nothing to find, without a walk.
  const hasLinks = !!text && text.getElementsByTagName('a').length > 0;
  const mayHaveNumbers = !!text && /\d{4}/.test(content);
  if (text && (hasLinks || mayHaveNumbers)) {
    const numbers = opts.numbers && opts.defaultInstance && mayHaveNumbers ? opts.numbers : null;
    const s: Scan = {
      origins: originMap(opts.instances),
      numbers,
      numberInstance: opts.defaultInstance,
      refs,
      seen: new Set(),
      run: '',
    };
    walk(s, text);
    flushRun(s);
  }
  let message = text;
  while (message && message.parentElement !== body) message = message.parentElement;
  return { key: `${ident.surface}:${ident.id}`, body, message, refs, signature };
}

/**
 * Every post root in a subtree (the root itself included), in document order. Posts nested inside
 * another post (a preview rendering a whole post) are left out: they belong to the outer post.
 */
export function postElements(root: ParentNode): Element[] {
  const out: Element[] = [];
  if (root.nodeType === 1 && (root as Element).matches(POST_SELECTOR)) out.push(root as Element);
  const found = root.querySelectorAll(POST_SELECTOR);
  for (let i = 0; i < found.length; i++) {
    const el = found[i]!;
    if (!el.parentElement?.closest('.post')) out.push(el);
  }
  return out;
}

/** URL-looking runs of a Markdown source: stops at whitespace, brackets, quotes and backticks. */
const URL_RUN = /https?:\/\/[^\s<>()[\]"'`]+/gi;
/** Markdown emphasis and code marks: `_INC0010001_` renders as a number in italics. */
const MARKS = /[*_~`\\]/g;

/**
 * The references in a post's Markdown source as the server stores it (`message`), keyed like the rendered
 * ones, for checking what a rendered post claims against the server's copy. Deliberately generous: every
 * record link anywhere in the text (in code too; with and without trailing punctuation, `&amp;` decoded) and
 * every number in the text with and without its Markdown marks. The rendered post can only ever claim fewer;
 * what matters is that nothing absent from the server's text is found.
 */
export function findMessageRefs(message: string, opts: FindOptions): PostRef[] {
  const s: Scan = { origins: originMap(opts.instances), numbers: null, numberInstance: opts.defaultInstance, refs: [], seen: new Set(), run: '' };
  for (const m of message.matchAll(URL_RUN)) {
    const raw = m[0];
    const forms = new Set([raw, raw.replace(/[.,;:!?*_~]+$/, ''), raw.replace(/&amp;/gi, '&'), raw.replace(/\\/g, '')]);
    for (const href of forms) urlRef(s, href);
  }
  if (opts.numbers && opts.defaultInstance) {
    for (const text of [message, message.replace(MARKS, ' ')]) {
      for (const hit of opts.numbers.find(text)) push(s, { instance: opts.defaultInstance, ref: { table: hit.table, number: hit.number }, via: 'number' });
    }
  }
  return s.refs;
}
