/**
 * Queries that also look inside OPEN shadow roots. ServiceNow's Next Experience (the Polaris shell,
 * workspaces) nests its UI in open shadow roots, which `querySelector` and WXT's `autoMount` cannot see
 * (reference B.10, wxt-notes §6). SN Utils uses a library for this; ours is a few lines because we only
 * need "find this selector somewhere", not `>>>` combinators. Closed roots stay invisible by design.
 *
 * Cost: each scope (the root, then each shadow root found) costs one `querySelector(selector)` plus one
 * `querySelectorAll('*')` to find the elements that host a shadow root. Both are native; the JS work is a
 * property read per element, so a call is O(elements in every open tree visited), about a millisecond on
 * a large ServiceNow page. Nothing is cached: shadow roots attach at any time (after load, on upgrade),
 * and a cache would answer from a stale tree. Callers that poll go through whenPresent, which runs at
 * most one check per animation frame.
 */

/** Shadow trees nest about 5 deep on a workspace record page; 12 leaves room and still stops a loop. */
export const MAX_SHADOW_DEPTH = 12;

export type QueryRoot = Document | DocumentFragment | Element;

/** The open shadow roots directly under `scope` (not nested ones), in document order. */
function hostedRoots(scope: QueryRoot): ShadowRoot[] {
  const out: ShadowRoot[] = [];
  // An Element root's own shadow root belongs to it too (querySelectorAll sees only descendants).
  if ('shadowRoot' in scope && scope.shadowRoot) out.push(scope.shadowRoot);
  for (const el of scope.querySelectorAll('*')) if (el.shadowRoot) out.push(el.shadowRoot);
  return out;
}

/**
 * Every open shadow root under `root`, breadth-first (outer trees before the trees inside them), at most
 * `maxDepth` levels of nesting deep.
 */
export function openShadowRoots(root: QueryRoot, maxDepth = MAX_SHADOW_DEPTH): ShadowRoot[] {
  const all: ShadowRoot[] = [];
  let level: QueryRoot[] = [root];
  for (let depth = 0; depth < maxDepth && level.length; depth++) {
    const next: ShadowRoot[] = [];
    for (const scope of level) next.push(...hostedRoots(scope));
    all.push(...next);
    level = next;
  }
  return all;
}

/**
 * The first element matching `selector` in `root` or in any open shadow root below it. The light tree of
 * a scope wins over its shadow trees, and outer trees over nested ones (breadth-first), so a selector
 * that also matches in the light DOM costs exactly one native query.
 */
export function deepQuerySelector<E extends Element = Element>(root: QueryRoot, selector: string, maxDepth = MAX_SHADOW_DEPTH): E | null {
  let level: QueryRoot[] = [root];
  for (let depth = 0; depth <= maxDepth && level.length; depth++) {
    for (const scope of level) {
      const hit = scope.querySelector<E>(selector);
      if (hit) return hit;
    }
    if (depth === maxDepth) break;
    const next: ShadowRoot[] = [];
    for (const scope of level) next.push(...hostedRoots(scope));
    level = next;
  }
  return null;
}

/** Every element matching `selector` in `root` and its open shadow roots: light tree first, then each shadow tree breadth-first. */
export function deepQuerySelectorAll<E extends Element = Element>(root: QueryRoot, selector: string, maxDepth = MAX_SHADOW_DEPTH): E[] {
  const out: E[] = [];
  for (const scope of [root, ...openShadowRoots(root, maxDepth)]) out.push(...scope.querySelectorAll<E>(selector));
  return out;
}

/**
 * `Element.closest` that continues from a shadow root to its host, so code holding a node deep inside a
 * workspace can ask "which record form am I in?". Stops at the document (or a detached tree's top).
 */
export function composedClosest<E extends Element = Element>(from: Element, selector: string): E | null {
  let el: Element | null = from;
  while (el) {
    const hit = el.closest<E>(selector);
    if (hit) return hit;
    const top = el.getRootNode();
    // A ShadowRoot has a host; a Document or detached fragment does not, and ends the walk.
    el = 'host' in top ? (top as ShadowRoot).host : null;
  }
  return null;
}
