import { markdownLink as linkTo } from '../mattermost/markdown-link';

/** `[INC0010001: short description](url)` for Mattermost, the record's text neutralised. */
export function markdownLink(number: string, shortDescription: string, url: string): string {
  return linkTo(shortDescription ? `${number}: ${shortDescription}` : number, url, 150);
}
