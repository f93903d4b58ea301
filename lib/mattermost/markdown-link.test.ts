import { expect, test } from 'vitest';
import { markdownLink } from './markdown-link';

test('neutralised text, a target that cannot break out or mention', () => {
  expect(markdownLink('Story', 'https://news.example.test/@channel/a (b)?q=<x>')).toBe('[Story](https://news.example.test/%40channel/a%20%28b%29?q=%3Cx%3E)');
  expect(markdownLink('', 'https://news.example.test/story')).toBe('https://news.example.test/story');
  expect(markdownLink('ping @here [x](y)', 'https://a.example/')).not.toMatch(/@here\b|\]\(y/);
});

test('only web links', () => {
  expect(() => markdownLink('x', 'javascript:alert(1)')).toThrow('Only web links can be shared.');
});
