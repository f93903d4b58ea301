import { describe, expect, it } from 'vitest';
import { userDateTime, zonedToUtc } from './dates';

describe('userDateTime', () => {
  it('renders a UTC value in the formats public fixtures show, shifted into the user\'s zone', () => {
    const v = '2025-12-31 23:30:05';
    expect(userDateTime(v, {})).toBe(v);
    expect(userDateTime(v, { date_format: 'dd/MM/yyyy' })).toBe('31/12/2025 23:30:05');
    expect(userDateTime(v, { date_format: 'MM-dd-yyyy', time_zone: 'America/New_York' })).toBe('12-31-2025 18:30:05');
    expect(userDateTime(v, { date_format: 'dd-MMM-yyyy', time_zone: 'Europe/Berlin' })).toBe('01-Jan-2026 00:30:05');
    expect(userDateTime(v, { time_zone: 'Asia/Kolkata' })).toBe('2026-01-01 05:00:05');
    expect(userDateTime('', { date_format: 'dd.MM.yyyy' })).toBe('');
  });
});

describe('zonedToUtc', () => {
  it('reads a wall-clock time in the zone and gives the UTC value, DST included; no zone = as is', () => {
    expect(zonedToUtc('2025-01-01 10:00:00', 'Asia/Kolkata')).toBe('2025-01-01 04:30:00');
    expect(zonedToUtc('2025-01-15 10:00:00', 'America/New_York')).toBe('2025-01-15 15:00:00');
    expect(zonedToUtc('2025-07-15 10:00:00', 'America/New_York')).toBe('2025-07-15 14:00:00');
    expect(zonedToUtc('2026-01-01 00:30:05', 'Europe/Berlin')).toBe('2025-12-31 23:30:05');
    expect(zonedToUtc('2025-01-01 10:00:00', '')).toBe('2025-01-01 10:00:00');
  });
});
