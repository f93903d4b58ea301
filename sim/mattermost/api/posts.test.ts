// @vitest-environment node
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_USERS } from '../../fixtures';
import { isValidId } from '../ids';
import { start, SEEDED_POSTS, SEED_USERS, type RunningMattermost } from '../index';
import { bearer, call, expectAppError } from '../test-util';

let mm: RunningMattermost;
let api: string;
beforeAll(async () => {
  mm = await start();
  api = `${mm.origin}/api/v4`;
});
afterAll(() => mm.stop());

const post = (json: unknown, headers: Record<string, string> = bearer()) => call(`${api}/posts?set_online=false`, { method: 'POST', headers, json });
const incidents = MM_CHANNELS.incidents.id;
const goodAttachment = { fallback: 'INC0010001', color: '#1f77b4', title: 'INC0010001: Mail down', title_link: 'https://acme.service-now.com/incident.do?sys_id=9d385017c611228701d22104cc95c371', text: 'x', fields: [{ title: 'State', value: 'New', short: true }] };

describe('POST /posts', () => {
  test('201 with the stored post, embeds metadata echoing snake_case attachments', async () => {
    const res = await post({ channel_id: incidents, message: 'hello', props: { attachments: [goodAttachment] } });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('expires')).toBeNull();
    expect(isValidId(res.json.id)).toBe(true);
    expect(res.json).toMatchObject({ channel_id: incidents, user_id: MM_USERS.agent.id, message: 'hello', root_id: '', type: '', edit_at: 0, delete_at: 0 });
    expect(res.json.props.attachments).toEqual([goodAttachment]);
    expect(res.json.metadata).toEqual({ embeds: [{ type: 'message_attachment' }] });
    expect(mm.store.postById(res.json.id)?.message).toBe('hello');
  });

  test('a post without attachments has no embeds', async () => {
    const res = await post({ channel_id: incidents, message: 'plain' });
    expect(res.status).toBe(201);
    expect(res.json.metadata).toEqual({});
  });

  test('a repeated pending_post_id returns the same post and stores one', async () => {
    const before = mm.store.postsIn(incidents).length;
    const a = await post({ channel_id: incidents, message: 'retry me', pending_post_id: `${MM_USERS.agent.id}:1700000000000` });
    const b = await post({ channel_id: incidents, message: 'retry me', pending_post_id: `${MM_USERS.agent.id}:1700000000000` });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).toBe(a.json.id);
    expect(mm.store.postsIn(incidents).length).toBe(before + 1);
  });

  test('16383 runes pass, 16384 runes are 400 model.post.is_valid.message_length.app_error', async () => {
    expect((await post({ channel_id: incidents, message: '🙂'.repeat(16383) })).status).toBe(201);
    const res = await post({ channel_id: incidents, message: '🙂'.repeat(16384) });
    expectAppError(res, 400, 'model.post.is_valid.message_length.app_error');
    expect(res.json.message).toContain('16384');
  });

  test('props over 800000 runes are 400', async () => {
    expectAppError(await post({ channel_id: incidents, message: 'x', props: { blob: 'a'.repeat(800001) } }), 400, 'model.post.is_valid.props.app_error');
  });

  test.each(['', 'slack_attachment', 'custom_nowbridge', 'system_join_channel'])('type %j is accepted', async (type) => {
    expect((await post({ channel_id: incidents, message: 'typed', type })).status).toBe(201);
  });

  test.each(['card', 'nowbridge', 'CUSTOM_x'])('type %j is 400 model.post.is_valid.type.app_error', async (type) => {
    expectAppError(await post({ channel_id: incidents, message: 'typed', type }), 400, 'model.post.is_valid.type.app_error');
  });

  test.each(['from_webhook', 'override_username', 'override_icon_url', 'override_icon_emoji', 'webhook_display_name', 'mm_blocks_actions'])(
    'reserved prop %s is 400',
    async (prop) => {
      expectAppError(await post({ channel_id: incidents, message: 'x', props: { [prop]: 'true' } }), 400, 'model.post.is_valid.props.app_error');
    },
  );

  const badAttachments: [string, Record<string, unknown>][] = [
    ['title_link without title', { title_link: 'https://acme.service-now.com/x' }],
    ['author_link without author_name', { author_link: 'https://acme.service-now.com/x' }],
    ['javascript: title_link', { title: 't', title_link: 'javascript:alert(1)' }],
    ['data: image_url', { image_url: 'data:image/png;base64,AAAA' }],
    ['ftp thumb_url', { thumb_url: 'ftp://example.com/a.png' }],
    ['relative footer_icon', { footer_icon: '/icon.png' }],
    ['colour name', { color: 'red' }],
    ['colour #12', { color: '#12' }],
    ['colour without #', { color: '1f77b4' }],
    ['PascalCase keys', { Title: 't', TitleLink: 'https://acme.service-now.com/x' }],
    ['field value object', { fields: [{ title: 'a', value: { x: 1 }, short: true }] }],
    ['title number', { title: 5 }],
  ];
  test.each(badAttachments)('attachment with %s is 400', async (_, att) => {
    expectAppError(await post({ channel_id: incidents, message: '', props: { attachments: [att] } }), 400, 'model.post.is_valid.attachments.app_error');
  });

  test.each(['good', 'warning', 'danger', '#abc', '#A1B2C3'])('colour %s is valid', async (color) => {
    expect((await post({ channel_id: incidents, message: '', props: { attachments: [{ color, text: 'x' }] } })).status).toBe(201);
  });

  test('developer mode fills detailed_error, production leaves it blank', async () => {
    const att = { props: { attachments: [{ title_link: 'https://a.example/x' }] } };
    expect((await post({ channel_id: incidents, message: '', ...att })).json.detailed_error).toBe('');
    mm.control.setSettings({ developerMode: true });
    try {
      expect((await post({ channel_id: incidents, message: '', ...att })).json.detailed_error).toMatch(/title_link requires title/);
    } finally {
      mm.control.setSettings({ developerMode: false });
    }
  });

  test('replies: root in the same channel 201; missing root 400; root in another channel 400; bad root id 400; reply to a reply 400', async () => {
    const reply = await post({ channel_id: incidents, message: 're', root_id: SEEDED_POSTS.threadRoot });
    expect(reply.status).toBe(201);
    expect(reply.json.root_id).toBe(SEEDED_POSTS.threadRoot);
    // app/post.go: the root must itself be a root (use post.root_id || post.id)
    expectAppError(await post({ channel_id: incidents, message: 're re', root_id: reply.json.id }), 400, 'api.post.create_post.root_id.app_error');
    expectAppError(await post({ channel_id: incidents, message: 're', root_id: 'abcdefghijklmnopqrstuvwxyz' }), 400, 'api.post.create_post.root_id.app_error');
    expectAppError(await post({ channel_id: MM_CHANNELS.town.id, message: 're', root_id: SEEDED_POSTS.threadRoot }), 400, 'api.post.create_post.channel_root_id.app_error');
    expectAppError(await post({ channel_id: incidents, message: 're', root_id: 'short' }), 400, 'model.post.is_valid.root_id.app_error');
  });

  test('read-only, archived and non-member channels refuse with 403', async () => {
    expectAppError(await post({ channel_id: MM_CHANNELS.announcements.id, message: 'x' }), 403, 'api.context.permissions.app_error');
    expectAppError(await post({ channel_id: MM_CHANNELS.oldOutage.id, message: 'x' }), 403, 'api.post.create_post.can_not_post_to_deleted.error');
    expectAppError(await post({ channel_id: MM_CHANNELS.secret.id, message: 'x' }), 403, 'api.context.permissions.app_error');
    // a channel that does not exist looks the same as one you may not post in
    expectAppError(await post({ channel_id: 'abcdefghijklmnopqrstuvwxyz', message: 'x' }), 403, 'api.context.permissions.app_error');
  });

  test('an admin may post in the read-only channel', async () => {
    const admin = mm.control.signIn(SEED_USERS.admin.username);
    const res = await post({ channel_id: MM_CHANNELS.announcements.id, message: 'maintenance tonight' }, { Cookie: admin.cookieHeader, 'X-CSRF-Token': admin.csrf });
    expect(res.status).toBe(201);
  });

  test('malformed channel id 400 invalid_body_param; broken JSON 400; a client id 400', async () => {
    expectAppError(await post({ channel_id: 'nope', message: 'x' }), 400, 'api.context.invalid_body_param.app_error');
    expectAppError(await call(`${api}/posts`, { method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/json' }, body: '{' }), 400, 'api.context.invalid_body_param.app_error');
    expectAppError(await post({ id: 'abcdefghijklmnopqrstuvwxyz', channel_id: incidents, message: 'x' }), 400, 'store.sql_post.save.existing.app_error');
  });

  test('subscribers see posted, edited and deleted events', async () => {
    const events: string[] = [];
    const off = mm.store.subscribe((e) => events.push(`${e.kind}:${e.post.message}`));
    const res = await post({ channel_id: incidents, message: 'live' });
    mm.control.editPost(res.json.id, 'live!');
    mm.control.deletePost(res.json.id);
    off();
    expect(events).toEqual(['posted:live', 'edited:live!', 'deleted:live!']);
  });
});

describe('GET /posts/{id} and channel posts', () => {
  test('200 for a readable post with thread counters', async () => {
    const res = await call(`${api}/posts/${SEEDED_POSTS.threadRoot}`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.headers.get('expires')).toBe('0');
    expect(res.json.reply_count).toBeGreaterThanOrEqual(3);
    const edited = await call(`${api}/posts/${SEEDED_POSTS.edited}`, { headers: bearer() });
    expect(edited.json.edit_at).toBeGreaterThan(0);
  });

  test('403 for a post in a private channel the caller is not in; 404 unknown; 400 malformed', async () => {
    expectAppError(await call(`${api}/posts/${SEEDED_POSTS.secret}`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
    expectAppError(await call(`${api}/posts/abcdefghijklmnopqrstuvwxyz`, { headers: bearer() }), 404, 'app.post.get.app_error');
    expectAppError(await call(`${api}/posts/abc`, { headers: bearer() }), 400, 'api.context.invalid_url_param.app_error');
  });

  test('GET /channels/{id}/posts pages newest first (per_page clamped to 200)', async () => {
    const res = await call(`${api}/channels/${incidents}/posts?page=0&per_page=5`, { headers: bearer() });
    expect(res.status).toBe(200);
    expect(res.json.order).toHaveLength(5);
    const times = res.json.order.map((id: string) => res.json.posts[id].create_at);
    expect([...times].sort((a: number, b: number) => b - a)).toEqual(times);
    const big = await call(`${api}/channels/${incidents}/posts?per_page=1000`, { headers: bearer() });
    expect(big.json.order.length).toBeLessThanOrEqual(200);
    expectAppError(await call(`${api}/channels/${MM_CHANNELS.secret.id}/posts`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
  });
});

describe('POST /posts/ids', () => {
  const byIds = (json: unknown, headers: Record<string, string> = bearer()) => call(`${api}/posts/ids`, { method: 'POST', headers, json });

  test('200 with the readable posts only, newest first, duplicates once; Content-Type exactly application/json', async () => {
    const res = await byIds([SEEDED_POSTS.edited, SEEDED_POSTS.threadRoot, SEEDED_POSTS.secret, SEEDED_POSTS.threadRoot, 'abcdefghijklmnopqrstuvwxyz', 'not-an-id']);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.headers.get('expires')).toBeNull(); // a POST: no Expires: 0
    expect(res.headers.get('first-inaccessible-post-time')).toBe('0');
    const ids = res.json.map((p: { id: string }) => p.id);
    expect(new Set(ids)).toEqual(new Set([SEEDED_POSTS.edited, SEEDED_POSTS.threadRoot]));
    const times = res.json.map((p: { create_at: number }) => p.create_at);
    expect([...times].sort((a: number, b: number) => b - a)).toEqual(times);
    const edited = res.json.find((p: { id: string }) => p.id === SEEDED_POSTS.edited);
    expect(edited.message).toBe(mm.store.postById(SEEDED_POSTS.edited)!.message);
    expect(edited.edit_at).toBeGreaterThan(0);
    expect(Object.keys(edited)).toEqual(expect.arrayContaining(['update_at', 'edit_at', 'delete_at', 'channel_id', 'message']));
  });

  test('a post only in a channel the caller cannot read: 200 []', async () => {
    const res = await byIds([SEEDED_POSTS.secret]);
    expect(res.status).toBe(200);
    expect(res.json).toEqual([]);
  });

  test('none of the ids exists: 404 app.post.get.app_error (the store finds nothing)', async () => {
    expectAppError(await byIds(['abcdefghijklmnopqrstuvwxyz', 'zzzzzzzzzzzzzzzzzzzzzzzzzz']), 404, 'app.post.get.app_error');
  });

  test('[] and null are 400 post_ids; over 1000 ids is 400; 1000 is fine', async () => {
    const empty = await byIds([]);
    expectAppError(empty, 400, 'api.context.invalid_body_param.app_error');
    expect(empty.json.message).toContain('post_ids');
    expectAppError(await byIds(null), 400, 'api.context.invalid_body_param.app_error');
    const many = Array.from({ length: 1001 }, (_, i) => `${String(i).padStart(4, '0')}${'a'.repeat(22)}`);
    expectAppError(await byIds(many), 400, 'api.post.posts_by_ids.invalid_body.request_error');
    const res = await byIds([...many.slice(0, 999), SEEDED_POSTS.threadRoot]);
    expect(res.status).toBe(200);
    expect(res.json.map((p: { id: string }) => p.id)).toEqual([SEEDED_POSTS.threadRoot]);
  });

  test('not an array of strings: 400 api.payload.parse.error', async () => {
    expectAppError(await byIds({ ids: [SEEDED_POSTS.threadRoot] }), 400, 'api.payload.parse.error');
    expectAppError(await byIds([SEEDED_POSTS.threadRoot, 7]), 400, 'api.payload.parse.error');
    expectAppError(await call(`${api}/posts/ids`, { method: 'POST', headers: { ...bearer(), 'Content-Type': 'application/json' }, body: '[' }), 400, 'api.payload.parse.error');
  });

  test('needs a session: 401 without one', async () => {
    expectAppError(await byIds([SEEDED_POSTS.threadRoot], {}), 401, 'api.context.session_expired.app_error');
  });
});

describe('DELETE /posts/{id}', () => {
  const del = (id: string, headers: Record<string, string> = bearer(), query = '') => call(`${api}/posts/${id}${query}`, { method: 'DELETE', headers });
  const admin = () => {
    const s = mm.control.signIn(SEED_USERS.admin.username);
    return { Cookie: s.cookieHeader, 'X-CSRF-Token': s.csrf };
  };

  test('the author deletes their own post: 200 {"status":"OK"}; a soft delete (delete_at, deleteBy) gone from lists, 404 after', async () => {
    const p = (await post({ channel_id: incidents, message: 'take me back' })).json;
    const res = await del(p.id);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/json');
    expect(res.json).toEqual({ status: 'OK' });
    const stored = mm.store.postById(p.id)!;
    expect(stored.delete_at).toBeGreaterThan(0);
    expect(stored.update_at).toBe(stored.delete_at);
    expect(stored.props['deleteBy']).toBe(MM_USERS.agent.id);
    expect(mm.control.posts(incidents).some((x) => x.id === p.id)).toBe(false);
    expectAppError(await call(`${api}/posts/${p.id}`, { headers: bearer() }), 404, 'app.post.get.app_error');
    const page = await call(`${api}/channels/${incidents}/posts?per_page=200`, { headers: bearer() });
    expect(page.json.order).not.toContain(p.id);
    // deleting again: the post is not found any more
    expectAppError(await del(p.id), 404, 'app.post.get.app_error');
  });

  test('someone else’s post needs delete_others_posts: 403 for a member, fine for a system admin', async () => {
    const davids = mm.control.createPost({ channel_id: incidents, user_id: MM_USERS.agent2.id, message: 'david’s' });
    expectAppError(await del(davids.id), 403, 'api.context.permissions.app_error');
    expect(mm.store.postById(davids.id)!.delete_at).toBe(0);
    const res = await del(davids.id, admin());
    expect(res.status).toBe(200);
    expect(mm.store.postById(davids.id)!.props['deleteBy']).toBe(SEED_USERS.admin.id);
  });

  test('include_deleted=true: an admin reads the deleted post back, others get 403', async () => {
    const p = (await post({ channel_id: incidents, message: 'audit me' })).json;
    await del(p.id);
    expectAppError(await call(`${api}/posts/${p.id}?include_deleted=true`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
    const res = await call(`${api}/posts/${p.id}?include_deleted=true`, { headers: admin() });
    expect(res.status).toBe(200);
    expect(res.json.delete_at).toBeGreaterThan(0);
  });

  test('a root takes its replies with it (post_store.go Delete: Id = ? OR RootId = ?); the thread is 404 then', async () => {
    const root = (await post({ channel_id: incidents, message: 'root to go' })).json;
    const reply = (await post({ channel_id: incidents, message: 'its reply', root_id: root.id })).json;
    expect((await del(root.id)).status).toBe(200);
    expect(mm.store.postById(reply.id)!.delete_at).toBeGreaterThan(0);
    expectAppError(await call(`${api}/posts/${root.id}/thread`, { headers: bearer() }), 404, 'app.post.get.app_error');
    expectAppError(await call(`${api}/posts/${reply.id}`, { headers: bearer() }), 404, 'app.post.get.app_error');
  });

  test('a deleted reply leaves its thread; the root stays', async () => {
    const root = (await post({ channel_id: incidents, message: 'thread stays' })).json;
    const keep = (await post({ channel_id: incidents, message: 'kept', root_id: root.id })).json;
    const gone = (await post({ channel_id: incidents, message: 'gone', root_id: root.id })).json;
    await del(gone.id);
    const thread = await call(`${api}/posts/${root.id}/thread`, { headers: bearer() });
    expect(thread.json.order).toEqual([keep.id, root.id]);
    expect(thread.json.posts[root.id].reply_count).toBe(1);
  });

  test('unknown 404, malformed 400, permanent=true 501 (EnableAPIPostDeletion off), archived channel 400, no session 401', async () => {
    expectAppError(await del('abcdefghijklmnopqrstuvwxyz'), 404, 'app.post.get.app_error');
    expectAppError(await del('abc'), 400, 'api.context.invalid_url_param.app_error');
    const p = (await post({ channel_id: incidents, message: 'permanent?' })).json;
    expectAppError(await del(p.id, bearer(), '?permanent=true'), 501, 'api.post.delete_post.not_enabled.app_error');
    expect(mm.store.postById(p.id)!.delete_at).toBe(0);
    const old = mm.control.createPost({ channel_id: MM_CHANNELS.oldOutage.id, user_id: MM_USERS.agent.id, message: 'archived' });
    expectAppError(await del(old.id), 400, 'api.post.delete_post.can_not_delete_post_in_deleted.error');
    expectAppError(await del(p.id, {}), 401, 'api.context.session_expired.app_error');
  });

  test('an author no longer in the channel lacks delete_post there: 403', async () => {
    const secretByDavid = mm.control.createPost({ channel_id: MM_CHANNELS.secret.id, user_id: MM_USERS.agent2.id, message: 'secret' });
    const ch = mm.store.channelById(MM_CHANNELS.secret.id)!;
    ch.member_ids = ch.member_ids.filter((id) => id !== MM_USERS.agent2.id);
    try {
      expectAppError(await del(secretByDavid.id, bearer(MM_USERS.agent2.token)), 403, 'api.context.permissions.app_error');
    } finally {
      ch.member_ids.push(MM_USERS.agent2.id);
    }
  });
});

describe('reading what a feed needs: props come back', () => {
  test('GET /channels/{id}/posts?since=: changed posts with their props, replies and their roots, all in order, newest first', async () => {
    const root = (await post({ channel_id: incidents, message: 'feed root', props: { nowbridge_feed: 'incident:abc', nowbridge_event: 'e0' } })).json;
    const since = root.create_at;
    const reply = (await post({ channel_id: incidents, message: 'feed reply', root_id: root.id, props: { nowbridge_event: 'e1' } })).json;
    const res = await call(`${api}/channels/${incidents}/posts?since=${since}`, { headers: bearer() });
    expect(res.status).toBe(200);
    // the reply changed after `since`; its root did not, but comes along (the union in GetPostsSince)
    expect(res.json.order).toEqual([reply.id, root.id]);
    expect(res.json.posts[reply.id].props).toEqual({ nowbridge_event: 'e1' });
    expect(res.json.posts[root.id].props).toEqual({ nowbridge_feed: 'incident:abc', nowbridge_event: 'e0' });
    const wider = await call(`${api}/channels/${incidents}/posts?since=${since - 1}`, { headers: bearer() });
    expect(wider.json.order.slice(0, 2)).toEqual([reply.id, root.id]);
  });

  test('since ignores page and per_page, and returns deleted posts with delete_at so a client learns of them', async () => {
    const a = (await post({ channel_id: incidents, message: 'one', props: { nowbridge_event: 'x1' } })).json;
    const b = (await post({ channel_id: incidents, message: 'two' })).json;
    await call(`${api}/posts/${a.id}`, { method: 'DELETE', headers: bearer() });
    const res = await call(`${api}/channels/${incidents}/posts?since=${a.create_at - 1}&page=5&per_page=1`, { headers: bearer() });
    expect(res.json.order).toEqual([b.id, a.id]);
    expect(res.json.posts[a.id].delete_at).toBeGreaterThan(0);
    expect(res.json.posts[a.id].props).toMatchObject({ nowbridge_event: 'x1', deleteBy: MM_USERS.agent.id });
    // nothing changed since the delete: an empty list
    const after = await call(`${api}/channels/${incidents}/posts?since=${mm.store.postById(a.id)!.update_at}`, { headers: bearer() });
    expect(after.json).toMatchObject({ order: [], posts: {} });
  });

  test('a since that is not an integer is 400 invalid since; include_deleted is for system admins only', async () => {
    const bad = await call(`${api}/channels/${incidents}/posts?since=yesterday`, { headers: bearer() });
    expectAppError(bad, 400, 'api.context.invalid_param.app_error');
    expect(bad.json.message).toBe('Invalid since parameter.');
    expectAppError(await call(`${api}/channels/${incidents}/posts?include_deleted=true`, { headers: bearer() }), 403, 'api.context.permissions.app_error');
  });

  test('GET /posts/{id}/thread: root and replies with their props (props.nowbridge_event set on create comes back)', async () => {
    const root = (await post({ channel_id: incidents, message: 'record card', props: { nowbridge_feed: 'incident:def', attachments: [goodAttachment] } })).json;
    const r1 = (await post({ channel_id: incidents, message: 'state changed', root_id: root.id, props: { nowbridge_event: 'k1' } })).json;
    const r2 = (await post({ channel_id: incidents, message: 'assigned', root_id: root.id, props: { nowbridge_event: 'k2' } })).json;
    for (const id of [root.id, r2.id]) {
      const res = await call(`${api}/posts/${id}/thread`, { headers: bearer() });
      expect(res.status).toBe(200);
      expect(res.json.order).toEqual([r2.id, r1.id, root.id]);
      expect(res.json.posts[r1.id].props).toEqual({ nowbridge_event: 'k1' });
      expect(res.json.posts[r2.id].props).toEqual({ nowbridge_event: 'k2' });
      expect(res.json.posts[root.id].props).toEqual({ nowbridge_feed: 'incident:def', attachments: [goodAttachment] });
    }
  });
});
