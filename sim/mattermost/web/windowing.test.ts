// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { computeRange } from './windowing';

describe('computeRange', () => {
  const h = Array.from({ length: 100 }, () => 50);

  it('mounts the visible rows plus overscan on each side', () => {
    // rows 20..31 intersect [1000, 1600); overscan 6 → 14..38
    expect(computeRange(h, 1000, 600, 6)).toEqual({ start: 14, end: 38 });
  });

  it('clamps at both ends', () => {
    expect(computeRange(h, 0, 600, 6)).toEqual({ start: 0, end: 18 });
    expect(computeRange(h, 4400, 600, 6)).toEqual({ start: 82, end: 100 });
  });

  it('keeps the last rows when scrolled past the end, and handles empty lists', () => {
    expect(computeRange(h, 99_999, 600, 2)).toEqual({ start: 97, end: 100 });
    expect(computeRange([], 0, 600, 6)).toEqual({ start: 0, end: 0 });
  });

  it('uses each row height (measured rows differ)', () => {
    const mixed = [10, 10, 500, 10, 10, 10];
    expect(computeRange(mixed, 30, 100, 0)).toEqual({ start: 2, end: 3 });
  });
});
