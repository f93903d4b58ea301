/**
 * The real server's error envelope (model.AppError.ToJSON) and the wire headers every API
 * response carries (handlers.go ServeHTTP).
 */
import type { ServerResponse } from 'node:http';

/** "{version}.{build}.{configHash}.{licensed}" as the real server sends it. */
export const VERSION_ID = '10.11.0.10.11.0.abc123.false';

/** English messages for the ids the simulator uses; clients must match on `id`, never on these. */
const MESSAGES: Record<string, string> = {
  'api.context.session_expired.app_error': 'Invalid or expired session, please login again.',
  'api.context.token_provided.app_error': 'Session is not OAuth but token was provided in the query string.',
  'api.context.permissions.app_error': 'You do not have the appropriate permissions.',
  'api.context.invalid_url_param.app_error': 'Invalid or missing {name} parameter in request URL.',
  'api.context.invalid_body_param.app_error': 'Invalid or missing {name} in request body.',
  'api.context.invalid_param.app_error': 'Invalid {name} parameter.',
  'api.oauth.allow_oauth.turn_off.app_error': 'The system admin has turned off OAuth2 Service Provider.',
  'api.context.404.app_error': 'Sorry, we could not find the page.',
  'api.context.request_body_too_large.app_error': 'Your request is too large to process.',
  'api.context.server_busy.app_error': 'Non-critical services are currently unavailable.',
  'app.channel.get_by_name.missing.app_error': 'Channel does not exist.',
  'app.channel.get.existing.app_error': 'Unable to find the existing channel.',
  'app.team.get_by_name.missing.app_error': 'Unable to find the existing team.',
  'app.team.get.find.app_error': 'Unable to find the existing team.',
  'app.user.missing_account.const': 'Unable to find the user.',
  'app.user.get_by_username.app_error': 'Unable to find an existing account matching your username for this team. This team may require an invite from the team owner to join.',
  'api.user.get_user_by_email.permissions.app_error': 'Unable to get user by email.',
  'api.user.autocomplete_users.missing_team_id.app_error': 'Team id parameter is required to autocomplete by channel.',
  'api.post.patch_post.can_not_update_post_in_deleted.error': 'Can not update a post in a deleted channel.',
  'api.command.execute_command.start.app_error': 'No command trigger found.',
  'api.command.execute_command.not_found.app_error': 'Command with a trigger of \'{name}\' not found. To send a message beginning with "/", try adding an empty space at the beginning of the message.',
  'api.command.execute_command.deleted.error': 'Cannot run command in archived channel.',
  'api.config.client.old_format.app_error': 'New format for the client configuration is not supported yet. Please specify format=old in the query string.',
  'api.oauth.register_oauth_app.turn_off.app_error': 'The system admin has turned off OAuth2 Service Provider.',
  'model.oauth.is_valid.name.app_error': 'Invalid name.',
  'model.oauth.is_valid.callback.app_error': 'Callback URL must be a valid URL and start with http:// or https://.',
  'model.oauth.is_valid.homepage.app_error': 'Homepage must be a valid URL and start with http:// or https://.',
  'model.oauth.is_valid.description.app_error': 'Invalid description.',
  'model.oauth.is_valid.icon_url.app_error': 'Icon URL must be a valid URL and start with http:// or https://.',
  'app.post.get.app_error': 'Unable to get the post.',
  'api.payload.parse.error': 'Error parsing the payload.',
  'api.post.posts_by_ids.invalid_body.request_error': 'The number of post ids in the request body must not exceed {name}.',
  'api.user.login.invalid_credentials_email_username': 'Enter a valid email or username and/or password.',
  'api.user.login.blank_pwd.app_error': 'Password field must not be blank',
  'api.user.create_user_access_token.disabled': 'Personal access tokens are disabled on this server.',
  'api.channel.create_direct_channel.invalid_user.app_error': 'Invalid user ID for direct channel creation.',
  'api.post.create_post.can_not_post_to_deleted.error': 'Can not post to deleted channel.',
  'api.post.create_post.root_id.app_error': 'Invalid RootId parameter.',
  'api.post.create_post.channel_root_id.app_error': 'Invalid ChannelId for RootId parameter.',
  'store.sql_post.save.existing.app_error': 'You cannot update an existing Post.',
  'model.post.is_valid.msg.app_error': 'Invalid message.',
  'model.post.is_valid.message_length.app_error': 'Post Message property is longer than the maximum permitted length. Length: {name}',
  'model.post.is_valid.type.app_error': 'Invalid type.',
  'model.post.is_valid.props.app_error': 'Invalid props.',
  'model.post.is_valid.root_id.app_error': 'Invalid root id.',
  'model.post.is_valid.attachments.app_error': 'Invalid message attachment.',
  'api.oauth.allow_oauth.redirect_callback.app_error': 'invalid_request: Supplied redirect_uri did not match registered callback_url.',
  'api.oauth.authorize_oauth.disabled.app_error': 'The system admin has turned off OAuth2 Service Provider.',
  'api.oauth.get_access_token.disabled.app_error': 'The system admin has turned off OAuth2 Service Provider.',
  'api.oauth.get_access_token.bad_grant.app_error': 'invalid_request: Bad grant_type.',
  'api.oauth.get_access_token.missing_code.app_error': 'invalid_request: Missing code.',
  'api.oauth.get_access_token.missing_refresh_token.app_error': 'invalid_request: Missing refresh_token.',
  'api.oauth.get_access_token.bad_client_id.app_error': 'invalid_request: Bad client_id.',
  'api.oauth.get_access_token.credentials.app_error': 'invalid_client: Invalid client credentials.',
  'api.oauth.get_access_token.expired_code.app_error': 'invalid_grant: Invalid or expired code.',
  'api.oauth.get_access_token.redirect_uri.app_error': 'invalid_request: Supplied redirect_uri does not match authorization code redirect_uri.',
  'api.oauth.get_access_token.refresh_token.app_error': 'invalid_grant: Invalid refresh token.',
  'model.oauth.validate_grant.credentials.app_error': 'Invalid client credentials.',
  'model.oauth.validate_grant.public_client_secret.app_error': 'Public clients must not provide a client secret.',
  'model.oauth.validate_grant.public_client_refresh_token.app_error': 'Public clients cannot use the refresh token grant.',
  'api.oauth.get_access_token.pkce_verification_failed.app_error': 'invalid_grant: PKCE code_verifier does not match code_challenge.',
  'oauth_pkce_required': 'invalid_request: Public clients must use PKCE (code_challenge with S256).',
  'api.user.login.bot_login_forbidden.app_error': 'Bot login is forbidden.',
  'api.post.delete_post.can_not_delete_post_in_deleted.error': 'Can not delete a post in a deleted channel.',
  'api.post.delete_post.not_enabled.app_error': 'Cannot delete post, ServiceSettings.EnableAPIPostDeletion is not enabled.',
  'api.post.create_webhook_post.creating.app_error': 'Error creating post.',
  // incoming webhooks (server/i18n/en.json): the web handler wraps every failure in one of its own ids
  'web.incoming_webhook.parse_form.app_error': 'Failed to parse form for webhook {hook_id}.',
  'web.incoming_webhook.parse_multipart.app_error': 'Failed to parse multipart form for webhook {hook_id}.',
  'web.incoming_webhook.media_type.app_error': 'Failed to parse media incoming webhook {hook_id}.',
  'web.incoming_webhook.decode.app_error': 'Failed to decode the payload of media type {media_type} for incoming webhook {hook_id}.',
  'web.incoming_webhook.general.app_error': 'Failed to handle the payload of media type {media_type} for incoming webhook {hook_id}.',
  'model.incoming_hook.parse_data.app_error': 'Unable to parse incoming data.',
  'web.incoming_webhook.disabled.app_error': 'Incoming webhooks have been disabled by the system admin.',
  'web.incoming_webhook.text.app_error': 'No text specified.',
  'web.incoming_webhook.invalid.app_error': 'Invalid webhook.',
  'web.incoming_webhook.channel.app_error': "Couldn't find the channel.",
  'web.incoming_webhook.user.app_error': "Couldn't find the user {user}",
  'web.incoming_webhook.channel_locked.app_error': 'This webhook is not permitted to post to the requested channel {channel_id}',
  'web.incoming_webhook.permissions.app_error': 'User {user} does not have appropriate permissions to channel {channel}',
  'web.incoming_webhook.split_props_length.app_error': 'Unable to split webhook props into {Max} character parts.',
};

export class AppError extends Error {
  constructor(
    readonly status: number,
    readonly id: string,
    /** shown only in developer mode, as on the real server */
    readonly detailed = '',
    /** fills {name} in the message template; an object fills each {key} */
    readonly param: string | Record<string, string> = '',
  ) {
    super(id);
  }

  envelope(requestId: string, developerMode: boolean) {
    const template = MESSAGES[this.id] ?? (this.status >= 500 ? 'Internal Server Error' : this.id);
    const params = typeof this.param === 'string' ? { name: this.param } : this.param;
    return {
      id: this.id,
      message: template.replace(/\{(\w+)\}/g, (whole, key: string) => params[key] ?? (key === 'name' ? '' : whole)),
      detailed_error: developerMode ? this.detailed : '',
      request_id: requestId,
      status_code: this.status,
    };
  }
}

export const sessionExpired = (detailed = '') => new AppError(401, 'api.context.session_expired.app_error', detailed);
export const forbidden = (detailed = '') => new AppError(403, 'api.context.permissions.app_error', detailed);
export const invalidUrlParam = (name: string) => new AppError(400, 'api.context.invalid_url_param.app_error', `${name}`, name);
export const invalidBodyParam = (name: string) => new AppError(400, 'api.context.invalid_body_param.app_error', `${name}`, name);

/** Sets the headers every response of the real server carries. */
export function setBaseHeaders(res: ServerResponse, requestId: string): void {
  res.setHeader('X-Request-Id', requestId);
  res.setHeader('X-Version-Id', VERSION_ID);
}

/**
 * Writes an API JSON response: `Content-Type: application/json` exactly (Client4 parses JSON only
 * then) and `Expires: 0` on GET.
 */
export type Headers = Record<string, string | string[]>;

export function writeJson(res: ServerResponse, method: string, status: number, body: unknown, headers: Headers = {}): void {
  const h: Headers = { 'Content-Type': 'application/json', ...headers };
  if (method === 'GET') h['Expires'] = '0';
  res.writeHead(status, h);
  res.end(status === 304 || body === undefined ? undefined : JSON.stringify(body));
}

export function writeAppError(res: ServerResponse, method: string, err: AppError, requestId: string, developerMode: boolean, headers: Headers = {}): void {
  writeJson(res, method, err.status, err.envelope(requestId, developerMode), headers);
}

/** Go's http.Error as the rate limiter uses it: plain text, not an AppError. */
export function writeRateLimited(res: ServerResponse, retryAfterSec: number): void {
  res.writeHead(429, {
    'Content-Type': 'text/plain; charset=utf-8',
    'X-Content-Type-Options': 'nosniff',
    'Retry-After': String(retryAfterSec),
  });
  res.end('limit exceeded\n');
}
