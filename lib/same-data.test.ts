import { describe, expect, it } from 'vitest';
import { sameData } from './same-data';

describe('sameData', () => {
  it('compares values, arrays and plain objects deeply, whatever the key order', () => {
    expect(sameData({ a: 1, b: [1, { c: 'x' }], d: null }, { d: null, b: [1, { c: 'x' }], a: 1 })).toBe(true);
    expect(sameData([], [])).toBe(true);
    expect(sameData(NaN, NaN)).toBe(false);
  });

  it('tells a changed, added, missing or undefined-valued field', () => {
    expect(sameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(sameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(sameData({ a: 1, b: undefined }, { a: 1, c: undefined })).toBe(false);
    expect(sameData([1, 2], [1, 2, 3])).toBe(false);
    expect(sameData({ 0: 'x', length: 1 }, ['x'])).toBe(false);
    expect(sameData({ a: { b: [1] } }, { a: { b: [2] } })).toBe(false);
    expect(sameData(null, {})).toBe(false);
    expect(sameData(new Date(0), {})).toBe(false);
  });
});
