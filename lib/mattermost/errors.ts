/**
 * Why a Mattermost call failed, in words the share dialog can show (issue 5: cannot post / archived /
 * too long / offline / needs sign-in). Matches on AppError `id` and status, never on the localised
 * `message`, and never echoes the server's text.
 */
import { HttpError, NeedsSignInError } from '../http';
import { PostTooLongError, MAX_MESSAGE_RUNES } from './client';
import { isStillSaving, PostOutcomeUnknownError } from './post-once';

export type PostErrorReason =
  | 'cannot-post'
  | 'archived'
  | 'read-only'
  | 'too-long'
  | 'needs-sign-in'
  | 'offline'
  | 'rate-limited'
  | 'not-found'
  | 'server'
  | 'still-posting'
  | 'maybe-posted'
  | 'other';

/**
 * What the caller knows about the target channel. The 403 for a read-only (moderated) channel is
 * the same `api.context.permissions.app_error` as for a non-member, so membership tells them apart:
 * a member refused create_post is in a channel where only admins post.
 */
export interface ChannelFacts {
  delete_at?: number;
  /** true when the channel came from the user's own channel list or search_autocomplete */
  member?: boolean;
}

export const ARCHIVED_ID = 'api.post.create_post.can_not_post_to_deleted.error';
const TOO_LONG_IDS = new Set(['model.post.is_valid.msg.app_error', 'model.post.is_valid.message_length.app_error', 'model.post.is_valid.props.app_error', 'api.context.request_body_too_large.app_error']);

export function postErrorReason(err: unknown, channel: ChannelFacts = {}): PostErrorReason {
  if (err instanceof PostTooLongError) return 'too-long';
  if (err instanceof PostOutcomeUnknownError) return 'maybe-posted';
  if (isStillSaving(err)) return 'still-posting';
  if (!(err instanceof HttpError)) return 'other';
  if (err.errorId === ARCHIVED_ID || (err.status === 403 && (channel.delete_at ?? 0) > 0)) return 'archived';
  if (err.status === 413 || (err.errorId && TOO_LONG_IDS.has(err.errorId))) return 'too-long';
  switch (err.kind) {
    case 'forbidden':
      return channel.member ? 'read-only' : 'cannot-post';
    case 'unauthorized':
      return 'needs-sign-in';
    case 'unreachable':
    case 'timeout':
      return 'offline';
    case 'rate-limited':
      return 'rate-limited';
    case 'not-found':
      return 'not-found';
    case 'server':
      return 'server';
    default:
      return 'other';
  }
}

/** The sentence the dialog shows; the typed message stays in the box whatever it says. */
export function postErrorMessage(err: unknown, channel: ChannelFacts = {}): string {
  const reason = postErrorReason(err, channel);
  switch (reason) {
    case 'archived':
      return 'This channel is archived.';
    case 'read-only':
      return 'Only admins can post in this channel.';
    case 'cannot-post':
      return "You can't post in this channel.";
    case 'too-long':
      return err instanceof PostTooLongError && err.part === 'props'
        ? 'The shared record is too large for Mattermost.'
        : `The message is too long: Mattermost accepts at most ${MAX_MESSAGE_RUNES.toLocaleString('en')} characters.`;
    case 'needs-sign-in':
      // The authorized fetch's message already says which server and "Reconnect".
      return err instanceof NeedsSignInError ? err.message : 'Needs sign-in: reconnect to Mattermost in NowBridge’s settings.';
    case 'offline':
      return "Can't reach Mattermost. Check your connection and try again.";
    case 'rate-limited': {
      const s = err instanceof HttpError && err.retryAfterMs ? Math.ceil(err.retryAfterMs / 1000) : 0;
      return `Mattermost is busy. Try again ${s ? `in ${s} s` : 'in a moment'}.`;
    }
    case 'not-found':
      return 'This channel no longer exists, or you no longer have access.';
    case 'server':
      return 'Mattermost had a problem. Try again in a moment.';
    case 'still-posting':
      // post-once.ts: a repeat within 30 s returns this post, a later one looks for it first
      return 'Mattermost is still saving this post. Press Post again in a moment: it will not be posted twice.';
    case 'maybe-posted':
      return (err as PostOutcomeUnknownError).message;
    default:
      return err instanceof HttpError ? err.message : 'Posting failed.';
  }
}
