/** POST /posts, POST /posts/ids, GET /posts/{id}, DELETE /posts/{id}, GET /posts/{id}/thread, GET /channels/{id}/posts. */
import { AppError, forbidden, invalidBodyParam } from '../errors';
import { isValidId } from '../ids';
import type { MmPost } from '../types';
import { GatewayTimedOut, jsonBody, ok, paging, route, type ApiContext, type Route } from './context';
import { canRead, checkCanPost, isMember } from './permissions';
import { validatePost, type PostInput } from './post-rules';
import { postJson } from './shapes';

/**
 * POST /posts. The order is the real one: the channel and permission (`api4/post.go createPost`,
 * `app/post.go CreatePostAsUser`), then the pending_post_id dedupe (`deduplicateCreatePost`), then validation and
 * the save, after which the cache holds the post id; a failure after the claim drops it (pending-posts.ts).
 */
async function createPost(c: ApiContext) {
  const input = jsonBody(c, 'post') as PostInput;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidBodyParam('post');
  if (!isValidId(input.channel_id)) throw invalidBodyParam('channel_id');
  // permission before validity, as the real handler: a non-member learns nothing about the body
  const channel = c.store.channelById(input.channel_id);
  checkCanPost(c.store, c.user.id, channel);
  const pendingId = typeof input.pending_post_id === 'string' ? input.pending_post_id : '';
  if (pendingId) {
    const claim = c.store.pendingPostIds.claim(pendingId);
    if (claim.kind === 'saving') throw new AppError(500, 'api.post.deduplicate_create_post.pending');
    if (claim.kind === 'saved') {
      const found = c.store.postById(claim.postId);
      if (!found || found.delete_at) throw new AppError(500, 'api.post.deduplicate_create_post.failed_to_get');
      const ch = c.store.channelById(found.channel_id);
      // GetPostIfAuthorized: a post the caller may not read is ignored, and a new one is created
      if (ch && canRead(c.store, c.user.id, ch)) return ok(postJson(c.store, found), 201);
    }
  }
  try {
    validatePost(input);
    const rootId = (input.root_id as string | undefined) ?? '';
    if (rootId) {
      // app/post.go CreatePost: the root must exist (a deleted one is not found), be in this channel (500 there,
      // turned into 400 by CreatePostAsUser) and be a root itself: a reply to a reply is 400 root_id
      const root = c.store.postById(rootId);
      if (!root || root.delete_at) throw new AppError(400, 'api.post.create_post.root_id.app_error');
      if (root.channel_id !== channel!.id) throw new AppError(400, 'api.post.create_post.channel_root_id.app_error');
      if (root.root_id) throw new AppError(400, 'api.post.create_post.root_id.app_error');
    }
    const save = () => {
      const post = c.store.createPost({
        channel_id: channel!.id,
        user_id: c.user.id,
        message: (input.message as string | undefined) ?? '',
        props: (input.props as Record<string, unknown> | undefined) ?? {},
        root_id: rootId,
        type: (input.type as string | undefined) ?? '',
      });
      if (pendingId) c.store.pendingPostIds.saved(pendingId, post.id);
      // the response is the request's own post object, so it echoes the pending id
      return ok({ ...postJson(c.store, post), pending_post_id: pendingId }, 201);
    };
    const hold = c.store.saveHold;
    if (!hold) return save();
    const saving = hold.until.then(save);
    if (!hold.lostAnswer) return await saving;
    // the answer is lost (the proxy in front gave up waiting): the save still goes on
    saving.catch(() => pendingId && c.store.pendingPostIds.failed(pendingId));
    throw new GatewayTimedOut();
  } catch (err) {
    if (pendingId && !(err instanceof GatewayTimedOut)) c.store.pendingPostIds.failed(pendingId);
    throw err;
  }
}

/**
 * GET /posts/{id} (`api4/post.go getPost`): a deleted post is 404 like a missing one; `include_deleted=true` is for
 * manage_system only (403 for others) and then returns it with its `delete_at`.
 */
function getPost(c: ApiContext) {
  const includeDeleted = parseBool(c.query.get('include_deleted'));
  if (includeDeleted && !c.store.isAdmin(c.user.id)) throw forbidden('manage_system');
  const post = c.store.postById(c.params['post_id']!);
  if (!post || (post.delete_at && !includeDeleted)) throw new AppError(404, 'app.post.get.app_error');
  const ch = c.store.channelById(post.channel_id);
  if (!ch || !canRead(c.store, c.user.id, ch)) throw forbidden('read_channel');
  return ok(postJson(c.store, post));
}

/** Go's strconv.ParseBool, a failure being false (`include_deleted, _ := strconv.ParseBool(...)`). */
function parseBool(v: string | null): boolean {
  return v !== null && ['1', 't', 'T', 'TRUE', 'true', 'True'].includes(v);
}

/**
 * DELETE /posts/{id} (`server/channels/api4/post.go deletePost`, `app/post.go DeletePost`):
 * - `permanent=true` needs ServiceSettings.EnableAPIPostDeletion (off by default: 501) and manage_system;
 * - the post must exist and not be deleted (`GetSinglePost(…, false)`: 404 `app.post.get.app_error`);
 * - one's own post needs delete_post in its channel (channel_user has it: a member, or an admin), someone else's
 *   delete_others_posts (channel/team/system admins; only system admins here): 403 otherwise;
 * - an archived channel is 400 `api.post.delete_post.can_not_delete_post_in_deleted.error`;
 * - a soft delete (store.deletePost: the post and, for a root, its replies get `delete_at`), answered 200 `{"status":"OK"}`.
 */
function deletePost(c: ApiContext) {
  if (parseBool(c.query.get('permanent'))) {
    throw new AppError(501, 'api.post.delete_post.not_enabled.app_error', `postId=${c.params['post_id']}`);
  }
  const post = c.store.postById(c.params['post_id']!);
  if (!post || post.delete_at) throw new AppError(404, 'app.post.get.app_error');
  const ch = c.store.channelById(post.channel_id);
  const admin = c.store.isAdmin(c.user.id);
  if (post.user_id === c.user.id) {
    if (!ch || !(admin || isMember(ch, c.user.id))) throw forbidden('delete_post');
  } else if (!admin) {
    throw forbidden('delete_others_posts');
  }
  if (ch?.delete_at) throw new AppError(400, 'api.post.delete_post.can_not_delete_post_in_deleted.error');
  c.store.deletePost(post.id, c.user.id);
  return ok({ status: 'OK' });
}

/** The most ids one POST /posts/ids takes (`server/channels/api4/post.go getPostsByIds`). */
export const MAX_POSTS_BY_IDS = 1000;

/**
 * POST /posts/ids, as `server/channels/api4/post.go getPostsByIds` answers it:
 * - the body is a JSON array of strings (`model.SortedArrayFromJSON`): anything else is 400
 *   `api.payload.parse.error`; duplicates are dropped; `[]` (or `null`) is 400 invalid `post_ids`; more
 *   than 1000 is 400 `api.post.posts_by_ids.invalid_body.request_error`;
 * - ids are not checked one by one: the store's `Id IN (…)` simply finds nothing for a malformed one;
 * - when the store finds none at all it is 404 `app.post.get.app_error`
 *   (`server/channels/store/sqlstore/post_store.go GetPostsByIds` → `app/post.go GetPostsByIds`);
 * - posts in channels the caller may not read are left out silently (SessionHasPermissionToReadChannel),
 *   so a 200 can be `[]`; newest first, as the store orders them. Deleted posts are not filtered by the
 *   store: they come back with their `delete_at`.
 */
function postsByIds(c: ApiContext) {
  let ids: unknown;
  try {
    ids = JSON.parse(c.r.body);
  } catch {
    throw new AppError(400, 'api.payload.parse.error');
  }
  if (ids !== null && (!Array.isArray(ids) || ids.some((id) => typeof id !== 'string'))) throw new AppError(400, 'api.payload.parse.error');
  const unique = [...new Set((ids ?? []) as string[])];
  if (unique.length === 0) throw invalidBodyParam('post_ids');
  if (unique.length > MAX_POSTS_BY_IDS) throw new AppError(400, 'api.post.posts_by_ids.invalid_body.request_error', '', String(MAX_POSTS_BY_IDS));
  const found = unique.flatMap((id) => c.store.postById(id) ?? []);
  if (found.length === 0) throw new AppError(404, 'app.post.get.app_error');
  const readable = found.filter((p) => {
    const ch = c.store.channelById(p.channel_id);
    return !!ch && canRead(c.store, c.user.id, ch);
  });
  readable.sort((a, b) => b.create_at - a.create_at);
  return ok(readable.map((p) => postJson(c.store, p)), 200, { 'First-Inaccessible-Post-Time': '0' });
}

/** PostList: order newest first, posts by id, plus the paging links the web app reads. */
function postList(c: ApiContext, posts: MmPost[]) {
  return {
    order: posts.map((p) => p.id),
    posts: Object.fromEntries(posts.map((p) => [p.id, postJson(c.store, p)])),
    next_post_id: '',
    prev_post_id: '',
    has_next: false,
  };
}

/** The most posts one `since` query returns (the store's `LIMIT 1000`). */
export const MAX_POSTS_SINCE = 1000;

/**
 * GET /channels/{id}/posts (`api4/post.go getPostsForChannel`). A `since` that is not an integer is 400 invalid
 * `since`; `include_deleted=true` is for system admins only (403 `read_deleted_posts` for others).
 *
 * With `since` > 0 it is `App.GetPostsSince` (`sqlstore/post_store.go GetPostsSince`, CRT off): every post of the
 * channel whose `update_at` is after `since` (LIMIT 1000), soft-deleted ones included (with their `delete_at`, so a
 * client learns of deletions), plus the roots of the replies found; all of them in `order`, newest first by
 * `create_at`; page and per_page are ignored. Without it, pages of live posts, newest first.
 */
function channelPosts(c: ApiContext) {
  const rawSince = c.query.get('since') ?? '';
  if (rawSince !== '' && !/^[+-]?\d+$/.test(rawSince)) throw new AppError(400, 'api.context.invalid_param.app_error', `since=${rawSince}`, 'since');
  const includeDeleted = parseBool(c.query.get('include_deleted'));
  if (includeDeleted && !c.store.isAdmin(c.user.id)) throw forbidden('read_deleted_posts');
  const ch = c.store.channelById(c.params['channel_id']!);
  if (!ch || !canRead(c.store, c.user.id, ch)) throw forbidden('read_channel');
  const since = rawSince === '' ? 0 : Number(rawSince);
  if (since > 0) {
    const changed = c.store.allPostsIn(ch.id).filter((p) => p.update_at > since).slice(0, MAX_POSTS_SINCE);
    const ids = new Set(changed.map((p) => p.id));
    const roots = [...new Set(changed.map((p) => p.root_id).filter((r) => r && !ids.has(r)))].flatMap((r) => c.store.postById(r) ?? []);
    return ok(postList(c, [...changed, ...roots].sort((a, b) => b.create_at - a.create_at)));
  }
  const newestFirst = (includeDeleted ? c.store.allPostsIn(ch.id) : c.store.postsIn(ch.id)).reverse();
  const { page, perPage } = paging(c.query);
  const slice = newestFirst.slice(page * perPage, page * perPage + perPage);
  const list = postList(c, slice);
  list.prev_post_id = newestFirst[page * perPage + perPage]?.id ?? '';
  return ok(list);
}

function thread(c: ApiContext) {
  const post = c.store.postById(c.params['post_id']!);
  if (!post || post.delete_at) throw new AppError(404, 'app.post.get.app_error');
  const ch = c.store.channelById(post.channel_id);
  if (!ch || !canRead(c.store, c.user.id, ch)) throw forbidden('read_channel');
  const rootId = post.root_id || post.id;
  const root = c.store.postById(rootId)!;
  return ok(postList(c, [root, ...c.store.repliesOf(rootId)].reverse()));
}

export const postRoutes: Route[] = [
  route('POST', '/posts', createPost),
  route('POST', '/posts/ids', postsByIds),
  route('GET', '/posts/:post_id', getPost),
  route('DELETE', '/posts/:post_id', deletePost),
  route('GET', '/posts/:post_id/thread', thread),
  route('GET', '/channels/:channel_id/posts', channelPosts),
];
