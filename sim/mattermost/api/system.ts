/** Routes that need no session: GET /system/ping and GET /config/client. */
import { AppError, invalidBodyParam, VERSION_ID } from '../errors';
import { ok, publicRoute, type PublicContext, type Route } from './context';

/**
 * `server/channels/api4/system.go getSystemPing`: status plus the client requirements (empty unless
 * configured) and ActiveSearchBackend; 200 whenever the server is healthy.
 */
function ping() {
  return ok({ status: 'OK', AndroidLatestVersion: '', AndroidMinVersion: '', IosLatestVersion: '', IosMinVersion: '', ActiveSearchBackend: 'database' });
}

const VERSION = VERSION_ID.split('.').slice(0, 3).join('.');

/**
 * `server/channels/api4/config.go getClientConfig`: only `format=old` is served (none is 501
 * `api.config.client.old_format.app_error`, anything else 400 invalid `format`), a flat map of strings;
 * without a session the limited config (config/client.go GenerateLimitedClientConfig), with one the
 * fuller one. Client4.getClientConfig sends format=old.
 */
function clientConfig(c: PublicContext) {
  const format = c.query.get('format') ?? '';
  if (format === '') throw new AppError(501, 'api.config.client.old_format.app_error');
  if (format !== 'old') throw invalidBodyParam('format');
  const site = `${c.r.publicOrigin}${c.subpath}`;
  const limited: Record<string, string> = {
    Version: VERSION, BuildNumber: VERSION, BuildDate: '', BuildHash: 'abc123', BuildHashEnterprise: 'none', BuildEnterpriseReady: 'false',
    SiteURL: site, SiteName: 'Mattermost', EnableSignInWithEmail: 'true', EnableSignInWithUsername: 'true', EnableSignUpWithEmail: 'true',
    EnableUserCreation: 'true', EnableOpenServer: 'false', DiagnosticsEnabled: 'false', NoAccounts: 'false',
  };
  if (!c.session) return ok(limited);
  return ok({
    ...limited,
    EnableUserAccessTokens: String(c.settings.enableUserAccessTokens),
    EnableOAuthServiceProvider: String(c.settings.enableOAuthProvider),
    EnableDeveloper: String(c.settings.developerMode),
    EnableCommands: 'true',
    // config/client.go GenerateClientConfig: a client can tell whether a webhook's posts may carry their own name and icon
    EnableIncomingWebhooks: String(c.settings.enableIncomingWebhooks),
    EnablePostUsernameOverride: String(c.settings.enablePostUsernameOverride),
    EnablePostIconOverride: String(c.settings.enablePostIconOverride),
    MaxPostSize: '16383',
    // config/client.go GenerateClientConfig: clients read these before asking for emails or names
    ShowEmailAddress: String(c.settings.showEmailAddress),
    ShowFullName: String(c.settings.showFullName),
    ExperimentalStrictCSRFEnforcement: String(c.settings.strictCsrf),
  });
}

export const systemRoutes: Route[] = [publicRoute('GET', '/system/ping', ping), publicRoute('GET', '/config/client', clientConfig)];
