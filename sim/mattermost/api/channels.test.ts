// @vitest-environment node
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_TEAMS, MM_USERS } from '../../fixtures';
import { start, SEED_CHANNELS, SEED_USERS, type RunningMattermost } from '../index';
import { bearer, call, expectAppError } from '../test-util';

let mm: RunningMattermost;
let api: string;
beforeAll(async () => {
  mm = await start();
  api = `${mm.origin}/api/v4`;
});
afterAll(() => mm.stop());

const ops = MM_TEAMS.ops.id;
const beth = MM_USERS.agent.id;
const david = MM_USERS.agent2.id;

describe('channel lists', () => {
  test('users/me/teams/{team}/channels: member channels of the team plus DMs and GMs, with ETag → 304', async () => {
    const res = await call(`${api}/users/me/teams/${ops}/channels?include_deleted=false&last_delete_at=0`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    const names = res.json.map((c: { name: string }) => c.name).sort();
    expect(names).toEqual([SEED_CHANNELS.dm.name, SEED_CHANNELS.gm.name, 'announcements', 'incidents', 'on-call', 'town-square'].sort());
    const dm = res.json.find((c: { type: string }) => c.type === 'D');
    expect(dm).toMatchObject({ team_id: '', display_name: '', name: [beth, david].sort().join('__') });
    const gm = res.json.find((c: { type: string }) => c.type === 'G');
    expect(gm.team_id).toBe('');
    expect(gm.name).toMatch(/^[0-9a-f]{40}$/);
    const etag = res.headers.get('etag')!;
    expect(etag).toBeTruthy();
    const again = await call(`${api}/users/me/teams/${ops}/channels`, { headers: { ...bearer(), 'If-None-Match': etag } });
    expect(again.status).toBe(304);
    expect(again.text).toBe('');
  });

  test('include_deleted=true adds the archived channel', async () => {
    const res = await call(`${api}/users/me/teams/${ops}/channels?include_deleted=true`, { headers: bearer() });
    expect(res.json.some((c: { name: string; delete_at: number }) => c.name === 'old-outage' && c.delete_at > 0)).toBe(true);
  });

  test('users/me/channels spans teams', async () => {
    const res = await call(`${api}/users/me/channels`, { headers: bearer() });
    expect(res.status).toBe(200);
    const teams = new Set(res.json.map((c: { team_id: string }) => c.team_id));
    expect(teams).toEqual(new Set([ops, MM_TEAMS.dev.id, '']));
  });

  test('another user’s lists are 403; an unknown team is 403; a malformed team id 400', async () => {
    expectAppError(await call(`${api}/users/${david}/channels`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
    expectAppError(await call(`${api}/users/me/teams/abcdefghijklmnopqrstuvwxyz/channels`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
    expectAppError(await call(`${api}/users/me/teams/ops/channels`, { headers: bearer() }), 400, 'api.context.invalid_url_param.app_error');
  });
});

describe('autocomplete and search', () => {
  test('teams/{id}/channels/autocomplete: public channels and own private ones by prefix', async () => {
    const res = await call(`${api}/teams/${ops}/channels/autocomplete?name=inc`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.json.map((c: { name: string }) => c.name)).toEqual(['incidents']);
    const sec = await call(`${api}/teams/${ops}/channels/autocomplete?name=sec`, { headers: bearer() });
    expect(sec.json).toEqual([]);
  });

  test('search_autocomplete: only the caller’s own channels', async () => {
    const res = await call(`${api}/teams/${ops}/channels/search_autocomplete?name=on`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.json.map((c: { name: string }) => c.name)).toEqual(['on-call']);
  });

  test('search_autocomplete: the caller\'s DMs (named by the other username) and GMs come back too, for every team, sorted by display name', async () => {
    const found = async (team: string, name: string) =>
      (await call(`${api}/teams/${team}/channels/search_autocomplete?name=${name}`, { headers: bearer() })).json.map((c: { id: string; type: string; display_name: string; team_id: string }) => [c.type, c.display_name, c.team_id, c.id]);
    const dm = ['D', 'david', '', SEED_CHANNELS.dm.id];
    const gm = ['G', 'abel, beth, david', '', SEED_CHANNELS.gm.id];
    // by the other member's username; the GM by a word of its display name (the full-text half of the query)
    expect(await found(ops, 'dav')).toEqual([gm, dm]);
    expect(await found(MM_TEAMS.dev.id, 'dav')).toEqual([gm, dm]);
    expect(await found(ops, 'abel')).toEqual([gm]); // GMs by their display name
    expect(await found(MM_TEAMS.dev.id, 'abel')).toEqual([gm]);
    const everything = await found(MM_TEAMS.dev.id, '');
    expect(everything.map((r: string[]) => r[1])).toEqual(['abel, beth, david', 'david', 'Releases', 'Town Square']);
    // David's view of the same DM names Beth
    const his = await call(`${api}/teams/${ops}/channels/search_autocomplete?name=be`, { headers: bearer(MM_USERS.agent2.token) });
    expect(his.json.map((c: { display_name: string }) => c.display_name)).toEqual(['abel, beth, david', 'beth']);
  });

  test('POST users/ids: the users found, missing ids left out; a non-array or empty body is 400', async () => {
    const res = await call(`${api}/users/ids`, { method: 'POST', headers: bearer(), json: [david, 'abcdefghijklmnopqrstuvwxyz', david] });
    expect(res.status).toBe(200);
    expect(res.json.map((u: { username: string }) => u.username)).toEqual(['david']);
    expectAppError(await call(`${api}/users/ids`, { method: 'POST', headers: bearer(), json: [] }), 400, 'api.context.invalid_body_param.app_error');
    expectAppError(await call(`${api}/users/ids`, { method: 'POST', headers: bearer(), json: { ids: [david] } }), 400, 'api.context.invalid_body_param.app_error');
  });

  test('POST teams/{id}/channels/search answers 200 (not 201)', async () => {
    const res = await call(`${api}/teams/${ops}/channels/search`, { method: 'POST', headers: bearer(), json: { term: 'town' } });
    expect(res.status).toBe(200);
    expect(res.json.map((c: { id: string }) => c.id)).toEqual([MM_CHANNELS.town.id]);
    expectAppError(await call(`${api}/teams/${ops}/channels/search`, { method: 'POST', headers: bearer(), json: {} }), 400, 'api.context.invalid_body_param.app_error');
  });

  test('POST channels/search is 403 for a non-admin unless system_console=false', async () => {
    expectAppError(await call(`${api}/channels/search`, { method: 'POST', headers: bearer(), json: { term: 'town' } }), 403, 'api.context.permissions.app_error');
    const res = await call(`${api}/channels/search?system_console=false`, { method: 'POST', headers: bearer(), json: { term: 'town' } });
    expect(res.status).toBe(200);
    expect(res.json.map((c: { id: string }) => c.id).sort()).toEqual([MM_CHANNELS.town.id, MM_CHANNELS.devTown.id].sort());
    const scoped = await call(`${api}/channels/search?system_console=false`, { method: 'POST', headers: bearer(), json: { term: '', team_ids: [MM_TEAMS.dev.id] } });
    expect(scoped.json.every((c: { team_id: string }) => c.team_id === MM_TEAMS.dev.id)).toBe(true);
    // secret channels stay hidden from non-members
    const secret = await call(`${api}/channels/search?system_console=false`, { method: 'POST', headers: bearer(), json: { term: 'security' } });
    expect(secret.json).toEqual([]);
  });

  test('an admin may use the system-console search', async () => {
    const admin = mm.control.signIn(SEED_USERS.admin.username);
    const res = await call(`${api}/channels/search`, { method: 'POST', headers: { Cookie: admin.cookieHeader, 'X-CSRF-Token': admin.csrf }, json: { term: 'security' } });
    expect(res.status).toBe(200);
    expect(res.json[0].id).toBe(MM_CHANNELS.secret.id);
  });
});

describe('channel by name', () => {
  test('resolves a team and channel name', async () => {
    const res = await call(`${api}/teams/name/ops/channels/name/incidents`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: MM_CHANNELS.incidents.id, type: 'O', team_id: ops });
  });

  test('a private channel the caller cannot read is 404 missing, like an unknown one', async () => {
    expectAppError(await call(`${api}/teams/name/ops/channels/name/security-secret`, { headers: bearer() }), 404, 'app.channel.get_by_name.missing.app_error');
    expectAppError(await call(`${api}/teams/name/ops/channels/name/nothing-here`, { headers: bearer() }), 404, 'app.channel.get_by_name.missing.app_error');
  });

  test('archived channels need include_deleted=true', async () => {
    expectAppError(await call(`${api}/teams/name/ops/channels/name/old-outage`, { headers: bearer() }), 404, 'app.channel.get_by_name.missing.app_error');
    expect((await call(`${api}/teams/name/ops/channels/name/old-outage?include_deleted=true`, { headers: bearer() })).status).toBe(200);
  });
});

describe('POST /channels/direct', () => {
  test('201 twice with the same id; name is the sorted ids', async () => {
    const a = await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: [beth, MM_USERS.requester.id] });
    const b = await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: [MM_USERS.requester.id, beth] });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).toBe(a.json.id);
    expect(a.json).toMatchObject({ type: 'D', team_id: '', display_name: '', name: [beth, MM_USERS.requester.id].sort().join('__') });
  });

  test('the seeded DM is returned as is', async () => {
    const res = await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: [beth, david] });
    expect(res.status).toBe(201);
    expect(res.json.id).toBe(SEED_CHANNELS.dm.id);
  });

  test('[me, me] is the self-DM', async () => {
    const res = await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: [beth, beth] });
    expect(res.status).toBe(201);
    expect(res.json.name).toBe(`${beth}__${beth}`);
  });

  test('validation: not two ids 400 user_ids; a bad id 400; the caller not among them 403', async () => {
    expectAppError(await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: [beth] }), 400, 'api.context.invalid_body_param.app_error');
    expectAppError(await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: { user_ids: [beth, david] } }), 400, 'api.context.invalid_body_param.app_error');
    expectAppError(await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: [beth, 'x'] }), 400, 'api.context.invalid_body_param.app_error');
    expectAppError(await call(`${api}/channels/direct`, { method: 'POST', headers: bearer(), json: [david, MM_USERS.requester.id] }), 403, 'api.context.permissions.app_error');
  });
});

describe('GET /channels/{id}', () => {
  test('public 200, private non-member 403, unknown 404', async () => {
    expect((await call(`${api}/channels/${MM_CHANNELS.town.id}`, { headers: bearer() })).status).toBe(200);
    expectAppError(await call(`${api}/channels/${MM_CHANNELS.secret.id}`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
    expectAppError(await call(`${api}/channels/abcdefghijklmnopqrstuvwxyz`, { headers: bearer() }), 404, 'app.channel.get.existing.app_error');
  });
});
