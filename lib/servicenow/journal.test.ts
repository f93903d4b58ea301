// @vitest-environment node
/** Reading and writing a record's journal, against the real ServiceNow simulator's Table API over HTTP. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { SN_RECORDS, SN_USERS } from '../../sim/fixtures';
import { startTestApi, TEST_NOW_MS, type TestApi } from '../../sim/servicenow/testing';
import type { Fetch } from '../http';
import { addJournalEntry, JournalWriteError, readActivity, type JournalTableMemory, type RecordRef } from './journal';
import { createTableClient, type TableClient } from './table-client';

let api: TestApi;
let nowMs = TEST_NOW_MS;
/** every Table API path asked for, per test */
let asked: string[] = [];

const asUser =
  (user: string): Fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('X-Test-User', user);
    asked.push(new URL(String(input)).pathname);
    return fetch(input, { ...init, headers });
  };
const clientFor = (user: string): TableClient => createTableClient(asUser(user), api.origin, { sleep: async () => {} });

const INC: RecordRef = { table: 'incident', sys_id: SN_RECORDS.incident.sys_id };
const beth = () => clientFor(SN_USERS.agent.user_name);
const abel = () => clientFor(SN_USERS.requester.user_name);
const fresh = (): JournalTableMemory => new Map();

/** The stored journal of a record, newest first, as ISO instants: the truth the client must reproduce. */
const stored = (sys_id: string) =>
  api.store
    .scan('sys_journal_field')
    .filter((j) => j.element_id === sys_id)
    .map((j) => ({ element: j.element, at: `${j.sys_created_on!.replace(' ', 'T')}.000Z`, text: j.value }))
    .reverse();

const setDatePrefs = (user_sys_id: string, date_format: string, time_zone: string) =>
  Object.assign(api.store.get('sys_user', user_sys_id)!, { date_format, time_zone });

beforeAll(async () => {
  api = await startTestApi(1, { now: () => nowMs });
});
afterAll(() => api.stop());
beforeEach(() => {
  api.store.policies.journalTable = 'filtered';
  setDatePrefs(SN_USERS.agent.sys_id, '', '');
  setDatePrefs(SN_USERS.requester.sys_id, '', '');
  asked = [];
});
/** each write a minute after the last, so entries have distinct times as on a real instance */
const tick = () => (nowMs += 60_000);

describe('readActivity', () => {
  it('reads the same entries from the journal table and from the display values', async () => {
    const viaDisplay = await readActivity(beth(), INC, { memory: fresh() });
    expect(viaDisplay.source).toBe('display-values');
    expect(viaDisplay.entries.map(({ element, author, text }) => ({ element, author, text }))).toEqual([
      { element: 'work_notes', author: 'Beth Anglin', text: 'Mail transport queue is stuck; restarting the service.' },
      { element: 'comments', author: 'Abel Tuter', text: 'I still cannot send or receive email.' },
    ]);
    expect(viaDisplay.entries.map(({ element, at, text }) => ({ element, at, text }))).toEqual(stored(INC.sys_id));

    api.store.policies.journalTable = 'readable';
    const viaTable = await readActivity(beth(), INC, { memory: fresh() });
    expect(viaTable.source).toBe('journal-table');
    expect(viaTable.entries).toEqual(viaDisplay.entries);
    expect(viaTable.canSeeWorkNotes).toBe(true);
    expect(viaTable.record).toEqual(viaDisplay.record);
  });

  it('takes an empty journal table as unknown, and once it proved filtered stops asking it on that instance', async () => {
    const memory = fresh();
    const first = await readActivity(beth(), INC, { memory });
    expect(first.entries).toHaveLength(2);
    expect(asked).toContain('/api/now/table/sys_journal_field');
    expect(memory.get(api.origin)).toBe('filtered');

    asked = [];
    await readActivity(beth(), INC, { memory });
    expect(asked).not.toContain('/api/now/table/sys_journal_field');
  });

  it('one round trip: every request is sent before any answer; then 1 request where filtered, 2 where readable, no name lookup', async () => {
    // a fetch that holds every answer until the client has sent all it will send at once
    let sent: string[] = [];
    let release!: () => void;
    let gate = new Promise<void>((r) => (release = r));
    const held: Fetch = async (input, init) => {
      sent.push(new URL(String(input)).pathname);
      await gate;
      return asUser(SN_USERS.agent.user_name)(input, init);
    };
    const read = async (memory: JournalTableMemory) => {
      sent = [];
      gate = new Promise<void>((r) => (release = r));
      const reading = readActivity(createTableClient(held, api.origin), INC, { memory });
      await new Promise((r) => setTimeout(r, 20));
      const before = [...sent];
      release();
      const activity = await reading;
      return { before, after: sent.slice(before.length), activity };
    };
    const filtered = fresh();
    const first = await read(filtered); // not learnt yet: record, journal table, zone, together
    expect(first.before.sort()).toEqual([`/api/now/table/incident/${INC.sys_id}`, '/api/now/table/sys_journal_field', '/api/now/table/sys_user'].sort());
    expect(first.after).toEqual([]);
    const again = await read(filtered);
    expect(again.before).toEqual([`/api/now/table/incident/${INC.sys_id}`]);
    expect(again.after).toEqual([]);

    api.store.policies.journalTable = 'readable';
    const readable = fresh();
    await read(readable);
    const steady = await read(readable);
    expect(steady.before.sort()).toEqual([`/api/now/table/incident/${INC.sys_id}`, '/api/now/table/sys_journal_field'].sort());
    expect(steady.after).toEqual([]); // authors named from the display values read beside it
    expect(steady.activity.source).toBe('journal-table');
    expect(steady.activity.entries.map((e) => e.author)).toEqual(['Beth Anglin', 'Abel Tuter']);
  });

  it('takes a 403 from the journal table as filtered and reads the display values', async () => {
    const refusing: Fetch = (input, init) =>
      new URL(String(input)).pathname.endsWith('/sys_journal_field')
        ? Promise.resolve(Response.json({ error: { message: 'Operation Failed', detail: 'ACL Exception Read Failed' }, status: 'failure' }, { status: 403 }))
        : asUser(SN_USERS.agent.user_name)(input, init);
    const memory = fresh();
    const a = await readActivity(createTableClient(refusing, api.origin), INC, { memory });
    expect(a.source).toBe('display-values');
    expect(a.entries.map((e) => e.text)).toEqual(stored(INC.sys_id).map((e) => e.text));
    expect(memory.get(api.origin)).toBe('filtered');
  });

  it('a record with no entries yet reads as empty in either mode', async () => {
    const empty = api.store.scan('incident').find((r) => !api.store.scan('sys_journal_field').some((j) => j.element_id === r.sys_id))!;
    const ref = { table: 'incident', sys_id: empty.sys_id! };
    expect((await readActivity(beth(), ref, { memory: fresh() })).entries).toEqual([]);
    api.store.policies.journalTable = 'readable';
    expect((await readActivity(beth(), ref, { memory: fresh() })).entries).toEqual([]);
  });

  it.each([
    ['dd.MM.yyyy', 'Europe/Berlin'],
    ['dd/MM/yyyy', 'Asia/Kolkata'],
    ['MM-dd-yyyy', 'America/New_York'],
    ['dd-MMM-yyyy', 'Australia/Sydney'],
    ['yyyy-MM-dd', 'America/Los_Angeles'],
  ])('parses headers in the user’s format %s and zone %s to the right UTC instants', async (format, zone) => {
    setDatePrefs(SN_USERS.agent.sys_id, format, zone);
    const raw = await (await api.call(`/api/now/table/incident/${INC.sys_id}?sysparm_fields=comments&sysparm_display_value=true`)).json();
    // the simulator really renders the header in the user's format (so this test would catch a parser that ignores it)
    expect((raw as { result: { comments: string } }).result.comments).not.toMatch(/^2025-05-24 10:02:15/);

    const a = await readActivity(beth(), INC, { memory: fresh() });
    expect(a.source).toBe('display-values');
    expect(a.entries.map(({ element, at, text }) => ({ element, at, text }))).toEqual(stored(INC.sys_id));
    expect(a.entries.map((e) => e.author)).toEqual(['Beth Anglin', 'Abel Tuter']);
  });

  it('reads entries from the other side of a daylight-saving change at the right instants', async () => {
    const ref = { table: 'incident', sys_id: SN_RECORDS.hostileHtml.sys_id };
    const later = nowMs;
    nowMs = Date.UTC(2025, 0, 15, 7, 30, 0);
    await addJournalEntry(beth(), ref, 'comments', 'Written in winter', { memory: fresh() });
    nowMs = later;
    tick();
    await addJournalEntry(beth(), ref, 'comments', 'Written in summer', { memory: fresh() });

    setDatePrefs(SN_USERS.agent.sys_id, 'dd.MM.yyyy', 'Europe/Berlin');
    const a = await readActivity(beth(), ref, { memory: fresh() });
    expect(a.source).toBe('display-values');
    expect(a.entries.find((e) => e.text === 'Written in winter')!.at).toBe('2025-01-15T07:30:00.000Z');
    expect(a.entries.map(({ element, at, text }) => ({ element, at, text }))).toEqual(stored(ref.sys_id));
  });

  it.each(['filtered', 'readable'] as const)('a requester sees comments only (journal table %s)', async (mode) => {
    api.store.policies.journalTable = mode;
    const a = await readActivity(abel(), INC, { memory: fresh() });
    expect(a.canSeeWorkNotes).toBe(false);
    expect(a.entries.map((e) => [e.element, e.author, e.text])).toEqual([['comments', 'Abel Tuter', 'I still cannot send or receive email.']]);
  });

  it('a record the user may not read is not found', async () => {
    await expect(readActivity(abel(), { table: 'incident', sys_id: SN_RECORDS.aclHidden.sys_id }, { memory: fresh() })).rejects.toMatchObject({ kind: 'not-found' });
  });
});

describe('addJournalEntry', () => {
  it.each(['filtered', 'readable'] as const)('adds a comment then a work note: both shown, labelled, newest first (journal table %s)', async (mode) => {
    api.store.policies.journalTable = mode;
    const ref = { table: 'incident', sys_id: SN_RECORDS.incident2.sys_id };
    const memory = fresh();
    const start = (await readActivity(beth(), ref, { memory })).record.sys_mod_count;

    tick();
    const c = await addJournalEntry(beth(), ref, 'comments', `Customer called back (${mode})`, { memory });
    tick();
    const w = await addJournalEntry(beth(), ref, 'work_notes', `Escalating to network (${mode})`, { memory });
    expect(c.entry).toMatchObject({ element: 'comments', author: 'Beth Anglin', text: `Customer called back (${mode})` });
    expect(w.record.sys_mod_count).toBe(start + 2);

    const a = await readActivity(beth(), ref, { memory });
    expect(a.entries.slice(0, 2).map((e) => [e.element, e.author, e.text])).toEqual([
      ['work_notes', 'Beth Anglin', `Escalating to network (${mode})`],
      ['comments', 'Beth Anglin', `Customer called back (${mode})`],
    ]);
    expect(a.entries[0]!.key).toBe(w.entry.key);
    expect(a.entries[1]!.key).toBe(c.entry.key);
  });

  it('reports a requester’s work note as not accepted, and nothing is saved', async () => {
    const before = stored(INC.sys_id).length;
    tick();
    const err = await addJournalEntry(abel(), INC, 'work_notes', 'I am not an agent', { memory: fresh() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JournalWriteError);
    expect((err as JournalWriteError).reason).toBe('dropped');
    expect((err as Error).message).toContain('ServiceNow did not accept the work note');
    expect(stored(INC.sys_id)).toHaveLength(before);
  });

  it('lets a requester comment on their own record', async () => {
    tick();
    const r = await addJournalEntry(abel(), INC, 'comments', 'Still broken after the restart', { memory: fresh() });
    expect(r.entry).toMatchObject({ element: 'comments', author: 'Abel Tuter', text: 'Still broken after the restart' });
  });

  it('keeps multi-line comments whole, even with lines that look like headers, in the user’s own format', async () => {
    setDatePrefs(SN_USERS.agent.sys_id, 'dd.MM.yyyy', 'Europe/Berlin');
    const ref = { table: 'incident', sys_id: SN_RECORDS.hostileMarkdown.sys_id };
    const tricky = [
      'First line',
      '',
      '02.06.2025 10:00:00 - Someone (Work notes)',
      'quoted note',
      '',
      '2025-06-02 10:00:00 - Someone Else (Additional comments)',
      '',
      'last line',
    ].join('\n');
    tick();
    await addJournalEntry(beth(), ref, 'comments', tricky, { memory: fresh() });
    tick();
    await addJournalEntry(beth(), ref, 'work_notes', 'Plain note', { memory: fresh() });

    const a = await readActivity(beth(), ref, { memory: fresh() });
    expect(a.source).toBe('display-values');
    expect(a.entries.slice(0, 2).map((e) => [e.element, e.text])).toEqual([
      ['work_notes', 'Plain note'],
      ['comments', tricky],
    ]);
    expect(a.entries.map(({ element, at, text }) => ({ element, at, text }))).toEqual(stored(ref.sys_id));
  });

  it('sends [code] as inert text: stored without a working tag, read back as typed', async () => {
    tick();
    const typed = 'look: [code]<img src=x onerror=alert(1)>[/code]';
    const r = await addJournalEntry(beth(), INC, 'comments', typed, { memory: fresh() });
    const saved = stored(INC.sys_id)[0]!.text!;
    expect(saved).not.toMatch(/\[code\]/i);
    expect(saved.replace(/\u200B/g, '')).toBe(typed);
    expect(r.entry.text).toBe(saved);
  });

  it('refuses empty text without calling ServiceNow', async () => {
    await expect(addJournalEntry(beth(), INC, 'comments', '  \n ', { memory: fresh() })).rejects.toMatchObject({ reason: 'empty' });
    expect(asked).toEqual([]);
  });
});
