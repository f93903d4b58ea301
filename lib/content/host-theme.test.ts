import { describe, expect, test } from 'vitest';
import { hostTheme, isDark } from './host-theme';

describe('isDark', () => {
  test.each([
    ['#fff', false],
    ['#000000', true],
    ['#191b1f', true],
    ['rgb(255, 255, 255)', false],
    ['rgba(0, 0, 0, 0.5)', true],
  ])('%s → %s', (c, dark) => expect(isDark(c)).toBe(dark));
  test('transparent and what it cannot read are unknown', () => {
    for (const c of ['rgba(0, 0, 0, 0)', 'transparent', 'red', '']) expect(isDark(c)).toBeUndefined();
  });
});

describe('hostTheme', () => {
  test("Mattermost's theme variables decide, and go to the frame as they are", () => {
    document.documentElement.style.setProperty('--center-channel-bg', '#191b1f');
    document.documentElement.style.setProperty('--center-channel-color', '#dddddd');
    try {
      expect(hostTheme()).toEqual({ dark: true, vars: { '--center-channel-bg': '#191b1f', '--center-channel-color': '#dddddd' } });
    } finally {
      document.documentElement.removeAttribute('style');
    }
  });
  test("another page's background decides", () => {
    document.body.style.backgroundColor = 'rgb(250, 250, 250)';
    expect(hostTheme()).toEqual({ dark: false });
    document.body.removeAttribute('style');
  });
});
