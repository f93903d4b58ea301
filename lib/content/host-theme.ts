import type { FrameSpec } from '../messages';
import { MATTERMOST_THEME_VARS } from '../frame-theme';

/**
 * Whether a CSS colour (`#rgb`, `#rrggbb`, `rgb()`/`rgba()`) is dark, by its luma; undefined if it is none of
 * those, or transparent. Enough to tell a dark theme from a light one, and small (the content scripts' budget).
 */
export function isDark(color: string): boolean | undefined {
  const c = color.trim();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c)?.[1];
  const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)(?:[\s,/]+([\d.]+)%?)?\s*\)$/i.exec(c);
  const rgb = hex ? (hex.length === 3 ? [...hex].map((h) => h + h) : hex.match(/../g)!).map((h) => parseInt(h, 16)) : fn && !(fn[4] && +fn[4] === 0) ? [+fn[1]!, +fn[2]!, +fn[3]!] : undefined;
  return rgb && 0.299 * rgb[0]! + 0.587 * rgb[1]! + 0.114 * rgb[2]! < 128;
}

/**
 * How the page looks, for a frame that should look like part of it. Mattermost sets its theme as CSS variables
 * on the root (`applyTheme` in webapp/channels/src/utils/utils.tsx writes `--center-channel-bg` and friends); other
 * pages (ServiceNow) are judged by their background, and by the system setting when that is transparent.
 */
export function hostTheme(doc: Document = document): FrameSpec['theme'] {
  const root = getComputedStyle(doc.documentElement);
  const vars: Record<string, string> = {};
  for (const name of MATTERMOST_THEME_VARS) {
    const value = root.getPropertyValue(name).trim();
    if (value && /^[#(),.%\w\s-]{1,60}$/.test(value)) vars[name] = value;
  }
  const dark =
    isDark(vars['--center-channel-bg'] ?? '') ?? isDark(doc.body ? getComputedStyle(doc.body).backgroundColor : '') ?? isDark(root.backgroundColor) ?? matchMedia('(prefers-color-scheme: dark)').matches;
  return Object.keys(vars).length ? { dark, vars } : { dark };
}
