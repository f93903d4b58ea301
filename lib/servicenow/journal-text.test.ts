import { describe, expect, it } from 'vitest';
import { parseJournalDisplay } from './journal-text';
import { learnDateFormats } from './user-dates';

const UTC = learnDateFormats('2025-06-02 08:00:00', '2025-06-02 08:00:00');

describe('parseJournalDisplay', () => {
  it('splits the XSOAR fixture shape, newest first', () => {
    const s = '2022-11-21 22:50:34 - System Administrator (Additional comments)\nSecond comment\n\n2022-11-21 21:45:37 - Test User (Additional comments)\nFirst comment\n\n';
    expect(parseJournalDisplay(s, 'comments', UTC)).toEqual([
      { element: 'comments', author: 'System Administrator', at: '2022-11-21T22:50:34.000Z', text: 'Second comment' },
      { element: 'comments', author: 'Test User', at: '2022-11-21T21:45:37.000Z', text: 'First comment' },
    ]);
  });

  it('keeps blank lines, trailing blank lines and names with parentheses', () => {
    const s = '2025-06-02 09:00:00 - Ann (Contractor) (Work notes)\na\n\n\n\nb\n\n\n\n';
    expect(parseJournalDisplay(s, 'work_notes', UTC)).toEqual([{ element: 'work_notes', author: 'Ann (Contractor)', at: '2025-06-02T09:00:00.000Z', text: 'a\n\n\n\nb\n\n' }]);
  });

  it('does not split on another field’s label or another date format', () => {
    const s = '2025-06-02 09:00:00 - Ann (Additional comments)\nx\n\n2025-06-01 09:00:00 - Bob (Work notes)\ny\n\n02.06.2025 09:00:00 - Cy (Additional comments)\nz\n\n';
    expect(parseJournalDisplay(s, 'comments', UTC)!.map((e) => e.text)).toEqual(['x\n\n2025-06-01 09:00:00 - Bob (Work notes)\ny\n\n02.06.2025 09:00:00 - Cy (Additional comments)\nz']);
  });

  it('picks the day/month order that keeps entries newest first when the sample could not tell', () => {
    const both = learnDateFormats('06/06/2025 08:00:00', '2025-06-06 08:00:00');
    const s = '06/03/2025 10:00:00 - A (Additional comments)\nnew\n\n05/04/2025 10:00:00 - B (Additional comments)\nold\n\n';
    // MM/dd: 3 June then 4 May (newest first); dd/MM, tried first, would put 6 March before 5 April
    expect(parseJournalDisplay(s, 'comments', both)!.map((e) => e.at)).toEqual(['2025-06-03T10:00:00.000Z', '2025-05-04T10:00:00.000Z']);
  });

  it('is empty for "" and undefined for a string it cannot read', () => {
    expect(parseJournalDisplay('', 'comments', UTC)).toEqual([]);
    expect(parseJournalDisplay('hello', 'comments', UTC)).toBeUndefined();
    expect(parseJournalDisplay('2025-06-02 09:00:00 - Ann (Additional comments)\nx\n\n', 'comments', [])).toBeUndefined();
  });
});
