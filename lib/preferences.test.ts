import { beforeEach, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadPreferences, parsePreferences } from './preferences';
import { savePreferences } from './preferences-store';

beforeEach(() => fakeBrowser.reset());

test('numbers are detected unless the user turned it off', async () => {
  expect(await loadPreferences()).toEqual({ detectNumbers: true, searchTables: [], openRecordsIn: 'classic', watchMinutes: 1 });
  await savePreferences({ detectNumbers: false });
  expect(await loadPreferences()).toEqual({ detectNumbers: false, searchTables: [], openRecordsIn: 'classic', watchMinutes: 1 });
});

test('garbage falls back to the defaults', () => {
  expect(parsePreferences({ detectNumbers: 'no' })).toEqual({ detectNumbers: true, searchTables: [], openRecordsIn: 'classic', watchMinutes: 1 });
  expect(parsePreferences(7)).toEqual({ detectNumbers: true, searchTables: [], openRecordsIn: 'classic', watchMinutes: 1 });
});

test('search tables: valid table names only, no duplicates, at most 20', () => {
  expect(parsePreferences({ searchTables: ['u_custom_task', 'u_custom_task', 'Bad Name', 7, 'x_acme_case'] }).searchTables).toEqual(['u_custom_task', 'x_acme_case']);
  expect(parsePreferences({ searchTables: Array.from({ length: 30 }, (_, i) => `t${i}`) }).searchTables).toHaveLength(20);
});

test('records open in the classic form unless the user chose the workspace; anything else is classic', async () => {
  expect((await loadPreferences()).openRecordsIn).toBe('classic');
  await savePreferences({ openRecordsIn: 'workspace', watchMinutes: 1 });
  expect(await loadPreferences()).toEqual({ detectNumbers: true, searchTables: [], openRecordsIn: 'workspace', watchMinutes: 1 });
  expect(parsePreferences({ openRecordsIn: 'javascript:' }).openRecordsIn).toBe('classic');
  expect(parsePreferences({ openRecordsIn: 7 }).openRecordsIn).toBe('classic');
});

test('watched records are checked every minute unless the user chose another of the offered intervals', async () => {
  expect((await loadPreferences()).watchMinutes).toBe(1);
  await savePreferences({ watchMinutes: 5 });
  expect((await loadPreferences()).watchMinutes).toBe(5);
  // below Chrome's 30 s alarm floor, or anything else: the default
  expect(parsePreferences({ watchMinutes: 0.1 }).watchMinutes).toBe(1);
  expect(parsePreferences({ watchMinutes: '5' }).watchMinutes).toBe(1);
});
