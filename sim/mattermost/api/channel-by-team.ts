/**
 * GET /teams/{team_id}/channels/name/{channel_name} as `server/channels/api4/channel.go getChannelByName`
 * answers it (Client4.getChannelByName):
 * - the channel is looked up by team and name first; none (or an archived one without
 *   `include_deleted=true`) is 404 `app.channel.get_by_name.missing.app_error`; an unknown team is that too;
 * - a public channel needs read_public_channel in its team or read_channel: 403 otherwise;
 * - any other channel the caller can't read is 404 as well, so its existence never leaks.
 */
import { AppError, forbidden } from '../errors';
import { ok, route, type ApiContext, type Route } from './context';
import { canRead } from './permissions';
import { channelJson } from './shapes';

/** strconv.ParseBool's true spellings. */
const TRUE = new Set(['1', 't', 'T', 'true', 'TRUE', 'True']);

function channelByTeamIdAndName(c: ApiContext) {
  const includeDeleted = TRUE.has(c.query.get('include_deleted') ?? '');
  const ch = c.store.channelByName(c.params['team_id']!, c.params['channel_name']!);
  if (!ch || (ch.delete_at && !includeDeleted)) throw new AppError(404, 'app.channel.get_by_name.missing.app_error');
  if (!canRead(c.store, c.user.id, ch)) {
    if (ch.type === 'O') throw forbidden('read_public_channel');
    throw new AppError(404, 'app.channel.get_by_name.missing.app_error', `teamId=${ch.team_id}, name=${ch.name}`);
  }
  return ok(channelJson(c.store, ch));
}

export const channelByTeamRoutes: Route[] = [route('GET', '/teams/:team_id/channels/name/:channel_name', channelByTeamIdAndName)];
