import { describe, expect, it } from 'vitest';
import { neutraliseJournalMarkup } from './journal-markup';

describe('neutraliseJournalMarkup', () => {
  it('breaks [code] tags in any case and spacing, and reads the same to a person', () => {
    const typed = 'see [code]<img src=x onerror=alert(1)>[/code] and [ CODE ]x[/ Code]';
    const sent = neutraliseJournalMarkup(typed);
    expect(sent).not.toMatch(/\[\s*\/?\s*code\s*\]/i);
    expect(sent.replace(/\u200B/g, '')).toBe(typed);
  });

  it('leaves other brackets alone', () => {
    expect(neutraliseJournalMarkup('[INC0010001] [codes] a[b]')).toBe('[INC0010001] [codes] a[b]');
  });
});
