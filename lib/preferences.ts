import { localGet } from './content/ext';

/** The user's preferences (not secret; content scripts read them). */
export interface Preferences {
  /** turn bare record numbers (INC0010001) in Mattermost posts into cards, not only links */
  detectNumbers: boolean;
  /** tables the popup search covers besides the built-in ones (custom task tables, say), by name */
  searchTables: string[];
  /** where "Open in ServiceNow" in the record panel goes: the classic form, or Service Operations Workspace */
  openRecordsIn: OpenRecordsIn;
  /** how often watched records and queues are checked, in minutes (0.5 is Chrome's floor for alarms) */
  watchMinutes: WatchMinutes;
}

export const WATCH_MINUTES = [0.5, 1, 2, 5, 15] as const;
export type WatchMinutes = (typeof WATCH_MINUTES)[number];

export type OpenRecordsIn = 'classic' | 'workspace';
export const OPEN_RECORDS_IN: readonly OpenRecordsIn[] = ['classic', 'workspace'];

export const PREFERENCES_KEY = 'preferences';
export const DEFAULT_PREFERENCES: Preferences = { detectNumbers: true, searchTables: [], openRecordsIn: 'classic', watchMinutes: 1 };
const DEFAULTS = DEFAULT_PREFERENCES;

export function parsePreferences(raw: unknown): Preferences {
  const r = (typeof raw === 'object' && raw ? raw : {}) as Record<string, unknown>;
  const tables = Array.isArray(r.searchTables) ? r.searchTables.filter((t): t is string => typeof t === 'string' && /^[a-z0-9_]{1,80}$/.test(t)) : [];
  return {
    detectNumbers: typeof r.detectNumbers === 'boolean' ? r.detectNumbers : DEFAULTS.detectNumbers,
    searchTables: [...new Set(tables)].slice(0, 20),
    openRecordsIn: OPEN_RECORDS_IN.find((v) => v === r.openRecordsIn) ?? DEFAULTS.openRecordsIn,
    watchMinutes: WATCH_MINUTES.find((v) => v === r.watchMinutes) ?? DEFAULTS.watchMinutes,
  };
}

/**
 * Read with the browser's storage itself (content scripts and frames read preferences; ext.ts keeps the polyfill out
 * of them); preferences-store.ts writes them.
 */
export async function loadPreferences(): Promise<Preferences> {
  return parsePreferences((await localGet(PREFERENCES_KEY))[PREFERENCES_KEY]);
}
