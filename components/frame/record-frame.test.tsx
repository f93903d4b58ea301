import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { send } from '@/lib/send';
import { incidentForm, savedAnswer, SYS } from '../record-edit.fixtures';
import type { Response } from '@/lib/messages';
import { RecordFrame, withLatest } from './record-frame';

vi.mock('@/lib/send', () => ({ send: vi.fn() }));

const root = renderRoot();
const INSTANCE = 'https://acme.service-now.com';
const theme = { dark: false };
const cardOf = (number: string) => ({
  lookup: { ok: true as const, record: { instance: INSTANCE, table: 'incident', sys_id: SYS, number, shortDescription: 'Email down', url: '', updatedAt: '', fields: {} } },
  accent: '#000',
  fields: [],
  tableLabel: 'Incident',
});
const activity = { as: 'Beth Anglin', canSeeWorkNotes: true, entries: [] };
type Pending = { type: string; resolve(v: unknown): void };
let pending: Pending[];
beforeEach(() => {
  pending = [];
  vi.mocked(send).mockImplementation(((req: { type: string }) => new Promise((resolve) => pending.push({ type: req.type, resolve }))) as typeof send);
});
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const answer = async (type: string, value: unknown) => {
  pending.find((p) => p.type === type)!.resolve(value);
  await settle();
};

describe('RecordFrame', () => {
  it('asks for the State form beside the activity, in the same turn (never before it)', async () => {
    const spec = { kind: 'record' as const, server: 'https://chat.example.test', postId: 'p'.repeat(26), instance: INSTANCE, ref: { table: 'incident', sys_id: SYS }, theme };
    act(() => render(<RecordFrame spec={spec} emit={vi.fn()} tabId={1} preloaded={{ card: cardOf('INC0010001') }} />, root));
    // the approval section and the Watch toggle ask for their own, beside them
    expect(pending.map((p) => p.type).sort()).toEqual(['approvals/record', 'record/activity', 'record/form', 'watch/record']);
    await answer('record/activity', activity);
    expect(root.textContent).toContain('No comments or work notes yet.');
    await answer('record/form', incidentForm());
    expect(root.querySelector('select')).not.toBeNull();
  });

  it('a bare number with no card yet: the form waits for the card, the activity does not; a save updates the card', async () => {
    const spec = { kind: 'record' as const, server: 'https://chat.example.test', postId: 'p'.repeat(26), instance: INSTANCE, ref: { number: 'INC0010001' }, theme };
    act(() => render(<RecordFrame spec={spec} emit={vi.fn()} tabId={1} preloaded={{}} />, root));
    const asked = () => pending.map((p) => p.type).filter((t) => t !== 'approvals/record' && t !== 'watch/record');
    expect(asked()).toEqual(['record/full', 'record/activity']);
    await answer('record/full', cardOf('INC0010001'));
    expect(asked()).toEqual(['record/full', 'record/activity', 'record/form']);
    await answer('record/form', incidentForm());
    const state = [...root.querySelectorAll('select')].find((s) => s.id === [...root.querySelectorAll('label')].find((l) => l.textContent === 'State')!.htmlFor)!;
    act(() => {
      state.value = '1';
      state.dispatchEvent(new Event('change', { bubbles: true }));
    });
    act(() => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Save')!.click());
    expect(vi.mocked(send).mock.calls.at(-1)![0]).toMatchObject({ type: 'record/update', instance: INSTANCE, table: 'incident', sys_id: SYS, changes: { state: '1' } });
    await answer('record/update', { ...savedAnswer(incidentForm({ modCount: '5' })), card: cardOf('INC0010001-renamed') });
    expect(root.querySelector('[role="dialog"]')!.getAttribute('aria-label')).toBe('INC0010001-renamed: Email down');
  });
});

type Card = Response<'record/card'>;
const summaryCard = (updatedAt: string, fields: Record<string, string>): Card => ({
  lookup: {
    ok: true,
    record: {
      instance: INSTANCE, table: 'incident', sys_id: 'a'.repeat(32), number: 'INC0010001', shortDescription: 'Mail', url: '', updatedAt,
      fields: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, { value: v, display: v }])),
    },
  },
  accent: '#000', fields: [], tableLabel: 'Incident',
});

describe('the panel summary after a write', () => {
  it("takes the newer card's values over the fuller read, keeping the fields only the fuller read has", () => {
    const full = summaryCard('2026-12-02T10:00:00Z', { state: 'New', opened_at: '2026-12-01 09:00:00', caller_id: 'Abel Tuter' });
    const merged = withLatest(full, summaryCard('2026-12-02T10:05:00Z', { state: 'Resolved' }));
    expect(merged.lookup.ok && merged.lookup.record.fields).toEqual({
      state: { value: 'Resolved', display: 'Resolved' },
      opened_at: { value: '2026-12-01 09:00:00', display: '2026-12-01 09:00:00' },
      caller_id: { value: 'Abel Tuter', display: 'Abel Tuter' },
    });
    expect(merged.lookup.ok && merged.lookup.record.updatedAt).toBe('2026-12-02T10:05:00Z');
  });
  it('an older card, or one that could not be read, does not replace a good fuller read', () => {
    const full = summaryCard('2026-12-02T10:05:00Z', { state: 'Resolved' });
    expect(withLatest(full, summaryCard('2026-12-02T10:00:00Z', { state: 'New' }))).toBe(full);
    expect(withLatest(full, { lookup: { ok: false, reason: 'error', message: 'down' }, accent: '#000', fields: [], tableLabel: '' })).toBe(full);
  });
});
