/**
 * Which record is this page showing? The content script asks on load and after every in-page navigation,
 * and shows "Post to Mattermost" only when the answer is a record. Pure: it reads the DOM and URL it is
 * given and keeps no state, so calling it again (from whenPresent, after `wxt:locationchange`) is cheap
 * and always answers for the page as it is now.
 *
 * Identity comes from the place each surface is reliable (ServiceNow docs, "Enabling links to ServiceNow records" and "Navigate by portal URL"; sim/README for the pages):
 * - classic form: the DOM (`input#sys_uniqueValue`, `input#sys_target`). The form may be reached by
 *   number, by nav_to, or after a save whose URL has no id at all; the hidden inputs always hold the
 *   record. `-1` (a new record) and the "Record not found" form (no `sys_uniqueValue`) are not records.
 * - workspace: the URL (parseRecordUrl), checked against `now-record-form-connected[table][sys-id]` deep in
 *   the shadow roots. Shadow internals move with each ServiceNow release (SN Utils #627, #385), so a page
 *   whose form element we cannot find still answers from the URL; a page whose form shows ANOTHER record
 *   answers null, because during in-page navigation the URL changes before the form re-renders, and a
 *   button bound to the stale form would share the wrong record.
 * - portal, knowledge: the URL, confirmed by the page having rendered that record (`.ticket-number`,
 *   `#articleNumber`), which also rules out "Record not found" pages and supplies the number.
 *
 * Shells are not records: the top document of `nav_to.do` (UI16) and of the Next Experience wrapper
 * `/now/nav/ui/classic/params/target/…` only hosts `iframe#gsft_main`. The form, and its header button
 * bar where the button belongs, live in the frame, whose own content script (all frames) answers
 * "classic". Answering here too would put a second button in the shell and share twice from one page.
 */
import { deepQuerySelectorAll } from '../content/deep-query';
import { detectors, isSysId, isTableName, normalizeOrigin, parseRecordUrl, type RecordRef } from './record-url';

export type Surface = 'classic' | 'workspace' | 'portal' | 'knowledge';

export interface PageRecord {
  table: string;
  /** lower-case 32-hex; absent when the page names the record only by number (a KB article by number) */
  sys_id?: string;
  /** as the page shows it, when it shows one */
  number?: string;
  surface: Surface;
}

/** What each URL detector's pages are. `shell` hosts a form in a frame; a classic URL needs the form DOM. */
export const URL_SURFACE: Readonly<Record<string, Surface | 'shell'>> = {
  classicForm: 'classic',
  classicByNumber: 'classic',
  navTo: 'shell',
  nextExperienceClassic: 'shell',
  workspace: 'workspace',
  workspaceSubRecord: 'workspace',
  servicePortal: 'portal',
  kbView: 'knowledge',
  kbPortal: 'knowledge',
};

/** The record form element of workspaces (Service Operations, agent, configurable). */
export const WORKSPACE_FORM = 'now-record-form-connected[table][sys-id]';

/** A record number as pages show it: a prefix, then digits (`INC0010001`, `PTASK0010001`). Labels are not. */
const NUMBER = /^[a-z][a-z0-9_]*?\d{3,}$/i;

const text = (el: Element | null | undefined): string => el?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
const asNumber = (s: string | null | undefined): string | undefined => {
  const t = s?.trim() ?? '';
  return NUMBER.test(t) ? t.toUpperCase() : undefined;
};
const idOf = (r: RecordRef): { sys_id: string } | { number: string } => ('sys_id' in r ? { sys_id: r.sys_id } : { number: r.number });

/** The record a classic form shows; undefined when the document has no classic form at all. */
function classicRecord(doc: Document, url: URL): PageRecord | null | undefined {
  const unique = doc.querySelector<HTMLInputElement>('input#sys_uniqueValue');
  if (!unique) return undefined;
  const sysId = unique.value.trim().toLowerCase();
  // A new record has a pre-generated sys_uniqueValue; `sys_row` = -1 and the URL's `sys_id=-1` say
  // it is unsaved (platform-contracts B.10): nothing to share yet.
  const isNew = doc.querySelector<HTMLInputElement>('input#sys_row')?.value.trim() === '-1' || url.searchParams.get('sys_id') === '-1';
  if (isNew || !isSysId(sysId)) return null;
  const target = doc.querySelector<HTMLInputElement>('input#sys_target')?.value.trim() ?? '';
  const table = isTableName(target) ? target : /^\/([a-z0-9_]+)\.do$/.exec(url.pathname)?.[1];
  if (!table) return null;
  // Fields are `#<table>.<field>` on a classic form (sim/servicenow/pages/classic-form.ts); a read-only number also has a hidden input under that id.
  const number = asNumber(doc.querySelector<HTMLInputElement>(`input[id="${table}.number"]`)?.value);
  return { table, sys_id: sysId, ...(number && { number }), surface: 'classic' };
}

function workspaceRecord(doc: Document, ref: RecordRef | null): PageRecord | null {
  const forms = deepQuerySelectorAll(doc, WORKSPACE_FORM);
  const urlId = ref && 'sys_id' in ref ? ref.sys_id : undefined;
  if (!forms.length) return ref && urlId ? { table: ref.table, sys_id: urlId, surface: 'workspace' } : null;
  // Several forms can be mounted (open tabs, a parent record beside a sub-record): the URL picks one.
  const form = ref
    ? forms.find((f) => f.getAttribute('table') === ref.table && f.getAttribute('sys-id')?.toLowerCase() === urlId)
    : forms[0];
  if (!form) return null; // the form shows another record: the page is mid-navigation
  const table = form.getAttribute('table') ?? '';
  const sysId = form.getAttribute('sys-id')?.toLowerCase() ?? '';
  if (!isTableName(table) || !isSysId(sysId)) return null; // `-1`: a new record
  const inside = form.shadowRoot;
  // The form renders its "Record not found" notice in place of the fields.
  if (inside?.querySelector('.record-message')) return null;
  const number = asNumber(text(inside?.querySelector('.record-title')));
  return { table, sys_id: sysId, ...(number && { number }), surface: 'workspace' };
}

function portalRecord(doc: Document, ref: RecordRef): PageRecord | null {
  // The ticket widget titles the panel with the record's number; a missing record renders no title.
  const number = text(doc.querySelector('.sp-page-root .ticket-panel .ticket-number'));
  if (!number) return null;
  return { table: ref.table, ...idOf(ref), number, surface: 'portal' };
}

function knowledgeRecord(doc: Document, ref: RecordRef): PageRecord | null {
  // `KB0010001`, possibly shown with a version suffix; "Knowledge record not found" has no #articleNumber.
  const shown = /^[a-z][a-z0-9_]*?\d+/i.exec(text(doc.querySelector('.kb-article #articleNumber')))?.[0]?.toUpperCase();
  if (!shown) return null;
  if ('number' in ref && ref.number !== shown) return null; // another article is still on screen
  return { table: ref.table, ...idOf(ref), number: shown, surface: 'knowledge' };
}

/** Workspace apps live under `/now/`; `/now/nav/ui/…` is the Next Experience shell around classic pages. */
const inWorkspaceApp = (url: URL): boolean => url.pathname.startsWith('/now/') && !url.pathname.startsWith('/now/nav/ui/');

/**
 * The record this document shows, or null (not a configured instance, a shell, a list, a home page, a
 * new record, a record that was not found, or a page that has not rendered its record yet: call again
 * from whenPresent or after navigation). `loc` is the document's own location (the frame's, in a frame).
 */
export function recordOnPage(doc: Document, loc: Location | URL, instanceOrigins: readonly string[]): PageRecord | null {
  let url: URL;
  try {
    url = new URL(loc.href);
  } catch {
    return null;
  }
  const origin = url.origin.toLowerCase();
  if (!instanceOrigins.some((o) => normalizeOrigin(o) === origin)) return null;

  const classic = classicRecord(doc, url);
  if (classic !== undefined) return classic;

  const ref = parseRecordUrl(url, instanceOrigins);
  if (!ref) {
    // A workspace route without a record in its path may still show one (custom workspace pages).
    return inWorkspaceApp(url) ? workspaceRecord(doc, null) : null;
  }
  const detector = detectors.find((d) => d.test(url));
  switch (detector && URL_SURFACE[detector.name]) {
    case 'workspace':
      return workspaceRecord(doc, ref);
    case 'portal':
      return portalRecord(doc, ref);
    case 'knowledge':
      return knowledgeRecord(doc, ref);
    // 'shell': the frame's script answers. 'classic' without the form's inputs: "Record not found", a
    // login page served at the record's URL, or a form not parsed yet. Unknown detectors: not yet mapped.
    default:
      return null;
  }
}
