/**
 * POST /commands/execute as `server/channels/api4/command.go executeCommand` answers it:
 * - the body is model.CommandArgs; a command that is not "/" plus something, or a malformed
 *   channel_id, is 400 `api.command.execute_command.start.app_error`;
 * - create_post in the channel (members; admins anywhere; read-only channels admins only): 403;
 * - an archived channel is 400 `api.command.execute_command.deleted.error`;
 * - the trigger must be a registered command: the simulator knows the built-in `/shrug`
 *   (`app/slashcommands/command_shrug.go`), everything else is 404 `api.command.execute_command.not_found.app_error`;
 * - 200 with the model.CommandResponse; an in_channel response is posted as the caller
 *   (app/command.go HandleCommandResponse).
 */
import { AppError, forbidden, invalidBodyParam } from '../errors';
import { isValidId } from '../ids';
import { jsonBody, ok, route, type ApiContext, type Route } from './context';
import { isMember } from './permissions';

/** command_shrug.go's text, a Go raw string: the backslashes escape Markdown. */
export const SHRUG = '¯\\\\\\_(ツ)\\_/¯';

/** model.CommandResponse with every field, as json.Encoder writes it. */
function commandResponse(text: string, responseType: 'in_channel' | 'ephemeral') {
  return {
    response_type: responseType, text, username: '', channel_id: '', icon_url: '', type: '', props: null,
    goto_location: '', trigger_id: '', skip_slack_parsing: false, attachments: null, extra_responses: null,
  };
}

function executeCommand(c: ApiContext) {
  const args = jsonBody(c, 'command_args') as { command?: unknown; channel_id?: unknown; root_id?: unknown };
  if (typeof args !== 'object' || args === null || Array.isArray(args)) throw invalidBodyParam('command_args');
  const command = typeof args.command === 'string' ? args.command : '';
  if (command.length <= 1 || !command.startsWith('/') || !isValidId(args.channel_id)) throw new AppError(400, 'api.command.execute_command.start.app_error');
  const ch = c.store.channelById(args.channel_id as string);
  const admin = c.store.isAdmin(c.user.id);
  if (!ch || (!admin && (!isMember(ch, c.user.id) || ch.read_only))) throw forbidden('create_post');
  if (ch.delete_at) throw new AppError(400, 'api.command.execute_command.deleted.error');
  const [trigger, ...rest] = command.slice(1).split(' ');
  const message = rest.join(' ').trim();
  if (trigger !== 'shrug') throw new AppError(404, 'api.command.execute_command.not_found.app_error', '', trigger);
  const text = message ? `${message} ${SHRUG}` : SHRUG;
  const rootId = typeof args.root_id === 'string' ? args.root_id : '';
  c.store.createPost({ channel_id: ch.id, user_id: c.user.id, message: text, root_id: rootId });
  return ok(commandResponse(text, 'in_channel'));
}

export const commandRoutes: Route[] = [route('POST', '/commands/execute', executeCommand)];
