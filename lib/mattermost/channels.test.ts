// @vitest-environment node
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_TEAMS, MM_USERS } from '../../sim/fixtures';
import { start, SEED_CHANNELS, type RunningMattermost } from '../../sim/mattermost';
import { HttpError } from '../http';
import { channelLabel, channelTypeLabel, groupLabel, searchTargets, toPickerTarget, userLabel } from './channels';
import { createMattermostClient, type MmTeam } from './client';
import { bearerFetch } from '../testing/bearer-fetch';

const BETH = MM_USERS.agent;
const DAVID = MM_USERS.agent2;
const ME = { id: BETH.id, username: BETH.username };

let mm: RunningMattermost;
let client: ReturnType<typeof createMattermostClient>;
let teams: MmTeam[];
beforeAll(async () => {
  mm = await start();
  client = createMattermostClient(bearerFetch(BETH.token), mm.siteUrl, { sleep: async () => {} });
  teams = await client.myTeams();
});
afterAll(() => mm.stop());

describe('searchTargets', () => {
  test('channels of every team, with team and type', async () => {
    const found = await searchTargets(client, teams, 'Town', ME);
    const towns = found.filter((t) => t.kind === 'channel' && t.channel.name === 'town-square');
    expect(towns.map((t) => t.kind === 'channel' && t.team?.name).sort()).toEqual(['dev', 'ops']);
    expect(towns[0]).toMatchObject({ label: 'Town Square', typeLabel: 'Public channel' });
  });

  test('private member channels are found; archived and foreign private ones are not', async () => {
    const ids = (await searchTargets(client, teams, '', ME)).flatMap((t) => (t.kind === 'channel' ? [t.channel.id] : []));
    expect(ids).toContain(MM_CHANNELS.oncall.id);
    expect(ids).not.toContain(MM_CHANNELS.oldOutage.id);
    expect(ids).not.toContain(MM_CHANNELS.secret.id);
  });

  test('@name searches people; picking one gives the direct channel', async () => {
    const found = await searchTargets(client, teams, '@dav', ME);
    expect(found).toEqual([expect.objectContaining({ kind: 'person', label: 'David Loo (@david)', typeLabel: 'Direct message' })]);
    const person = found[0]!;
    if (person.kind !== 'person') throw new Error('expected a person');
    const dm = await client.directChannel(person.user.id);
    expect(dm.name.split('__').sort()).toEqual([BETH.id, DAVID.id].sort());
    expect(dm.id).toBe(SEED_CHANNELS.dm.id);
  });

  test('DMs and GMs, which the server returns for every team, are one row each: the DM named by the person, the GM by the others', async () => {
    const found = await searchTargets(client, teams, 'dav', ME);
    const rows = found.map((t) => toPickerTarget(t, mm.siteUrl));
    expect(rows.map(({ label, team, typeLabel, kind }) => ({ label, team, typeLabel, kind }))).toEqual([
      { label: 'abel, david', team: undefined, typeLabel: 'Group message', kind: 'gm' },
      { label: 'David Loo (@david)', team: undefined, typeLabel: 'Direct message', kind: 'dm' },
    ]);
    // the DM is the person: the same recent target whichever way it was found, posting through POST /channels/direct
    const person = toPickerTarget((await searchTargets(client, teams, '@dav', ME))[0]!, mm.siteUrl);
    expect(rows[1]!.key).toBe(person.key);
    expect(rows[1]!.key).toBe(`user:${DAVID.id}`);
    expect(rows[0]!.key).toBe(`channel:${SEED_CHANNELS.gm.id}`);
  });

  test('the people behind DMs are read in one request; if that fails a DM still reads @username', async () => {
    const before = mm.requests.length;
    await searchTargets(client, teams, 'dav', ME);
    expect(mm.requests.slice(before).filter((r) => r.pathname === '/api/v4/users/ids')).toHaveLength(1);
    const broken = { ...client, usersByIds: async () => Promise.reject(new HttpError('server', 'down', 500)) };
    const dm = (await searchTargets(broken, teams, 'dav', ME)).find((t) => t.kind === 'channel' && t.channel.type === 'D')!;
    expect(dm.label).toBe('@david');
  });

  test('one failing team does not empty the picker; all failing throws', async () => {
    const bogus = { ...teams[0]!, id: 'zzzzzzzzzzzzzzzzzzzzzzzzzz' };
    expect((await searchTargets(client, [bogus, ...teams], 'releases', ME)).map((t) => t.label)).toEqual(['Releases']);
    await expect(searchTargets(client, [bogus], 'releases', ME)).rejects.toBeInstanceOf(HttpError);
  });
});

describe('labels', () => {
  test('DMs are named after the other user; the self-DM after the user', async () => {
    const mine = await client.myChannels(MM_TEAMS.ops.id);
    const dm = mine.find((c) => c.id === SEED_CHANNELS.dm.id)!;
    const partner = await client.user(dm.name.split('__').find((id) => id !== BETH.id)!);
    expect(channelLabel(dm, partner)).toBe('David Loo (@david)');
    expect(channelLabel(dm)).toBe('Direct message');
    const gm = mine.find((c) => c.id === SEED_CHANNELS.gm.id)!;
    expect([channelLabel(gm), channelTypeLabel(gm.type)]).toEqual(['abel, beth, david', 'Group message']);
  });

  test('group labels leave the user out, unless no one else is listed', () => {
    expect(groupLabel('abel, beth, david', 'beth')).toBe('abel, david');
    expect(groupLabel('beth', 'beth')).toBe('beth');
    expect(groupLabel('', 'beth')).toBe('Group message');
    expect(channelLabel({ type: 'G', name: 'x', display_name: 'abel, beth, david' }, undefined, 'beth')).toBe('abel, david');
    expect(channelLabel({ type: 'D', name: 'a__b', display_name: 'david' })).toBe('@david');
  });

  test('user labels and unknown channel types', () => {
    expect(userLabel({ username: 'x', first_name: '', last_name: '', nickname: 'Ex' })).toBe('Ex (@x)');
    expect(userLabel({ username: 'x', first_name: '', last_name: '', nickname: '' })).toBe('@x');
    expect(channelTypeLabel('BO')).toBe('Channel');
  });
});
