/**
 * "5 min ago" / "yesterday" / "3 days ago" for cards, with the exact timestamp for tooltips.
 * Hand-rolled rather than Intl.RelativeTimeFormat: it ships in the Mattermost content script (20 KB gzip
 * budget), the UI is English, and "yesterday" / "just now" wording is ours to choose.
 */

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Milliseconds since the epoch, or undefined when the input is missing or not a date. */
export function toEpoch(when: string | number | Date | undefined): number | undefined {
  if (when === undefined || when === '') return undefined;
  const ms = when instanceof Date ? when.getTime() : typeof when === 'number' ? when : Date.parse(when);
  return Number.isFinite(ms) ? ms : undefined;
}

/**
 * Elapsed-time wording. Days count elapsed 24-hour periods, not calendar days, so the result does not depend on
 * the viewer's time zone (and tests with a fixed `now` are stable). Future times — ServiceNow's clock a little
 * ahead of ours — read "just now" rather than a confusing "in 2 min".
 */
export function relativeTime(when: string | number | Date, now: number = Date.now()): string {
  const t = toEpoch(when);
  if (t === undefined) return '';
  const diff = now - t;
  if (diff < 45_000) return 'just now';
  if (diff < HOUR) {
    const m = Math.max(1, Math.round(diff / MINUTE));
    return m >= 60 ? '1 hour ago' : `${m} min ago`;
  }
  if (diff < DAY) {
    const h = Math.floor(diff / HOUR);
    return h === 1 ? '1 hour ago' : `${h} hours ago`;
  }
  const d = Math.floor(diff / DAY);
  if (d === 1) return 'yesterday';
  if (d < 7) return `${d} days ago`;
  // Beyond a week a date reads better than "23 days ago"; the year only when it is not the current one.
  const date = new Date(t);
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(undefined, { day: 'numeric', month: 'short', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** The exact local date and time, for `title` tooltips beside a relative time. */
export function exactTime(when: string | number | Date): string {
  const t = toEpoch(when);
  if (t === undefined) return '';
  return new Date(t).toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** A span as the panel's due dates say it: "45 min", "3 h", "2 d" (whole units, rounded down; at least 1 min). */
function span(ms: number): string {
  if (ms < HOUR) return `${Math.max(1, Math.floor(ms / MINUTE))} min`;
  if (ms < 2 * DAY) return `${Math.floor(ms / HOUR)} h`;
  return `${Math.floor(ms / DAY)} d`;
}

/**
 * How a due date stands: "due in 3 h", "overdue by 2 d". Unlike relativeTime, the future matters here. Done
 * records (`open: false`) are neither due nor overdue: undefined.
 */
export function dueRelative(when: string | number | Date, now: number = Date.now(), open = true): { text: string; overdue: boolean } | undefined {
  const t = toEpoch(when);
  if (t === undefined || !open) return undefined;
  const diff = t - now;
  return diff >= 0 ? { text: `due in ${span(diff)}`, overdue: false } : { text: `overdue by ${span(-diff)}`, overdue: true };
}
