import { describe, expect, it } from 'vitest';
import { userDateTime } from '../../sim/servicenow/dates';
import { learnDateFormats, userDateTimeToIso, withZone } from './user-dates';

/** A sample as the simulator (which renders like an instance) shows it to a user with these settings. */
const sample = (value: string, date_format: string, time_zone: string) => ({ display: userDateTime(value, { date_format, time_zone }), value });
const iso = (v: string) => `${v.replace(' ', 'T')}.000Z`;

describe('learnDateFormats + userDateTimeToIso', () => {
  it.each([
    ['yyyy-MM-dd', 'UTC'],
    ['dd/MM/yyyy', 'Europe/London'],
    ['MM/dd/yyyy', 'America/Chicago'],
    ['dd.MM.yyyy', 'Europe/Berlin'],
    ['MM-dd-yyyy', 'America/New_York'],
    ['dd-MM-yyyy', 'Asia/Kathmandu'],
    ['dd-MMM-yyyy', 'Asia/Kolkata'],
    ['MMM-dd-yyyy', 'Pacific/Auckland'],
  ])('learns %s in %s from one sample and reads other dates back to UTC', (format, zone) => {
    const s = sample('2025-06-02 08:00:00', format, zone);
    const formats = learnDateFormats(s.display, s.value);
    expect(formats.length).toBeGreaterThan(0);
    const other = '2025-06-19 23:30:05';
    expect(userDateTimeToIso(formats[0]!, userDateTime(other, { date_format: format, time_zone: zone }))).toBe(iso(other));
  });

  it('tells dd/MM from MM/dd by the offset the sample implies', () => {
    // 02/06 read as February would put the user four months from UTC: only dd/MM fits
    const s = sample('2025-06-02 08:00:00', 'dd/MM/yyyy', 'Europe/Berlin');
    expect(learnDateFormats(s.display, s.value).map((f) => f.order.join(''))).toEqual(['ddMMyyyy']);
    expect(learnDateFormats(s.display, s.value)[0]!.offsetMs).toBe(2 * 3_600_000);
  });

  it('keeps both readings when the sample has day = month, and rejects impossible offsets and dates', () => {
    const s = sample('2025-06-06 08:00:00', 'dd/MM/yyyy', 'UTC');
    expect(learnDateFormats(s.display, s.value).map((f) => f.order.join(''))).toEqual(['ddMMyyyy', 'MMddyyyy']);
    expect(learnDateFormats('02.06.2025 10:07:00', '2025-06-02 08:00:00')).toEqual([]);
    expect(learnDateFormats('31.02.2025 10:00:00', '2025-02-31 08:00:00')).toEqual([]);
    expect(learnDateFormats('', '2025-06-02 08:00:00')).toEqual([]);
  });

  it('reads a 12-hour clock', () => {
    const [f] = learnDateFormats('06/02/2025 10:00:00 AM', '2025-06-02 14:00:00');
    expect(userDateTimeToIso(f!, '06/03/2025 01:15:00 PM')).toBe('2025-06-03T17:15:00.000Z');
  });

  it('reads dates across a daylight-saving change right when the user’s zone is known and agrees', () => {
    const s = sample('2025-06-02 08:00:00', 'dd.MM.yyyy', 'Europe/Berlin');
    const winter = '2025-01-15 07:30:00';
    const shown = userDateTime(winter, { date_format: 'dd.MM.yyyy', time_zone: 'Europe/Berlin' });
    const [zoned] = withZone(learnDateFormats(s.display, s.value), 'Europe/Berlin', s.value);
    expect(userDateTimeToIso(zoned!, shown)).toBe(iso(winter));
    // a zone that does not give the sample's offset is not trusted: the learned fixed offset stays
    const [other] = withZone(learnDateFormats(s.display, s.value), 'Asia/Tokyo', s.value);
    expect(other!.zone).toBeUndefined();
    expect(withZone(learnDateFormats(s.display, s.value), 'Not/AZone', s.value)[0]!.zone).toBeUndefined();
  });
});
