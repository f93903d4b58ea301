// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_USERS } from '../../fixtures';
import { start, type RunningMattermost } from '../index';
import { bearer, call, expectAppError } from '../test-util';

let mm: RunningMattermost;
let api: string;
beforeAll(async () => {
  mm = await start();
  api = `${mm.origin}/api/v4`;
});
afterAll(() => mm.stop());

const post = (json: unknown, token?: string) => call(`${api}/posts?set_online=false`, { method: 'POST', headers: bearer(token), json });
const incidents = MM_CHANNELS.incidents.id;
const count = () => mm.store.postsIn(incidents).length;
let n = 0;
/** a fresh pending id per test, in the web app's `<user>:<ms>` shape */
const pendingId = () => `${MM_USERS.agent.id}:${1_700_000_000_000 + ++n}`;
let hold: { release(): void } | undefined;
afterEach(() => {
  hold?.release();
  hold = undefined;
});

/** Resolves once the server has stored the "still saving" marker for this id (no timing guess). */
async function savingStarted(id: string) {
  await expect.poll(() => mm.store.pendingPostIds.isSaving(id)).toBe(true);
}

describe('POST /posts pending_post_id (app/post.go deduplicateCreatePost, 30 s cache)', () => {
  test('a duplicate within 30 s of the save gets the same post (201) and nothing new is stored', async () => {
    const id = pendingId();
    const before = count();
    const a = await post({ channel_id: incidents, message: 'once', pending_post_id: id });
    mm.control.advanceClock(29_000);
    const b = await post({ channel_id: incidents, message: 'once', pending_post_id: id });
    expect([a.status, b.status]).toEqual([201, 201]);
    expect(b.json.id).toBe(a.json.id);
    expect(a.json.pending_post_id).toBe(id);
    expect(count()).toBe(before + 1);
  });

  test('a duplicate while the first is still saving is 500 api.post.deduplicate_create_post.pending; the first then lands once', async () => {
    const id = pendingId();
    const before = count();
    hold = mm.control.holdPostSaves();
    const first = post({ channel_id: incidents, message: 'slow', pending_post_id: id });
    await savingStarted(id);
    expectAppError(await post({ channel_id: incidents, message: 'slow', pending_post_id: id }), 500, 'api.post.deduplicate_create_post.pending');
    hold.release();
    const a = await first;
    expect(a.status).toBe(201);
    const again = await post({ channel_id: incidents, message: 'slow', pending_post_id: id });
    expect(again.json.id).toBe(a.json.id);
    expect(count()).toBe(before + 1);
  });

  test('30 s after the save the same id creates a second post (post_test.go "after cache expires is not idempotent")', async () => {
    const id = pendingId();
    const before = count();
    const a = await post({ channel_id: incidents, message: 'twice', pending_post_id: id });
    mm.control.advanceClock(30_000);
    const b = await post({ channel_id: incidents, message: 'twice', pending_post_id: id });
    expect(b.status).toBe(201);
    expect(b.json.id).not.toBe(a.json.id);
    expect(count()).toBe(before + 2);
  });

  test('the cache is keyed by the raw id, not per user: another reader of the channel gets the first post', async () => {
    const id = pendingId();
    const a = await post({ channel_id: incidents, message: 'mine', pending_post_id: id });
    const b = await post({ channel_id: incidents, message: 'theirs', pending_post_id: id }, MM_USERS.agent2.token);
    expect(b.status).toBe(201);
    expect(b.json).toMatchObject({ id: a.json.id, user_id: MM_USERS.agent.id, message: 'mine' });
  });

  test('a refused create drops the marker, so the retry posts', async () => {
    const id = pendingId();
    expectAppError(await post({ channel_id: incidents, message: 'x', type: 'card', pending_post_id: id }), 400, 'model.post.is_valid.type.app_error');
    const ok = await post({ channel_id: incidents, message: 'fixed', pending_post_id: id });
    expect(ok.status).toBe(201);
    expect(ok.json.message).toBe('fixed');
  });

  test('a post read back carries no pending_post_id (not a column: sqlstore postSliceColumnsWithTypes)', async () => {
    const a = await post({ channel_id: incidents, message: 'read back', pending_post_id: pendingId() });
    const got = await call(`${api}/posts/${a.json.id}`, { headers: bearer() });
    expect(got.json.pending_post_id).toBe('');
  });

  test("holdPostSaves({lostAnswer}): the client gets a proxy's 504 page, yet the post is saved once released", async () => {
    const id = pendingId();
    const before = count();
    hold = mm.control.holdPostSaves({ lostAnswer: true });
    const res = await post({ channel_id: incidents, message: 'lost answer', pending_post_id: id });
    expect([res.status, res.headers.get('content-type')]).toEqual([504, 'text/html']);
    expect(mm.store.pendingPostIds.isSaving(id)).toBe(true);
    hold.release();
    await expect.poll(() => count()).toBe(before + 1);
    expect(mm.store.pendingPostIds.isSaving(id)).toBe(false);
  });
});
