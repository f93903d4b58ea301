import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SearchResult } from '@/lib/search/types';
import { type SearchActions, SearchPanel } from './search-panel';
import { DEBOUNCE_MS, type SearchSend } from './use-search';
import { renderRoot } from '@/lib/testing/render-root';

const SN = 'https://acme.service-now.com';
const result = (number: string, table: string, tableLabel: string): SearchResult => ({
  instance: SN,
  table,
  tableLabel,
  sys_id: number.toLowerCase().padEnd(32, '0'),
  number,
  shortDescription: `<b>${number}</b> text`,
  url: `${SN}/nav_to.do?uri=${table}.do`,
  state: 'New',
  priority: '1 - Critical',
  priorityValue: '1',
  updatedAt: '2025-05-01T00:00:00.000Z',
  markdown: `[${number}: text](${SN}/x)`,
});
const INC = result('INC0010001', 'incident', 'Incident');
const PRB = result('PRB0040001', 'problem', 'Problem');

// before renderRoot: hooks after a test run in reverse, so the tree is unmounted while the fake timers still run
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());
const root = renderRoot();

type Handler = (req: { type: string } & Record<string, unknown>) => unknown;
function mount(handler: Handler, state: 'connected' | 'needs-sign-in' | 'not-connected' = 'connected') {
  const calls: { type: string }[] = [];
  const send = (async (req: { type: string } & Record<string, unknown>) => {
    calls.push(req);
    if (req.type === 'search/instances') return { instances: [{ base: SN, label: 'acme.service-now.com', state }] };
    return handler(req);
  }) as unknown as SearchSend;
  const actions: SearchActions = { choose: vi.fn(), share: vi.fn(), copy: vi.fn(async () => undefined), insert: vi.fn(async () => undefined), panel: vi.fn(), watch: vi.fn(async () => undefined), settings: vi.fn() };
  act(() => render(<SearchPanel send={send} actions={actions} hint="keys" />, root));
  return { calls, actions };
}
const flush = async (ms = 0) => {
  await act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });
};
const input = () => root.querySelector<HTMLInputElement>('input[aria-label="Search ServiceNow"]')!;
const type = async (text: string) => {
  await act(async () => {
    input().value = text;
    input().dispatchEvent(new Event('input', { bubbles: true }));
  });
};
const key = async (k: string, mods: KeyboardEventInit = {}) => {
  await act(async () => {
    input().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...mods }));
  });
};
const options = () => [...root.querySelectorAll('[role=option]')];

describe('SearchPanel', () => {
  it('asks once, 150 ms after the last key, and groups results by table', async () => {
    const { calls } = mount((req) => (req.type === 'search/home' ? { recent: [], mine: [] } : { results: [INC, PRB], total: 2 }));
    await flush();
    await type('e');
    await type('em');
    await type('ema');
    await flush(DEBOUNCE_MS - 1);
    expect(calls.filter((c) => c.type === 'search/query')).toHaveLength(0);
    await flush(1);
    expect(calls.filter((c) => c.type === 'search/query')).toEqual([expect.objectContaining({ text: 'ema' })]);
    expect([...root.querySelectorAll('[role=listbox] [role=group]')].map((g) => g.getAttribute('aria-label'))).toEqual(['Incident', 'Problem']);
    // remote text is text
    expect(root.querySelector('b')).toBeNull();
    expect(options()[0]!.textContent).toContain('<b>INC0010001</b> text');
  });

  it('keys: arrows move, Enter chooses, Ctrl+Enter shares, Ctrl+C copies, Alt+Enter inserts', async () => {
    const { actions } = mount((req) => (req.type === 'search/home' ? { recent: [], mine: [] } : { results: [INC, PRB], total: 2 }));
    await flush();
    await type('x');
    await flush(DEBOUNCE_MS);
    expect(options()[0]!.getAttribute('aria-selected')).toBe('true');
    await key('ArrowDown');
    expect(options()[1]!.getAttribute('aria-selected')).toBe('true');
    expect(input().getAttribute('aria-activedescendant')).toBe(options()[1]!.id);
    await key('Enter');
    expect(actions.choose).toHaveBeenCalledWith(PRB);
    await key('ArrowUp');
    await key('Enter', { ctrlKey: true });
    expect(actions.share).toHaveBeenCalledWith(INC);
    await key('c', { metaKey: true });
    expect(actions.copy).toHaveBeenCalledWith(INC);
    await key('Enter', { altKey: true });
    expect(actions.insert).toHaveBeenCalledWith(INC);
    await flush();
    expect(root.textContent).toContain('Inserted the link into the message.');
  });

  it('Shift+Enter and Shift+click open the panel; plain Enter and a plain click still choose', async () => {
    const { actions } = mount((req) => (req.type === 'search/home' ? { recent: [], mine: [] } : { results: [INC, PRB], total: 2 }));
    await flush();
    await type('x');
    await flush(DEBOUNCE_MS);
    await key('Enter', { shiftKey: true });
    expect(actions.panel).toHaveBeenCalledWith(INC);
    expect(actions.choose).not.toHaveBeenCalled();
    await act(async () => void options()[1]!.dispatchEvent(new MouseEvent('click', { bubbles: true, shiftKey: true })));
    expect(actions.panel).toHaveBeenLastCalledWith(PRB);
    expect(actions.choose).not.toHaveBeenCalled();
    await key('Enter');
    await act(async () => void options()[1]!.dispatchEvent(new MouseEvent('click', { bubbles: true })));
    await flush();
    expect(vi.mocked(actions.choose).mock.calls).toEqual([[INC], [PRB]]);
  });

  it('Ctrl/⌘+Shift+Enter watches the result and says so; it neither shares nor opens', async () => {
    const { actions } = mount((req) => (req.type === 'search/home' ? { recent: [], mine: [] } : { results: [INC, PRB], total: 2 }));
    await flush();
    await type('x');
    await flush(DEBOUNCE_MS);
    await key('Enter', { ctrlKey: true, shiftKey: true });
    await flush();
    expect(actions.watch).toHaveBeenCalledWith(INC);
    expect(actions.share).not.toHaveBeenCalled();
    expect(actions.panel).not.toHaveBeenCalled();
    expect(root.textContent).toContain(`Watching ${INC.number}: its changes show in Activity.`);
  });

  it('a stale answer never replaces a newer one', async () => {
    let answer!: (v: unknown) => void;
    mount((req) => {
      if (req.type === 'search/home') return { recent: [], mine: [] };
      if (req.text === 'old') return new Promise((r) => (answer = r));
      return { results: [PRB], total: 1 };
    });
    await flush();
    await type('old');
    await flush(DEBOUNCE_MS);
    await type('new');
    await flush(DEBOUNCE_MS);
    answer({ results: [INC], total: 1 });
    await flush();
    expect(options().map((o) => o.querySelector('.nb-num')!.textContent)).toEqual(['PRB0040001']);
  });

  it('states: no results gives tips; an error gives Retry; Load more continues', async () => {
    let fail = true;
    const { calls } = mount((req) => {
      if (req.type === 'search/home') return { recent: [], mine: [] };
      if (req.text === 'none') return { results: [], total: 0 };
      if (fail) throw new Error('ServiceNow is down.');
      return req.cursor ? { results: [PRB], total: 2 } : { results: [INC], total: 2, cursor: { task: 1 } };
    });
    await flush();
    await type('none');
    await flush(DEBOUNCE_MS);
    expect(root.textContent).toContain('No records match “none”.');
    await type('boom');
    await flush(DEBOUNCE_MS);
    expect(root.querySelector('[role=alert]')!.textContent).toContain('ServiceNow is down.');
    fail = false;
    await act(async () => root.querySelector<HTMLButtonElement>('[role=alert] button')!.click());
    await flush(DEBOUNCE_MS);
    expect(root.textContent).toContain('Showing 1 of 2');
    await act(async () => [...root.querySelectorAll('button')].find((b) => b.textContent === 'Load more')!.click());
    await flush();
    expect(options()).toHaveLength(2);
    expect(calls.at(-1)).toMatchObject({ type: 'search/query', cursor: { task: 1 } });
  });

  it('a rate limit says when it searches again, and does so by itself; a long one is an error with Retry', async () => {
    let wait = 4000;
    const { calls } = mount((req) => {
      if (req.type === 'search/home') return { recent: [], mine: [] };
      if (wait) throw Object.assign(new Error('acme.service-now.com is rate-limiting requests; try again in 4 s.'), { retryAfterMs: wait });
      return { results: [INC], total: 1 };
    });
    await flush();
    await type('printer');
    await flush(DEBOUNCE_MS);
    expect(root.querySelector('[role=status]')!.textContent).toMatch(/^acme\.service-now\.com is rate-limiting your requests\. Retrying at \d{1,2}:\d\d:\d\d( [AP]M)?…$/);
    expect(root.querySelector('[role=alert]')).toBeNull();
    const asked = calls.filter((c) => c.type === 'search/query').length;
    wait = 0;
    await flush(3900);
    expect(calls.filter((c) => c.type === 'search/query')).toHaveLength(asked);
    await flush(200); // the wait ends: the search runs again (rendered as this act ends)
    await flush(DEBOUNCE_MS);
    expect(calls.filter((c) => c.type === 'search/query')).toHaveLength(asked + 1);
    expect(options()).toHaveLength(1);

    wait = 30 * 60_000;
    await type('laptop');
    await flush(DEBOUNCE_MS);
    expect(root.querySelector('[role=alert]')!.textContent).toContain('try again in 4 s.Retry');
  });

  it.each([
    ['not-connected', 'Connect'],
    ['needs-sign-in', 'Reconnect'],
  ] as const)('%s offers %s', async (state, button) => {
    const { actions, calls } = mount(() => ({}), state);
    await flush();
    const b = [...root.querySelectorAll('button')].find((x) => x.textContent === button)!;
    await act(async () => b.click());
    expect(actions.settings).toHaveBeenCalled();
    expect(calls.some((c) => c.type === 'search/query' || c.type === 'search/home')).toBe(false);
  });
});
