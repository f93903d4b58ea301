// @vitest-environment node
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MM_BOT, MM_CHANNELS, MM_TEAMS, MM_USERS } from '../../fixtures';
import { start, type RunningMattermost } from '../index';
import { bearer, call, expectAppError } from '../test-util';

let mm: RunningMattermost;
let api: string;
beforeAll(async () => {
  mm = await start();
  api = `${mm.origin}/api/v4`;
});
afterAll(() => mm.stop());

const asBot = bearer(MM_BOT.token);
const post = (json: unknown, headers: Record<string, string> = asBot) => call(`${api}/posts`, { method: 'POST', headers, json });

describe('the seeded bot (MM_BOT)', () => {
  test('its token authenticates like any PAT; users/me is the bot user of model.UserFromBot with is_bot and bot_description', async () => {
    const res = await call(`${api}/users/me`, { headers: asBot });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      id: MM_BOT.id, username: 'servicenow-feed', first_name: MM_BOT.display_name, last_name: '', email: 'servicenow-feed@localhost',
      roles: 'system_user', is_bot: true, bot_description: MM_BOT.description, delete_at: 0,
    });
    expect(res.json).not.toHaveProperty('password');
  });

  test('others see it as a bot too; people stay is_bot false without bot_description', async () => {
    const bot = await call(`${api}/users/${MM_BOT.id}`, { headers: bearer() });
    expect(bot.json).toMatchObject({ is_bot: true, username: MM_BOT.username });
    const beth = await call(`${api}/users/me`, { headers: bearer() });
    expect(beth.json.is_bot).toBe(false);
    expect(beth.json).not.toHaveProperty('bot_description');
  });

  test('member of the ops team and of #incidents only: not of town-square', async () => {
    const teams = await call(`${api}/users/me/teams`, { headers: asBot });
    expect(teams.json.map((t: { id: string }) => t.id)).toEqual([MM_TEAMS.ops.id]);
    const channels = await call(`${api}/users/me/teams/${MM_TEAMS.ops.id}/channels`, { headers: asBot });
    expect(channels.json.map((c: { id: string }) => c.id)).toEqual([MM_CHANNELS.incidents.id]);
  });

  test('its posts get props.from_bot "true" (app/post.go CreatePost), its own props kept', async () => {
    const res = await post({ channel_id: MM_CHANNELS.incidents.id, message: 'INC0010001 changed', props: { nowbridge_event: 'e1' } });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ user_id: MM_BOT.id, props: { nowbridge_event: 'e1', from_bot: 'true' } });
    const back = await call(`${api}/posts/${res.json.id}`, { headers: bearer() });
    expect(back.json.props).toEqual({ nowbridge_event: 'e1', from_bot: 'true' });
  });

  test('a channel it is not a member of answers the real 403 (town-square open to the team, a private one, another team)', async () => {
    for (const ch of [MM_CHANNELS.town, MM_CHANNELS.secret, MM_CHANNELS.devTown]) {
      expectAppError(await post({ channel_id: ch.id, message: 'x' }), 403, 'api.context.permissions.app_error');
    }
  });

  test('it cannot sign in with a password: 401 api.user.login.bot_login_forbidden.app_error', async () => {
    expectAppError(await call(`${api}/users/login`, { method: 'POST', json: { login_id: MM_BOT.username, password: 'anything' } }), 401, 'api.user.login.bot_login_forbidden.app_error');
    const form = await call(`${mm.origin}/login`, { method: 'POST', body: new URLSearchParams({ login_id: MM_BOT.username, password: '' }) });
    expect(form.status).toBe(200);
    expect(form.headers.getSetCookie()).toEqual([]);
  });

  test('a person’s post has no from_bot', async () => {
    const res = await post({ channel_id: MM_CHANNELS.incidents.id, message: 'human' }, bearer());
    expect(res.json.props).toEqual({});
  });
});

describe('control.createBot', () => {
  test('another bot with its token, in the given channels and their teams; posts from_bot', async () => {
    const b = mm.control.createBot('alerts-bot', [MM_CHANNELS.releases.id]);
    const me = await call(`${api}/users/me`, { headers: bearer(b.token) });
    expect(me.json).toMatchObject({ id: b.id, username: 'alerts-bot', is_bot: true, email: 'alerts-bot@localhost' });
    const teams = await call(`${api}/users/me/teams`, { headers: bearer(b.token) });
    expect(teams.json.map((t: { id: string }) => t.id)).toEqual([MM_TEAMS.dev.id]);
    const res = await post({ channel_id: MM_CHANNELS.releases.id, message: 'released' }, bearer(b.token));
    expect(res.json.props).toEqual({ from_bot: 'true' });
    expectAppError(await post({ channel_id: MM_CHANNELS.incidents.id, message: 'x' }, bearer(b.token)), 403, 'api.context.permissions.app_error');
    // control-made posts by a bot get it too
    expect(mm.control.createPost({ channel_id: MM_CHANNELS.releases.id, user_id: b.id, message: 'direct' }).props).toEqual({ from_bot: 'true' });
  });

  test('a taken or invalid username, or an unknown channel, throws', () => {
    expect(() => mm.control.createBot('beth', [])).toThrow(/taken/);
    expect(() => mm.control.createBot('Bad Name', [])).toThrow(/invalid/);
    expect(() => mm.control.createBot('ok-bot', ['abcdefghijklmnopqrstuvwxyz'])).toThrow(/no channel/);
    expect(mm.store.userByName('ok-bot')).toBeUndefined();
  });

  test('with PATs switched off the bot token stops working like every PAT', async () => {
    mm.control.setSettings({ enableUserAccessTokens: false });
    try {
      expectAppError(await call(`${api}/users/me`, { headers: asBot }), 401, 'api.context.session_expired.app_error');
    } finally {
      mm.control.setSettings({ enableUserAccessTokens: true });
    }
    expect((await call(`${api}/users/me`, { headers: bearer(MM_USERS.agent.token) })).status).toBe(200);
  });
});
