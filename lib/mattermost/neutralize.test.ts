import { describe, expect, test } from 'vitest';
import { WORD_JOINER as WJ, neutralizeBlock, neutralizeInline, neutralizeMarkdown, plainTitle } from './neutralize';

/** Characters Mattermost's Markdown treats specially, which must never appear unescaped. */
const SPECIAL = new Set('`*_{}[]()#+-.!|>~');
const ESCAPABLE = SPECIAL; // Mattermost's marked fork escapes exactly these (plus `\` before a non-word char)
const ENTITIES: Record<string, string> = { lt: '<', amp: '&', '#36': '$', '#9252': '\u2424' };

/**
 * What a reader sees, following the Mattermost marked fork's escape rule
 * (`\\([`*{}[\]()#+\-.!_>|~]|\\(?!\w))`) and its entity handling, with word joiners invisible.
 * Throws on anything Markdown could interpret: an unescaped special character, a raw `<` or `$`,
 * an unknown entity. This is the test-only `unneutralize`.
 */
function unneutralize(out: string): string {
  let seen = '';
  for (let i = 0; i < out.length; ) {
    const c = out[i]!;
    const next = out[i + 1] ?? '';
    if (c === '\\') {
      if (ESCAPABLE.has(next)) {
        seen += next;
        i += 2;
      } else if (next === '\\' && !/\w/.test(out[i + 2] ?? '')) {
        seen += '\\';
        i += 2;
      } else if (/[A-Za-z0-9]/.test(next) || next === '…') {
        seen += '\\'; // a literal backslash before a word character
        i += 1;
      } else {
        throw new Error(`stray backslash at ${i} in ${JSON.stringify(out)}`);
      }
    } else if (c === '&') {
      const m = /^&(#?\w+);/.exec(out.slice(i));
      if (m) {
        const decoded = ENTITIES[m[1]!];
        if (decoded === undefined) throw new Error(`unexpected entity ${m[0]}`);
        seen += decoded;
        i += m[0].length;
      } else {
        seen += '&';
        i += 1;
      }
    } else if (SPECIAL.has(c) || c === '<' || c === '$' || c === '\u2424') {
      throw new Error(`unescaped ${JSON.stringify(c)} at ${i} in ${JSON.stringify(out)}`);
    } else {
      if (c !== WJ) seen += c;
      i += 1;
    }
  }
  return seen;
}

const inline = (s: string) => s.replace(/\s+/g, ' ').trim();
const codePoints = (s: string) => [...s].length;

/** The checks every neutralised string must pass. */
function assertSafe(out: string) {
  expect(out).not.toMatch(/@(channel|all|here)\b/i);
  expect(out).not.toMatch(/@[\p{L}\p{N}_.-]/u); // no @user either
  expect(out).not.toContain('](');
  expect(out).not.toMatch(/https?:\/\//i);
  expect(out).not.toMatch(/\b(mailto|tel|ftp):[^\u2060\s]/i);
  expect(out).not.toMatch(/\bwww\d{0,3}\./i);
  expect(out).not.toMatch(/\[.*\]\s*\(/);
  expect(out).not.toMatch(/:[a-z0-9_+-]+:/i); // emoji shortcode
  expect(out).not.toMatch(/(^|\s)~[a-z0-9]/im); // ~channel link
  expect(out).not.toMatch(/(^|[^\\])#\p{L}/mu); // hashtag
  expect(out).not.toMatch(/^\s*#/m);
  expect(out).not.toMatch(/[<$]/);
  expect(out).not.toMatch(/^ {4}/m);
  expect(out).not.toMatch(/^\s*([-*+]|\d+[.)])\s/m);
  expect(out).not.toMatch(/^\s*>/m);
  expect(out).not.toMatch(/^\s*(={2,}|-{2,})\s*$/m);
  unneutralize(out); // throws on anything left for Markdown
}

// Strings from the simulator seed's hostile records (sim/fixtures.ts: hostileHtml, hostileMarkdown,
// hostileMention, longText, rtlEmoji), and more.
const HOSTILE = [
  '@channel',
  '@here please look',
  '@all',
  'ping @beth.anglin and @david.loo',
  'cc:@channel',
  'x@channel',
  '[click](https://evil.example)',
  '![img](https://evil.example/x.png)',
  '[ref][1]\n\n[1]: https://evil.example',
  '# Heading',
  '###### Heading 6',
  'Heading\n===',
  'Heading\n---',
  '| a | b |\n|---|---|\n| 1 | 2 |',
  'a | b\n--|--\n1 | 2',
  '<script>alert(1)</script>',
  '<img src=x onerror=alert(1)>',
  '<https://evil.example>',
  '<mailto:a@evil.example>',
  '<user@evil.example>',
  '<!-- comment -->',
  '**bold** __bold__ *it* _it_ ~~strike~~',
  '`code` ``code``',
  '```\ncode block\n```',
  '~~~js\nalert(1)\n~~~',
  '    indented code',
  '\tindented code',
  '> quote',
  '- item\n* item\n+ item',
  '1. first\n2) second',
  '***\n---\n___',
  'https://evil.example/path?x=1#y',
  'http://evil.example',
  'HTTPS://EVIL.EXAMPLE',
  'www.evil.example',
  'evil.com/path',
  'mailto:boss@example.com',
  'tel:+15551234',
  'ftp://files.example',
  'beth.anglin@example.com',
  ':smile: :+1: :)',
  ';) <3 </3',
  '~town-square ~off-topic',
  '#hashtag #incident',
  '$x^2$ and $$y$$',
  '&lt;b&gt; &amp; &#64;channel &#x40;here &copy;',
  'R&D & Q&A',
  'C:\\Users\\beth\\file.txt',
  'back\\\\slash \\* \\_ \\',
  'trailing backslash \\',
  '\\@channel',
  '\\[not a link\\](x)',
  '1\\. escaped list',
  'a\u2424# heading after a symbol newline',
  'line one  \nline two',
  '\u0000nul\u0007bell\u001b[31mansi',
  'שלום עולם INC0010001 مرحبا 😀👨‍👩‍👧‍👦🏳️‍🌈 #️⃣ 𝕏',
  '\u202eevil\u202c',
  'x'.repeat(10_000),
];

describe('hostile strings', () => {
  test.each(HOSTILE)('inline %j', (text) => {
    const out = neutralizeInline(text);
    assertSafe(out);
    expect(out).not.toContain('\n');
    expect(unneutralize(out)).toBe(inline(text.replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')));
  });

  test.each(HOSTILE)('block %j', (text) => {
    const out = neutralizeBlock(text);
    assertSafe(out);
    const expected = text
      .replace(/[\u0000-\u0008\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g, '')
      .split('\n')
      .map(inline)
      .join('\n')
      .replace(/\n{3,}/g, '\n\n')
      .trim();
    expect(unneutralize(out)).toBe(expected);
  });
});

describe('exact output', () => {
  test.each([
    ['@channel', `@${WJ}channel`],
    ['[click](https://evil.example)', `\\[click\\]\\(https:${WJ}//evil\\.example\\)`],
    ['# Heading', '\\# Heading'], // no joiner needed before a space: `# ` is no hashtag
    ['#tag', `\\#${WJ}tag`],
    ['<b>', `&lt;${WJ}b\\>`],
    ['a_b*c', 'a\\_b\\*c'],
    ['C:\\Users', `C:${WJ}\\Users`],
    ['a\\*', 'a\\\\\\*'],
    ['$5', '&#36;5'],
    ['&lt;', '&amp;lt;'],
    ['R&D', 'R&D'],
    ['#️⃣', '\\#️⃣'], // the keycap stays one emoji
    ['plain text, with commas; and "quotes"?', 'plain text, with commas; and "quotes"?'],
    ['', ''],
    ['   \n\t  ', ''],
  ])('%j → %j', (text, out) => {
    expect(neutralizeInline(text)).toBe(out);
  });

  test('neutralizeMarkdown is inline unless multiline', () => {
    expect(neutralizeMarkdown('a\nb')).toBe('a b');
    expect(neutralizeMarkdown('a\nb', { multiline: true })).toBe('a\nb');
    expect(neutralizeMarkdown('a\nb', { maxLength: 2 })).toBe('a…');
  });

  test('block keeps single line breaks and at most one blank line, lines trimmed', () => {
    expect(neutralizeBlock('\n\n  one  \r\n\r\n\r\n\r\n    two\u2028three \n\n')).toBe('one\n\ntwo\nthree');
  });

  test('lone surrogates become U+FFFD, so the JSON is well formed', () => {
    expect(neutralizeInline('a\ud800b\udc00c')).toBe('a\ufffdb\ufffdc');
  });
});

describe('truncation', () => {
  test('a 10,000-character description fits a limit, ending in …', () => {
    const long = 'word '.repeat(2000);
    const out = neutralizeBlock(long, { maxLength: 300 });
    expect(codePoints(out)).toBeLessThanOrEqual(300);
    expect(out.endsWith('word…')).toBe(true);
  });

  test('the limit is on the output, escapes included', () => {
    const out = neutralizeInline('*'.repeat(100), { maxLength: 11 });
    expect(out).toBe(`${'\\*'.repeat(5)}…`);
  });

  test('never splits an escape, a joiner pair, an entity or a grapheme', () => {
    const text = 'a@b<c$d#e😀f👨‍👩‍👧‍👦g\\h\\*i&lt;j🏳️‍🌈k';
    const full = neutralizeInline(text);
    for (let max = 1; max <= codePoints(full) + 1; max++) {
      const out = neutralizeInline(text, { maxLength: max });
      expect(codePoints(out), `max ${max}`).toBeLessThanOrEqual(max);
      if (out === full) continue;
      expect(out.endsWith('…')).toBe(true);
      const seen = unneutralize(out); // throws if an escape or entity was cut
      expect(text.startsWith(seen.slice(0, -1)), `max ${max}: ${out}`).toBe(true);
      expect(out).not.toMatch(/[\ud800-\udbff]…$/);
      expect(out).not.toMatch(/@…$/); // `@` always keeps its joiner
    }
  });

  test('text within the limit is untouched', () => {
    expect(neutralizeInline('short', { maxLength: 5 })).toBe('short');
    expect(neutralizeInline('short!', { maxLength: 5 })).toBe('shor…');
  });

  test('no trailing space before …', () => {
    expect(neutralizeInline('ab cd', { maxLength: 4 })).toBe('ab…');
  });

  test('tiny limits', () => {
    expect(neutralizeInline('abc', { maxLength: 0 })).toBe('');
    expect(neutralizeInline('abc', { maxLength: 1 })).toBe('…');
    expect(neutralizeInline('😀😀', { maxLength: 2 })).toBe('😀😀');
    expect(neutralizeInline('😀😀😀', { maxLength: 2 })).toBe('😀…');
  });

  test('a message-sized limit (16383) holds for the worst case', () => {
    const out = neutralizeInline('@'.repeat(10_000), { maxLength: 16_383 });
    expect(codePoints(out)).toBeLessThanOrEqual(16_383);
    expect(out).not.toMatch(/@(?!\u2060)/);
  });
});

describe('round trip (property)', () => {
  // A small seeded generator over an alphabet rich in Markdown, mention and link syntax.
  const ALPHABET = [
    ...'abcXYZ019 \n\t\\`*_{}[]()#+-.!|<>~@:;$&=/?"\'%^,',
    'https://', 'www.', 'mailto:', '@channel', '@here', '&lt;', '&#64;', ':smile:', '](', '\r\n', '😀', 'é', 'ש', '\u0301',
  ];
  let seed = 42;
  const rand = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed % n;
  };
  const samples = Array.from({ length: 400 }, () =>
    Array.from({ length: 1 + rand(40) }, () => ALPHABET[rand(ALPHABET.length)]).join(''),
  );

  test('inline: safe, and reads as the original (whitespace collapsed)', () => {
    for (const s of samples) {
      const out = neutralizeInline(s);
      assertSafe(out);
      expect(unneutralize(out), JSON.stringify(s)).toBe(inline(s));
    }
  });

  test('block: safe, and reads as the original line by line', () => {
    for (const s of samples) {
      const out = neutralizeBlock(s);
      assertSafe(out);
      expect(unneutralize(out).split('\n').filter(Boolean), JSON.stringify(s)).toEqual(
        s.replace(/\r\n?/g, '\n').split('\n').map(inline).filter(Boolean),
      );
    }
  });
});

describe('plainTitle', () => {
  test('keeps the text exact: no escapes, no joiners', () => {
    const t = 'INC0010005: @channel [click](https://evil.example) **bold** <b> & :smile:';
    expect(plainTitle(t, 200)).toBe(t);
  });

  test('collapses whitespace and line breaks', () => {
    expect(plainTitle('  Email\n\n down \t for  all ', 100)).toBe('Email down for all');
  });

  test('truncates to max code points with …, whole graphemes only', () => {
    expect(plainTitle('abcdef', 4)).toBe('abc…');
    expect(plainTitle('abcdef', 6)).toBe('abcdef');
    expect(plainTitle('ab 👨‍👩‍👧‍👦 cd', 4)).toBe('ab…');
    expect(codePoints(plainTitle('😀'.repeat(50), 10))).toBe(10);
    expect(plainTitle('😀'.repeat(50), 10)).toBe(`${'😀'.repeat(9)}…`);
  });

  test('drops control characters', () => {
    expect(plainTitle('a\u0000b\u001bc', 10)).toBe('abc');
  });
});

describe('bidi controls', () => {
  const bidi = 'a\u202eb\u202ac\u2066d\u2069e';
  test('are dropped from inline, block and title text, so a post reads as it is stored', () => {
    expect(neutralizeInline(bidi)).toBe('abcde');
    expect(neutralizeBlock(`x\n${bidi}`)).toBe('x\nabcde');
    expect(plainTitle(bidi, 20)).toBe('abcde');
  });
});
