import { defineConfig } from 'wxt';
import preact from '@preact/preset-vite';
import { CHROME_PUBLIC_KEY, GECKO_ID } from './lib/extension-id';
import { E2E_HOST_PERMISSIONS } from './e2e/hosts';

// ServiceNow's SaaS domain is granted at install; every other site (custom ServiceNow domains,
// self-hosted Mattermost) is optional and asked for at runtime, from the options page.
const REQUIRED_HOSTS = ['https://*.service-now.com/*'];
// http only for this computer (a local Mattermost); everything else must be https.
const OPTIONAL_HOSTS = ['https://*/*', 'http://localhost/*', 'http://127.0.0.1/*'];

export default defineConfig({
  vite: () => ({ plugins: [preact()] }),
  manifest: ({ browser, manifestVersion, mode }) => ({
    name: 'NowBridge for ServiceNow and Mattermost',
    description: 'Share ServiceNow records to Mattermost, see live record cards in chat, and search ServiceNow from any tab.',
    permissions: ['storage', 'scripting', 'identity', 'cookies', 'contextMenus', 'notifications', 'alarms', 'idle'],
    // The e2e build may not show permission prompts (nobody can click them), so it holds its test hosts upfront.
    host_permissions: [...REQUIRED_HOSTS, ...(mode === 'e2e' ? E2E_HOST_PERMISSIONS : [])],
    ...(manifestVersion === 3 ? { optional_host_permissions: OPTIONAL_HOSTS } : { optional_permissions: OPTIONAL_HOSTS }),
    // Administrators preset sites and sign-in through policy (Firefox reads policies.json instead).
    ...(browser === 'chrome' ? { key: CHROME_PUBLIC_KEY, storage: { managed_schema: 'managed_schema.json' } } : {}),
    ...(browser === 'firefox'
      ? { browser_specific_settings: { gecko: { id: GECKO_ID, strict_min_version: '128.0', data_collection_permissions: { required: ['none'] } } } }
      : {}),
    // The in-page frames (share dialog, search, hover card): a page may load frame.html, but it works only for a
    // session its tab's content script opened (lib/background/frame-sessions.ts). Chrome's dynamic URL changes
    // every browser session, so a page can't even tell NowBridge is installed from it.
    web_accessible_resources:
      manifestVersion === 3
        ? [{ resources: ['frame.html'], matches: [...REQUIRED_HOSTS, ...OPTIONAL_HOSTS], use_dynamic_url: true }]
        : ['frame.html'],
    action: { default_title: 'NowBridge' },
    // The search popup from any tab. Alt+Shift+S is taken by neither Chrome (Alt+Shift+I/T/A are) nor
    // Mattermost (Alt+Shift+↑/↓, Ctrl/Cmd+Shift+…); users change it at chrome://extensions/shortcuts.
    // MV2 (Firefox) names the same command after its browser_action.
    commands: {
      [manifestVersion === 3 ? '_execute_action' : '_execute_browser_action']: { suggested_key: { default: 'Alt+Shift+S' }, description: 'Search ServiceNow' },
    },
  }),
});
