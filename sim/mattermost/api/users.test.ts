// @vitest-environment node
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_TEAMS, MM_USERS } from '../../fixtures';
import { start, type RunningMattermost } from '../index';
import { bearer, call, expectAppError } from '../test-util';

let mm: RunningMattermost;
let api: string;
beforeAll(async () => {
  mm = await start();
  api = `${mm.origin}/api/v4`;
});
afterAll(() => mm.stop());

describe('users', () => {
  test('users/me is the caller, without password or tokens', async () => {
    const res = await call(`${api}/users/me`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ id: MM_USERS.agent.id, username: 'beth', first_name: 'Beth', last_name: 'Anglin', roles: 'system_user', delete_at: 0 });
    expect(res.json).not.toHaveProperty('password');
    expect(res.json).not.toHaveProperty('tokens');
    expect(res.text).not.toContain(MM_USERS.agent.password);
    expect(Object.keys(res.json)).toEqual(expect.arrayContaining(['create_at', 'update_at', 'auth_service', 'email', 'nickname', 'position', 'props', 'notify_props', 'locale', 'timezone', 'is_bot', 'mfa_active']));
  });

  test('users/{id}: 200, 404 unknown, 400 malformed, 404 for a path that is no id at all', async () => {
    expect((await call(`${api}/users/${MM_USERS.agent2.id}`, { headers: bearer() })).json.username).toBe('david');
    expectAppError(await call(`${api}/users/abcdefghijklmnopqrstuvwxyz`, { headers: bearer() }), 404, 'app.user.missing_account.const');
    expectAppError(await call(`${api}/users/not-an-id`, { headers: bearer() }), 404, 'api.context.404.app_error');
    expectAppError(await call(`${api}/users/abc123`, { headers: bearer() }), 400, 'api.context.invalid_url_param.app_error');
  });

  test('users/me/teams lists the member teams', async () => {
    const res = await call(`${api}/users/me/teams`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.json.map((t: { name: string }) => t.name).sort()).toEqual(['dev', 'ops']);
    expect(res.json[0]).toMatchObject({ type: 'O', allowed_domains: '', delete_at: 0 });
    const abel = await call(`${api}/users/me/teams`, { headers: bearer(MM_USERS.requester.token) });
    expect(abel.json.map((t: { id: string }) => t.id)).toEqual([MM_TEAMS.ops.id]);
  });

  test('users/autocomplete scopes by in_team and in_channel; out_of_channel only with a channel', async () => {
    const res = await call(`${api}/users/autocomplete?name=da&in_team=${MM_TEAMS.ops.id}`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(Object.keys(res.json)).toEqual(['users']);
    expect(res.json.users.map((u: { username: string }) => u.username)).toEqual(['david']);
    const inCh = await call(`${api}/users/autocomplete?name=&in_team=${MM_TEAMS.ops.id}&in_channel=${MM_CHANNELS.oncall.id}`, { headers: bearer() });
    expect(inCh.json.users.map((u: { username: string }) => u.username)).toContain('beth');
    expect(inCh.json.out_of_channel.map((u: { username: string }) => u.username)).toContain('abel');
  });

  test('users/autocomplete: in_team limits to the team (mei is only in dev); team_id is not a parameter and limits nothing', async () => {
    const names = async (q: string) => (await call(`${api}/users/autocomplete?${q}`, { headers: bearer() })).json.users.map((u: { username: string }) => u.username);
    expect(await names(`name=mei&in_team=${MM_TEAMS.ops.id}`)).toEqual([]);
    expect(await names(`name=mei&in_team=${MM_TEAMS.dev.id}`)).toEqual(['mei']);
    expect(await names(`name=mei&team_id=${MM_TEAMS.ops.id}`)).toEqual(['mei']);
  });

  test('users/autocomplete refusals: 403 for a team or channel the caller cannot see; in_channel without in_team is the 500 missing_team_id', async () => {
    expectAppError(await call(`${api}/users/autocomplete?name=a&in_team=${MM_TEAMS.dev.id}`, { headers: bearer(MM_USERS.requester.token) }), 403, 'api.context.permissions.app_error');
    expectAppError(await call(`${api}/users/autocomplete?name=a&in_team=${MM_TEAMS.ops.id}&in_channel=${MM_CHANNELS.secret.id}`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
    expectAppError(await call(`${api}/users/autocomplete?name=a&in_channel=${MM_CHANNELS.oncall.id}`, { headers: bearer() }), 500, 'api.user.autocomplete_users.missing_team_id.app_error');
  });

  test('PrivacySettings: emails and names of others are blanked when hidden, users/email is 403, config/client says so', async () => {
    const other = () => call(`${api}/users/${MM_USERS.agent2.id}`, { headers: bearer() });
    const byEmail = () => call(`${api}/users/email/${encodeURIComponent(MM_USERS.agent2.email)}`, { headers: bearer() });
    const config = async () => (await call(`${api}/config/client?format=old`, { headers: bearer() })).json as Record<string, string>;
    expect((await other()).json).toMatchObject({ email: MM_USERS.agent2.email, first_name: 'David', last_name: 'Loo' });
    expect((await byEmail()).json.username).toBe('david');
    expect(await config()).toMatchObject({ ShowEmailAddress: 'true', ShowFullName: 'true' });
    mm.control.setSettings({ showEmailAddress: false, showFullName: false });
    try {
      expect((await other()).json).toMatchObject({ username: 'david', email: '', first_name: '', last_name: '' });
      expectAppError(await byEmail(), 403, 'api.user.get_user_by_email.permissions.app_error');
      const found = await call(`${api}/users/autocomplete?name=dav`, { headers: bearer() });
      expect(found.json.users[0]).toMatchObject({ username: 'david', email: '' });
      expect((await call(`${api}/users/username/david`, { headers: bearer() })).json.email).toBe('');
      // the caller still sees their own record whole
      expect((await call(`${api}/users/me`, { headers: bearer() })).json).toMatchObject({ email: MM_USERS.agent.email, first_name: 'Beth' });
      expect(await config()).toMatchObject({ ShowEmailAddress: 'false', ShowFullName: 'false' });
    } finally {
      mm.control.setSettings({ showEmailAddress: true, showFullName: true });
    }
  });

  test('POST users/{id}/tokens creates a PAT that works; 501 when PATs are off', async () => {
    const res = await call(`${api}/users/me/tokens`, { method: 'POST', headers: bearer(), json: { description: 'NowBridge' } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ user_id: MM_USERS.agent.id, description: 'NowBridge', is_active: true });
    expect((await call(`${api}/users/me`, { headers: bearer(res.json.token) })).json.username).toBe('beth');
    mm.control.setSettings({ enableUserAccessTokens: false });
    try {
      const off = await call(`${api}/users/me/tokens`, { method: 'POST', headers: { Cookie: mm.control.signIn('beth').cookieHeader, 'X-Requested-With': 'XMLHttpRequest' }, json: { description: 'x' } });
      expectAppError(off, 501, 'api.user.create_user_access_token.disabled');
    } finally {
      mm.control.setSettings({ enableUserAccessTokens: true });
    }
  });
});

describe('teams', () => {
  test('teams/{id} for members, 403 otherwise; teams/name/{name}', async () => {
    expect((await call(`${api}/teams/${MM_TEAMS.dev.id}`, { headers: bearer() })).json.name).toBe('dev');
    expectAppError(await call(`${api}/teams/${MM_TEAMS.dev.id}`, { headers: bearer(MM_USERS.requester.token) }), 403, 'api.context.permissions.app_error');
    expect((await call(`${api}/teams/name/ops`, { headers: bearer() })).json.id).toBe(MM_TEAMS.ops.id);
    expectAppError(await call(`${api}/teams/name/nope`, { headers: bearer() }), 404, 'app.team.get_by_name.missing.app_error');
  });
});
