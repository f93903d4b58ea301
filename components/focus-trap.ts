const FOCUSABLE = 'a[href],button:not([disabled]),input:not([disabled]),select:not([disabled]),textarea:not([disabled]),[tabindex]:not([tabindex="-1"])';

/** Tab / Shift+Tab wrap at the ends of `root`; focus that somehow left it is brought back in. */
export function trapFocus(e: KeyboardEvent, root: HTMLElement): void {
  const els = [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => !el.closest('[hidden]'));
  const first = els[0];
  const last = els[els.length - 1];
  if (!first || !last) return;
  // in a shadow root document.activeElement is the host; the root node knows the real one
  const active = (root.getRootNode() as Document | ShadowRoot).activeElement;
  if (!root.contains(active) || active === (e.shiftKey ? first : last)) {
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  }
}
