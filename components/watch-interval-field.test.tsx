import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { renderRoot } from '@/lib/testing/render-root';
import { DEFAULT_PREFERENCES, loadPreferences } from '@/lib/preferences';
import { WatchIntervalField } from './watch-interval-field';

const root = renderRoot();
beforeEach(() => fakeBrowser.reset());

it('"Check watched records and queues every" is a labelled select, a minute by default; a choice is saved at once', async () => {
  const onSaved = vi.fn();
  act(() => render(<WatchIntervalField prefs={DEFAULT_PREFERENCES} onSaved={onSaved} />, root));
  const select = root.querySelector<HTMLSelectElement>('select#watch-minutes')!;
  expect(root.querySelector('label[for="watch-minutes"]')!.textContent).toBe('Check watched records and queues every');
  expect([...select.options].map((o) => o.textContent)).toEqual(['30 seconds', '1 minute', '2 minutes', '5 minutes', '15 minutes']);
  expect(select.value).toBe('1');
  await act(async () => {
    select.value = '5';
    select.dispatchEvent(new Event('change', { bubbles: true }));
    await new Promise((r) => setTimeout(r, 0));
  });
  expect((await loadPreferences()).watchMinutes).toBe(5);
  expect(onSaved).toHaveBeenCalledWith(expect.objectContaining({ watchMinutes: 5 }));
});
