import { describe, expect, it } from 'vitest';
import { JOURNAL_ENTRY_MAX, stamp, threadEntries, type ThreadEntryInput, type ThreadPost } from './thread-entry';

const T0 = Date.UTC(2025, 5, 2, 8, 0, 0);
const ROOT = 'r'.repeat(26);
const users = {
  beth: { username: 'beth', fullName: 'Beth Anglin' },
  david: { username: 'david', fullName: '' },
};
const post = (i: number, message: string, more: Partial<ThreadPost> = {}): ThreadPost => ({
  id: i === 0 ? ROOT : `p${String(i).padStart(25, '0')}`,
  user_id: i % 2 ? 'david' : 'beth',
  create_at: T0 + i * 60_000,
  message,
  root_id: i === 0 ? '' : ROOT,
  ...more,
});
const input = (posts: ThreadPost[], more: Partial<ThreadEntryInput> = {}): ThreadEntryInput => ({
  posts,
  users,
  channel: 'Incidents',
  team: 'ops',
  server: 'https://chat.example.com/',
  ...more,
});
/** the words of a text, whitespace ignored: what must survive any split */
const words = (s: string) => s.split(/\s+/).filter(Boolean);
/** every message text of the parts, headers dropped, pieces of one message joined */
function texts(parts: string[]): string {
  return parts
    .map((p) => p.split('\n\n').slice(1).map((block) => block.slice(block.indexOf('\n') + 1)).join(' '))
    .join(' ');
}

describe('threadEntries', () => {
  it('one entry: the header with the root permalink, then each message with author and UTC time, in time order, system posts left out', () => {
    const got = threadEntries(input([post(1, 'Second\nline two'), post(0, 'First'), post(2, 'joined', { type: 'system_join_channel' })]));
    expect(got).toEqual([
      [
        'From Mattermost · Incidents · https://chat.example.com/ops/pl/' + ROOT,
        'Beth Anglin (@beth) · 2025-06-02 08:00 UTC\nFirst',
        '@david · 2025-06-02 08:01 UTC\nSecond\nline two',
      ].join('\n\n'),
    ]);
  });

  it("a single message links to itself; an unknown author is said to be unknown; a text-less post says so", () => {
    const one = post(3, 'Only me', { id: 'x'.repeat(26), user_id: 'ghost' });
    expect(threadEntries(input([one]))[0]).toBe(`From Mattermost · Incidents · https://chat.example.com/ops/pl/${'x'.repeat(26)}\n\nUnknown user · 2025-06-02 08:03 UTC\nOnly me`);
    expect(threadEntries(input([post(0, '   ')]))[0]).toContain('\n(no text)');
    expect(threadEntries(input([post(0, 'x', { type: 'system_add_to_channel' })]))).toEqual([]);
  });

  it("times in the viewer's zone carry its offset; an unknown zone is UTC", () => {
    expect(stamp(T0, 'Europe/Paris')).toBe('2025-06-02 10:00 UTC+2');
    expect(stamp(T0, 'UTC')).toBe('2025-06-02 08:00 UTC');
    expect(stamp(T0, 'Not/AZone')).toBe('2025-06-02 08:00 UTC');
    expect(threadEntries(input([post(0, 'x')], { timeZone: 'Asia/Kolkata' }))[0]).toContain('2025-06-02 13:30 UTC+5:30');
  });

  it('hostile text: no working [code] tag anywhere (messages, names, channel, where pieces meet); HTML stays text', () => {
    const hostile = '[code]<script>alert(1)</script>[/code] and [ CODE ]<img src=x onerror=alert(1)>[/ code ]';
    const got = threadEntries(
      input([post(0, 'ends with ['), post(1, hostile)], {
        channel: '[code]<b>chan</b>[/code]',
        users: { beth: { username: 'beth', fullName: 'Evil [code]<i>' }, david: { username: 'david', fullName: 'code] Mallory' } },
      }),
    ).join('');
    expect(got).not.toMatch(/\[\s*\/?\s*code\s*\]/i);
    expect(got).toContain('<script>alert(1)</script>');
    expect(got.replace(/\u200B/g, '')).toContain(hostile);
  });

  it('keeps emoji, right-to-left text and combining marks; drops bidi overrides and control characters', () => {
    const text = 'שלום עולם 👩‍👩‍👧 مرحبا e\u0301 🇫🇷';
    const got = threadEntries(input([post(0, `${text}\u202Egnp.exe\u0007`)]))[0]!;
    expect(got).toContain(text);
    expect(got).toContain('gnp.exe');
    expect(got).not.toMatch(/[\u202E\u0007]/);
  });

  it('200 messages: the fewest parts (each part full before the next), labelled, nothing lost, each at most 16,000', () => {
    const posts = Array.from({ length: 200 }, (_, i) => post(i, `Message ${i}: ${'lorem ipsum dolor sit amet '.repeat(5 + (i % 17) * 3)}`.trim()));
    const got = threadEntries(input(posts));
    const total = posts.reduce((n, p) => n + p.message.length + 50, 0);
    expect(got.length).toBeGreaterThan(1);
    expect(got.length).toBeLessThanOrEqual(Math.ceil(total / (JOURNAL_ENTRY_MAX - 200)));
    got.forEach((part, i) => {
      expect(part.length).toBeLessThanOrEqual(JOURNAL_ENTRY_MAX);
      expect(part.startsWith(`From Mattermost · Incidents · https://chat.example.com/ops/pl/${ROOT} (part ${i + 1} of ${got.length})\n\n`)).toBe(true);
    });
    // greedy: the next part's first message would not have fitted in this one
    for (let i = 0; i + 1 < got.length; i++) {
      const firstOfNext = got[i + 1]!.split('\n\n')[1]!;
      expect(got[i]!.length + 2 + firstOfNext.length).toBeGreaterThan(JOURNAL_ENTRY_MAX);
    }
    expect(words(texts(got))).toEqual(posts.flatMap((p) => words(p.message)));
    // in order, each message whole in one part
    expect(texts(got).match(/Message \d+:/g)).toEqual(posts.map((_, i) => `Message ${i}:`));
  });

  it('a 20,000-character message is cut at word boundaries and goes on "(continued)"; no word is lost or split', () => {
    const long = Array.from({ length: 2500 }, (_, i) => `w${i}xyz`).join(' ').slice(0, 20_000);
    const got = threadEntries(input([post(0, 'short first'), post(1, long), post(2, 'after')]));
    expect(got).toHaveLength(2);
    for (const part of got) expect(part.length).toBeLessThanOrEqual(JOURNAL_ENTRY_MAX);
    expect(got[1]).toContain('@david · 2025-06-02 08:01 UTC (continued)\n');
    expect(words(texts(got))).toEqual(['short', 'first', ...words(long), 'after']);
  });

  it('a text without spaces is cut between whole characters (no half emoji)', () => {
    const long = '😀'.repeat(9_000); // 18,000 UTF-16 units
    const got = threadEntries(input([post(0, long)]));
    expect(got).toHaveLength(2);
    const joined = texts(got).replace(/ /g, '');
    expect(joined).toBe(long);
    expect(got.join('')).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });

  it('a long message starts at the end of a part that has room, rather than on a new one', () => {
    const got = threadEntries(input([post(0, 'a '.repeat(3000).trim()), post(1, 'b '.repeat(9000).trim())]));
    expect(got).toHaveLength(2);
    expect(got[0]).toContain('@david · 2025-06-02 08:01 UTC\nb b');
  });

  it('more than nine parts get a two-digit label, still within the limit', () => {
    const posts = Array.from({ length: 30 }, (_, i) => post(i, `m${i} `.repeat(150)));
    const got = threadEntries(input(posts, { maxLength: 1_200 }));
    expect(got.length).toBeGreaterThan(9);
    expect(got.at(-1)).toContain(`(part ${got.length} of ${got.length})`);
    for (const part of got) expect(part.length).toBeLessThanOrEqual(1_200);
    expect(words(texts(got))).toEqual(posts.flatMap((p) => words(p.message)));
  });
});
