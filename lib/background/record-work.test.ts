import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { TableClient } from '../servicenow/table-client';
import type { CardData } from './card-data';
import { refKey } from '../servicenow/record';
import { createRecordWork } from './record-work';

const journal = vi.hoisted(() => ({ readActivity: vi.fn(), addJournalEntry: vi.fn() }));
vi.mock('../servicenow/journal', () => journal);

const SN = 'https://acme.service-now.com';
const INC = { table: 'incident', sys_id: 'a'.repeat(32) };
const entry = (text: string, at = '2026-12-02T10:00:00.000Z') => ({ element: 'comments' as const, author: 'Beth Anglin', at, text, key: `c ${at} ${text}` });
const card = (ok = true): CardData =>
  ok
    ? { lookup: { ok: true, record: { instance: SN, table: 'incident', sys_id: INC.sys_id, number: 'INC0010001', shortDescription: 'Mail', url: '', updatedAt: '', fields: {} } }, accent: '#000', fields: [], tableLabel: 'Incident' }
    : { lookup: { ok: false, reason: 'not-found', message: 'No access or not found' }, accent: '#000', fields: [], tableLabel: '' };

function setup(now = () => Date.parse('2026-12-02T10:00:00Z')) {
  const records = { card: vi.fn(async (_i: string, _r: unknown, _o?: unknown) => card()) };
  const announce = vi.fn();
  const work = createRecordWork({
    clients: { servicenow: async () => ({ base: SN }) as TableClient },
    records,
    statuses: async () => ({ x: { product: 'servicenow', base: SN, method: 'oauth', state: 'connected', user: { name: 'Beth Anglin', username: 'beth.anglin' } } }),
    announce,
    now,
  });
  return { work, records, announce };
}

beforeEach(() => {
  journal.readActivity.mockReset().mockResolvedValue({ entries: [], source: 'display-values', canSeeWorkNotes: true });
  journal.addJournalEntry.mockReset().mockImplementation(async (_c, _r, _e, text: string) => ({
    entry: entry(text),
    record: { sys_mod_count: 2, sys_updated_on: '' },
    activity: { entries: [entry(text)], source: 'display-values', canSeeWorkNotes: true, record: { sys_mod_count: 2, sys_updated_on: '' } },
  }));
});

describe('record work', () => {
  it('says who writes, and resolves a number reference from the card cache', async () => {
    const { work, records } = setup();
    const a = await work.activity(SN, { table: 'incident', number: 'INC0010001' });
    expect(a.as).toBe('Beth Anglin');
    expect(records.card).toHaveBeenCalledWith(SN, { table: 'incident', number: 'INC0010001' });
    expect(journal.readActivity.mock.calls[0]![1]).toEqual(INC);
  });

  it('writes once per submission, however often it is sent; then re-reads every card of the record once and tells the tabs', async () => {
    const { work, records, announce } = setup();
    const ref = { table: 'incident', number: 'INC0010001' };
    const [a, b] = await Promise.all([work.journal(SN, ref, 'comments', 'hello', 7), work.journal(SN, ref, 'comments', 'hello', 7)]);
    expect(a).toBe(b);
    expect(await work.journal(SN, ref, 'comments', 'hello', 7)).toBe(a);
    expect(journal.addJournalEntry).toHaveBeenCalledTimes(1);
    expect(records.card.mock.calls.filter((c) => (c[2] as { fresh?: boolean } | undefined)?.fresh)).toHaveLength(2); // by sys_id and by number
    expect(announce.mock.calls.map((c) => c[1]).sort()).toEqual([refKey({ table: 'incident', number: 'INC0010001' }), refKey(INC)].sort());
  });

  it('a retry after a lost answer finds the entry that landed instead of adding it again', async () => {
    const { work } = setup();
    journal.addJournalEntry.mockRejectedValueOnce(new Error('ServiceNow did not answer in time.'));
    await expect(work.journal(SN, INC, 'comments', 'once only', 9)).rejects.toThrow('did not answer');
    journal.readActivity.mockResolvedValue({ entries: [entry('once only')], source: 'display-values', canSeeWorkNotes: true });
    const again = await work.journal(SN, INC, 'comments', 'once only', 9);
    expect(again.entry.text).toBe('once only');
    expect(journal.addJournalEntry).toHaveBeenCalledTimes(1);
  });

  it('the look for a lost write reads the record afresh, not the panel\'s copy read before the write', async () => {
    const stale = { sys_id: INC.sys_id, comments: 'before the write' };
    const panel = { read: vi.fn(() => stale as never), drop: vi.fn() };
    const work = createRecordWork({
      clients: { servicenow: async () => ({ base: SN }) as TableClient },
      records: { card: async () => card() },
      panel,
      statuses: async () => ({}),
      announce: () => {},
    });
    journal.addJournalEntry.mockRejectedValueOnce(new Error('The connection broke off.'));
    await expect(work.journal(SN, INC, 'comments', 'landed', 3)).rejects.toThrow('broke off');
    panel.drop.mockImplementation(() => panel.read.mockReturnValue(undefined as never));
    journal.readActivity.mockResolvedValue({ entries: [entry('landed', new Date().toISOString())], source: 'display-values', canSeeWorkNotes: true });
    expect((await work.journal(SN, INC, 'comments', 'landed', 3)).entry.text).toBe('landed');
    expect(panel.drop).toHaveBeenCalledWith(SN, INC.sys_id);
    expect(journal.readActivity.mock.calls.at(-1)![2]).not.toHaveProperty('row');
    expect(journal.addJournalEntry).toHaveBeenCalledTimes(1);
  });

  it('a retry that finds nothing writes it; a record the user cannot read is refused before any write', async () => {
    const { work, records } = setup();
    journal.addJournalEntry.mockRejectedValueOnce(new Error('Refused'));
    await expect(work.journal(SN, INC, 'comments', 'x', 3)).rejects.toThrow('Refused');
    await work.journal(SN, INC, 'comments', 'x', 3);
    expect(journal.addJournalEntry).toHaveBeenCalledTimes(2);
    records.card.mockResolvedValueOnce(card(false));
    await expect(work.journal(SN, { number: 'INC0099999' }, 'comments', 'y', 4)).rejects.toThrow('No access or not found');
    expect(journal.addJournalEntry).toHaveBeenCalledTimes(2);
  });

  it('in browser-session mode writes nothing when the session is now someone else’s', async () => {
    const assertSameUser = vi.fn(async () => {
      throw new Error('ServiceNow in this browser is now signed in as David Loo, not Beth Anglin.');
    });
    const work = createRecordWork({
      clients: { servicenow: async () => ({ base: SN }) as TableClient },
      records: { card: vi.fn(async () => card()) },
      identity: { assertSameUser },
      statuses: async () => ({}),
      announce: vi.fn(),
    });
    await expect(work.journal(SN, INC, 'comments', 'hello', 99)).rejects.toThrow(/David Loo/);
    expect(assertSameUser).toHaveBeenCalledWith(SN);
    expect(journal.addJournalEntry).not.toHaveBeenCalled();
  });

  it("shares one activity read between the panel's frame/open and the frame's own ask, and serves a write's read-back to other panels", async () => {
    let t = Date.parse('2026-12-02T10:00:00Z');
    const { work } = setup(() => t);
    const [a, b] = await Promise.all([work.activity(SN, INC), work.activity(SN, INC)]);
    expect(a).toBe(b);
    expect(journal.readActivity).toHaveBeenCalledTimes(1);
    t += 500;
    await work.activity(SN, INC); // just read: the same answer
    expect(journal.readActivity).toHaveBeenCalledTimes(1);
    t += 1_000;
    await work.activity(SN, INC); // past the shared window: read again
    expect(journal.readActivity).toHaveBeenCalledTimes(2);
    // after a write, a panel in another tab asks again when told: the write's own read-back, no read
    const written = await work.journal(SN, INC, 'comments', 'from tab A', 11);
    expect((await work.activity(SN, INC)).entries).toEqual(written.activity.entries);
    expect(journal.readActivity).toHaveBeenCalledTimes(2);
    t += 10_000;
    await work.activity(SN, INC);
    expect(journal.readActivity).toHaveBeenCalledTimes(3);
  });
});
