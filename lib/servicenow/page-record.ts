/**
 * Which record is this page showing? The content script asks on load and after every in-page navigation,
 * and shows "Post to Mattermost" only when the answer is a record. Pure: it reads the DOM and URL it is
 * given and keeps no state, so calling it again (from whenPresent, after `wxt:locationchange`) is cheap
 * and always answers for the page as it is now.
 *
 * Identity comes from the place each surface is reliable (ServiceNow docs, "Enabling links to ServiceNow records" and
 * "Navigate by portal URL"; platform-contracts B.10, B.11):
 * - classic form: the DOM (`input#sys_uniqueValue`, `input#sys_target`). The form may be reached by
 *   number, by nav_to, or after a save whose URL has no id at all; the hidden inputs always hold the
 *   record. `-1` (a new record) and the "Record not found" form (no `sys_uniqueValue`) are not records.
 * - workspace, portal, knowledge: the URL (parseRecordUrl), always. Their DOM is not public and varies by
 *   release and customisation (sim/servicenow/pages/variant.ts serves two variants); workspaces keep the
 *   record in component properties the isolated world cannot read. So the DOM only confirms: a knowledge
 *   view's `.kb-number-info` supplies the number, and one that shows ANOTHER number answers null (in-page
 *   navigation changes the URL before the article re-renders, and a button bound to the stale article
 *   would share the wrong record). A page we cannot read still answers from the URL.
 *
 * Shells are not records: the top document of `nav_to.do` (UI16) and of the Next Experience wrapper
 * `/now/nav/ui/classic/params/target/…` only hosts `iframe#gsft_main`. The form, and its header button
 * bar where the button belongs, live in the frame, whose own content script (all frames) answers
 * "classic". Answering here too would put a second button in the shell and share twice from one page.
 */
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

/** `KB0010001`, maybe with a version after it: the first child of `.kb-number-info` (an Angular `.ng-binding`). */
function knowledgeRecord(doc: Document, ref: RecordRef): PageRecord | null {
  const info = doc.querySelector('.kb-number-info');
  const shown = /^[a-z][a-z0-9_]*?\d+/i.exec(text(info?.firstElementChild ?? info))?.[0]?.toUpperCase();
  if (shown && 'number' in ref && ref.number !== shown) return null; // another article is still on screen
  const number = 'number' in ref ? ref.number : shown;
  return { table: ref.table, ...idOf(ref), ...(number && { number }), surface: 'knowledge' };
}

/**
 * The record this document shows, or null (not a configured instance, a shell, a list, a home page, a
 * new record, a classic form that was not found or has not been parsed yet: call again from whenPresent
 * or after navigation). `loc` is the document's own location (the frame's, in a frame).
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
  if (!ref) return null;
  const detector = detectors.find((d) => d.test(url));
  const surface = detector && URL_SURFACE[detector.name];
  switch (surface) {
    case 'workspace':
    case 'portal':
      return { table: ref.table, ...idOf(ref), surface };
    case 'knowledge':
      return knowledgeRecord(doc, ref);
    // 'shell': the frame's script answers. 'classic' without the form's inputs: "Record not found", a
    // login page served at the record's URL, or a form not parsed yet. Unknown detectors: not yet mapped.
    default:
      return null;
  }
}
