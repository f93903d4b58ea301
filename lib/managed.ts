import browser from 'webextension-polyfill';
import { parseSiteAddress, type Product } from './origins';
import { parseSignIn, type SignIn } from './sign-in';

/**
 * What an administrator preset through policy (`storage.managed`, schema in public/managed_schema.json):
 * sites that are always there, the sign-in method and OAuth client per product, and whether users may change them.
 */
export interface ManagedConfig {
  sites: Record<Product, string[]>;
  signIn: Partial<Record<Product, SignIn>>;
  locked: boolean;
}

export const NO_MANAGED: ManagedConfig = { sites: { servicenow: [], mattermost: [] }, signIn: {}, locked: false };

function sites(raw: unknown, product: Product): string[] {
  if (!Array.isArray(raw)) return [];
  const out: string[] = [];
  for (const v of raw) {
    const r = typeof v === 'string' ? parseSiteAddress(v, product) : undefined;
    if (r?.ok && !out.includes(r.site.base)) out.push(r.site.base);
  }
  return out;
}

/** Policy is validated like user input: an administrator's typo must not break the extension. */
export function parseManaged(raw: unknown): ManagedConfig {
  const r = (typeof raw === 'object' && raw ? raw : {}) as Record<string, unknown>;
  const sn = parseSignIn(r.servicenowSignIn, r.servicenowClientId, 'servicenow');
  const mm = parseSignIn(r.mattermostSignIn, r.mattermostClientId, 'mattermost');
  return {
    sites: { servicenow: sites(r.servicenowInstances, 'servicenow'), mattermost: sites(r.mattermostServers, 'mattermost') },
    signIn: { ...(sn ? { servicenow: sn } : {}), ...(mm ? { mattermost: mm } : {}) },
    locked: r.locked === true,
  };
}

let cached: ManagedConfig | undefined;
let pending: Promise<ManagedConfig> | undefined;

/**
 * Firefox without a managed-storage manifest, and browsers without policy, throw: that means "no policy".
 * Chromium's service worker can leave `storage.managed.get()` unanswered for seconds after start, so a read
 * waits at most `waitMs` and then goes on without policy; the late answer still lands in the cache, and a
 * policy change (storage.onChanged, area "managed") clears it.
 */
export function loadManaged(waitMs = 300): Promise<ManagedConfig> {
  if (cached) return Promise.resolve(cached);
  pending ??= Promise.resolve()
    .then(() => browser.storage.managed.get())
    .then(parseManaged, () => NO_MANAGED)
    .then((config) => {
      const changed = cached !== undefined && JSON.stringify(cached) !== JSON.stringify(config);
      cached = config;
      pending = undefined;
      if (changed) onLatePolicy?.(config);
      return config;
    });
  return Promise.race([
    pending,
    new Promise<ManagedConfig>((resolve) =>
      setTimeout(() => {
        // Go on without policy from now on, not just this once; the late answer replaces this when it lands.
        cached ??= NO_MANAGED;
        resolve(cached);
      }, waitMs),
    ),
  ]);
}

let onLatePolicy: ((config: ManagedConfig) => void) | undefined;
/** Called when a policy answer arrives after NowBridge went on without it (the background re-registers). */
export function whenLatePolicy(cb: (config: ManagedConfig) => void): void {
  onLatePolicy = cb;
}

/** Forgets the cached policy (after a policy change). */
export function forgetManaged(): void {
  cached = undefined;
  pending = undefined;
}
