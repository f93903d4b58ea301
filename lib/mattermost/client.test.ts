// @vitest-environment node
/** The client against the real Mattermost simulator over HTTP, authorised with a PAT bearer. */
import { afterAll, beforeAll, describe, expect, test, vi } from 'vitest';
import { MM_CHANNELS, MM_TEAMS, MM_USERS } from '../../sim/fixtures';
import { start, SEED_CHANNELS, SEEDED_POSTS, type RunningMattermost } from '../../sim/mattermost';
import { HttpError, type Fetch, NeedsSignInError } from '../http';
import { createMattermostClient, PostTooLongError, type ClientOptions } from './client';
import { postErrorMessage, postErrorReason } from './errors';
import { newPendingPostId } from './post-format';
import { bearerFetch } from '../testing/bearer-fetch';

const BETH = MM_USERS.agent;
const DAVID = MM_USERS.agent2;


let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());

const noSleep = () => vi.fn(async (_ms: number) => {});
const clientFor = (token: string = BETH.token, opts: ClientOptions = {}) => createMattermostClient(bearerFetch(token), mm.siteUrl, { sleep: noSleep(), ...opts });
let tick = Date.now();
/** a fresh submission each call, in the web app's format */
const pid = () => newPendingPostId(BETH.id, tick++);

describe('reads', () => {
  test('postsByIds: one POST /posts/ids; only what exists and may be read; none at all (404) is []', async () => {
    const c = clientFor();
    const before = mm.requests.length;
    const got = await c.postsByIds([SEEDED_POSTS.threadRoot, SEEDED_POSTS.secret, 'abcdefghijklmnopqrstuvwxyz']);
    expect(got.map((p) => p.id)).toEqual([SEEDED_POSTS.threadRoot]);
    expect(mm.requests.slice(before).map((r) => `${r.method} ${r.pathname}`)).toEqual(['POST /api/v4/posts/ids']);
    expect(await c.postsByIds(['abcdefghijklmnopqrstuvwxyz'])).toEqual([]);
    expect(await c.postsByIds([])).toEqual([]);
    expect(mm.requests.length).toBe(before + 2); // nothing sent for no ids
  });

  test('me, user, myTeams', async () => {
    const c = clientFor();
    expect(await c.me()).toMatchObject({ id: BETH.id, username: 'beth', first_name: 'Beth' });
    expect(await c.user(DAVID.id)).toMatchObject({ id: DAVID.id, username: 'david' });
    const teams = await c.myTeams();
    expect(teams.map((t) => t.name).sort()).toEqual(['dev', 'ops']);
  });

  test('myChannels: member channels of the team plus DMs and GMs (team_id ""), not archived or foreign', async () => {
    const list = await clientFor().myChannels(MM_TEAMS.ops.id);
    const ids = list.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([MM_CHANNELS.town.id, MM_CHANNELS.incidents.id, MM_CHANNELS.announcements.id, SEED_CHANNELS.dm.id, SEED_CHANNELS.gm.id]));
    expect(ids).not.toContain(MM_CHANNELS.secret.id);
    expect(ids).not.toContain(MM_CHANNELS.oldOutage.id);
    expect(ids).not.toContain(MM_CHANNELS.releases.id);
    expect(list.find((c) => c.id === SEED_CHANNELS.dm.id)).toMatchObject({ type: 'D', team_id: '', display_name: '' });
  });

  test('myChannels: the old 400 for an empty list is []', async () => {
    const old: Fetch = async () =>
      new Response(JSON.stringify({ id: 'store.sql_channel.get_channels.not_found.app_error', message: 'x', detailed_error: '', status_code: 400 }), {
        status: 400,
        headers: { 'Content-Type': 'application/json' },
      });
    expect(await createMattermostClient(old, 'https://chat.example.test').myChannels(MM_TEAMS.ops.id)).toEqual([]);
  });

  test('searchChannels merges both autocomplete endpoints, de-duplicated, with membership', async () => {
    // a public channel beth is not in: found by autocomplete only
    mm.store.addChannel({
      id: 'p7kq3xw9ab5nrm2c8dfeht6u4y', team_id: MM_TEAMS.ops.id, type: 'O', name: 'incident-review', display_name: 'Incident review',
      read_only: false, delete_at: 0, member_ids: [DAVID.id], create_at: 1, update_at: 1, last_post_at: 0, header: '', purpose: '', creator_id: DAVID.id,
    });
    const found = await clientFor().searchChannels(MM_TEAMS.ops.id, 'inc');
    const ids = found.map((c) => c.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(found.find((c) => c.id === MM_CHANNELS.incidents.id)?.member).toBe(true);
    expect(found.find((c) => c.name === 'incident-review')?.member).toBe(false);
    expect(await clientFor().searchChannels(MM_TEAMS.ops.id, 'security')).toEqual([]); // private, not a member
    const both = mm.requests.slice(-4).map((r) => r.pathname);
    expect(both).toEqual(expect.arrayContaining([`/api/v4/teams/${MM_TEAMS.ops.id}/channels/autocomplete`, `/api/v4/teams/${MM_TEAMS.ops.id}/channels/search_autocomplete`]));
  });

  test('autocompleteUsers, with and without a team', async () => {
    const c = clientFor();
    expect((await c.autocompleteUsers('dav')).map((u) => u.id)).toEqual([DAVID.id]);
    expect((await c.autocompleteUsers('@abel', MM_TEAMS.ops.id)).map((u) => u.username)).toEqual(['abel']);
    expect(await c.autocompleteUsers('abel', MM_TEAMS.dev.id)).toEqual([]); // abel is not in dev
    // the scope travels as in_team, the only team parameter the real server reads
    const sent = mm.requests.filter((r) => r.pathname === '/api/v4/users/autocomplete').at(-1)!;
    expect(sent.query.get('in_team')).toBe(MM_TEAMS.dev.id);
  });

  test('directChannel twice → the same DM (201, idempotent)', async () => {
    const c = clientFor();
    const from = mm.requests.length;
    const a = await c.directChannel(MM_USERS.requester.id);
    const b = await c.directChannel(MM_USERS.requester.id);
    expect(a).toMatchObject({ type: 'D', team_id: '', display_name: '' });
    expect(b.id).toBe(a.id);
    expect(a.name.split('__').sort()).toEqual([BETH.id, MM_USERS.requester.id].sort());
    expect(mm.requests.slice(from).filter((r) => r.pathname === '/api/v4/channels/direct').map((r) => r.status)).toEqual([201, 201]);
  });

  test('channelByName; a private channel the user cannot read is not found', async () => {
    const c = clientFor();
    expect((await c.channelByName('ops', 'incidents')).id).toBe(MM_CHANNELS.incidents.id);
    const err = await c.channelByName('ops', 'security-secret').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect((err as HttpError).kind).toBe('not-found');
    expect((await c.channelByName('ops', 'old-outage', { includeDeleted: true })).delete_at).toBeGreaterThan(0);
  });

  test('works below a subpath', async () => {
    const sub = await start({ subpath: '/mm' });
    try {
      const c = createMattermostClient(bearerFetch(BETH.token), `${sub.siteUrl}/`);
      expect((await c.me()).id).toBe(BETH.id);
      expect(sub.requests.at(-1)?.pathname).toBe('/mm/api/v4/users/me');
    } finally {
      await sub.stop();
    }
  });
});

describe('people and threads', () => {
  test('user, userByEmail, userByUsername; with emails hidden the email is blank and users/email is 403 (B.3)', async () => {
    const c = clientFor();
    expect(await c.user(DAVID.id)).toMatchObject({ username: 'david', email: DAVID.email });
    expect((await c.userByEmail(DAVID.email.toUpperCase())).id).toBe(DAVID.id);
    expect((await c.userByUsername('david')).id).toBe(DAVID.id);
    await expect(c.userByEmail('nobody@example.com')).rejects.toMatchObject({ kind: 'not-found' });
    mm.control.setSettings({ showEmailAddress: false });
    try {
      expect((await c.user(DAVID.id)).email).toBe('');
      await expect(c.userByEmail(DAVID.email)).rejects.toMatchObject({ status: 403, errorId: 'api.user.get_user_by_email.permissions.app_error' });
    } finally {
      mm.control.setSettings({ showEmailAddress: true });
    }
  });

  test('postThread: the whole thread from any of its posts, oldest first; a channel the user cannot read is 403', async () => {
    const c = clientFor();
    const fromRoot = await c.postThread(SEEDED_POSTS.threadRoot);
    expect(fromRoot.map((p) => p.id)).toEqual([SEEDED_POSTS.threadRoot, ...SEEDED_POSTS.threadReplies]);
    expect(fromRoot.map((p) => p.create_at)).toEqual([...fromRoot.map((p) => p.create_at)].sort((a, b) => a - b));
    expect((await c.postThread(SEEDED_POSTS.threadReplies[1]!)).map((p) => p.id)).toEqual(fromRoot.map((p) => p.id));
    expect(mm.requests.at(-1)!.pathname).toBe(`/api/v4/posts/${SEEDED_POSTS.threadReplies[1]}/thread`);
    await expect(c.postThread(SEEDED_POSTS.secret)).rejects.toMatchObject({ status: 403 });
  });
});

describe('createPost', () => {
  const incidents = MM_CHANNELS.incidents.id;

  test('201, sent with set_online=false, and getPost reads it back', async () => {
    const c = clientFor();
    const pending = pid();
    const p = await c.createPost({ channel_id: incidents, message: 'hello', props: {}, pending_post_id: pending });
    expect(p).toMatchObject({ channel_id: incidents, user_id: BETH.id, message: 'hello', pending_post_id: pending });
    expect(mm.requests.find((r) => r.method === 'POST' && r.pathname === '/api/v4/posts')?.query.get('set_online')).toBe('false');
    expect((await c.getPost(p.id)).message).toBe('hello');
  });

  test('the same pending_post_id twice → one post', async () => {
    const c = clientFor();
    const before = mm.control.posts(incidents).length;
    const pending = pid();
    const a = await c.createPost({ channel_id: incidents, message: 'once', props: {}, pending_post_id: pending });
    const b = await c.createPost({ channel_id: incidents, message: 'once', props: {}, pending_post_id: pending });
    expect(b.id).toBe(a.id);
    expect(mm.control.posts(incidents).length).toBe(before + 1);
  });

  test("429 (plain text) once, then success → one post; the sleep got the server's Retry-After", async () => {
    const sleep = noSleep();
    const c = clientFor(BETH.token, { sleep });
    const before = mm.control.posts(incidents).length;
    mm.control.failNext(1, 429);
    const p = await c.createPost({ channel_id: incidents, message: 'after a 429', props: {}, pending_post_id: pid() });
    expect(sleep.mock.calls).toEqual([[1000]]);
    expect(mm.control.posts(incidents).length).toBe(before + 1);
    expect(mm.control.lastPost(incidents)?.id).toBe(p.id);
  });

  test('429 retries are bounded, then a rate-limited error', async () => {
    const sleep = noSleep();
    const c = clientFor(BETH.token, { sleep, maxRetries: 2 });
    mm.control.failNext(3, 429);
    const err = await c.me().catch((e: unknown) => e);
    expect(sleep).toHaveBeenCalledTimes(2);
    expect(postErrorReason(err)).toBe('rate-limited');
    expect(postErrorMessage(err)).toBe('Mattermost is busy. Try again in 1 s.');
  });

  test('read-only, archived and non-member channels say why', async () => {
    const c = clientFor();
    const mine = await c.myChannels(MM_TEAMS.ops.id);
    const attempt = (channel_id: string) => c.createPost({ channel_id, message: 'x', props: {}, pending_post_id: pid() }).catch((e: unknown) => e);

    const readonly = mine.find((ch) => ch.id === MM_CHANNELS.announcements.id)!;
    expect(postErrorMessage(await attempt(readonly.id), { ...readonly, member: true })).toBe('Only admins can post in this channel.');

    // archived: the id alone says so, whatever the caller knows
    const archivedErr = await attempt(MM_CHANNELS.oldOutage.id);
    expect(postErrorReason(archivedErr)).toBe('archived');
    expect(postErrorMessage(archivedErr, { member: true })).toBe('This channel is archived.');

    expect(postErrorMessage(await attempt(MM_CHANNELS.secret.id), { member: false })).toBe("You can't post in this channel.");
  });

  test('16,384 runes → "too long" before any request', async () => {
    const c = clientFor();
    const before = mm.requests.length;
    const err = await c.createPost({ channel_id: incidents, message: '🙂'.repeat(16384), props: {}, pending_post_id: pid() }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PostTooLongError);
    expect(postErrorMessage(err)).toMatch(/too long/);
    expect(mm.requests.length).toBe(before);
    // 16,383 runes are fine
    await expect(c.createPost({ channel_id: incidents, message: '🙂'.repeat(16383), props: {}, pending_post_id: pid() })).resolves.toMatchObject({ channel_id: incidents });
  });

  test('props over 800,000 runes are refused client-side too', async () => {
    const err = await clientFor().createPost({ channel_id: incidents, message: '', props: { blob: 'a'.repeat(800_001) }, pending_post_id: pid() }).catch((e: unknown) => e);
    expect(err).toMatchObject({ name: 'PostTooLongError', part: 'props' });
  });

  test('a server-side 413 / msg error is "too long"', () => {
    expect(postErrorReason(new HttpError('http', 'x', 413, undefined, 'api.context.request_body_too_large.app_error'))).toBe('too-long');
    expect(postErrorReason(new HttpError('http', 'x', 400, undefined, 'model.post.is_valid.msg.app_error'))).toBe('too-long');
  });
});

describe('auth and network failures', () => {
  test('401 → needs sign-in, without retrying', async () => {
    const sleep = noSleep();
    const err = await clientFor('not-a-token', { sleep }).me().catch((e: unknown) => e);
    expect(postErrorReason(err)).toBe('needs-sign-in');
    expect(postErrorMessage(err)).toMatch(/^Needs sign-in/);
    expect(sleep).not.toHaveBeenCalled();
  });

  test('the authorized fetch’s own sign-in error passes through with its message', async () => {
    const f: Fetch = async () => {
      throw new NeedsSignInError('Needs sign-in: chat.example.test refused the personal access token. Reconnect in NowBridge’s settings.');
    };
    const err = await createMattermostClient(f, 'https://chat.example.test').me().catch((e: unknown) => e);
    expect(postErrorMessage(err)).toContain('refused the personal access token');
  });

  test('network failure → offline', async () => {
    const f: Fetch = async () => {
      throw new TypeError('Failed to fetch');
    };
    const err = await createMattermostClient(f, 'https://chat.example.test').createPost({ channel_id: MM_CHANNELS.town.id, message: 'x', props: {}, pending_post_id: 'a:1' }).catch((e: unknown) => e);
    expect(postErrorReason(err)).toBe('offline');
    expect(postErrorMessage(err)).toBe("Can't reach Mattermost. Check your connection and try again.");
  });

  test('an HTML page where the API should be is a clear error, not a crash', async () => {
    const f: Fetch = async () => new Response('<html>login</html>', { status: 200, headers: { 'Content-Type': 'text/html' } });
    const err = await createMattermostClient(f, 'https://chat.example.test').me().catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: 'not-json' });
  });
});
