/**
 * Where "Post to Mattermost" goes on each surface. Pure: it finds the place and inserts nothing; the
 * integrator mounts its own host element with `slot.container.insertBefore(host, slot.before ?? null)`,
 * marks it with HOST_ATTR, and asks again after in-page navigation (ServiceNow re-renders the header,
 * taking our host with it). Every answer keeps `before` a child of `container`, so that call never throws.
 *
 * - classic: among the form header's UI actions, left of the first: `button.form_action_button` inside
 *   `.navbar_ui_actions` (platform-contracts B.10, after SN Utils; sim/servicenow/pages/classic-form.ts). The
 *   `.navbar-right .navbar-btn` buttons are the header's icons (attachments, personalise, more), not actions.
 * - workspace: `.uiaction-bar-wrapper` inside the record form's shadow root, before the first action.
 * - portal: the ticket panel's heading, after the number and table label.
 * - knowledge: the article header's meta line (number, author, knowledge base), at its end.
 */
import { deepQuerySelector, deepQuerySelectorAll } from '../content/deep-query';
import { type PageRecord, type Surface, WORKSPACE_FORM } from './page-record';

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

function workspaceSlot(doc: Document, record?: Pick<PageRecord, 'table' | 'sys_id'>): ButtonSlot | null {
  const forms = deepQuerySelectorAll(doc, WORKSPACE_FORM);
  const form =
    (record && forms.find((f) => f.getAttribute('table') === record.table && f.getAttribute('sys-id')?.toLowerCase() === record.sys_id)) ?? forms[0];
  // Without the form element (a release renamed it), the classic form's action bar class is still worth a look.
  const bar = form ? deepQuerySelector(form.shadowRoot ?? form, '.uiaction-bar-wrapper') : deepQuerySelector(doc, '.uiaction-bar-wrapper');
  return bar ? { container: bar, before: firstForeignChild(bar) } : null;
}

function portalSlot(doc: Document): ButtonSlot | null {
  const heading = doc.querySelector('.sp-page-root .ticket-panel .panel-heading');
  return heading ? { container: heading, before: null } : null;
}

function knowledgeSlot(doc: Document): ButtonSlot | null {
  const meta = doc.querySelector('.kb-article .kb-article-meta');
  return meta ? { container: meta, before: null } : null;
}

/**
 * The slot for the button on `surface`, or null while the page has not rendered it (pair with
 * whenPresent). On a workspace, pass the page's record to pick its form when several are mounted.
 */
export function findButtonSlot(doc: Document, surface: Surface, record?: Pick<PageRecord, 'table' | 'sys_id'>): ButtonSlot | null {
  switch (surface) {
    case 'classic':
      return classicSlot(doc);
    case 'workspace':
      return workspaceSlot(doc, record);
    case 'portal':
      return portalSlot(doc);
    case 'knowledge':
      return knowledgeSlot(doc);
  }
}
