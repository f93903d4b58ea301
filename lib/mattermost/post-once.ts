/**
 * Posting one submission at most once on a real Mattermost, whose dedupe is a 30-second window, not forever
 * (`server/channels/app/post.go`: `pendingPostIDsCacheTTL = 30 * time.Second`, `deduplicateCreatePost`):
 * - a repeat of the same `pending_post_id` while the first is still saving gets 500
 *   `api.post.deduplicate_create_post.pending`: wait briefly and send the same id again (bounded);
 * - a repeat within 30 s of the save gets the existing post; past that the same id posts a second time
 *   (`post_test.go` "after cache expires is not idempotent"). So once a submission is older than 25 s (5 s of
 *   margin), look for its post first (`GET /channels/{id}/posts?since=`) and return it when found; when that
 *   check is impossible, say it may already be posted rather than risk a duplicate.
 * A post read back has no `pending_post_id` (not a column: `sqlstore/post_store.go postSliceColumnsWithTypes`),
 * so the earlier post is recognised by author, thread, text and attachment identity.
 */
import { HttpError } from '../http';
import type { MattermostClient, MmPost, NewPost } from './client';

export const STILL_SAVING_ID = 'api.post.deduplicate_create_post.pending';
/** After this long the server's 30 s window may have closed: check before sending again. */
export const TRUST_DEDUPE_MS = 25_000;
/** The waits between sends while the server is still saving the first (about 7.5 s in all). */
export const STILL_SAVING_WAITS_MS = [500, 1000, 2000, 4000] as const;
/** `since` reaches this far before the first attempt, for a server clock behind the browser's. */
export const CLOCK_SKEW_MS = 60_000;

/** The earlier attempt may have landed, and Mattermost could not be asked. */
export class PostOutcomeUnknownError extends Error {
  constructor(cause: unknown) {
    super('This may already be posted: NowBridge could not check Mattermost. Look in the channel before posting again.', { cause });
    this.name = 'PostOutcomeUnknownError';
  }
}

export const isStillSaving = (err: unknown) => err instanceof HttpError && err.status === 500 && err.errorId === STILL_SAVING_ID;

export interface PostOnceOptions {
  /** epoch ms of the submission's first attempt (its submission id) */
  firstSentAt: number;
  /** the author: only their posts can be the earlier attempt */
  userId: string;
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** What makes two shares the same post: the attachments' fallback and link (the server adds props of its own). */
const attachmentKey = (props: Record<string, unknown> | null | undefined) => {
  const atts = Array.isArray(props?.['attachments']) ? (props['attachments'] as Record<string, unknown>[]) : [];
  return JSON.stringify(atts.map((a) => [a?.['fallback'] ?? '', a?.['title_link'] ?? '']));
};

/** The submission's post, if an earlier attempt made it. Sign-in, network and site-access failures pass through: nothing can be posted now either, and the next try checks again. */
async function findEarlier(client: Pick<MattermostClient, 'postsSince'>, post: NewPost, o: PostOnceOptions): Promise<MmPost | undefined> {
  let recent: MmPost[];
  try {
    recent = await client.postsSince(post.channel_id, o.firstSentAt - CLOCK_SKEW_MS);
  } catch (err) {
    if (err instanceof HttpError && (err.kind === 'unauthorized' || err.kind === 'unreachable' || err.kind === 'no-site-access' || err.kind === 'timeout')) throw err;
    throw new PostOutcomeUnknownError(err);
  }
  const key = attachmentKey(post.props);
  return recent.find(
    (p) =>
      p.delete_at === 0 &&
      p.user_id === o.userId &&
      p.root_id === (post.root_id ?? '') &&
      (p.pending_post_id === post.pending_post_id || (p.message === post.message && attachmentKey(p.props) === key)),
  );
}

/** createPost for one submission, safe to call again for the same submission (same pending_post_id). */
export async function createPostOnce(client: Pick<MattermostClient, 'createPost' | 'postsSince'>, post: NewPost, o: PostOnceOptions): Promise<MmPost> {
  const { now = Date.now, sleep = realSleep } = o;
  for (let attempt = 0; ; attempt++) {
    if (now() - o.firstSentAt > TRUST_DEDUPE_MS) {
      const earlier = await findEarlier(client, post, o);
      if (earlier) return earlier;
    }
    try {
      return await client.createPost(post);
    } catch (err) {
      const wait = STILL_SAVING_WAITS_MS[attempt];
      if (!isStillSaving(err) || wait === undefined) throw err;
      await sleep(wait);
    }
  }
}
