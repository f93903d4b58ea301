// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { renderInline, renderMarkdown, safeUrl } from './markdown';

const o = { siteUrl: 'https://chat.example.test/mm' };
const md = (s: string) => renderMarkdown(s, o);

describe('markdown links', () => {
  it('renders [text](url) and bare URLs as the real a.theme.markdown__link', () => {
    expect(md('see [INC0010001](https://acme.service-now.com/incident.do?sys_id=abc&x=1)')).toBe(
      '<p>see <a class="theme markdown__link" href="https://acme.service-now.com/incident.do?sys_id=abc&amp;x=1" rel="noreferrer" target="_blank">INC0010001</a></p>',
    );
    expect(md('go https://acme.service-now.com/now/sow/record/incident/abc.')).toBe(
      '<p>go <a class="theme markdown__link" href="https://acme.service-now.com/now/sow/record/incident/abc" rel="noreferrer" target="_blank">https://acme.service-now.com/now/sow/record/incident/abc</a>.</p>',
    );
  });

  it('gives links to the site itself data-link instead of target', () => {
    expect(md('https://chat.example.test/mm/ops/pl/p0000000000000000000000001')).toBe(
      '<p><a class="theme markdown__link" href="https://chat.example.test/mm/ops/pl/p0000000000000000000000001" rel="noreferrer" data-link="/ops/pl/p0000000000000000000000001">https://chat.example.test/mm/ops/pl/p0000000000000000000000001</a></p>',
    );
  });

  it('leaves unsafe URLs as plain text', () => {
    expect(md('[click](javascript:alert(1))')).not.toContain('<a');
    expect(md('[click](javascript:alert(1))')).toContain('click');
    expect(md('javascript:alert(1)')).toBe('<p>javascript:alert(1)</p>');
    expect(safeUrl('data:text/html,x')).toBeUndefined();
    expect(safeUrl('www.example.com')).toBe('http://www.example.com');
  });

  it('does not link bare record numbers', () => {
    expect(md('INC0010001 and CHG0030001')).toBe('<p>INC0010001 and CHG0030001</p>');
  });

  it('never autolinks inside code spans or fenced blocks', () => {
    expect(md('`https://acme.service-now.com/x INC0010001`')).toBe('<p><code>https://acme.service-now.com/x INC0010001</code></p>');
    const fenced = md('```\nhttps://acme.service-now.com/incident.do?sys_id=1\nINC0010001\n```');
    expect(fenced).toBe('<div class="post-code"><pre><code class="hljs">https://acme.service-now.com/incident.do?sys_id=1\nINC0010001</code></pre></div>');
  });
});

describe('markdown escaping', () => {
  it('escapes hostile HTML everywhere', () => {
    const out = md('<script>alert(1)</script> <img src=x onerror=alert(1)> **<b>x</b>**');
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(out).toContain('<strong>&lt;b&gt;x&lt;/b&gt;</strong>');
  });

  it('escapes attribute-breaking quotes in link targets and image alts', () => {
    const out = md('[x](https://a.example/"onmouseover="alert(1)) ![a"b](https://a.example/i.png)');
    expect(out).not.toContain('"onmouseover');
    expect(out).toContain('alt="a&quot;b"');
  });
});

describe('markdown blocks and inline', () => {
  it('renders emphasis, quotes, headings, lists, tables, images and mentions', () => {
    expect(md('**b** _i_ ~~s~~')).toBe('<p><strong>b</strong> <em>i</em> <del>s</del></p>');
    expect(md('> quoted')).toBe('<blockquote><p>quoted</p></blockquote>');
    expect(md('## Title')).toBe('<h2 class="markdown__heading">Title</h2>');
    expect(md('- a\n- b')).toBe('<ul class="markdown__list"><li>a</li><li>b</li></ul>');
    expect(md('| a | b |\n|---|---|\n| 1 | 2 |')).toContain('<table class="markdown__table"><thead><tr><th>a</th><th>b</th></tr></thead><tbody><tr><td>1</td><td>2</td></tr></tbody></table>');
    expect(md('![logo](https://a.example/l.png)')).toBe('<p><img class="markdown-inline-img" src="https://a.example/l.png" alt="logo"></p>');
    expect(md('hi @beth and @channel')).toContain('<span data-mention="beth"><a class="mention-link" role="button" tabindex="0">@beth</a></span>');
    expect(md('@channel')).toContain('mention--highlight');
    expect(md('mail beth@example.com')).not.toContain('mention-link');
    expect(md('line1\nline2\n\npara2')).toBe('<p>line1<br>line2</p><p>para2</p>');
    expect(md('snake_case_name')).toBe('<p>snake_case_name</p>');
  });

  it('highlights search terms in text and marks matching links', () => {
    const out = renderInline('INC0010001 at https://acme.service-now.com/inc', { ...o, highlight: ['inc0010001', 'acme'] });
    expect(out).toContain('<span class="search-highlight">INC0010001</span>');
    expect(out).toContain('class="theme markdown__link search-highlight"');
  });
});
