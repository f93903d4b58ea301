// @vitest-environment node
/** Message actions against the real Mattermost simulator (posts, threads, channels, replies); ServiceNow stubbed. */
import { afterAll, beforeAll, beforeEach, describe, expect, test, vi } from 'vitest';
import { MM_CHANNELS, MM_USERS } from '../../sim/fixtures';
import { start, SEEDED_POSTS, type RunningMattermost } from '../../sim/mattermost';
import { createMattermostClient } from '../mattermost/client';
import { bearerFetch } from '../testing/bearer-fetch';
import type { TableClient } from '../servicenow/table-client';
import type { CardData } from './card-data';
import { createMessageActions, type MessageActionDeps } from './message-actions';
import { UserFacingError } from './router';

const SN = 'https://acme.service-now.com';
const SYS = 'a'.repeat(32);
const card = (number: string): CardData => ({
  lookup: { ok: true, record: { instance: SN, table: 'incident', sys_id: SYS, number, shortDescription: 'Mail', url: `${SN}/incident.do?sys_id=${SYS}`, updatedAt: '', fields: { assigned_to: { value: SYS, display: 'David Loo' }, caller_id: { value: 'b'.repeat(32), display: 'Nobody' } } } },
  accent: '#000',
  fields: [],
  tableLabel: 'Incident',
});
const missing: CardData = { lookup: { ok: false, reason: 'not-found', message: 'INC0099999 was not found, or you may not read it.' }, accent: '#000', fields: [], tableLabel: '' };

/** sys_user rows: David, by his email; someone Mattermost does not know */
const userRow = (id: string) =>
  id === SYS
    ? { sys_id: SYS, email: MM_USERS.agent2.email, user_name: 'david.loo' }
    : { sys_id: id, email: 'nobody@example.com', user_name: 'nobody' };

let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());

function setup() {
  const client = createMattermostClient(bearerFetch(MM_USERS.agent.token), mm.siteUrl);
  const deps = {
    clients: {
      mattermost: async () => client,
      // sys_user rows: David by his email, someone Mattermost does not know
      servicenow: async () => ({ get: async (_t: string, id: string) => userRow(id), list: async () => ({ rows: [userRow(SYS), userRow('b'.repeat(32))], total: 2 }) }) as unknown as TableClient,
    },
    records: { card: vi.fn(async (_i: string, ref: { number?: string }) => (ref.number === 'INC0099999' ? missing : card(ref.number ?? 'INC0010042'))) },
    work: { journal: vi.fn(async () => ({}) as never) },
    share: { cardTo: vi.fn(async (_s: string, place: { channel_id: string; root_id?: string }) => ({ channelLabel: '', postUrl: `${mm.siteUrl}/ops/pl/x`, number: 'INC0010001', place })) },
    incidents: {
      create: vi.fn(async () => ({ outcome: 'created' as const, incident: { table: 'incident' as const, sys_id: SYS, number: 'INC0010042', dropped: [] }, recovered: false, card: card('INC0010042') })),
      choices: vi.fn(async () => ({ impact: [], urgency: [], category: [], from: 'defaults' as const })),
      fromPost: vi.fn(async () => undefined),
    },
    refsParser: async () => (message: string) => [...message.matchAll(/INC\d{7}/g)].map((m) => ({ instance: SN, ref: { table: 'incident', number: m[0] }, via: 'number' as const })),
    instances: async () => [SN],
    servers: async () => [mm.siteUrl],
    openSettings: vi.fn(async () => {}),
    watching: {
      watchRecord: vi.fn(async () => ({}) as never),
      ofRecord: vi.fn(async () => ({ id: 'record w' }) as never),
      unwatch: vi.fn(async () => {}),
    },
  };
  return { actions: createMessageActions(deps as unknown as MessageActionDeps), deps };
}
const replies = (rootId: string) => mm.control.posts(MM_CHANNELS.incidents.id).filter((p) => p.root_id === rootId);

describe('message actions', () => {
  let s: ReturnType<typeof setup>;
  beforeEach(() => {
    s = setup();
  });

  test('context: a thread is every message with its author and time, the permalink, and the records it names', async () => {
    const c = await s.actions.context(mm.siteUrl, SEEDED_POSTS.threadReplies[1]!, 'thread');
    expect(c.post).toMatchObject({ id: SEEDED_POSTS.threadReplies[1], rootId: SEEDED_POSTS.threadRoot, channel: 'Incidents', team: 'ops', permalink: `${mm.siteUrl}/ops/pl/${SEEDED_POSTS.threadReplies[1]}` });
    expect(c.count).toBe(4);
    expect(c.authors).toEqual(expect.arrayContaining(['David Loo', 'Beth Anglin']));
    expect(c.entries).toHaveLength(1);
    expect(c.entries[0]).toContain(`${mm.siteUrl}/ops/pl/${SEEDED_POSTS.threadRoot}`);
    expect(c.entries[0]).toContain('Exchange transport service restarted');
    expect(c.entries[0]).toContain('(@david)');
    expect(c.records).toEqual([{ instance: SN, number: 'INC0010001' }]);
    const one = await s.actions.context(mm.siteUrl, SEEDED_POSTS.threadRoot, 'message');
    expect(one.count).toBe(1);
  });

  test('attach: each part written once per submission, one reply in the thread, even when asked again', async () => {
    const before = replies(SEEDED_POSTS.threadRoot).length;
    const first = await s.actions.attach(mm.siteUrl, SEEDED_POSTS.threadReplies[0]!, 'thread', SN, { number: 'INC0010001' }, 'work_notes', 1_700_000_000_000);
    expect(first).toMatchObject({ number: 'INC0010001', parts: 1, reply: { postUrl: expect.stringContaining('/ops/pl/') } });
    expect(s.deps.work.journal).toHaveBeenCalledWith(SN, { number: 'INC0010001' }, 'work_notes', expect.stringContaining('Confirmed fixed for finance'), 1_700_000_000_000);
    await s.actions.attach(mm.siteUrl, SEEDED_POSTS.threadReplies[0]!, 'thread', SN, { number: 'INC0010001' }, 'work_notes', 1_700_000_000_000);
    const added = replies(SEEDED_POSTS.threadRoot).slice(before);
    expect(added).toHaveLength(1);
    expect(added[0]!.message).toBe(`Added this thread to [INC0010001](${SN}/incident.do?sys_id=${SYS}) as a work note.`);
  });

  test('attach to a record that is not there says so and writes nothing', async () => {
    await expect(s.actions.attach(mm.siteUrl, SEEDED_POSTS.threadRoot, 'message', SN, { number: 'INC0099999' }, 'comments', 1)).rejects.toThrow('INC0099999 was not found');
    expect(s.deps.work.journal).not.toHaveBeenCalled();
  });

  test('create: Mattermost text neutralised, the post in the correlation fields, the card into its thread', async () => {
    const r = await s.actions.create(mm.siteUrl, SN, { short_description: 'Mail [code]<b>x</b>[/code]', description: 'See thread' }, SEEDED_POSTS.threadReplies[0], { postId: SEEDED_POSTS.threadReplies[0]! }, 42);
    expect(r).toMatchObject({ number: 'INC0010042', sys_id: SYS, dropped: [], reply: { postUrl: expect.any(String) } });
    const [, input, id] = s.deps.incidents.create.mock.calls[0]! as unknown as [string, Record<string, string>, number];
    expect(input).toMatchObject({ correlation_id: SEEDED_POSTS.threadReplies[0], correlation_display: 'Mattermost', description: 'See thread' });
    expect(input.short_description).not.toMatch(/\[code\]/i);
    expect(id).toBe(42);
    expect(s.deps.share.cardTo.mock.calls[0]![1]).toEqual({ channel_id: MM_CHANNELS.incidents.id, root_id: SEEDED_POSTS.threadRoot });
  });

  test('a refused create is the user’s words, and nothing is posted', async () => {
    s.deps.incidents.create.mockResolvedValueOnce({ outcome: 'refused', kind: 'mandatory', labels: ['Caller'], fields: ['caller_id'], message: 'ServiceNow needs Caller before it creates the incident.' } as never);
    await expect(s.actions.create(mm.siteUrl, SN, { short_description: 'x', description: '' }, undefined, { page: `${mm.siteUrl}/ops/channels/incidents` }, 1)).rejects.toThrow(UserFacingError);
    expect(s.deps.share.cardTo).not.toHaveBeenCalled();
  });

  test('share: the channel of the page, a DM by @name, a thread; a page that is neither is refused', async () => {
    await s.actions.run(mm.siteUrl, { page: `${mm.siteUrl}/ops/channels/town-square` }, '/servicenow share inc0010001', 7);
    expect(s.deps.share.cardTo.mock.calls[0]!.slice(1)).toEqual([{ channel_id: MM_CHANNELS.town.id }, SN, { table: 'incident', sys_id: SYS }, 7]);
    await s.actions.run(mm.siteUrl, { page: `${mm.siteUrl}/ops/messages/@david` }, '/sn share INC0010001', 8);
    expect((s.deps.share.cardTo.mock.calls[1]![1] as { channel_id: string }).channel_id).toMatch(/^[a-z0-9]{26}$/);
    await s.actions.run(mm.siteUrl, { postId: SEEDED_POSTS.threadReplies[2]! }, '/sn share INC0010001', 9);
    expect(s.deps.share.cardTo.mock.calls[2]![1]).toEqual({ channel_id: MM_CHANNELS.incidents.id, root_id: SEEDED_POSTS.threadRoot });
    await expect(s.actions.run(mm.siteUrl, { page: `${mm.siteUrl}/admin_console` }, '/sn share INC0010001', 10)).rejects.toThrow('Open a channel');
    await expect(s.actions.run(mm.siteUrl, { page: `${mm.siteUrl}/ops/channels/town-square` }, '/sn share INC0099999', 11)).rejects.toThrow('INC0099999 was not found');
  });

  test('watch and unwatch a record by number, posting nothing', async () => {
    const page = { page: `${mm.siteUrl}/ops/channels/town-square` };
    expect(await s.actions.run(mm.siteUrl, page, '/sn watch inc0010001', 1)).toEqual({ kind: 'watched', number: 'INC0010001', watching: true });
    expect(s.deps.watching.watchRecord).toHaveBeenCalledWith(SN, { table: 'incident', sys_id: SYS });
    expect(await s.actions.run(mm.siteUrl, page, '/sn unwatch INC0010001', 2)).toEqual({ kind: 'watched', number: 'INC0010001', watching: false });
    expect(s.deps.watching.unwatch).toHaveBeenCalledWith('record w');
    await expect(s.actions.run(mm.siteUrl, page, '/sn watch INC0099999', 3)).rejects.toThrow('INC0099999 was not found');
    expect(s.deps.share.cardTo).not.toHaveBeenCalled();
  });

  test('connect opens the settings', async () => {
    expect(await s.actions.run(mm.siteUrl, { page: `${mm.siteUrl}/ops/channels/town-square` }, '/servicenow connect', 1)).toEqual({ kind: 'settings' });
    expect(s.deps.openSettings).toHaveBeenCalledOnce();
  });

  test('people: the DM with a ServiceNow person’s Mattermost user (made, so it is in the sidebar), and the share targets', async () => {
    const dm = await s.actions.dm(SN, SYS);
    expect(dm).toEqual({ server: mm.siteUrl, url: `${mm.siteUrl}/ops/messages/@david`, path: `${new URL(mm.siteUrl).pathname.replace(/\/$/, '')}/ops/messages/@david` });
    expect(mm.requests.some((r) => r.method === 'POST' && r.pathname.endsWith('/channels/direct'))).toBe(true);
    await expect(s.actions.dm(SN, 'b'.repeat(32))).rejects.toThrow('No Mattermost user');
    // the assignee is David; the caller has no Mattermost user, so no target for them
    expect(await s.actions.targets(mm.siteUrl, SN, { number: 'INC0010042' })).toEqual([
      { key: `user:${MM_USERS.agent2.id}`, kind: 'user', label: 'David Loo (@david)', typeLabel: 'Message the assignee', server: mm.siteUrl },
    ]);
  });
});
