/**
 * A frame follows the page that hosts it, not the system setting: a dark Mattermost theme on a light desktop
 * gets a dark share dialog. Our stylesheets write their dark colours under `@media (prefers-color-scheme: dark)`
 * (right for the popup and options, which follow the system); a frame rewrites those blocks to always or never
 * apply. With no theme known, they stay as written.
 */
export function themedCss(css: string, dark: boolean | undefined): string {
  if (dark === undefined) return css;
  return css.replace(/@media\s*\(prefers-color-scheme:\s*dark\)/g, dark ? '@media all' : '@media not all');
}

/** Mattermost's theme variables that our cards read (components/record-card.css), handed to a frame as they are. */
export const MATTERMOST_THEME_VARS = ['--center-channel-bg', '--center-channel-color', '--link-color', '--button-bg', '--button-color', '--error-text'] as const;

/** Relative luminance of a CSS colour in `#rgb`, `#rrggbb` or `rgb()/rgba()` form; undefined if it is none of those or transparent. */
export function luminance(color: string): number | undefined {
  const c = color.trim();
  let rgb: number[] | undefined;
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/i.exec(c)?.[1];
  if (hex) rgb = (hex.length === 3 ? [...hex].map((h) => h + h) : hex.match(/../g)!).map((h) => parseInt(h, 16));
  const fn = /^rgba?\(\s*(\d+)[\s,]+(\d+)[\s,]+(\d+)(?:[\s,/]+([\d.]+%?))?\s*\)$/i.exec(c);
  if (fn) {
    if (fn[4] !== undefined && parseFloat(fn[4]) === 0) return undefined;
    rgb = [fn[1], fn[2], fn[3]].map(Number);
  }
  if (!rgb) return undefined;
  const [r, g, b] = rgb.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}
