/**
 * Where "Post to Mattermost" goes on each surface. Pure: it finds the place and inserts nothing; the
 * integrator mounts its own host element with `slot.container.insertBefore(host, slot.before ?? null)`,
 * marks it with HOST_ATTR, and asks again after in-page navigation (ServiceNow re-renders the header,
 * taking our host with it). Every answer keeps `before` a child of `container`, so that call never throws.
 *
 * - classic: among the form header's UI actions, left of the first: `button.form_action_button` inside
 *   `.navbar_ui_actions` (platform-contracts B.10, after SN Utils; sim/servicenow/pages/classic-form.ts). The
 *   `.navbar-right .navbar-btn` buttons are the header's icons (attachments, personalise, more), not actions.
 * - workspace: `.uiaction-bar-wrapper` (the action bar of `now-button`s, deep in shadow roots), before the
 *   first action. Which form it belongs to is a component property we cannot read, so the first bar found.
 * - knowledge: right after `.kb-number-info` (the number under the article's `.kb-panel-heading`).
 * - portal tickets: none. No public widget marks the record on the page (platform-contracts B.11).
 * Null means "no known place yet": the share button waits a little, then falls back to a fixed corner button.
 */
import { deepQuerySelector } from '../content/deep-query';
import type { Surface } from './page-record';

export interface ButtonSlot {
  container: Element;
  /** the child of `container` to insert before; null or absent = append */
  before?: Element | null;
}

/** Put this attribute on the mounted host: slots skip marked elements, so asking again answers the same place. */
export const HOST_ATTR = 'data-nowbridge-host';

const isOurs = (el: Element): boolean => el.hasAttribute(HOST_ATTR);

/** The first child of `container` that is not our own host. */
function firstForeignChild(container: Element): Element | null {
  for (const child of container.children) if (!isOurs(child)) return child;
  return null;
}

function classicSlot(doc: Document): ButtonSlot | null {
  // The form header is the navbar that has both a title (`.navbar-header`) and a button area (`.navbar-right`).
  for (const right of doc.querySelectorAll('.navbar-right')) {
    const bar = right.closest('.navbar') ?? right.parentElement;
    if (!bar?.querySelector('.navbar-header')) continue;
    const actions = right.querySelector('.navbar_ui_actions');
    const first = actions && [...actions.querySelectorAll('.form_action_button')].find((b) => !isOurs(b));
    if (first?.parentElement) return { container: first.parentElement, before: first };
    // An empty action bar, or none (a form without UI actions): the end of the header's button area.
    return actions ? { container: actions, before: null } : { container: right, before: null };
  }
  return null;
}

function workspaceSlot(doc: Document): ButtonSlot | null {
  const bar = deepQuerySelector(doc, '.uiaction-bar-wrapper');
  return bar ? { container: bar, before: firstForeignChild(bar) } : null;
}

function knowledgeSlot(doc: Document): ButtonSlot | null {
  const info = doc.querySelector('.kb-number-info');
  if (!info?.parentElement) return null;
  let next = info.nextElementSibling;
  while (next && isOurs(next)) next = next.nextElementSibling;
  return { container: info.parentElement, before: next };
}

/** Surfaces that may offer a place in the page; on the others the fixed button is the place. */
export const HAS_SLOT: Readonly<Record<Surface, boolean>> = { classic: true, workspace: true, knowledge: true, portal: false };

/** The slot for the button on `surface`, or null while the page has not rendered it (pair with whenPresent). */
export function findButtonSlot(doc: Document, surface: Surface): ButtonSlot | null {
  switch (surface) {
    case 'classic':
      return classicSlot(doc);
    case 'workspace':
      return workspaceSlot(doc);
    case 'knowledge':
      return knowledgeSlot(doc);
    case 'portal':
      return null;
  }
}
