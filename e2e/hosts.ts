import { HOSTS } from '../sim/fixtures';

/**
 * Hosts the e2e build holds at install instead of asking (prompts can't be clicked in a test).
 * `unrelated` is deliberately absent: it stands for a site the user never granted.
 */
export const E2E_HOST_PERMISSIONS = [HOSTS.servicenowCustom, HOSTS.mattermost, HOSTS.notMattermost].map((h) => `https://${h}/*`);
