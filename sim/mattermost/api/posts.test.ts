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
