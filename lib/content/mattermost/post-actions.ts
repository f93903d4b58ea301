import { fromUser } from '@/components/user-event';
import type { PostAction } from '../../messages/message-actions';
import { postIdentity } from '../../mattermost/post-refs';
import { defineFeature, type FeatureContext } from '../feature';
import { type MountedFrame, openFrame } from '../frame-host';
import { hostTheme } from '../host-theme';
import { openDialogFrame } from '../share-dialog-host';
import { findComposer, insertIntoComposer } from './composer-insert';

/**
 * A post's ServiceNow actions, where Mattermost puts a post's actions (records-and-watch-contracts.md D.1):
 * - a "ServiceNow actions" button at the end of the post's hover strip (`ul.post-menu`, post_options.tsx), where
 *   plugins' post action components go; React re-renders the strip when hovering starts (`hoverLocal`), so the
 *   button is put back on every hover and focus, and stays a foreign last child React leaves alone;
 * - the same actions at the end of the post's "…" menu while it is open: an MUI Menu in a portal under <body>,
 *   `ul#<LOCATION>_dropdown_<postId>[role=menu]` (dot_menu.tsx, menu/menu.tsx), mounted only while open; MUI's
 *   MenuList walks DOM siblings for ↑/↓, so the appended items are reachable by keyboard.
 * The button opens the actions menu in an extension frame; every action is a dialog in an extension frame
 * (components/frame/message-frame.tsx) that reads the post from Mattermost itself. Only the user's own clicks
 * and keys act: a page script's .click() does nothing.
 */
const ACTIONS: Record<PostAction, string> = {
  create: 'Create incident from message',
  'add-message': 'Add message to a record',
  'add-thread': 'Add thread to a record',
  search: 'Search ServiceNow for this',
};
const MARK = 'data-nowbridge-actions';
/** ServiceNow's "now" mark, drawn small like Mattermost's own strip icons */
const ICON = '<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true"><circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" stroke-width="2"/><circle cx="8" cy="8" r="2" fill="currentColor"/></svg>';

export function postActions(signal: AbortSignal, ctx: Pick<FeatureContext, 'observe' | 'site'>): void {
  const server = ctx.site;
  let menu: MountedFrame | undefined;

  // "Search ServiceNow for this": the chosen record's link goes into the message box, as from the search button
  const act = (postId: string, action: PostAction, from: HTMLElement | null) =>
    void openDialogFrame({ kind: 'message', server, postId, action, theme: hostTheme() }, ACTIONS[action], from, (e) => {
      const box = e.type === 'insert' && findComposer(document);
      if (box) insertIntoComposer(box, (e as { text: string }).text);
    }).catch(() => undefined);

  const openMenu = async (postId: string, button: HTMLElement) => {
    menu?.close();
    const mounted: MountedFrame | undefined = await openFrame(
      { kind: 'message', server, postId, action: 'menu', theme: hostTheme() },
      {
        placement: { kind: 'popover', anchor: button.getBoundingClientRect(), width: 260, height: 168 },
        title: 'ServiceNow actions',
        focus: true,
        returnFocus: button,
        onEvent: (e) => e.type === 'action' && (mounted?.close(), act(postId, e.action, button)),
        onClose: () => menu === mounted && (menu = undefined),
      },
    ).catch(() => undefined);
    if (mounted) menu = mounted;
  };

  // the hover strip: on the user's own hover or focus of a post
  const strip = (e: Event) => {
    if (!fromUser(e)) return;
    const post = (e.target as Element | null)?.closest?.('.post');
    const id = post && postIdentity(post)?.id;
    const ul = id && post.querySelector(`ul.post-menu`);
    if (!ul || ul.querySelector(`:scope > [${MARK}]`)) return;
    const li = document.createElement('li');
    li.setAttribute(MARK, '');
    const button = Object.assign(document.createElement('button'), { type: 'button', className: 'post-menu__item', innerHTML: ICON, title: 'ServiceNow actions' });
    button.setAttribute('aria-label', 'ServiceNow actions');
    button.setAttribute('aria-haspopup', 'menu');
    button.addEventListener('click', (ev) => {
      ev.stopPropagation(); // not a click on the post (which opens its thread)
      if (fromUser(ev)) void openMenu(id, button);
    });
    li.append(button);
    ul.append(li);
  };

  // the "…" menu, while open: its id names the post
  const dotMenu = () => {
    for (const ul of document.querySelectorAll<HTMLElement>('ul[id*="_dropdown_"][role="menu"]')) {
      const id = /_dropdown_([a-z0-9]{26})$/.exec(ul.id)?.[1];
      if (!id || ul.querySelector(`[${MARK}]`)) continue;
      const sep = document.createElement('li');
      sep.setAttribute('role', 'separator');
      sep.setAttribute(MARK, '');
      sep.className = 'MuiDivider-root';
      ul.append(sep);
      for (const [action, label] of Object.entries(ACTIONS) as [PostAction, string][]) {
        const li = document.createElement('li');
        li.className = 'MuiMenuItem-root';
        li.setAttribute('role', 'menuitem');
        li.tabIndex = -1;
        li.id = `nowbridge_${action}_${id}`;
        li.textContent = label;
        const go = (ev: Event) => {
          if (ev instanceof KeyboardEvent && ev.key !== 'Enter' && ev.key !== ' ') return;
          ev.preventDefault();
          ev.stopPropagation();
          if (!fromUser(ev)) return;
          // close Mattermost's menu as Esc does (menu.tsx closes on it), then the dialog takes focus
          const dot = document.querySelector<HTMLElement>(`[aria-controls="${ul.id}"]`) ?? document.querySelector<HTMLElement>(`[data-testid="PostDotMenu-Button-${id}"]`);
          ul.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
          act(id, action, dot);
        };
        li.addEventListener('click', go);
        li.addEventListener('keydown', go);
        ul.append(li);
      }
    }
  };

  const opts = { capture: true, signal } as const;
  document.addEventListener('mouseover', strip, opts);
  document.addEventListener('focusin', strip, opts);
  ctx.observe(dotMenu);
  signal.addEventListener('abort', () => {
    menu?.close();
    document.querySelectorAll(`[${MARK}]`).forEach((n) => n.remove());
  });
}

export const feature = defineFeature({
  id: 'post-actions',
  include: (ctx) => ctx.isTop,
  init: postActions,
});
