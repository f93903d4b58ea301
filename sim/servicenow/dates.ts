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
