import { describe, expect, test } from 'vitest';
import type { Response } from '@/lib/messages';
import { withLatest } from './record-frame';

type Card = Response<'record/card'>;
const SN = 'https://acme.service-now.com';
const card = (updatedAt: string, fields: Record<string, string>): Card => ({
  lookup: {
    ok: true,
    record: {
      instance: SN, table: 'incident', sys_id: 'a'.repeat(32), number: 'INC0010001', shortDescription: 'Mail', url: '', updatedAt,
      fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: v, display: v }])),
    },
  },
  accent: '#000', fields: [], tableLabel: 'Incident',
});

describe('the panel summary after a write', () => {
  test("takes the newer card's values over the fuller read, keeping the fields only the fuller read has", () => {
    const full = card('2026-12-02T10:00:00Z', { state: 'New', opened_at: '2026-12-01 09:00:00', caller_id: 'Abel Tuter' });
    const merged = withLatest(full, card('2026-12-02T10:05:00Z', { state: 'Resolved' }));
    expect(merged.lookup.ok && merged.lookup.record.fields).toEqual({
      state: { value: 'Resolved', display: 'Resolved' },
      opened_at: { value: '2026-12-01 09:00:00', display: '2026-12-01 09:00:00' },
      caller_id: { value: 'Abel Tuter', display: 'Abel Tuter' },
    });
    expect(merged.lookup.ok && merged.lookup.record.updatedAt).toBe('2026-12-02T10:05:00Z');
  });
  test('an older card, or one that could not be read, does not replace a good fuller read', () => {
    const full = card('2026-12-02T10:05:00Z', { state: 'Resolved' });
    expect(withLatest(full, card('2026-12-02T10:00:00Z', { state: 'New' }))).toBe(full);
    expect(withLatest(full, { lookup: { ok: false, reason: 'error', message: 'down' }, accent: '#000', fields: [], tableLabel: '' })).toBe(full);
  });
});
