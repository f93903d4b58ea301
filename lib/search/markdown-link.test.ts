import { describe, expect, test } from 'vitest';
import { markdownLink } from './markdown-link';

describe('markdownLink', () => {
  test('number and short description, linked', () => {
    expect(markdownLink('INC0010001', 'Email down', 'https://a.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3Dx')).toBe(
      '[INC0010001: Email down](https://a.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3Dx)',
    );
  });
  test('hostile text cannot break out of the link or mention anyone', () => {
    const md = markdownLink('INC1', '](https://evil.example) @channel *x*', 'https://a.example/x');
    expect(md).not.toContain('](https://evil');
    expect(md).not.toMatch(/(^|[^\u2060])@channel/);
    expect(md.endsWith('](https://a.example/x)')).toBe(true);
  });
});
