import { storage } from 'wxt/utils/storage';
import { parsePreferences, PREFERENCES_KEY, type Preferences } from './preferences';

/** The options page's changes to the preferences. Read through parsePreferences: storage may hold anything. */
const preferencesItem = storage.defineItem<unknown>(`local:${PREFERENCES_KEY}`);

export async function savePreferences(patch: Partial<Preferences>): Promise<Preferences> {
  const next = { ...parsePreferences(await preferencesItem.getValue()), ...patch };
  await preferencesItem.setValue(next);
  return next;
}
