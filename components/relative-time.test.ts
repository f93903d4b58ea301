import { describe, expect, it } from 'vitest';
import { dueRelative, exactTime, relativeTime, toEpoch } from './relative-time';

const NOW = Date.parse('2025-06-15T12:00:00Z');
const ago = (ms: number) => new Date(NOW - ms).toISOString();
const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;

describe('relativeTime', () => {
  it.each([
    [0, 'just now'],
    [30_000, 'just now'],
    [50_000, '1 min ago'],
    [5 * MIN, '5 min ago'],
    [59 * MIN, '59 min ago'],
    [59.8 * MIN, '1 hour ago'],
    [HOUR, '1 hour ago'],
    [3 * HOUR + 20 * MIN, '3 hours ago'],
    [23 * HOUR, '23 hours ago'],
    [DAY, 'yesterday'],
    [47 * HOUR, 'yesterday'],
    [3 * DAY, '3 days ago'],
    [6 * DAY + 23 * HOUR, '6 days ago'],
  ])('%d ms ago → %s', (ms, text) => {
    expect(relativeTime(ago(ms), NOW)).toBe(text);
  });

  it('reads a clock slightly ahead of ours as just now', () => {
    expect(relativeTime(NOW + 3 * MIN, NOW)).toBe('just now');
  });

  it('shows a date beyond a week, with the year only when it differs', () => {
    const sameYear = relativeTime(ago(30 * DAY), NOW);
    expect(sameYear).not.toMatch(/ago|2025/);
    expect(sameYear).toMatch(/\d/);
    expect(relativeTime('2023-01-10T12:00:00Z', NOW)).toMatch(/2023/);
  });

  it('accepts epoch ms and Date, and returns empty text for nonsense', () => {
    expect(relativeTime(NOW - 5 * MIN, NOW)).toBe('5 min ago');
    expect(relativeTime(new Date(NOW - 2 * HOUR), NOW)).toBe('2 hours ago');
    expect(relativeTime('not a date', NOW)).toBe('');
    expect(toEpoch('')).toBeUndefined();
    expect(toEpoch(undefined)).toBeUndefined();
  });
});

describe('exactTime', () => {
  it('gives the full local date and time', () => {
    const s = exactTime('2025-06-15T12:00:00Z');
    expect(s).toMatch(/2025/);
    expect(s).toMatch(/\d{1,2}:\d{2}/);
    expect(exactTime('garbage')).toBe('');
  });
});

describe('dueRelative', () => {
  const now = Date.parse('2026-12-02T12:00:00Z');
  it('says how long until a due date, in whole minutes, hours or days', () => {
    expect(dueRelative('2026-12-02T15:30:00Z', now)).toEqual({ text: 'due in 3 h', overdue: false });
    expect(dueRelative('2026-12-02T12:20:00Z', now)).toEqual({ text: 'due in 20 min', overdue: false });
    expect(dueRelative('2026-12-02T12:00:10Z', now)).toEqual({ text: 'due in 1 min', overdue: false });
    expect(dueRelative('2026-12-05T13:00:00Z', now)).toEqual({ text: 'due in 3 d', overdue: false });
  });
  it('says how long a due date has passed', () => {
    expect(dueRelative('2026-11-30T11:00:00Z', now)).toEqual({ text: 'overdue by 2 d', overdue: true });
    expect(dueRelative('2026-12-02T07:00:00Z', now)).toEqual({ text: 'overdue by 5 h', overdue: true });
  });
  it('nothing for a done record or no date', () => {
    expect(dueRelative('2026-11-30T11:00:00Z', now, false)).toBeUndefined();
    expect(dueRelative('', now)).toBeUndefined();
  });
});
