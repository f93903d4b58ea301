/**
 * Record numbers (`INC0010001`): finding them in chat text and reading what a user typed.
 * Pure; no DOM or browser APIs, so it runs in content scripts and the service worker.
 *
 * Prefixes are admin-configurable in ServiceNow (`sys_number`), so the matcher is always built
 * from the loaded prefixes; `DEFAULT_PREFIXES` is only the fallback until they are loaded.
 */

import { NUMBER_PREFIX } from './record';

/** Out-of-box prefix → table (ServiceNow docs on record numbering, `sys_number`). */
export const DEFAULT_PREFIXES: Readonly<Record<string, string>> = Object.freeze({
  INC: 'incident',
  PRB: 'problem',
  PTASK: 'problem_task',
  CHG: 'change_request',
  CTASK: 'change_task',
  REQ: 'sc_request',
  RITM: 'sc_req_item',
  SCTASK: 'sc_task',
  KB: 'kb_knowledge',
  TASK: 'task',
  CS: 'sn_customerservice_case',
  HRC: 'sn_hr_core_case',
  SIR: 'sn_si_incident',
  STRY: 'rm_story',
  DMND: 'dmn_demand',
  PRJ: 'pm_project',
  WO: 'wm_order',
  WOT: 'wm_task',
  IMS: 'interaction',
});

/** ServiceNow pads numbers to 7 digits by default (`sys_number.maximum_digits`). */
export const DEFAULT_MIN_DIGITS = 7;

export interface NumberHit {
  /** exactly as written (find is case-sensitive, so this is the canonical form) */
  number: string;
  table: string;
  /** UTF-16 offset of the number in the searched text */
  index: number;
}

export interface NumberMatcher {
  /** global + unicode; group 1 is the prefix, group 2 the digits. Shared: mind `lastIndex`, or prefer `find`. */
  regex: RegExp;
  /** Strict scan of chat text: exact prefix case, ≥ minDigits digits, not part of a longer word. */
  find(text: string): NumberHit[];
  /** Lenient reading of one typed token (`inc12345` → INC0012345); null if it is not a number. */
  normalize(input: string): { number: string; table: string } | null;
}

const TABLE = /^[a-z0-9_]+$/;

/**
 * Escapes what means something in a regex. Not `-`: outside a character class it is literal, and a `u`-flag
 * regex rejects `\-` there as an invalid escape (a `TK-` prefix used to throw, killing every card and search).
 */
const escapeRegex = (s: string) => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

/**
 * Builds the matcher from prefix → table (as loaded from `sys_number`, or DEFAULT_PREFIXES).
 * Entries whose prefix is not one NUMBER_PREFIX allows, or whose table name is invalid, are ignored.
 */
export function buildNumberMatcher(
  prefixes: Readonly<Record<string, string>>,
  opts: { minDigits?: number } = {},
): NumberMatcher {
  const minDigits = Math.max(1, Math.floor(opts.minDigits ?? DEFAULT_MIN_DIGITS));
  const exact = new Map<string, string>();
  const folded = new Map<string, { prefix: string; table: string }>();
  for (const [raw, table] of Object.entries(prefixes)) {
    const prefix = raw.trim();
    if (!NUMBER_PREFIX.test(prefix) || !TABLE.test(table)) continue;
    exact.set(prefix, table);
    const key = prefix.toUpperCase();
    if (!folded.has(key)) folded.set(key, { prefix, table });
  }

  // Longest first, so SCTASK and CTASK are tried before TASK and WOT before WO. The lookarounds
  // already stop `TASK` matching inside `SCTASK0010001`; the order keeps the alternation honest
  // for prefixes that are not letters only.
  const alternation = [...exact.keys()]
    .sort((a, b) => b.length - a.length || a.localeCompare(b))
    .map(escapeRegex)
    .join('|');
  // Lookarounds instead of `\b`: `\b` is ASCII-only and would accept `éINC0010001` or a prefix
  // that starts with punctuation. Letters, digits and `_` of any script glue a number into a word.
  const source = alternation
    ? `(?<![\\p{L}\\p{N}_])(${alternation})(\\d{${minDigits},})(?![\\p{L}\\p{N}_])`
    : '(?!)'; // no prefixes: match nothing
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'gu');
  } catch {
    // Not expected (every prefix passed NUMBER_PREFIX and is escaped), but one odd prefix must never cost the
    // instance every card and every search: the out-of-box prefixes still work.
    return buildNumberMatcher(DEFAULT_PREFIXES, opts);
  }

  const find = (text: string): NumberHit[] => {
    const hits: NumberHit[] = [];
    // matchAll clones the regex, so the shared `regex.lastIndex` is never touched.
    for (const m of text.matchAll(regex)) {
      const prefix = m[1]!;
      hits.push({ number: m[0], table: exact.get(prefix)!, index: m.index });
    }
    return hits;
  };

  const normalize = (input: string) => {
    const m = /^\s*(\S*?)(\d+)\s*$/u.exec(input);
    if (!m) return null;
    const hit = folded.get(m[1]!.toUpperCase());
    if (!hit) return null;
    return { number: hit.prefix + m[2]!.padStart(minDigits, '0'), table: hit.table };
  };

  return { regex, find, normalize };
}

/** A `sys_number` row as returned with `sysparm_exclude_reference_link=true` (raw values, not display). */
export interface SysNumberRow {
  category: unknown;
  prefix: unknown;
  maximum_digits?: unknown;
}

/**
 * prefix → table from `GET /api/now/table/sys_number?sysparm_fields=category,prefix,maximum_digits`.
 * Rows with a blank prefix or a category that is not a table name are skipped. When two tables
 * share a prefix a number cannot say which one it is; we then map it to `task`, the parent table
 * a resolver can query for any task-derived record (the common case for shared prefixes).
 */
export function prefixesFromSysNumber(rows: readonly SysNumberRow[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const row of rows) {
    const prefix = typeof row.prefix === 'string' ? row.prefix.trim() : '';
    const table = typeof row.category === 'string' ? row.category.trim() : '';
    if (!NUMBER_PREFIX.test(prefix) || !TABLE.test(table)) continue;
    const seen = out[prefix];
    out[prefix] = seen === undefined || seen === table ? table : 'task';
  }
  return out;
}

/**
 * The digit count to require when scanning, from the same rows: the smallest `maximum_digits`
 * (numbers are zero-padded to it, so no valid number is shorter), never below 4 — shorter runs
 * like `KB123` are too likely to be something else — and DEFAULT_MIN_DIGITS when none is given.
 */
export function minDigitsFromSysNumber(rows: readonly SysNumberRow[]): number {
  let min = Infinity;
  for (const row of rows) {
    const n = Number(row.maximum_digits);
    if (Number.isInteger(n) && n > 0) min = Math.min(min, n);
  }
  return Number.isFinite(min) ? Math.max(4, min) : DEFAULT_MIN_DIGITS;
}
