/**
 * Making ServiceNow text safe to post into Mattermost (mentions as Mattermost's `server/channels/app/mention_parser_standard.go` finds them). Pure: no DOM or browser APIs.
 *
 * The goal is that the rendered post reads LITERALLY as the record's text: no mention fires, no link,
 * image, heading, list, table, code, emphasis, emoji or HTML appears. Three tools, each where it works:
 *
 * 1. Backslash escapes for what Mattermost's Markdown (its `marked` fork) would interpret. Only its
 *    escapable set is used — `` \ ` * _ { } [ ] ( ) # + - . ! | > ~ `` — because an escape outside it
 *    shows the backslash. A `\` before an ASCII letter or digit is left alone: the fork renders `\\a`
 *    as two backslashes (`\\(?!\w)`), while a lone `\a` already reads as `\a`.
 * 2. HTML entities where no escape exists: `<` → `&lt;` (no autolink `<a@b>`, tag or HTML block),
 *    `$` → `&#36;` (no inline LaTeX `$x$`), `&` → `&amp;` before something entity-like (so `&lt;` or
 *    `&#64;channel` in the record show as typed), U+2424 → `&#9252;` (marked turns that symbol into a
 *    line break). The renderer keeps entities and the browser shows the character.
 * 3. U+2060 WORD JOINER (invisible) after characters that trigger features working on the text
 *    AFTER Markdown, where escapes have already been resolved: `@` (mentions — the server finds them
 *    after Markdown, so `\@channel` still notifies everyone — and e-mail autolinks), `:` (URL schemes
 *    `https://`, `mailto:`, `tel:`, and `:emoji:` shortcodes), `~` (channel links `~town-square`),
 *    `#` (hashtags), `;` and `<` (emoticons such as `;)` and `<3`), `=` before `=` (setext heading
 *    underlines, which no escape can stop).
 *
 * Emoji shortcodes are broken on purpose: `:smile:` in a record is text someone typed and shows as typed.
 * Not handled: custom mention keywords a viewer chose (a first name appearing in the text still
 * highlights for them) and the `x-d` emoticon; neither pings anyone else.
 *
 * Whitespace: inline output is one line (every run of whitespace → one space), which is right for
 * field values; block output keeps single line breaks (Mattermost renders them) and at most one blank
 * line, with each line trimmed — leading spaces would start a code block, and HTML collapses runs of
 * spaces anyway. Control characters and bidi overrides/isolates are dropped and lone surrogates become U+FFFD.
 *
 * Apply once: neutralising already neutralised text escapes the escapes.
 */

export const WORD_JOINER = '\u2060';

export interface NeutralizeOptions {
  /**
   * Upper bound on the OUTPUT length in code points (Mattermost counts runes, e.g. 16383 per message).
   * Longer text is cut between whole characters (grapheme clusters, so no emoji or surrogate pair is
   * split) and whole escape sequences, and ends with `…`.
   */
  maxLength?: number;
  /** Keep line breaks (neutralizeBlock). Default false: one line (neutralizeInline). */
  multiline?: boolean;
}

const WJ = WORD_JOINER;
const ESCAPABLE = new Set('`*_{}[]()#+-.!|>~');
const ENTITY_LIKE = /^#?\w+;/;
const CONTROL = /[\u0000-\u0008\u000e-\u001f\u007f-\u009f]/g;
/** Bidi embeddings, overrides and isolates (U+202A–U+202E, U+2066–U+2069): record text could use them
 * to make a post read differently from what it says (CVE-2021-42574 "Trojan Source"), so they are dropped. */
const BIDI_CONTROL = /[\u202a-\u202e\u2066-\u2069]/g;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** A joiner after `c` matters only when something follows that could complete a construct. Combining
 * marks and variation selectors are left attached (`#️⃣` stays a keycap emoji). */
const joinerIf = (next: string) => (next && !/^[\s\p{M}]/u.test(next) ? WJ : '');

/** The Markdown-safe form of the code point at `s[i]` (context: what follows it). */
function escapeAt(s: string, i: number, cp: string): string {
  const next = s.slice(i + cp.length, i + cp.length + 2);
  switch (cp) {
    case '\\':
      return /^[A-Za-z0-9]/.test(next) ? '\\' : '\\\\';
    case '@':
      return `@${WJ}`;
    case ':':
    case ';':
      return cp + joinerIf(next);
    case '#':
    case '~':
      return `\\${cp}${joinerIf(next)}`;
    case '<':
      return `&lt;${joinerIf(next)}`;
    case '$':
      return '&#36;';
    case '&':
      return ENTITY_LIKE.test(s.slice(i + 1, i + 40)) ? '&amp;' : '&';
    case '=':
      return next.startsWith('=') ? `=${WJ}` : '=';
    case '\u2424':
      return '&#9252;';
  }
  return ESCAPABLE.has(cp) ? `\\${cp}` : cp;
}

/** Text without control characters or bidi overrides, lone surrogates replaced, line breaks as `\n` (see above). */
export function clean(text: string): string {
  return text.replace(LONE_SURROGATE, '\ufffd').replace(/\r\n?|[\u2028\u2029]/g, '\n').replace(CONTROL, '').replace(BIDI_CONTROL, '');
}

function oneLine(text: string): string {
  return clean(text).replace(/\s+/g, ' ').trim();
}

function lines(text: string): string {
  return clean(text)
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

type Segment = { segment: string; index: number };
const segmenter = typeof Intl !== 'undefined' && 'Segmenter' in Intl ? new Intl.Segmenter(undefined, { granularity: 'grapheme' }) : null;

/** Grapheme clusters with their offsets; code points where Intl.Segmenter is missing. */
function graphemes(s: string): Iterable<Segment> {
  if (segmenter) return segmenter.segment(s);
  const out: Segment[] = [];
  let index = 0;
  for (const cp of s) {
    out.push({ segment: cp, index });
    index += cp.length;
  }
  return out;
}

const codePoints = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Escapes `s` whole-grapheme by whole-grapheme, stopping before `maxLength` code points of output. */
function render(s: string, maxLength: number | undefined): string {
  const pieces: string[] = [];
  for (const { segment, index } of graphemes(s)) {
    let piece = '';
    let at = index;
    for (const cp of segment) {
      piece += escapeAt(s, at, cp);
      at += cp.length;
    }
    pieces.push(piece);
  }
  const full = pieces.join('');
  if (maxLength === undefined || codePoints(full) <= maxLength) return full;
  return truncate(pieces, segmentsOf(s), maxLength);
}

const segmentsOf = (s: string) => Array.from(graphemes(s), (g) => g.segment);

/** Whole pieces up to `maxLength - 1` code points, trailing whitespace dropped, then `…`. */
function truncate(pieces: string[], originals: string[], maxLength: number): string {
  if (maxLength < 1) return '';
  let used = 0;
  let end = 0;
  for (const piece of pieces) {
    const n = codePoints(piece);
    if (used + n > maxLength - 1) break;
    used += n;
    end++;
  }
  while (end > 0 && /^\s$/.test(originals[end - 1]!)) end--;
  return `${pieces.slice(0, end).join('')}…`;
}

/** ServiceNow text → Markdown that renders as that text. One line unless `multiline`. */
export function neutralizeMarkdown(text: string, opts: NeutralizeOptions = {}): string {
  return render(opts.multiline ? lines(text) : oneLine(text), opts.maxLength);
}

/** For field values, `text`/`pretext` one-liners: whitespace and line breaks collapse to one space. */
export function neutralizeInline(text: string, opts: { maxLength?: number } = {}): string {
  return neutralizeMarkdown(text, { ...opts, multiline: false });
}

/** For longer text (a description excerpt): line breaks kept, at most one blank line in a row. */
export function neutralizeBlock(text: string, opts: { maxLength?: number } = {}): string {
  return neutralizeMarkdown(text, { ...opts, multiline: true });
}

/**
 * An attachment `title` beside `title_link` is shown as plain text, not Markdown, and is not a
 * mention-enabled field (`server/public/model/slack_attachment.go`): escaping would show stray backslashes. So only whitespace collapses
 * to one line and long titles are cut (to `max` code points, whole graphemes, ending in `…`).
 */
export function plainTitle(text: string, max: number): string {
  const s = oneLine(text);
  if (codePoints(s) <= max) return s;
  const originals = segmentsOf(s);
  return truncate(originals, originals, max);
}
