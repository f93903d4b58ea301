import { describe, expect, test } from 'vitest';
import { luminance, themedCss } from './frame-theme';

describe('themedCss', () => {
  const css = '.a{color:#000}@media (prefers-color-scheme: dark){.a{color:#fff}}';
  test('a dark host turns the dark block on, a light one off, an unknown one leaves it to the system', () => {
    expect(themedCss(css, true)).toBe('.a{color:#000}@media all{.a{color:#fff}}');
    expect(themedCss(css, false)).toBe('.a{color:#000}@media not all{.a{color:#fff}}');
    expect(themedCss(css, undefined)).toBe(css);
  });
});

describe('luminance', () => {
  test.each([
    ['#fff', 1],
    ['#000000', 0],
    ['rgb(255, 255, 255)', 1],
    ['rgba(0, 0, 0, 0.5)', 0],
  ])('%s', (c, l) => expect(luminance(c)).toBeCloseTo(l));
  test('dark Mattermost theme is dark, transparent and junk are unknown', () => {
    expect(luminance('#191b1f')!).toBeLessThan(0.1);
    expect(luminance('rgba(0, 0, 0, 0)')).toBeUndefined();
    expect(luminance('transparent')).toBeUndefined();
    expect(luminance('red')).toBeUndefined();
  });
});
