/** POST /posts, GET /posts/{id}, GET /posts/{id}/thread, GET /channels/{id}/posts. */
import { AppError, forbidden, invalidBodyParam } from '../errors';
import { isValidId } from '../ids';
import type { MmPost } from '../types';
import { jsonBody, ok, paging, route, type ApiContext, type Route } from './context';
import { canRead, checkCanPost } from './permissions';
import { validatePost, type PostInput } from './post-rules';
import { postJson } from './shapes';

function createPost(c: ApiContext) {
  const input = jsonBody(c, 'post') as PostInput;
  if (typeof input !== 'object' || input === null || Array.isArray(input)) throw invalidBodyParam('post');
  if (!isValidId(input.channel_id)) throw invalidBodyParam('channel_id');
  // permission before validity, as the real handler: a non-member learns nothing about the body
  const channel = c.store.channelById(input.channel_id);
  checkCanPost(c.store, c.user.id, channel);
  validatePost(input);
  const rootId = (input.root_id as string | undefined) ?? '';
  if (rootId) {
    const root = c.store.postById(rootId);
    if (!root || root.delete_at) throw new AppError(400, 'api.post.create_post.root_id.app_error');
    if (root.channel_id !== channel!.id) throw new AppError(400, 'api.post.create_post.channel_root_id.app_error');
  }
  // The store returns the earlier post for a repeated pending_post_id of the same user.
  const post = c.store.createPost({
    channel_id: channel!.id,
    user_id: c.user.id,
    message: (input.message as string | undefined) ?? '',
    props: (input.props as Record<string, unknown> | undefined) ?? {},
    root_id: rootId,
    type: (input.type as string | undefined) ?? '',
    pending_post_id: typeof input.pending_post_id === 'string' ? input.pending_post_id : '',
  });
  return ok(postJson(c.store, post), 201);
}

function getPost(c: ApiContext) {
  const post = c.store.postById(c.params['post_id']!);
  if (!post || post.delete_at) throw new AppError(404, 'app.post.get.app_error');
  const ch = c.store.channelById(post.channel_id);
  if (!ch || !canRead(c.store, c.user.id, ch)) throw forbidden('read_channel');
  return ok(postJson(c.store, post));
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

function channelPosts(c: ApiContext) {
  const ch = c.store.channelById(c.params['channel_id']!);
  if (!ch || !canRead(c.store, c.user.id, ch)) throw forbidden('read_channel');
  const since = Number(c.query.get('since') ?? 0);
  const newestFirst = c.store.postsIn(ch.id).filter((p) => !since || p.update_at > since).reverse();
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
  route('GET', '/posts/:post_id', getPost),
  route('GET', '/posts/:post_id/thread', thread),
  route('GET', '/channels/:channel_id/posts', channelPosts),
];
