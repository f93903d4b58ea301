/**
 * PUT /posts/{post_id}/patch as `server/channels/api4/post.go patchPost` + `postPatchChecks` and
 * `app/post.go PatchPost` answer it:
 * - the body is a model.PostPatch (message, props, is_pinned, file_ids, has_reactions); a body that is
 *   no JSON object, or a field of the wrong type, is 400 invalid `post`;
 * - a missing or deleted post is 403 edit_post, not 404 (GetSinglePost fails → SetPermissionError);
 * - own posts need edit_post (channel_user has it in the channel's members), others' posts
 *   edit_others_posts (channel, team or system admins only): 403 otherwise;
 * - a post in an archived channel is 400 `api.post.patch_post.can_not_update_post_in_deleted.error`;
 * - the patched post must still be valid (model.Post.IsValid: message length, props);
 * - 200 with the whole post; edit_at moves only when the message changed (app/post.go UpdatePost).
 * ServiceSettings.PostEditTimeLimit is -1 (no limit) by default and not simulated.
 */
import { AppError, forbidden, invalidBodyParam } from '../errors';
import { jsonBody, ok, route, type ApiContext, type Route } from './context';
import { isMember } from './permissions';
import { validatePost } from './post-rules';
import { postJson } from './shapes';

interface PostPatch {
  message?: unknown;
  props?: unknown;
  is_pinned?: unknown;
  file_ids?: unknown;
  has_reactions?: unknown;
}

function readPatch(c: ApiContext): PostPatch {
  const body = jsonBody(c, 'post') as PostPatch;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidBodyParam('post');
  const wrong =
    (body.message !== undefined && body.message !== null && typeof body.message !== 'string') ||
    (body.props !== undefined && body.props !== null && (typeof body.props !== 'object' || Array.isArray(body.props))) ||
    (body.is_pinned !== undefined && body.is_pinned !== null && typeof body.is_pinned !== 'boolean') ||
    (body.has_reactions !== undefined && body.has_reactions !== null && typeof body.has_reactions !== 'boolean') ||
    (body.file_ids !== undefined && body.file_ids !== null && !Array.isArray(body.file_ids));
  if (wrong) throw invalidBodyParam('post');
  return body;
}

function patchPost(c: ApiContext) {
  const patch = readPatch(c);
  const post = c.store.postById(c.params['post_id']!);
  if (!post || post.delete_at) throw forbidden('edit_post');
  const ch = c.store.channelById(post.channel_id);
  const admin = c.store.isAdmin(c.user.id);
  const own = post.user_id === c.user.id;
  if (!ch || (!admin && (!own || !isMember(ch, c.user.id)))) throw forbidden(own ? 'edit_post' : 'edit_others_posts');
  if (ch.delete_at) throw new AppError(400, 'api.post.patch_post.can_not_update_post_in_deleted.error');
  const message = typeof patch.message === 'string' ? patch.message : undefined;
  const props = patch.props ? (patch.props as Record<string, unknown>) : undefined;
  // only what the patch brings is checked: a stored post's props were accepted once already
  validatePost({ channel_id: post.channel_id, message: message ?? post.message, props, type: post.type });
  const patched = c.store.patchPost(post.id, { message, props })!;
  return ok(postJson(c.store, patched));
}

export const postPatchRoutes: Route[] = [route('PUT', '/posts/:post_id/patch', patchPost)];
