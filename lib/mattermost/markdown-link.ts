import { HttpError } from '../http';
import { neutralizeInline } from './neutralize';

/**
 * A Markdown link for Mattermost whose text cannot inject anything (neutralised: no mention, link, image or
 * emphasis) and whose target cannot break out of the link: parentheses, angle brackets and spaces are
 * percent-encoded, and so is an `@` after the host, which could otherwise read as a mention (…/@channel).
 * Only http(s) targets; with no text, the bare (encoded) URL.
 */
export function markdownLink(text: string, url: string, maxLength = 200): string {
  const u = new URL(url);
  if (u.protocol !== 'https:' && u.protocol !== 'http:') throw new HttpError('http', 'Only web links can be shared.');
  // encodeURIComponent leaves ( and ) alone, which are exactly what would end the link target early.
  const href = u.origin + `${u.pathname}${u.search}${u.hash}`.replace(/[()<>\s@]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase().padStart(2, '0')}`);
  const label = text.trim() ? neutralizeInline(text, { maxLength }) : '';
  return label ? `[${label}](${href})` : href;
}
