import browser from 'webextension-polyfill';
import { browserRegistrationApi } from '../browser-registration';
import { forgetManaged, whenLatePolicy } from '../managed';
import { isOnSite, type Product, siteOf } from '../origins';
import { reconcile, serial } from '../registration';
import { loadSettings, SETTINGS_KEY } from '../settings';

/** One reconcile at a time, however many events ask for it. */
export const syncRegistrations = serial(async () => reconcile(await loadSettings(), browserRegistrationApi));

/** Keeps content-script registrations in line with settings and granted permissions. */
export function watchSiteAccess(): void {
  const run = () => {
    syncRegistrations().catch((err) => console.error('NowBridge: could not update content scripts', err));
  };
  browser.runtime.onInstalled.addListener(run);
  browser.runtime.onStartup.addListener(run);
  browser.permissions.onAdded.addListener(run);
  browser.permissions.onRemoved.addListener(run);
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'managed') forgetManaged();
    if (area === 'managed' || (area === 'local' && SETTINGS_KEY in changes)) run();
  });
  // A policy that arrives late (see loadManaged) still gets its sites registered.
  whenLatePolicy(run);
}

/** Is `url` on a configured site of `product`? */
export async function isConfiguredSite(url: string, product: Product): Promise<boolean> {
  const settings = await loadSettings();
  return settings[product].some(({ base }) => isOnSite(url, siteOf(base, product)));
}
