/**
 * Date-times as a ServiceNow user sees them. Display values (and journal headers) are rendered in the user's
 * sys_user.date_format and time zone, which the Table API does not tell us. Like XSOAR's ServiceNow v2
 * integration (`get_timezone_offset`), we learn both from one field read with display_value=all: its
 * `display_value` is the user's rendering of the UTC `value` (records-and-watch-contracts.md A.1).
 *
 * The offset is learned at one instant, which is wrong by an hour across a daylight-saving change. When the
 * user's sys_user.time_zone (an IANA name) is readable and agrees with the sample, each date uses that zone's
 * offset at its own instant instead (withZone); otherwise the fixed offset is the best the display values allow.
 */

/** One way a user may see a date-time; `order` names the date's parts in the order they appear. */
export interface UserDateFormat {
  readonly order: readonly DatePart[];
  readonly separator: string;
  /** local time minus UTC, in ms, at the learned instant */
  readonly offsetMs: number;
  /** the user's IANA time zone, when known and consistent with the sample: its offset varies with the date */
  readonly zone?: string;
}

type DatePart = 'yyyy' | 'MM' | 'MMM' | 'dd';

/** sys_user.date_format choices seen on real instances (XSOAR fixtures, public fixtures; A.1), most likely first. */
const FORMATS: ReadonlyArray<readonly [readonly DatePart[], string]> = [
  [['yyyy', 'MM', 'dd'], '-'],
  [['dd', 'MM', 'yyyy'], '/'],
  [['MM', 'dd', 'yyyy'], '/'],
  [['dd', 'MM', 'yyyy'], '.'],
  [['MM', 'dd', 'yyyy'], '.'],
  [['dd', 'MM', 'yyyy'], '-'],
  [['MM', 'dd', 'yyyy'], '-'],
  [['dd', 'MMM', 'yyyy'], '-'],
  [['MMM', 'dd', 'yyyy'], '-'],
  [['yyyy', 'MM', 'dd'], '/'],
  [['yyyy', 'MM', 'dd'], '.'],
];

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const PART: Record<DatePart, string> = { yyyy: '(\\d{4})', MM: '(\\d{1,2})', dd: '(\\d{1,2})', MMM: '([A-Za-z]{3})' };
/** 24-hour, or 12-hour with AM/PM (sys_user.time_format); seconds may be left out */
const TIME = '(\\d{1,2}):(\\d{2})(?::(\\d{2}))?(?: ?([AaPp][Mm]))?';
const QUARTER_HOUR = 15 * 60_000;
const MAX_OFFSET = 14 * 3_600_000;

/** A regular expression source matching one date-time in this format (no anchors, 7 capture groups). */
export function dateTimePattern(f: Pick<UserDateFormat, 'order' | 'separator'>): string {
  const sep = f.separator.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
  return `${f.order.map((p) => PART[p]).join(sep)} ${TIME}`;
}

/** The UTC ms of a date-time in the format `f` as if it were UTC (the user's wall clock), or undefined. */
function wallClockMs(f: Pick<UserDateFormat, 'order' | 'separator'>, text: string): number | undefined {
  const m = new RegExp(`^${dateTimePattern(f)}$`).exec(text.trim());
  if (!m) return undefined;
  let year = 0;
  let month = 0;
  let day = 0;
  f.order.forEach((p, i) => {
    const v = m[i + 1]!;
    if (p === 'yyyy') year = Number(v);
    else if (p === 'dd') day = Number(v);
    else if (p === 'MM') month = Number(v);
    else month = MONTHS.indexOf(v.toLowerCase()) + 1;
  });
  let hour = Number(m[4]);
  const [minute, second, ampm] = [Number(m[5]), Number(m[6] ?? '0'), m[7]?.toLowerCase()];
  if (ampm) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm === 'pm' ? 12 : 0);
  }
  if (month < 1 || month > 12 || day < 1 || hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Date.UTC(year, month - 1, day, hour, minute, second);
  // 31.02. rolls over into March: not a date
  return new Date(ms).getUTCDate() === day ? ms : undefined;
}

/** `YYYY-MM-DD HH:mm:ss` (the Table API's UTC value) → ms, or undefined. */
export function snUtcMs(value: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  const t = m ? Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!) : NaN;
  return Number.isNaN(t) ? undefined : t;
}

/** `2025-06-02 08:00:00` (UTC, as `value` is with display_value=all) → ISO; '' when absent or unreadable. */
export function snDateToIso(s: string | undefined): string {
  const t = snUtcMs(s ?? '');
  return t === undefined ? '' : new Date(t).toISOString();
}

/**
 * Every format (with its offset) under which `display` renders the UTC `value`: usually one. Two remain when
 * the sample cannot tell day from month (e.g. 06/06): the caller picks with more dates (pickFormat).
 */
export function learnDateFormats(display: string, value: string): UserDateFormat[] {
  const utc = snUtcMs(value);
  if (utc === undefined) return [];
  const found: UserDateFormat[] = [];
  for (const [order, separator] of FORMATS) {
    const wall = wallClockMs({ order, separator }, display);
    if (wall === undefined) continue;
    const offsetMs = wall - utc;
    // real zones are whole quarter hours from UTC, at most 14 h
    if (offsetMs % QUARTER_HOUR === 0 && Math.abs(offsetMs) <= MAX_OFFSET) found.push({ order, separator, offsetMs });
  }
  return found;
}

/** The zone's offset (local minus UTC, ms) at a UTC instant; undefined for a name Intl does not know. */
function zoneOffsetMs(zone: string, utcMs: number): number | undefined {
  try {
    const parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone, year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric', hourCycle: 'h23',
    }).formatToParts(utcMs);
    const n = (t: string) => Number(parts.find((p) => p.type === t)?.value);
    return Date.UTC(n('year'), n('month') - 1, n('day'), n('hour'), n('minute'), n('second')) - Math.floor(utcMs / 1000) * 1000;
  } catch {
    return undefined;
  }
}

/**
 * The formats with the user's time zone attached, for those whose learned offset the zone gives at the sample's
 * instant (UTC `sampleValue`). A zone that disagrees (stale, or not the one the instance renders with) is ignored.
 */
export function withZone(formats: readonly UserDateFormat[], zone: string, sampleValue: string): UserDateFormat[] {
  const utc = snUtcMs(sampleValue);
  const at = utc === undefined || !zone ? undefined : zoneOffsetMs(zone, utc);
  return formats.map((f) => (at === f.offsetMs ? { ...f, zone } : f));
}

/** A date-time the user sees in format `f` → ISO UTC (`2025-06-02T08:00:00.000Z`), or undefined. */
export function userDateTimeToIso(f: UserDateFormat, text: string): string | undefined {
  const wall = wallClockMs(f, text);
  if (wall === undefined) return undefined;
  let utc = wall - f.offsetMs;
  if (f.zone) {
    // the offset at the guessed instant, then again at the corrected one (settles across a change)
    for (let i = 0; i < 2; i++) utc = wall - (zoneOffsetMs(f.zone, utc) ?? f.offsetMs);
  }
  return new Date(utc).toISOString();
}
