// @vitest-environment node
/**
 * The simulator driven by the official Mattermost JS client (`@mattermost/client` Client4), the one the
 * web app itself uses: every endpoint NowBridge calls (lib/mattermost/client.ts, auth.ts) plus the ones
 * other real clients rely on. A shape or status the simulator invents would break Client4 here the way it
 * would break a real integration.
 */
import { createHash, randomBytes } from 'node:crypto';
import { Client4, ClientError } from '@mattermost/client';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_TEAMS, MM_USERS } from '../fixtures';
import { SHRUG } from './api/commands';
import { isValidId } from './ids';
import { SEED_CHANNELS, SEED_USERS, SEEDED_POSTS, start, type RunningMattermost } from './index';
import { call, expectAppError, hiddenFields } from './test-util';

const BETH = MM_USERS.agent;
const DAVID = MM_USERS.agent2;
const ABEL = MM_USERS.requester;

let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());

/** A Client4 as an integration sets it up: site URL and a bearer token (none: anonymous). */
function client(token?: string): Client4 {
  const c = new Client4();
  c.setUrl(mm.siteUrl);
  if (token) c.setToken(token);
  return c;
}

/** The ClientError a failed Client4 call rejects with (status and AppError id from the envelope). */
async function failure(p: Promise<unknown>): Promise<ClientError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ClientError);
  return err as ClientError;
}

const user = expect.objectContaining({ id: expect.any(String), username: expect.any(String), roles: expect.any(String), delete_at: 0 });
const channel = expect.objectContaining({ id: expect.any(String), team_id: expect.any(String), type: expect.any(String), name: expect.any(String), display_name: expect.any(String) });

describe('the endpoints NowBridge calls, through Client4', () => {
  test('getMe and getUser: users without secrets; getMyTeams', async () => {
    const c = client(BETH.token);
    const me = await c.getMe();
    expect(me).toEqual(user);
    expect(me).toMatchObject({ id: BETH.id, username: 'beth', email: BETH.email });
    expect(me).not.toHaveProperty('password');
    expect(await c.getUser(DAVID.id)).toMatchObject({ id: DAVID.id, username: 'david' });
    const teams = await c.getMyTeams();
    expect(teams.map((t) => t.name).sort()).toEqual(['dev', 'ops']);
    expect(teams[0]).toMatchObject({ id: expect.any(String), display_name: expect.any(String), type: 'O', delete_at: 0 });
  });

  test('getMyChannels: team channels plus DMs and GMs', async () => {
    const list = await client(BETH.token).getMyChannels(MM_TEAMS.ops.id);
    expect(list.every((ch) => isValidId(ch.id))).toBe(true);
    expect(list.map((ch) => ch.id)).toEqual(expect.arrayContaining([MM_CHANNELS.incidents.id, SEED_CHANNELS.dm.id, SEED_CHANNELS.gm.id]));
    expect(list.map((ch) => ch.id)).not.toContain(MM_CHANNELS.secret.id);
    expect(list.find((ch) => ch.id === SEED_CHANNELS.dm.id)).toMatchObject({ type: 'D', team_id: '' });
  });

  test('autocompleteChannels (public + own private) and autocompleteChannelsForSearch (own only)', async () => {
    const c = client(BETH.token);
    const all = await c.autocompleteChannels(MM_TEAMS.ops.id, 'in');
    expect(all).toEqual(expect.arrayContaining([channel]));
    expect(all.map((ch) => ch.id)).toContain(MM_CHANNELS.incidents.id);
    const mine = await c.autocompleteChannelsForSearch(MM_TEAMS.ops.id, 'on');
    expect(mine.map((ch) => ch.id)).toContain(MM_CHANNELS.oncall.id);
    expect(mine.map((ch) => ch.id)).not.toContain(MM_CHANNELS.secret.id);
  });

  test('autocompleteUsers sends in_team / in_channel, and the server scopes by them', async () => {
    const c = client(BETH.token);
    expect((await c.autocompleteUsers('mei', '', '')).users.map((u) => u.username)).toEqual(['mei']);
    expect((await c.autocompleteUsers('mei', MM_TEAMS.ops.id, '')).users).toEqual([]);
    const inCh = await c.autocompleteUsers('', MM_TEAMS.ops.id, MM_CHANNELS.oncall.id);
    expect(inCh.users.map((u) => u.username)).toContain('beth');
    expect(inCh.out_of_channel?.map((u) => u.username)).toContain('abel');
    expect(mm.requests.at(-1)!.query.get('in_channel')).toBe(MM_CHANNELS.oncall.id);
  });

  test('createDirectChannel: the DM, the same one again', async () => {
    const c = client(BETH.token);
    const a = await c.createDirectChannel([BETH.id, ABEL.id]);
    const b = await c.createDirectChannel([BETH.id, ABEL.id]);
    expect(a).toMatchObject({ type: 'D', team_id: '', display_name: '' });
    expect(b.id).toBe(a.id);
  });

  test('getChannel; a private channel the caller is not in is 403', async () => {
    const c = client(BETH.token);
    expect(await c.getChannel(MM_CHANNELS.incidents.id)).toMatchObject({ id: MM_CHANNELS.incidents.id, name: 'incidents', type: 'O' });
    const err = await failure(c.getChannel(MM_CHANNELS.secret.id));
    expect(err).toMatchObject({ status_code: 403, server_error_id: 'api.context.permissions.app_error' });
  });

  test('getChannelByNameAndTeamName; private and unreadable is 404; archived needs include_deleted', async () => {
    const c = client(BETH.token);
    expect((await c.getChannelByNameAndTeamName('ops', 'incidents')).id).toBe(MM_CHANNELS.incidents.id);
    expect(await failure(c.getChannelByNameAndTeamName('ops', 'security-secret'))).toMatchObject({ status_code: 404, server_error_id: 'app.channel.get_by_name.missing.app_error' });
    expect(await failure(c.getChannelByNameAndTeamName('ops', 'old-outage'))).toMatchObject({ status_code: 404 });
    expect((await c.getChannelByNameAndTeamName('ops', 'old-outage', true)).delete_at).toBeGreaterThan(0);
  });

  test('createPost (201) and getPost read the same post back', async () => {
    const c = client(BETH.token);
    const created = await c.createPost({ channel_id: MM_CHANNELS.incidents.id, message: 'from Client4', pending_post_id: `${BETH.id}:${Date.now()}` } as never);
    expect(created).toMatchObject({ id: expect.any(String), channel_id: MM_CHANNELS.incidents.id, user_id: BETH.id, message: 'from Client4', edit_at: 0, delete_at: 0 });
    expect(mm.requests.at(-1)!.status).toBe(201);
    expect(await c.getPost(created.id)).toMatchObject({ id: created.id, message: 'from Client4' });
  });

  test('getPostsByIds: readable posts only; none that exists is 404', async () => {
    const c = client(BETH.token);
    const posts = await c.getPostsByIds([SEEDED_POSTS.threadRoot, SEEDED_POSTS.secret]);
    expect(posts.map((p) => p.id)).toEqual([SEEDED_POSTS.threadRoot]);
    expect(await failure(c.getPostsByIds(['abcdefghijklmnopqrstuvwxyz']))).toMatchObject({ status_code: 404, server_error_id: 'app.post.get.app_error' });
  });
});

describe('posts/{id}/patch (Client4.patchPost)', () => {
  test('own post: 200 with the new message and edit_at; props replaced; a props-only patch keeps edit_at', async () => {
    const c = client(BETH.token);
    const post = mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: BETH.id, message: 'before' });
    const patched = await c.patchPost({ id: post.id, message: 'after' });
    expect(patched).toMatchObject({ id: post.id, message: 'after', user_id: BETH.id, channel_id: MM_CHANNELS.incidents.id });
    expect(patched.edit_at).toBeGreaterThan(0);
    expect(patched.update_at).toBeGreaterThanOrEqual(patched.edit_at);
    mm.control.react(post.id, 'david', 'thumbsup');
    const withProps = await c.patchPost({ id: post.id, props: { tag: 'x' } } as never);
    expect(withProps).toMatchObject({ message: 'after', props: { tag: 'x' }, edit_at: patched.edit_at });
    // the post's reactions survive a props patch
    expect(withProps.metadata).toMatchObject({ reactions: [expect.objectContaining({ emoji_name: 'thumbsup', user_id: DAVID.id })] });
    expect(mm.control.lastPost(MM_CHANNELS.incidents.id)?.message).toBe('after');
  });

  test("someone else's post, a missing one and a deleted one are 403; an archived channel is 400; a bad body is 400", async () => {
    const c = client(BETH.token);
    const davids = mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: DAVID.id, message: 'david' });
    expect(await failure(c.patchPost({ id: davids.id, message: 'x' }))).toMatchObject({ status_code: 403, server_error_id: 'api.context.permissions.app_error' });
    expect(await failure(c.patchPost({ id: 'abcdefghijklmnopqrstuvwxyz', message: 'x' }))).toMatchObject({ status_code: 403 });
    const gone = mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: BETH.id, message: 'gone' });
    mm.control.deletePost(gone.id);
    expect(await failure(c.patchPost({ id: gone.id, message: 'x' }))).toMatchObject({ status_code: 403 });
    const archived = mm.control.createPost({ channel_id: MM_CHANNELS.oldOutage.id, user_id: BETH.id, message: 'old' });
    expect(await failure(c.patchPost({ id: archived.id, message: 'x' }))).toMatchObject({
      status_code: 400,
      server_error_id: 'api.post.patch_post.can_not_update_post_in_deleted.error',
    });
    const own = mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: BETH.id, message: 'mine' });
    const bad = await call(`${mm.siteUrl}/api/v4/posts/${own.id}/patch`, { method: 'PUT', headers: { Authorization: `Bearer ${BETH.token}` }, json: { message: 7 } });
    expectAppError(bad, 400, 'api.context.invalid_body_param.app_error');
    expect(mm.store.postById(own.id)?.message).toBe('mine');
  });

  test("an admin may patch another's post", async () => {
    const admin = client(mm.control.signIn('sysadmin').token);
    const davids = mm.control.createPost({ channel_id: MM_CHANNELS.incidents.id, user_id: DAVID.id, message: 'typo' });
    expect((await admin.patchPost({ id: davids.id, message: 'fixed' })).message).toBe('fixed');
  });
});

describe('commands/execute (Client4.executeCommand)', () => {
  test('/shrug posts in the channel as the caller and answers the in_channel CommandResponse', async () => {
    const c = client(BETH.token);
    const res = await c.executeCommand('/shrug so it goes', { channel_id: MM_CHANNELS.incidents.id, team_id: MM_TEAMS.ops.id } as never);
    expect(res).toMatchObject({ response_type: 'in_channel', text: `so it goes ${SHRUG}`, goto_location: '', trigger_id: '' });
    expect(mm.control.lastPost(MM_CHANNELS.incidents.id)).toMatchObject({ user_id: BETH.id, message: 'so it goes ¯\\\\\\_(ツ)\\_/¯' });
  });

  test('an unknown trigger is 404 not_found (the web app then offers to send it as a message); no post', async () => {
    const c = client(BETH.token);
    const before = mm.control.posts(MM_CHANNELS.incidents.id).length;
    const err = await failure(c.executeCommand('/nope hello', { channel_id: MM_CHANNELS.incidents.id } as never));
    expect(err).toMatchObject({ status_code: 404, server_error_id: 'api.command.execute_command.not_found.app_error' });
    expect(err.message).toContain("'nope'");
    expect(mm.control.posts(MM_CHANNELS.incidents.id).length).toBe(before);
  });

  test('refusals: no trigger 400; a channel the caller may not post in 403; archived 400', async () => {
    const c = client(BETH.token);
    expect(await failure(c.executeCommand('/', { channel_id: MM_CHANNELS.incidents.id } as never))).toMatchObject({ status_code: 400, server_error_id: 'api.command.execute_command.start.app_error' });
    expect(await failure(c.executeCommand('/shrug', { channel_id: MM_CHANNELS.secret.id } as never))).toMatchObject({ status_code: 403 });
    expect(await failure(c.executeCommand('/shrug', { channel_id: MM_CHANNELS.announcements.id } as never))).toMatchObject({ status_code: 403 });
    expect(await failure(c.executeCommand('/shrug', { channel_id: MM_CHANNELS.oldOutage.id } as never))).toMatchObject({ status_code: 400, server_error_id: 'api.command.execute_command.deleted.error' });
  });
});

describe('users by username and email', () => {
  test('getUserByUsername: 200; unknown 404 get_by_username; an invalid username 400', async () => {
    const c = client(BETH.token);
    expect(await c.getUserByUsername('david')).toMatchObject({ id: DAVID.id, username: 'david' });
    expect(await failure(c.getUserByUsername('nobody'))).toMatchObject({ status_code: 404, server_error_id: 'app.user.get_by_username.app_error' });
    expect(await failure(c.getUserByUsername('David'))).toMatchObject({ status_code: 400, server_error_id: 'api.context.invalid_url_param.app_error' });
  });

  test('getUserByEmail: 200 (case-insensitive); unknown 404 missing_account; not an address 400', async () => {
    const c = client(BETH.token);
    expect(await c.getUserByEmail('David.Loo@example.com')).toMatchObject({ id: DAVID.id, email: DAVID.email });
    expect(await failure(c.getUserByEmail('nobody@example.com'))).toMatchObject({ status_code: 404, server_error_id: 'app.user.missing_account.const' });
    expect(await failure(c.getUserByEmail('not-an-address'))).toMatchObject({ status_code: 400, server_error_id: 'api.context.invalid_url_param.app_error' });
  });

  test('both need a session (401)', async () => {
    expect(await failure(client().getUserByUsername('david'))).toMatchObject({ status_code: 401, server_error_id: 'api.context.session_expired.app_error' });
  });
});

describe('system/ping and config/client', () => {
  test('ping, signed in or not: status OK and the client requirements', async () => {
    for (const c of [client(), client(BETH.token)]) {
      expect(await c.ping(false)).toMatchObject({ status: 'OK', AndroidLatestVersion: '', IosMinVersion: '', ActiveSearchBackend: 'database' });
    }
  });

  test('getClientConfig asks format=old: strings only; anonymous gets the limited map', async () => {
    const anon = await client().getClientConfig();
    expect(mm.requests.at(-1)!.query.get('format')).toBe('old');
    expect(anon).toMatchObject({ Version: expect.stringMatching(/^\d+\.\d+\.\d+$/), SiteURL: mm.siteUrl });
    expect(anon).not.toHaveProperty('EnableUserAccessTokens');
    const full = await client(BETH.token).getClientConfig();
    expect(full).toMatchObject({ EnableUserAccessTokens: 'true', EnableOAuthServiceProvider: 'true' });
    expect(Object.values(full).every((v) => typeof v === 'string')).toBe(true);
  });

  test('config/client without format is 501, another format 400', async () => {
    expectAppError(await call(`${mm.siteUrl}/api/v4/config/client`), 501, 'api.config.client.old_format.app_error');
    expectAppError(await call(`${mm.siteUrl}/api/v4/config/client?format=new`), 400, 'api.context.invalid_body_param.app_error');
  });
});

describe('channel by name under a team id (Client4.getChannelByName)', () => {
  test('200 for a readable channel', async () => {
    expect(await client(BETH.token).getChannelByName(MM_TEAMS.ops.id, 'incidents')).toMatchObject({ id: MM_CHANNELS.incidents.id, team_id: MM_TEAMS.ops.id });
  });

  test('a private channel the caller is not in is 404, a public one of a foreign team 403, an unknown team 404', async () => {
    expect(await failure(client(BETH.token).getChannelByName(MM_TEAMS.ops.id, 'security-secret'))).toMatchObject({
      status_code: 404,
      server_error_id: 'app.channel.get_by_name.missing.app_error',
    });
    expect(await failure(client(ABEL.token).getChannelByName(MM_TEAMS.dev.id, 'releases'))).toMatchObject({ status_code: 403, server_error_id: 'api.context.permissions.app_error' });
    expect(await failure(client(BETH.token).getChannelByName('abcdefghijklmnopqrstuvwxyz', 'incidents'))).toMatchObject({ status_code: 404 });
  });

  test('archived: 404 unless include_deleted', async () => {
    const c = client(BETH.token);
    expect(await failure(c.getChannelByName(MM_TEAMS.ops.id, 'old-outage'))).toMatchObject({ status_code: 404 });
    expect((await c.getChannelByName(MM_TEAMS.ops.id, 'old-outage', true)).id).toBe(MM_CHANNELS.oldOutage.id);
  });
});

describe('OAuth apps (Client4.createOAuthApp)', () => {
  const REDIRECT = 'https://eblcloncnfncckfofpnfbcbflhpihkip.chromiumapp.org/mattermost';
  const app = (extra: Record<string, unknown> = {}) =>
    ({ name: 'NowBridge (created)', description: 'test', homepage: 'https://nowbridge.example', callback_urls: [REDIRECT], icon_url: '', is_trusted: false, ...extra }) as never;

  test('a public app (is_public): 201, no client secret, and it signs a user in with PKCE at once', async () => {
    const admin = client(mm.control.signIn('sysadmin').token);
    const created = await admin.createOAuthApp(app({ is_public: true }));
    expect(mm.requests.at(-1)!.status).toBe(201);
    expect(created).toMatchObject({ name: 'NowBridge (created)', creator_id: SEED_USERS.admin.id, client_secret: '', callback_urls: [REDIRECT], is_trusted: false, mattermost_app_id: '' });
    expect(isValidId(created.id)).toBe(true);

    const verifier = randomBytes(32).toString('base64url');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const q = new URLSearchParams({ response_type: 'code', client_id: created.id, redirect_uri: REDIRECT, state: 's1', code_challenge: challenge, code_challenge_method: 'S256' });
    const cookie = mm.control.signIn('beth').cookieHeader;
    const page = await call(`${mm.origin}/oauth/authorize?${q}`, { headers: { Cookie: cookie } });
    expect(page.status).toBe(200);
    const allow = await call(`${mm.origin}/oauth/authorize`, { method: 'POST', headers: { Cookie: cookie }, body: new URLSearchParams({ ...hiddenFields(page.text), action: 'allow' }) });
    const code = new URL(allow.headers.get('location')!).searchParams.get('code')!;
    const token = await call(`${mm.origin}/oauth/access_token`, {
      method: 'POST',
      body: new URLSearchParams({ grant_type: 'authorization_code', client_id: created.id, code, redirect_uri: REDIRECT, code_verifier: verifier }),
    });
    expect(token.status).toBe(200);
    expect(token.json).not.toHaveProperty('refresh_token');
    expect((await client(token.json.access_token).getMe()).id).toBe(BETH.id);
  });

  test('a confidential app gets a secret', async () => {
    const created = await client(mm.control.signIn('sysadmin').token).createOAuthApp(app());
    expect(isValidId(created.client_secret)).toBe(true);
  });

  test('manage_oauth is for admins (403); invalid fields are 400 model.oauth.is_valid.*; OAuth provider off is 501', async () => {
    expect(await failure(client(BETH.token).createOAuthApp(app({ is_public: true })))).toMatchObject({ status_code: 403, server_error_id: 'api.context.permissions.app_error' });
    const admin = client(mm.control.signIn('sysadmin').token);
    expect(await failure(admin.createOAuthApp(app({ homepage: '' })))).toMatchObject({ status_code: 400, server_error_id: 'model.oauth.is_valid.homepage.app_error' });
    expect(await failure(admin.createOAuthApp(app({ callback_urls: ['chrome-extension://x/cb'] })))).toMatchObject({ status_code: 400, server_error_id: 'model.oauth.is_valid.callback.app_error' });
    expect(await failure(admin.createOAuthApp(app({ name: '' })))).toMatchObject({ status_code: 400, server_error_id: 'model.oauth.is_valid.name.app_error' });
    mm.control.setSettings({ enableOAuthProvider: false });
    try {
      expect(await failure(admin.createOAuthApp(app()))).toMatchObject({ status_code: 501, server_error_id: 'api.oauth.register_oauth_app.turn_off.app_error' });
    } finally {
      mm.control.setSettings({ enableOAuthProvider: true });
    }
  });
});
