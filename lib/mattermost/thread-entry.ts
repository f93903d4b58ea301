/**
 * The journal text for "Add message / thread to a record": Mattermost posts as ServiceNow comment or work-note
 * entries (records-and-watch-contracts.md A.2). Pure.
 *
 * Shape, after the Jira plugin's "attached a message from @user" (A.2, mm-jira `AttachCommentToIssue`):
 *
 *     From Mattermost · <channel> · <permalink>            (" (part 1 of 3)" when split)
 *
 *     <Full Name> (@username) · 2025-06-02 08:00 UTC
 *     <text>
 *
 * The permalink is `<site>/<team>/pl/<post id>` (A.2, mm-jira `getPermaLink`): the thread's root, or the message
 * when there is one. Journal entries are plain text except `[code]…[/code]`, which ServiceNow renders as raw HTML
 * (A.2), so every piece of Mattermost text (messages, names, the channel) has its tags made inert
 * (journal-markup.ts), and no tag can form where two pieces meet. Control and bidi-override characters are dropped
 * (neutralize.ts `clean`); right-to-left text and emoji stay as they are. System posts ("joined the channel") are
 * left out; messages are in time order.
 *
 * An entry holds at most 16,000 characters (lib/messages/records.ts `record/journal`). What does not fit is split
 * between messages into the fewest parts (each part filled before the next starts); a message longer than a part is
 * cut at a word boundary (inside a word only when there is none) and goes on under "(continued)". No text is lost:
 * only the whitespace at a cut.
 */
import { neutraliseJournalMarkup } from '../servicenow/journal-markup';
import { clean } from './neutralize';

export interface ThreadPost {
  id: string;
  user_id: string;
  /** epoch ms */
  create_at: number;
  message: string;
  root_id: string;
  /** `system_*` posts are left out */
  type?: string;
}

export interface ThreadUser {
  username: string;
  /** '' when Mattermost hides names (PrivacySettings.ShowFullName) */
  fullName: string;
}

export interface ThreadEntryInput {
  posts: readonly ThreadPost[];
  users: Readonly<Record<string, ThreadUser>>;
  /** the channel's display name */
  channel: string;
  /** the team's name, as in URLs */
  team: string;
  /** the Mattermost site URL */
  server: string;
  /** the viewer's IANA zone; times are UTC without one */
  timeZone?: string;
  /** default JOURNAL_ENTRY_MAX */
  maxLength?: number;
}

export const JOURNAL_ENTRY_MAX = 16_000;

const SEP = '\n\n';
const ZWSP = '\u200B';
/** the shortest start of a long message worth putting at the end of a part rather than on a new one */
const MIN_PIECE = 200;

/** One line of Mattermost text for a header: cleaned, whitespace collapsed, tags inert. */
const oneLine = (s: string) => neutraliseJournalMarkup(clean(s).replace(/\s+/g, ' ').trim());

/**
 * A text ending in `[` (or `[/`) could make a tag with what follows it in the entry (a name "code]" on the next
 * header): a zero-width space after it closes that door, as journal-markup.ts does inside tags.
 */
const safeEnd = (s: string) => (/\[\s*\/?\s*$/.test(s) ? `${s}${ZWSP}` : s);

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `YYYY-MM-DD HH:mm UTC`, or in the viewer's zone with its offset (`UTC+2`); an unknown zone is UTC. */
export function stamp(ms: number, timeZone?: string): string {
  if (timeZone) {
    try {
      const parts = new Intl.DateTimeFormat('en-US', {
        timeZone,
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        hourCycle: 'h23',
        timeZoneName: 'shortOffset',
      }).formatToParts(new Date(ms));
      const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
      // "GMT+2" as "UTC+2"; "GMT" or "GMT+0" (engines differ) as "UTC"
      const offset = (p.timeZoneName ?? '').replace(/^GMT/, '').replace(/^[+-]0+(?::00)?$/, '');
      return `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute} UTC${offset}`;
    } catch {
      // RangeError: not a zone this browser knows
    }
  }
  const d = new Date(ms);
  return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())} UTC`;
}

interface Block {
  head: string;
  text: string;
}

function blockOf(p: ThreadPost, users: ThreadEntryInput['users'], timeZone?: string): Block {
  const u = users[p.user_id];
  const name = u ? oneLine(u.fullName) : '';
  const who = !u ? 'Unknown user' : name ? `${name} (@${oneLine(u.username)})` : `@${oneLine(u.username)}`;
  const text = neutraliseJournalMarkup(clean(p.message)).trim();
  return { head: `${who} · ${stamp(p.create_at, timeZone)}`, text: safeEnd(text || '(no text)') };
}

const render = (head: string, text: string) => `${head}\n${text}`;

/** The last grapheme boundary at or before `n` (an emoji, a flag or a combining sequence is never split). */
function graphemeCut(text: string, n: number): number {
  const from = Math.max(0, n - 64);
  let best = 0;
  if (typeof Intl !== 'undefined' && 'Segmenter' in Intl) {
    for (const { index } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text.slice(from, n + 1))) {
      if (from + index <= n) best = from + index;
    }
  }
  if (best > 0) return best;
  // without Segmenter (or one grapheme longer than the window): at least never half a surrogate pair
  const code = text.charCodeAt(n - 1);
  return code >= 0xd800 && code <= 0xdbff ? n - 1 : n;
}

/** `text` cut to at most `n` characters: at the last whitespace when that keeps at least half, else between graphemes. */
function cut(text: string, n: number): [string, string] {
  let i = n;
  while (i > 0 && !/\s/.test(text[i]!)) i--;
  const at = i > n / 2 ? i : graphemeCut(text, n);
  const piece = text.slice(0, at).trimEnd();
  const rest = text.slice(at).trimStart();
  return [safeEnd(piece), rest];
}

/** Blocks packed into parts of at most `room` characters each, every part filled before the next starts. */
function pack(blocks: readonly Block[], room: number): string[][] {
  const parts: string[][] = [];
  let cur: string[] = [];
  let used = 0;
  const free = () => room - used - (cur.length ? SEP.length : 0);
  const push = (s: string) => {
    used += (cur.length ? SEP.length : 0) + s.length;
    cur.push(s);
  };
  const close = () => {
    if (cur.length) parts.push(cur);
    cur = [];
    used = 0;
  };
  for (const b of blocks) {
    const whole = render(b.head, b.text);
    if (whole.length <= free()) {
      push(whole);
      continue;
    }
    if (whole.length <= room) {
      close();
      push(whole);
      continue;
    }
    // longer than a part: its first piece fills this part, the rest follows "(continued)"
    let head = b.head;
    let rest = b.text;
    while (rest) {
      if (free() - head.length - 1 < MIN_PIECE) close();
      const avail = free() - head.length - 1;
      if (rest.length <= avail) {
        push(render(head, rest));
        break;
      }
      // one character kept for safeEnd's zero-width space
      const [piece, next] = cut(rest, avail - 1);
      push(render(head, piece));
      close();
      rest = next;
      head = `${b.head} (continued)`;
    }
  }
  close();
  return parts;
}

/** The permalink of the thread's root, or of the message when there is one (`<site>/<team>/pl/<id>`). */
function permalink(input: ThreadEntryInput): string {
  const posts = input.posts;
  const id = posts.length === 1 ? posts[0]!.id : (posts.find((p) => p.root_id)?.root_id ?? posts[0]?.id ?? '');
  return `${input.server.replace(/\/+$/, '')}/${encodeURIComponent(input.team)}/pl/${encodeURIComponent(id)}`;
}

/** The journal entries for these posts: one when it fits, else the fewest parts. [] when there is no message. */
export function threadEntries(input: ThreadEntryInput): string[] {
  const max = input.maxLength ?? JOURNAL_ENTRY_MAX;
  const blocks = input.posts
    .filter((p) => !(p.type ?? '').startsWith('system_'))
    .slice()
    .sort((a, b) => a.create_at - b.create_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0))
    .map((p) => blockOf(p, input.users, input.timeZone));
  if (!blocks.length) return [];
  const title = `From Mattermost · ${oneLine(input.channel)} · ${permalink(input)}`;
  const whole = [title, ...blocks.map((b) => render(b.head, b.text))].join(SEP);
  if (whole.length <= max) return [whole];
  // Every part reserves room for the widest label its count of digits allows; more parts than that → one more digit.
  for (let digits = 1; ; digits++) {
    const widest = ` (part ${'9'.repeat(digits)} of ${'9'.repeat(digits)})`;
    const room = max - title.length - widest.length - SEP.length;
    if (room < MIN_PIECE * 2) throw new RangeError(`A journal entry of ${max} characters cannot hold this thread's header.`);
    const parts = pack(blocks, room);
    if (parts.length < 10 ** digits) return parts.map((body, i) => [`${title} (part ${i + 1} of ${parts.length})`, ...body].join(SEP));
  }
}
