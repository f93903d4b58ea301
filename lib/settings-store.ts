import { storage } from 'wxt/utils/storage';
import { loadManaged } from './managed';
import type { Product } from './origins';
import { parseSettings, SETTINGS_KEY, type Settings, type SignIn, type SiteEntry } from './settings';

/**
 * Changes to the stored (user) settings, by the options page and the background; content scripts only read
 * them (loadSettings). Read through parseSettings: storage may hold anything (hand-edited, an older version).
 */
const settingsItem = storage.defineItem<unknown>(`local:${SETTINGS_KEY}`);

async function saveSettings(settings: Settings): Promise<void> {
  // The managed flag comes from policy on every load; storing it would outlive the policy.
  const strip = (entries: SiteEntry[]) => entries.map(({ managed: _, ...e }) => e);
  await settingsItem.setValue(parseSettings({ servicenow: strip(settings.servicenow), mattermost: strip(settings.mattermost) }));
}

/**
 * Read-modify-write of the stored settings, one at a time across every NowBridge context: the options page and
 * the background both write, and two quick adds must not lose one. Administrator presets are merged on load,
 * never stored.
 */
async function updateStored(fn: (s: Settings) => Settings): Promise<Settings> {
  const run = async () => {
    const next = fn(parseSettings(await settingsItem.getValue()));
    await saveSettings(next);
    return next;
  };
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  if (locks) return locks.request('nowbridge-settings', run);
  const next = lastWrite.then(run, run);
  lastWrite = next.catch(() => undefined);
  return next;
}
let lastWrite: Promise<unknown> = Promise.resolve();

export function addSite(product: Product, base: string): Promise<Settings> {
  return updateStored((s) => (s[product].some((e) => e.base === base) ? s : { ...s, [product]: [...s[product], { base }] }));
}

export async function removeSite(product: Product, base: string): Promise<Settings> {
  if ((await loadManaged()).sites[product].includes(base)) throw new Error(`${base} was set by your administrator and can't be removed.`);
  return updateStored((s) => ({ ...s, [product]: s[product].filter((e) => e.base !== base) }));
}

/** Records how a site signs in (after a successful connect), or forgets it (after disconnect). */
export function setSignIn(product: Product, base: string, signIn: SignIn | undefined): Promise<Settings> {
  return updateStored((s) => {
    const entry = { base, ...(signIn ? { signIn } : {}) };
    // A preset site may not be stored yet: its sign-in is the user's own, so it is stored now.
    const list = s[product].some((e) => e.base === base) ? s[product].map((e) => (e.base === base ? entry : e)) : [...s[product], entry];
    return { ...s, [product]: list };
  });
}
