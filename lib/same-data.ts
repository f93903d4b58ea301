/**
 * Deep equality of JSON-like data (primitives, arrays, plain objects), as stored values and messages hold it. For
 * what is read again and again and rarely changes: the watch store parses only the watches that changed
 * (lib/watch/watch-store.ts), the Activity view re-renders only what changed (components/activity-view.tsx).
 */
export function sameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
  if (Array.isArray(a)) {
    const bs = b as unknown[];
    return a.length === bs.length && a.every((x, i) => sameData(x, bs[i]));
  }
  const ao = a as Record<string, unknown>;
  const bo = b as Record<string, unknown>;
  const keys = Object.keys(ao);
  return keys.length === Object.keys(bo).length && keys.every((k) => Object.hasOwn(bo, k) && sameData(ao[k], bo[k]));
}
