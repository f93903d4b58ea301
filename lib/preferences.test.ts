import { beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadPreferences, parsePreferences } from './preferences';
import { savePreferences } from './preferences-store';

beforeEach(() => fakeBrowser.reset());

test('numbers are detected unless the user turned it off', async () => {
  expect(await loadPreferences()).toEqual({ detectNumbers: true, searchTables: [] });
  await savePreferences({ detectNumbers: false });
  expect(await loadPreferences()).toEqual({ detectNumbers: false, searchTables: [] });
});

test('garbage falls back to the defaults', () => {
  expect(parsePreferences({ detectNumbers: 'no' })).toEqual({ detectNumbers: true, searchTables: [] });
  expect(parsePreferences(7)).toEqual({ detectNumbers: true, searchTables: [] });
});

test('search tables: valid table names only, no duplicates, at most 20', () => {
  expect(parsePreferences({ searchTables: ['u_custom_task', 'u_custom_task', 'Bad Name', 7, 'x_acme_case'] }).searchTables).toEqual(['u_custom_task', 'x_acme_case']);
  expect(parsePreferences({ searchTables: Array.from({ length: 30 }, (_, i) => `t${i}`) }).searchTables).toHaveLength(20);
});
