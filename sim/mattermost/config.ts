/** Server switches and injected faults; both can change while the simulator runs (control). */

export interface MmRateLimit {
  enabled: boolean;
  /** tokens added per second */
  perSec: number;
  /** burst on top of one request, as the real limiter (throttled GCRA: limit = maxBurst + 1) */
  maxBurst: number;
}

export interface MmSettings {
  /** ServiceSettings.EnableUserAccessTokens: off on real servers by default, on here so PATs work out of the box */
  enableUserAccessTokens: boolean;
  /** ServiceSettings.EnableDeveloper: fills detailed_error */
  developerMode: boolean;
  /** ServiceSettings.ExperimentalStrictCSRFEnforcement: X-Requested-With no longer passes CSRF */
  strictCsrf: boolean;
  /** ServiceSettings.EnableOAuthServiceProvider */
  enableOAuthProvider: boolean;
  /** SessionLengthSSOInHours × 3600: OAuth access token lifetime */
  oauthExpiresInSec: number;
  /** ServiceSettings.CollapsedThreads = always_on (off here, as `disabled`): replies leave the center channel and
   * roots show a thread footer ("N replies"); users may turn it either way, so the product must work in both */
  collapsedThreads: boolean;
  /** the `send_on_ctrl_enter` preference (Settings → Advanced), a user's choice on real servers and one switch here:
   * pages loaded while it is on send only on Ctrl/⌘+Enter; Enter alone inserts a newline */
  sendOnCtrlEnter: boolean;
  /** PrivacySettings.ShowEmailAddress (default on): off, other users' emails are blanked and users/email is 403 for
   * non-admins (server/channels/app/user.go GetSanitizeOptions, api4/user.go getUserByEmail) */
  showEmailAddress: boolean;
  /** PrivacySettings.ShowFullName (default on): off, other users' first and last names are blanked */
  showFullName: boolean;
  /** ServiceSettings.EnableIncomingWebhooks (default on, `server/public/model/config.go` SetDefaults): off, `POST /hooks/{id}`
   * answers 501 (`app/webhook.go HandleIncomingWebhook`) and control.createIncomingWebhook throws */
  enableIncomingWebhooks: boolean;
  /** ServiceSettings.EnablePostUsernameOverride (default off): only when on does a webhook post carry
   * `props.override_username` (the request's `username`, the hook's, else "webhook": `app/webhook.go CreateWebhookPost`) */
  enablePostUsernameOverride: boolean;
  /** ServiceSettings.EnablePostIconOverride (default off): only when on does a webhook post carry `props.override_icon_url`
   * / `override_icon_emoji` */
  enablePostIconOverride: boolean;
  rateLimit: MmRateLimit;
}

export interface MmFaults {
  /** added before every API / OAuth token response, ms */
  latencyMs: number;
  /** share of API requests answered 500 (0..1), drawn from the seeded PRNG */
  rate5xx: number;
}

export const DEFAULT_SETTINGS: MmSettings = {
  enableUserAccessTokens: true,
  developerMode: false,
  strictCsrf: false,
  enableOAuthProvider: true,
  oauthExpiresInSec: 720 * 3600,
  collapsedThreads: false,
  sendOnCtrlEnter: false,
  showEmailAddress: true,
  showFullName: true,
  enableIncomingWebhooks: true,
  enablePostUsernameOverride: false,
  enablePostIconOverride: false,
  rateLimit: { enabled: false, perSec: 10, maxBurst: 100 },
};

export const DEFAULT_FAULTS: MmFaults = { latencyMs: 0, rate5xx: 0 };

/** Shallow merge, with rateLimit merged one level down so `{rateLimit:{enabled:true}}` keeps the rest. */
export function mergeSettings(base: MmSettings, patch: SettingsPatch): MmSettings {
  return { ...base, ...patch, rateLimit: { ...base.rateLimit, ...(patch.rateLimit ?? {}) } };
}

export type SettingsPatch = Partial<Omit<MmSettings, 'rateLimit'>> & { rateLimit?: Partial<MmRateLimit> };
