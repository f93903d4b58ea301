/**
 * A journal field's display value, split into entries. ServiceNow renders every entry of `comments` or
 * `work_notes`, newest first, as `<date-time> - <author's name> (<label>)\n<text>\n\n`, the date-time in the
 * reader's format and zone (records-and-watch-contracts.md A.1; XSOAR ServiceNow v2 `split_notes` fixtures).
 *
 * The text is free: it may hold blank lines and even lines that look like headers. A header is therefore only
 * accepted at the very start or after the blank line that ends an entry, with a date-time in the format learned
 * for this reader and this field's own label, so a "(Work notes)" line typed into a comment is text.
 */
import { dateTimePattern, userDateTimeToIso, type UserDateFormat } from './user-dates';

export type JournalElement = 'comments' | 'work_notes';

/** The label ServiceNow puts in each header of the field (the field's label). */
export const JOURNAL_LABEL: Record<JournalElement, string> = { comments: 'Additional comments', work_notes: 'Work notes' };

export interface ParsedEntry {
  element: JournalElement;
  /** the author's display name, as the header shows it */
  author: string;
  /** ISO UTC */
  at: string;
  text: string;
}

function parseWith(display: string, element: JournalElement, f: UserDateFormat): ParsedEntry[] | undefined {
  const header = new RegExp(`(?:^|\\n\\n)(${dateTimePattern(f)}) - (?<author>.+?) \\(${JOURNAL_LABEL[element]}\\)\\n`, 'g');
  const heads = [...display.matchAll(header)];
  if (!heads.length || heads[0]!.index !== 0) return undefined;
  const entries: ParsedEntry[] = [];
  for (const [i, h] of heads.entries()) {
    const at = userDateTimeToIso(f, h[1]!);
    if (!at) return undefined;
    const start = h.index + h[0].length;
    const end = i + 1 < heads.length ? heads[i + 1]!.index : display.length;
    let text = display.slice(start, end);
    if (i + 1 === heads.length) text = text.replace(/\n\n$/, '');
    entries.push({ element, author: h.groups!.author!, at, text });
  }
  return entries;
}

const newestFirst = (entries: readonly ParsedEntry[]) => entries.every((e, i) => i === 0 || e.at <= entries[i - 1]!.at);

/**
 * The entries of one journal field's display value, newest first. `formats` are the reader's possible formats
 * (learnDateFormats); when more than one fits, the one that keeps the entries newest first wins, then the first.
 * Undefined when no format reads the string (it is not a journal we understand); "" is no entries.
 */
export function parseJournalDisplay(display: string, element: JournalElement, formats: readonly UserDateFormat[]): ParsedEntry[] | undefined {
  if (display.trim() === '') return [];
  let fallback: ParsedEntry[] | undefined;
  for (const f of formats) {
    const entries = parseWith(display, element, f);
    if (!entries) continue;
    if (newestFirst(entries)) return entries;
    fallback ??= entries;
  }
  return fallback;
}
