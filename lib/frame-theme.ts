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
