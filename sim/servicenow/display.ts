/**
 * Display values, as sysparm_display_value=true|all renders them:
 * - choice fields → the sys_choice label (a value with no label renders as itself, as on a real instance);
 * - references → the referenced record's display field (sys_user.name, group name, task number, CI name),
 *   "" when empty or dangling;
 * - integers → grouped with commas ("1,234"), as the platform formats them;
 * - date-times → in the viewing user's time zone and date format (sys_user.time_zone, date_format), as real
 *   instances render them; users without settings see the value itself (`yyyy-MM-dd HH:mm:ss`, UTC), and so
 *   does a display value read without a viewer (queries);
 * - journal headers use the same rendering, so a client must learn the user's format (records-and-watch A.1);
 * - journal inputs (comments, work_notes) and comments_and_work_notes → the formatted journal;
 * - everything else → the value itself.
 */
import type { SnRow } from './types';
import type { FieldDef } from './schema';
import { tableDef } from './schema';
import { userDateTime, type DatePrefs } from './dates';

export interface DisplaySource {
  get(table: string, sys_id: string): SnRow | undefined;
  choiceLabel(table: string, element: string, value: string): string | undefined;
  journal(sys_id: string, elements: readonly string[], viewer?: DatePrefs): string;
}

export interface DisplayTarget {
  value: string;
  def: FieldDef;
  table: string;
  row: SnRow | undefined;
  field: string;
}

export function displayOf(src: DisplaySource, t: DisplayTarget, viewer: DatePrefs = {}): string {
  const { value, def } = t;
  switch (def.type) {
    case 'reference': {
      if (!value || !def.ref) return '';
      const target = src.get(def.ref, value);
      const field = tableDef(def.ref)?.display ?? 'sys_id';
      return target ? (target[field] ?? '') : '';
    }
    case 'choice':
      return value === '' ? '' : (src.choiceLabel(t.table, t.field, value) ?? value);
    case 'integer':
      return /^-?\d+$/.test(value) ? Number(value).toLocaleString('en-US') : value;
    case 'datetime':
      return userDateTime(value, viewer);
    case 'journal':
      return t.row?.sys_id ? src.journal(t.row.sys_id, [t.field], viewer) : '';
    case 'journal_list':
      return t.row?.sys_id ? src.journal(t.row.sys_id, ['comments', 'work_notes'], viewer) : '';
    default:
      return value;
  }
}

const LABEL: Record<string, string> = { comments: 'Additional comments', work_notes: 'Work notes' };

/**
 * The preformatted journal string of comments_and_work_notes: newest entry first, each as
 * `<created on> - <user's name> (<Work notes|Additional comments>)\n<text>\n\n`.
 */
export function formatJournal(entries: readonly SnRow[], nameOf: (user_name: string) => string, viewer: DatePrefs = {}): string {
  return [...entries]
    .reverse()
    .sort((a, b) => ((a.sys_created_on ?? '') < (b.sys_created_on ?? '') ? 1 : (a.sys_created_on ?? '') > (b.sys_created_on ?? '') ? -1 : 0))
    .map((e) => `${userDateTime(e.sys_created_on ?? '', viewer)} - ${nameOf(e.sys_created_by ?? '')} (${LABEL[e.element ?? ''] ?? e.element})\n${e.value}\n\n`)
    .join('');
}
