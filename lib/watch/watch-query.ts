/**
 * The Table API queries watching makes (records-and-watch-contracts.md C.1): literal UTC timestamps (never
 * `javascript:`), `>=` (one-second resolution: `>` would miss a same-second update) deduped later on
 * (sys_id, sys_mod_count), oldest first so a full page's last row is a safe watermark.
 */
import { RECORD_NUMBER } from '../servicenow/record';
import { withoutScriptPrefix } from '../servicenow/query-value';

/** What every watch read asks for: the diff's fields and the identity of the change. */
export const TRACKED_FIELDS = ['state', 'priority', 'assigned_to', 'assignment_group', 'short_description', 'impact', 'urgency', 'approval'] as const;
/**
 * The journal fields come along: only changed records are in an answer, and their display values hold the new
 * comments and work notes (contracts C.3, A.1), so a change is told after one round trip, not one per record.
 */
export const WATCH_FIELDS = ['sys_id', 'sys_class_name', 'number', 'sys_mod_count', 'sys_updated_on', 'sys_updated_by', 'sys_created_on', ...TRACKED_FIELDS, 'comments', 'work_notes'];

/**
 * A watched-records query stays under this many characters once URL-encoded: proxies and app servers commonly
 * refuse request lines past 8 KB (Tomcat's default header limit; the simulator's Node server answers 431 past 16 KB).
 * Records are named by number (INC0010001, 13 encoded characters with its comma, against a sys_id's 35), so about 500
 * watched records fit in one request.
 */
export const MAX_QUERY_CHARS = 7000;

/** A UTC `YYYY-MM-DD HH:mm:ss` as the Table API sends `sys_updated_on.value`; anything else is not a watermark. */
export const UTC_STAMP = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

const ORDER = /^ORDERBY(DESC)?/;

/**
 * `query` with `sys_updated_on>=since` in every OR block (`^NQ` starts a new block: a condition appended once
 * would only narrow the last one), its own ORDERBYs dropped, ordered by sys_updated_on.
 */
export function since(query: string, stamp: string | undefined): string {
  const blocks = unordered(query);
  const cond = stamp && UTC_STAMP.test(stamp) ? `sys_updated_on>=${stamp}` : '';
  const joined = blocks
    .map((b) => [b, cond].filter(Boolean).join('^'))
    .filter(Boolean)
    .join('^NQ');
  return [joined, 'ORDERBYsys_updated_on'].filter(Boolean).join('^');
}

/** The query's OR blocks without ORDERBYs or a script prefix. */
const unordered = (query: string) =>
  withoutScriptPrefix(query)
    .split('^NQ')
    .map((b) => b.split('^').filter((c) => c && !ORDER.test(c)).join('^'));

/** `query` newest first: what a queue holds when it is first watched. */
export const newest = (query: string): string => [unordered(query).filter(Boolean).join('^NQ'), 'ORDERBYDESCsys_updated_on'].filter(Boolean).join('^');

/** One query for watched records by number (numbers are unique per task table; the caller keeps only its sys_ids). */
export function recordsQuery(numbers: readonly string[], stamp: string | undefined): string {
  return since(`numberIN${numbers.filter((n) => RECORD_NUMBER.test(n)).join(',')}`, stamp);
}

/** The numbers in groups whose queries stay within MAX_QUERY_CHARS. */
export function numberBatches(numbers: readonly string[], stamp: string | undefined): string[][] {
  const overhead = encodeURIComponent(recordsQuery([], stamp)).length;
  const out: string[][] = [];
  let size = overhead;
  for (const n of numbers) {
    const cost = encodeURIComponent(`${n},`).length;
    if (!out.length || size + cost > MAX_QUERY_CHARS) {
      out.push([]);
      size = overhead;
    }
    out.at(-1)!.push(n);
    size += cost;
  }
  return out;
}

/**
 * A ServiceNow list page's table and encoded query, for "Watch this list": classic `incident_list.do?sysparm_query=`,
 * also inside `nav_to.do?uri=` and the Next Experience shell `/now/nav/ui/classic/params/target/<encoded>`.
 */
export function listFromUrl(url: string): { table: string; query: string } | undefined {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return undefined;
  }
  const shell = /\/now\/nav\/ui\/classic\/params\/target\/(.+)$/.exec(u.pathname)?.[1];
  const inner = u.searchParams.get('uri') ?? (shell === undefined ? undefined : decodeURIComponent(shell));
  if (inner !== undefined) return listFromUrl(new URL(inner, u.origin).href);
  const m = /^\/([a-z0-9_]+)_list\.do$/.exec(u.pathname);
  if (!m) return undefined;
  return { table: m[1]!, query: withoutScriptPrefix(u.searchParams.get('sysparm_query') ?? '') };
}
