/**
 * ServiceNow date-time strings: `YYYY-MM-DD HH:mm:ss`, UTC on the wire. Sortable as plain strings, which
 * the query engine relies on for <, >, BETWEEN and ORDERBY on dates.
 */

/**
 * The seed's "now": every generated date lies in the 90 days before it, so the data is identical on every
 * run instead of drifting with Date.now().
 */
export const SEED_EPOCH_MS = Date.UTC(2025, 5, 1, 12, 0, 0);

export function snDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

export function snDate(ms: number): string {
  return snDateTime(ms).slice(0, 10);
}

/** A user's date settings (sys_user.date_format, sys_user.time_zone); empty means the system default. */
export interface DatePrefs {
  date_format?: string;
  time_zone?: string;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * A stored UTC date-time (`YYYY-MM-DD HH:mm:ss`) as a user sees it: in their time zone, the date in their format
 * (tokens yyyy, MM, MMM, dd, as in sys_user.date_format, e.g. `dd/MM/yyyy`, `dd.MM.yyyy`, `MM-dd-yyyy`,
 * `dd-MMM-yyyy`), then `HH:mm:ss`. With no settings it is the value itself (yyyy-MM-dd, UTC).
 */
export function userDateTime(value: string, prefs: DatePrefs): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m || (!prefs.date_format && !prefs.time_zone)) return value;
  let [y, mo, d, time] = [m[1]!, m[2]!, m[3]!, `${m[4]}:${m[5]}:${m[6]}`];
  if (prefs.time_zone) {
    const parts = new Intl.DateTimeFormat('en-GB', {
      timeZone: prefs.time_zone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23',
    }).formatToParts(Date.UTC(+y, +mo - 1, +d, +m[4]!, +m[5]!, +m[6]!));
    const part = (t: string) => parts.find((p) => p.type === t)!.value;
    [y, mo, d, time] = [part('year'), part('month'), part('day'), `${part('hour')}:${part('minute')}:${part('second')}`];
  }
  const date = (prefs.date_format || 'yyyy-MM-dd').replace(/yyyy|MMM|MM|dd/g, (t) => (t === 'yyyy' ? y : t === 'MMM' ? MONTHS[+mo - 1]! : t === 'MM' ? mo : d));
  return `${date} ${time}`;
}

/**
 * The reverse of userDateTime's zone shift: a wall-clock `YYYY-MM-DD HH:mm:ss` in `timeZone` as the stored UTC
 * value. gs.dateGenerate reads its arguments in the session user's zone (records-and-watch-contracts.md C.1).
 * A wall time a DST change skips or repeats resolves to one of its candidates.
 */
export function zonedToUtc(value: string, timeZone: string | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/.exec(value);
  if (!m || !timeZone) return value;
  const wall = Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!);
  const offset = (at: number) => Date.parse(`${userDateTime(snDateTime(at), { time_zone: timeZone }).replace(' ', 'T')}Z`) - at;
  // the offset at the first guess, then at the corrected instant in case a DST change lies between them
  const guess = wall - offset(wall);
  return snDateTime(wall - offset(guess));
}
