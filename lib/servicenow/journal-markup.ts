/**
 * ServiceNow renders a journal entry's `[code]…[/code]` as raw HTML (when glide.ui.security.allow_codetag is on),
 * so text typed in Mattermost must never carry a working tag: it would be HTML injection into every reader's
 * activity stream (records-and-watch-contracts.md A.2). A zero-width space after the `[` breaks the tag for the
 * platform while the reader still sees exactly what was typed.
 */
const CODE_TAG = /\[(\s*\/?\s*code\s*)\]/gi;
const ZWSP = '\u200B';

export function neutraliseJournalMarkup(text: string): string {
  return text.replace(CODE_TAG, `[${ZWSP}$1]`);
}
