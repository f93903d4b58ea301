/**
 * Hover behaviour of every post's `ul.post-menu` and its dot menu, for the page script (embedded by its source text:
 * self-contained, no imports, no outer variables; the functions it needs come in as parameters).
 *
 * post_options.tsx renders the strip from `hoverLocal = hover || emoji picker || dot menu || actions menu open`;
 * post_component.tsx sets hover on mouseenter / mouseleave and on a11y focus (here: focus within the post). When
 * hoverLocal flips the strip's slots change (recent reactions, the dot menu moving to the end, the comment icon);
 * the `li`s React keeps stay, removed ones go, new ones are inserted before the next kept one or appended, so an `li`
 * appended by someone else stays (it is never React's) and may end up before React's new last ones.
 */
import type { DotMenuOptions } from './dot-menu';
import type { DotMenuItem, PostMenuState } from './post-menu';

export interface PostStripHelpers {
  postMenuSlots(s: PostMenuState, hover: boolean): Array<[string, string]>;
  dotMenuItems(s: PostMenuState): Array<DotMenuItem | null>;
  openDotMenu(doc: Document, o: DotMenuOptions): { root: HTMLElement; close(): void };
}

export function bindPostStrips(doc: Document, h: PostStripHelpers, onAction: (action: string, s: PostMenuState) => void): void {
  const POST = '.post[id^="post_"], .post[id^="rhsPost_"]';
  interface Hover { hovered: boolean; focused: boolean; menu: boolean; shown: boolean }
  const hoverOf = new WeakMap<Element, Hover>();
  /** per strip, React's li for each slot */
  const owned = new WeakMap<Element, Map<string, Element>>();
  let pressed: Element | null = null;

  const stripOf = (post: Element) => post.querySelector('ul.post-menu[data-sim-menu]');
  const stateOf = (ul: Element) => JSON.parse(ul.getAttribute('data-sim-menu')!) as PostMenuState;
  function fromHtml(html: string): Element {
    const d = doc.createElement('ul');
    d.innerHTML = html;
    return d.firstElementChild!;
  }
  function slotsOf(ul: Element): Map<string, Element> {
    let map = owned.get(ul);
    if (!map) {
      // first look at a server-rendered strip: its children are the hover-off slots, in order
      map = new Map();
      const kids = Array.from(ul.children);
      h.postMenuSlots(stateOf(ul), false).forEach(([key], i) => kids[i] && map!.set(key, kids[i]!));
      owned.set(ul, map);
    }
    return map;
  }
  function render(ul: Element, hover: boolean): void {
    const s = stateOf(ul);
    const map = slotsOf(ul);
    const focusedId = ul.contains(doc.activeElement) ? doc.activeElement!.id : '';
    const want = h.postMenuSlots(s, hover);
    const keys = new Set(want.map(([k]) => k));
    for (const [k, li] of Array.from(map)) {
      if (!keys.has(k)) {
        li.remove();
        map.delete(k);
      }
    }
    const placed = new Set<Element>();
    want.forEach(([k, html], i) => {
      if (map.has(k)) return;
      const li = fromHtml(html);
      let next: Element | null = null;
      for (let j = i + 1; j < want.length && !next; j++) {
        const n = map.get(want[j]![0]);
        if (n && !placed.has(n)) next = n;
      }
      if (next) ul.insertBefore(li, next);
      else ul.append(li);
      map.set(k, li);
      placed.add(li);
    });
    // the focused button was unmounted and mounted again elsewhere: keep the keyboard where it was (a simulator
    // convenience; in the app the strip is already in its hover layout before a keyboard user reaches it)
    if (focusedId && !ul.contains(doc.activeElement)) (doc.getElementById(focusedId) as HTMLElement | null)?.focus();
  }
  function update(post: Element, patch: Partial<Hover>): void {
    const st = hoverOf.get(post) ?? { hovered: false, focused: false, menu: false, shown: false };
    Object.assign(st, patch);
    hoverOf.set(post, st);
    const want = st.hovered || st.focused || st.menu;
    const ul = stripOf(post);
    if (!ul || want === st.shown) return;
    st.shown = want;
    render(ul, want);
  }

  // mouseenter / mouseleave do not bubble: a capturing listener on the document still sees them
  doc.addEventListener('mouseenter', (e) => {
    const t = e.target as Element;
    if (t.matches?.(POST)) update(t, { hovered: true });
  }, true);
  doc.addEventListener('mouseleave', (e) => {
    const t = e.target as Element;
    if (t.matches?.(POST)) update(t, { hovered: false });
  }, true);
  doc.addEventListener('focusin', (e) => {
    const post = (e.target as Element).closest?.(POST);
    if (post) update(post, { focused: true });
  });
  doc.addEventListener('focusout', (e) => {
    const post = (e.target as Element).closest?.(POST);
    const to = (e as FocusEvent).relatedTarget as Element | null;
    if (post && !(to && post.contains(to))) update(post, { focused: false });
  });
  doc.addEventListener('mousedown', (e) => {
    pressed = (e.target as Element).closest?.('[data-testid^="PostDotMenu-Button-"]') ?? null;
  }, true);

  function open(button: HTMLElement): void {
    const post = button.closest(POST);
    const ul = button.closest('ul.post-menu[data-sim-menu]');
    if (!post || !ul) return;
    const s = stateOf(ul);
    const id = button.id;
    const byMouse = pressed === button;
    pressed = null;
    const setExpanded = (on: boolean) => {
      const b = doc.getElementById(id);
      b?.setAttribute('aria-expanded', String(on));
      b?.classList.toggle('post-menu__item--active', on);
    };
    // hoverLocal turns on first (the strip may re-render and move the button), then the menu mounts
    update(post, { menu: true });
    h.openDotMenu(doc, {
      loc: s.loc,
      postId: s.id,
      items: h.dotMenuItems(s),
      anchor: (doc.getElementById(id) as HTMLElement | null) ?? button,
      byMouse,
      onAction: (action) => onAction(action, s),
      onClosed: () => {
        // FocusTrap gives focus back to the button that opened it, then hoverLocal follows
        setExpanded(false);
        (doc.getElementById(id) as HTMLElement | null)?.focus();
        update(post, { menu: false });
      },
    });
    setExpanded(true);
  }
  doc.addEventListener('click', (e) => {
    const button = (e.target as Element).closest?.('[data-testid^="PostDotMenu-Button-"]') as HTMLElement | null;
    if (!button) return;
    // menu.tsx handleMenuButtonClick (React's listener at the root: the document's bubbling listeners come after)
    e.preventDefault();
    e.stopPropagation();
    open(button);
  });
}
