import { describe, expect, test } from 'vitest';
import { themedCss } from './frame-theme';

describe('themedCss', () => {
  const css = '.a{color:#000}@media (prefers-color-scheme: dark){.a{color:#fff}}';
  test('a dark host turns the dark block on, a light one off, an unknown one leaves it to the system', () => {
    expect(themedCss(css, true)).toBe('.a{color:#000}@media all{.a{color:#fff}}');
    expect(themedCss(css, false)).toBe('.a{color:#000}@media not all{.a{color:#fff}}');
    expect(themedCss(css, undefined)).toBe(css);
  });
});
