import type { FrameSpec } from '../messages';
import { luminance, MATTERMOST_THEME_VARS } from '../frame-theme';

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
  const bg =
    luminance(vars['--center-channel-bg'] ?? '') ??
    luminance(doc.body ? getComputedStyle(doc.body).backgroundColor : '') ??
    luminance(root.backgroundColor);
  const dark = bg === undefined ? matchMedia('(prefers-color-scheme: dark)').matches : bg < 0.4;
  return Object.keys(vars).length ? { dark, vars } : { dark };
}
