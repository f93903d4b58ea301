/**
 * The post "…" menu as the web app shows it: components/menu/menu.tsx renders an MUI Menu (Popover → Modal →
 * Portal) under <body> with mountOnEnter / unmountOnExit, so it exists only while open. Embedded in the page script
 * by its source text: self-contained, no imports, no outer variables.
 */
import type { DotMenuItem } from './post-menu';

export interface DotMenuOptions {
  /** CENTER | RHS_ROOT | RHS_COMMENT */
  loc: string;
  postId: string;
  items: Array<DotMenuItem | null>;
  anchor: HTMLElement;
  /** opened by a mouse press: menu.tsx sets disableAutoFocusItem, so MUI focuses the list, not the first item */
  byMouse: boolean;
  /** an item's action, run after the menu closed (menu_item.tsx addOnClosedListener) */
  onAction(action: string): void;
  /** the menu is gone; the caller returns focus and resets aria-expanded */
  onClosed(): void;
}

export function openDotMenu(doc: Document, o: DotMenuOptions): { root: HTMLElement; close(): void } {
  const esc = (t: string) => t.replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
  const rect = o.anchor.getBoundingClientRect();
  // menu_item.tsx: MuiMenuItem with .leading-element / .label-elements / .trailing-elements; a Separator is an MUI
  // Divider rendered as an li (menu_item_separator.tsx). MenuList gives the first item tabindex 0, the rest -1.
  let first = true;
  const lis = o.items.map((it) => {
    if (!it) return '<li class="MuiDivider-root MuiDivider-fullWidth" role="separator" aria-orientation="vertical"></li>';
    const tab = first ? '0' : '-1';
    first = false;
    return `<li class="MuiButtonBase-root MuiMenuItem-root MuiMenuItem-gutters${it.destructive ? ' sim-destructive' : ''}" tabindex="${tab}" role="menuitem" ` +
      `id="${esc(it.id)}" data-testid="${esc(it.testId)}" data-sim-action="${esc(it.action)}"><div class="label-elements"><span>${esc(it.label)}</span></div>` +
      `<div class="trailing-elements"><span>${esc(it.key)}</span></div></li>`;
  }).join('');
  const root = doc.createElement('div');
  root.setAttribute('role', 'presentation');
  root.className = 'MuiPopover-root MuiMenu-root MuiModal-root a11y__popup';
  root.innerHTML =
    '<div aria-hidden="true" class="MuiBackdrop-root MuiBackdrop-invisible MuiModal-backdrop"></div><div tabindex="0" data-testid="sentinelStart"></div>' +
    `<div class="MuiPaper-root MuiPaper-elevation MuiPaper-rounded MuiPaper-elevation8 MuiPopover-paper MuiMenu-paper" tabindex="-1" style="top:${Math.round(rect.bottom)}px;left:${Math.round(rect.left)}px;width:264px">` +
    `<ul class="MuiList-root MuiList-padding MuiMenu-list" role="menu" tabindex="-1" id="${esc(o.loc)}_dropdown_${esc(o.postId)}" aria-label="Post extra options">${lis}</ul></div>` +
    '<div tabindex="0" data-testid="sentinelEnd"></div>';
  const list = root.querySelector('ul') as HTMLElement;
  // the actions are bound to the nodes React rendered; an li someone else appends has none
  const actions = new WeakMap<Element, string>();
  for (const li of Array.from(list.querySelectorAll('li[data-sim-action]'))) {
    actions.set(li, li.getAttribute('data-sim-action')!);
    li.removeAttribute('data-sim-action');
  }
  // MUI's ModalManager hides the rest of the page from assistive technology while the modal is open
  const hidden: Element[] = [];
  for (const sib of Array.from(doc.body.children)) {
    if (sib.tagName !== 'SCRIPT' && sib.getAttribute('aria-hidden') !== 'true') {
      sib.setAttribute('aria-hidden', 'true');
      hidden.push(sib);
    }
  }
  doc.body.append(root);

  let open = true;
  function close(): void {
    if (!open) return;
    open = false;
    root.remove();
    for (const sib of hidden) sib.removeAttribute('aria-hidden');
    o.onClosed();
  }
  const focusable = (el: Element | null) => !!el && el.hasAttribute('tabindex') && el.getAttribute('aria-disabled') !== 'true';
  /** MenuList moveFocus: walks DOM siblings from the focused one (or from the list), wrapping, skipping what has no tabindex */
  function move(dir: 'next' | 'prev' | 'first' | 'last'): void {
    const cur = doc.activeElement;
    const inList = !!cur && cur !== list && cur.parentElement === list;
    const step = (el: Element | null, d: 'next' | 'prev'): Element | null =>
      d === 'next' ? (el && el.nextElementSibling) || list.firstElementChild : (el && el.previousElementSibling) || list.lastElementChild;
    let next: Element | null =
      dir === 'first' ? list.firstElementChild : dir === 'last' ? list.lastElementChild : step(inList ? cur : null, dir);
    const d = dir === 'first' || dir === 'next' ? 'next' : 'prev';
    for (let guard = 0; next && !focusable(next) && guard <= list.children.length; guard++) next = step(next, d);
    if (focusable(next)) (next as HTMLElement).focus();
  }
  const shortcut = (e: KeyboardEvent): string => {
    // dot_menu.tsx handleMenuKeydown (Keyboard.isKeyPressed compares the key only)
    const k = e.key.length === 1 ? e.key.toLowerCase() : e.key;
    const map: Record<string, string> = { r: 'reply', e: 'edit', k: 'permalink', c: 'copy', Delete: 'delete', p: 'pin', s: 'save', u: 'unread' };
    const action = k === 'f' ? (e.shiftKey ? 'forward' : 'follow') : map[k] ?? '';
    return action && o.items.some((it) => it && it.action === action) ? action : '';
  };
  root.addEventListener('keydown', (e) => {
    const target = e.target as Element;
    let run = '';
    // menu_item.tsx: Enter or Space on an item closes the menu, then runs its onClick
    if ((e.key === 'Enter' || e.key === ' ') && actions.has(target)) run = actions.get(target)!;
    // MenuList handleKeyDown
    if (e.key === 'ArrowDown') move('next');
    else if (e.key === 'ArrowUp') move('prev');
    else if (e.key === 'Home') move('first');
    else if (e.key === 'End') move('last');
    if (e.key === 'Escape') {
      // Modal: escapeKeyDown
      e.stopPropagation();
      close();
    } else if (e.key === 'Tab' || e.key === 'Enter' || e.key === ' ') {
      // Menu: tabKeyDown closes; menu.tsx handleMenuKeyDown closes on Enter / Space (no submenus here)
      close();
    }
    // dot_menu.tsx handleMenuKeydown: preventDefault on every key, then the shortcut letters
    e.preventDefault();
    const sc = shortcut(e);
    if (sc) {
      close();
      run = sc;
    }
    if (run) o.onAction(run);
  });
  root.addEventListener('click', (e) => {
    // menu.tsx handleMenuClick stops the click here; the backdrop closes (backdropClick)
    e.stopPropagation();
    const t = e.target as Element;
    if (t.classList.contains('MuiBackdrop-root')) {
      close();
      return;
    }
    const li = t.closest('li');
    if (li && actions.has(li) && e.button === 0) {
      close();
      o.onAction(actions.get(li)!);
    }
  });
  if (o.byMouse) list.focus();
  else (list.querySelector('[role=menuitem]') as HTMLElement | null)?.focus();
  return { root, close };
}
