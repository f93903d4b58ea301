/** Channel permissions as the default roles grant them (channel_user, team_user, system_admin). */
import { AppError, forbidden } from '../errors';
import type { SimChannel, SimStore } from '../store';

export function isMember(ch: SimChannel, userId: string): boolean {
  return ch.member_ids.includes(userId);
}

/** Members read any channel; team members also read public ones (read_public_channel); admins all. */
export function canRead(store: SimStore, userId: string, ch: SimChannel): boolean {
  if (isMember(ch, userId) || store.isAdmin(userId)) return true;
  return ch.type === 'O' && store.isTeamMember(ch.team_id, userId);
}

/**
 * create_post: members only; an archived channel refuses everyone; a read-only channel (channel
 * moderation without create_post for members) refuses all but admins.
 */
export function checkCanPost(store: SimStore, userId: string, ch: SimChannel | undefined): void {
  if (!ch || !isMember(ch, userId)) throw forbidden('create_post');
  if (ch.delete_at) throw new AppError(403, 'api.post.create_post.can_not_post_to_deleted.error');
  if (ch.read_only && !store.isAdmin(userId)) throw forbidden('create_post read_only');
}
