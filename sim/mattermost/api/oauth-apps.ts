/**
 * POST /oauth/apps as `server/channels/api4/oauth.go createOAuthApp` answers it on servers that take
 * `is_public` (model.OAuthAppRequest in `server/public/model/oauth.go`; older servers ignore the field
 * and always issue a secret):
 * - manage_oauth: with the default roles (EnableOnlyAdminIntegrations) system admins only, 403 otherwise;
 *   is_trusted sticks only for manage_system, which admins have;
 * - EnableOAuthServiceProvider off is 501 `api.oauth.register_oauth_app.turn_off.app_error`
 *   (app/oauth.go CreateOAuthAppInternal);
 * - model.OAuthApp.IsValid: name 1–64 chars, callback_urls non-empty http(s) URLs, homepage a required
 *   http(s) URL, description ≤ 512, icon_url http(s) if given: 400 `model.oauth.is_valid.*`;
 * - 201 with the app; a confidential app gets a fresh client_secret, a public one an empty one (it then
 *   authenticates with PKCE only). The app is usable at /oauth/authorize and /oauth/access_token at once.
 */
import { AppError, forbidden, invalidBodyParam } from '../errors';
import { newId } from '../ids';
import { jsonBody, ok, route, type ApiContext, type Route } from './context';

interface OAuthAppRequest {
  name?: unknown;
  description?: unknown;
  icon_url?: unknown;
  callback_urls?: unknown;
  homepage?: unknown;
  is_trusted?: unknown;
  is_public?: unknown;
}

/** model.IsValidHTTPURL: http:// or https:// and a parseable URL. */
function isHttpUrl(s: unknown): s is string {
  if (typeof s !== 'string' || !/^https?:\/\//i.test(s)) return false;
  try {
    new URL(s);
    return true;
  } catch {
    return false;
  }
}

const invalid = (field: string) => new AppError(400, `model.oauth.is_valid.${field}.app_error`);

function readRequest(c: ApiContext): OAuthAppRequest {
  const body = jsonBody(c, 'oauth_app') as OAuthAppRequest;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) throw invalidBodyParam('oauth_app');
  const strings = ['name', 'description', 'icon_url', 'homepage'] as const;
  const bools = ['is_trusted', 'is_public'] as const;
  // json.Decode into the struct fails on a wrong type: the whole body is refused
  if (strings.some((k) => body[k] !== undefined && body[k] !== null && typeof body[k] !== 'string')) throw invalidBodyParam('oauth_app');
  if (bools.some((k) => body[k] !== undefined && body[k] !== null && typeof body[k] !== 'boolean')) throw invalidBodyParam('oauth_app');
  const urls = body.callback_urls;
  if (urls !== undefined && urls !== null && (!Array.isArray(urls) || urls.some((u) => typeof u !== 'string'))) throw invalidBodyParam('oauth_app');
  return body;
}

function createOAuthApp(c: ApiContext) {
  const req = readRequest(c);
  const admin = c.store.isAdmin(c.user.id);
  if (!admin) throw forbidden('manage_oauth');
  if (!c.settings.enableOAuthProvider) throw new AppError(501, 'api.oauth.register_oauth_app.turn_off.app_error');
  const name = (req.name as string | undefined) ?? '';
  const description = (req.description as string | undefined) ?? '';
  const iconUrl = (req.icon_url as string | undefined) ?? '';
  const homepage = (req.homepage as string | undefined) ?? '';
  const callbacks = (req.callback_urls as string[] | null | undefined) ?? [];
  if (name === '' || name.length > 64) throw invalid('name');
  if (callbacks.length === 0 || `[${callbacks.join(' ')}]`.length > 1024 || !callbacks.every(isHttpUrl)) throw invalid('callback');
  if (homepage === '' || homepage.length > 256 || !isHttpUrl(homepage)) throw invalid('homepage');
  if ([...description].length > 512) throw invalid('description');
  if (iconUrl !== '' && (iconUrl.length > 512 || !isHttpUrl(iconUrl))) throw invalid('icon_url');
  const isPublic = req.is_public === true;
  const at = c.store.now();
  const app = {
    id: newId(), creator_id: c.user.id, create_at: at, update_at: at, client_secret: isPublic ? '' : newId(), name, description,
    icon_url: iconUrl, callback_urls: callbacks, homepage, is_trusted: req.is_trusted === true && admin, mattermost_app_id: '',
  };
  c.store.oauthApps.set(app.id, {
    client_id: app.id, redirect_uris: [...callbacks], is_public: isPublic, name, is_trusted: app.is_trusted,
    ...(isPublic ? {} : { client_secret: app.client_secret }),
  });
  return ok(app, 201);
}

export const oauthAppRoutes: Route[] = [route('POST', '/oauth/apps', createOAuthApp)];
