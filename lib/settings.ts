import browser from 'webextension-polyfill';
import { loadManaged, type ManagedConfig } from './managed';
import { parseSiteAddress, type Product } from './origins';
import { parseSignIn, type SignIn } from './sign-in';

export { SIGN_IN_METHODS, type SignIn, type SignInMethod } from './sign-in';

/**
 * What the user configured: which ServiceNow instances and Mattermost servers NowBridge works with.
 * Nothing secret lives here (tokens stay in the background's encrypted store), so `storage.local` is fine
 * and content scripts may read it.
 */
export const SETTINGS_KEY = 'settings';

export interface SiteEntry {
  base: string;
  /** set once a connection succeeded, never before: a failed connect saves nothing */
  signIn?: SignIn;
  /** preset by an administrator (policy): it cannot be removed here */
  managed?: boolean;
}
export interface Settings {
  servicenow: SiteEntry[];
  mattermost: SiteEntry[];
}

/** Keeps every valid entry and drops the rest, so one bad row (hand-edited, older version) loses nothing else. */
function entries(raw: unknown, product: Product): SiteEntry[] {
  if (!Array.isArray(raw)) return [];
  const out: SiteEntry[] = [];
  for (const item of raw) {
    const row = (typeof item === 'object' && item ? item : {}) as Record<string, unknown>;
    const r = typeof row.base === 'string' ? parseSiteAddress(row.base, product) : undefined;
    if (!r?.ok || out.some((e) => e.base === r.site.base)) continue;
    const raw = (typeof row.signIn === 'object' && row.signIn ? row.signIn : {}) as Record<string, unknown>;
    const signIn = parseSignIn(raw.method, raw.clientId, product);
    out.push(signIn ? { base: r.site.base, signIn } : { base: r.site.base });
  }
  return out;
}

/**
 * Settings are re-validated on every load, so hand-edited storage can't smuggle anything in. No zod here on
 * purpose: content scripts read settings, and every address goes through parseSiteAddress anyway.
 */
export function parseSettings(raw: unknown): Settings {
  const obj = (typeof raw === 'object' && raw ? raw : {}) as Record<string, unknown>;
  return { servicenow: entries(obj.servicenow, 'servicenow'), mattermost: entries(obj.mattermost, 'mattermost') };
}

export type StorageArea = Pick<browser.Storage.StorageArea, 'get' | 'set'>;

/** Administrator-preset sites come first and are always there, with whatever the user stored for them. */
export function withManaged(settings: Settings, managed: ManagedConfig): Settings {
  const merge = (product: Product): SiteEntry[] => {
    const preset = managed.sites[product].map((base) => ({ ...settings[product].find((e) => e.base === base), base, managed: true }));
    return [...preset, ...settings[product].filter((e) => !managed.sites[product].includes(e.base))];
  };
  return { servicenow: merge('servicenow'), mattermost: merge('mattermost') };
}

/**
 * Read with browser.storage itself, not a WXT storage item: content scripts read settings, and WXT's storage
 * module would add about 3 KB gzip to each of them. The options page and the background write them through
 * settings-store.ts.
 */
export async function loadSettings(area: StorageArea = browser.storage.local, managed?: ManagedConfig): Promise<Settings> {
  const [got, policy] = await Promise.all([area.get(SETTINGS_KEY), managed ?? loadManaged()]);
  return withManaged(parseSettings(got[SETTINGS_KEY]), policy);
}
