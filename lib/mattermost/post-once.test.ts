// @vitest-environment node
/** createPostOnce against the Mattermost simulator, whose pending_post_id window is the real server's. */
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MM_CHANNELS, MM_USERS } from '../../sim/fixtures';
import { start, type RunningMattermost } from '../../sim/mattermost';
import { bearerFetch } from '../testing/bearer-fetch';
import { createMattermostClient, type NewPost } from './client';
import { postErrorMessage, postErrorReason } from './errors';
import { newPendingPostId } from './post-format';
import { createPostOnce, PostOutcomeUnknownError, STILL_SAVING_WAITS_MS } from './post-once';

const BETH = MM_USERS.agent;
const incidents = MM_CHANNELS.incidents.id;

let mm: RunningMattermost;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());
let hold: { release(): void } | undefined;
afterEach(() => hold?.release());

const client = (token: string = BETH.token) => createMattermostClient(bearerFetch(token), mm.siteUrl, { sleep: async () => {} });
const count = () => mm.control.posts(incidents).length;
const creates = () => mm.requests.filter((r) => r.method === 'POST' && r.pathname === '/api/v4/posts').length;
let tick = Date.now();
/** a submission made now: its first attempt's time, and the post it sends */
function submission(message: string, props: Record<string, unknown> = {}) {
  const firstSentAt = tick++;
  const post: NewPost = { channel_id: incidents, message, props, pending_post_id: newPendingPostId(BETH.id, firstSentAt) };
  return { firstSentAt, post };
}
const card = (n: string) => ({ attachments: [{ fallback: `${n}: Mail down`, title: `${n}: Mail down`, title_link: `https://acme.service-now.com/incident.do?sys_id=${n}` }] });

describe('createPostOnce', () => {
  test('"still saving" (500 …deduplicate_create_post.pending): waits and resends the same id, ending with the one post', async () => {
    const s = submission('slow save');
    const before = count();
    hold = mm.control.holdPostSaves();
    const first = client().createPost(s.post); // the attempt whose answer the user never saw
    await expect.poll(() => mm.store.pendingPostIds.isSaving(s.post.pending_post_id)).toBe(true);
    const waits: number[] = [];
    const sleep = async (ms: number) => {
      waits.push(ms);
      if (waits.length === 2) hold!.release(); // the first save finishes during the second wait
    };
    const post = await createPostOnce(client(), s.post, { firstSentAt: s.firstSentAt, userId: BETH.id, now: () => s.firstSentAt + 1000, sleep });
    expect(waits).toEqual([500, 1000]);
    expect(post.id).toBe((await first).id);
    expect(count()).toBe(before + 1);
  });

  test('still saving after every wait: gives up with a sentence saying a retry is safe, having posted nothing new', async () => {
    const s = submission('never finishes');
    const before = count();
    hold = mm.control.holdPostSaves();
    void client().createPost(s.post).catch(() => {});
    await expect.poll(() => mm.store.pendingPostIds.isSaving(s.post.pending_post_id)).toBe(true);
    const waits: number[] = [];
    const err = await createPostOnce(client(), s.post, { firstSentAt: s.firstSentAt, userId: BETH.id, now: () => s.firstSentAt, sleep: async (ms) => void waits.push(ms) }).catch((e) => e);
    expect(waits).toEqual([...STILL_SAVING_WAITS_MS]);
    expect(postErrorReason(err)).toBe('still-posting');
    expect(postErrorMessage(err)).toBe('Mattermost is still saving this post. Press Post again in a moment: it will not be posted twice.');
    expect(count()).toBe(before);
  });

  test('a retry more than 25 s after the first attempt finds the post that attempt made: no second post, even past the server window', async () => {
    const s = submission('', card('INC0010001'));
    const first = await client().createPost(s.post);
    mm.control.advanceClock(31_000); // the server would now post the same id again
    const before = [count(), creates()];
    const post = await createPostOnce(client(), s.post, { firstSentAt: s.firstSentAt, userId: BETH.id, now: () => s.firstSentAt + 31_000 });
    expect(post.id).toBe(first.id);
    expect([count(), creates()]).toEqual(before);
  });

  test('past 25 s with no earlier post (that attempt never arrived): posts once; identical posts by others or with other content do not count', async () => {
    const s = submission('only mine', card('INC0010002'));
    await client(MM_USERS.agent2.token).createPost({ ...s.post, pending_post_id: 'someone-else' });
    await client().createPost({ ...s.post, message: 'other words', pending_post_id: 'another-share' });
    const before = count();
    const post = await createPostOnce(client(), s.post, { firstSentAt: s.firstSentAt, userId: BETH.id, now: () => s.firstSentAt + 26_000 });
    expect(post).toMatchObject({ user_id: BETH.id, message: 'only mine' });
    expect(count()).toBe(before + 1);
  });

  test('past 25 s and the check fails: says it may already be posted, and sends nothing', async () => {
    const s = submission('unknown fate');
    const before = creates();
    mm.control.failNext(1, 500);
    const err = await createPostOnce(client(), s.post, { firstSentAt: s.firstSentAt, userId: BETH.id, now: () => s.firstSentAt + 26_000 }).catch((e) => e);
    expect(err).toBeInstanceOf(PostOutcomeUnknownError);
    expect(postErrorMessage(err)).toBe('This may already be posted: NowBridge could not check Mattermost. Look in the channel before posting again.');
    expect(creates()).toBe(before);
  });

  test('within 25 s no check is made: the server window dedupes', async () => {
    const s = submission('fresh');
    const before = mm.requests.length;
    await createPostOnce(client(), s.post, { firstSentAt: s.firstSentAt, userId: BETH.id, now: () => s.firstSentAt + 25_000 });
    expect(mm.requests.slice(before).map((r) => `${r.method} ${r.pathname}`)).toEqual(['POST /api/v4/posts']);
  });
});
