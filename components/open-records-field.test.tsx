import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderRoot } from '@/lib/testing/render-root';
import { DEFAULT_PREFERENCES, loadPreferences } from '@/lib/preferences';
import { OpenRecordsField } from './open-records-field';

const root = renderRoot();
beforeEach(() => fakeBrowser.reset());

it('"Open records in" is a named radio group, classic by default; choosing Workspace saves it', async () => {
  const onSaved = vi.fn();
  act(() => render(<OpenRecordsField prefs={DEFAULT_PREFERENCES} onSaved={onSaved} />, root));
  expect(root.querySelector('legend')!.textContent).toBe('Open records in');
  const radios = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
  expect(radios.map((r) => [r.parentElement!.textContent, r.checked])).toEqual([
    ['Classic UI', true],
    ['Workspace', false],
  ]);
  await act(async () => {
    radios[1]!.click();
    await new Promise((r) => setTimeout(r, 0));
  });
  expect((await loadPreferences()).openRecordsIn).toBe('workspace');
  expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ openRecordsIn: 'workspace' }));
});
