/**
 * The virtualised list's range computation, shared by the page script and the unit tests.
 * It must stay self-contained (no imports, no outer variables): the page embeds its source text.
 */
export interface RowRange {
  /** first mounted row */
  start: number;
  /** one past the last mounted row */
  end: number;
}

/**
 * Rows to mount: those intersecting [scrollTop, scrollTop + viewport) plus `overscan` rows on each
 * side, like DynamicVirtualizedList. Heights are in row order (measured, or estimated until measured).
 */
export function computeRange(heights: number[], scrollTop: number, viewport: number, overscan: number): RowRange {
  const n = heights.length;
  if (n === 0) return { start: 0, end: 0 };
  let top = 0;
  let first = -1;
  let last = -1;
  for (let i = 0; i < n; i++) {
    const bottom = top + (heights[i] ?? 0);
    if (first < 0 && bottom > scrollTop) first = i;
    if (top < scrollTop + viewport) last = i;
    top = bottom;
  }
  // scrolled past the end (the list shrank): keep the last rows
  if (first < 0) first = n - 1;
  if (last < first) last = first;
  return { start: Math.max(0, first - overscan), end: Math.min(n, last + 1 + overscan) };
}
