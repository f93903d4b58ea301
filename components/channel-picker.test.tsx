import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShareTarget } from '@/lib/mattermost/channels';
import type { MmChannel, MmTeam, MmUser } from '@/lib/mattermost/client';
import { ChannelPicker, type ChannelPickerProps, type PickerTarget, SEARCH_DEBOUNCE_MS, toPickerTarget } from './channel-picker';
import { renderRoot } from '@/lib/testing/render-root';

const S = 'https://mm.example.com';
const t = (key: string, label: string, team?: string, typeLabel = 'Public channel'): PickerTarget => ({
  key,
  kind: 'channel',
  label,
  team,
  typeLabel,
  server: S,
});
const RECENT = [t('channel:1', 'Town Square', 'Acme'), t('channel:2', 'Ops', 'Acme', 'Private channel'), t('user:3', 'Beth Anglin (@beth)', undefined, 'Direct message')];

// before renderRoot: hooks after a test run in reverse, so the tree is unmounted while the fake timers still run
beforeEach(() => void vi.useFakeTimers());
afterEach(() => void vi.useRealTimers());
const root = renderRoot();

function mount(over: Partial<ChannelPickerProps> = {}) {
  const props: ChannelPickerProps = { recent: RECENT, search: vi.fn(async () => []), onChange: vi.fn(), ...over };
  act(() => render(<ChannelPicker {...props} />, root));
  return props;
}
const input = () => root.querySelector<HTMLInputElement>('input[role="combobox"]')!;
const listbox = () => root.querySelector<HTMLElement>('[role="listbox"]')!;
const options = () => [...root.querySelectorAll<HTMLElement>('[role="option"]')];
const status = () => root.querySelector('[role="status"]')!.textContent;
const key = (k: string, init: KeyboardEventInit = {}) =>
  act(() => {
    input().dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true, ...init }));
  });
const type = (text: string) =>
  act(() => {
    input().value = text;
    input().dispatchEvent(new InputEvent('input', { bubbles: true, data: text }));
  });
/** runs timers and the promise callbacks they start, then lets Preact render */
const advance = (ms: number) =>
  act(async () => {
    await vi.advanceTimersByTimeAsync(ms);
  });

describe('ChannelPicker combobox', () => {
  it('has the combobox roles, name and aria wiring', () => {
    mount();
    const box = input();
    const label = root.querySelector<HTMLLabelElement>(`label[for="${box.id}"]`);
    expect(label?.textContent).toBe('Channel');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.getAttribute('aria-autocomplete')).toBe('list');
    expect(box.getAttribute('aria-controls')).toBe(listbox().id);
    expect(box.hasAttribute('aria-activedescendant')).toBe(false);
    expect(listbox().hidden).toBe(true);

    key('ArrowDown');
    expect(box.getAttribute('aria-expanded')).toBe('true');
    expect(listbox().hidden).toBe(false);
    const active = root.querySelector(`#${CSS.escape(box.getAttribute('aria-activedescendant')!)}`);
    expect(active?.getAttribute('role')).toBe('option');
    expect(active?.getAttribute('aria-selected')).toBe('true');
  });

  it('shows recent targets first under "Recent", named by label, team and type', () => {
    mount();
    key('ArrowDown');
    const group = listbox().querySelector('[role="group"]')!;
    const groupLabel = root.querySelector(`#${CSS.escape(group.getAttribute('aria-labelledby')!)}`);
    expect(groupLabel?.textContent).toBe('Recent');
    expect(options().map((o) => o.getAttribute('aria-label'))).toEqual([
      'Town Square, Acme, Public channel',
      'Ops, Acme, Private channel',
      'Beth Anglin (@beth), Direct message',
    ]);
    expect(options()[1]!.textContent).toContain('Acme · Private channel');
  });

  it('↑/↓ move the active option (wrapping), Home/End jump, Enter picks', () => {
    const p = mount();
    key('ArrowDown');
    key('ArrowDown');
    const activeLabel = () => root.querySelector('[aria-selected="true"]')?.getAttribute('aria-label');
    expect(activeLabel()).toMatch(/^Ops/);
    key('ArrowDown');
    key('ArrowDown');
    expect(activeLabel()).toMatch(/^Town Square/);
    key('ArrowUp');
    expect(activeLabel()).toMatch(/^Beth/);
    key('Home');
    expect(activeLabel()).toMatch(/^Town Square/);
    key('End');
    expect(activeLabel()).toMatch(/^Beth/);
    key('ArrowUp');
    key('Enter');
    expect(p.onChange).toHaveBeenCalledExactlyOnceWith(RECENT[1]);
    expect(input().value).toBe('Ops');
    expect(input().getAttribute('aria-expanded')).toBe('false');
  });

  it('Ctrl+Enter is left to the dialog', () => {
    const p = mount();
    key('ArrowDown');
    const ev = new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true, cancelable: true });
    act(() => {
      input().dispatchEvent(ev);
    });
    expect(p.onChange).not.toHaveBeenCalled();
    expect(ev.defaultPrevented).toBe(false);
  });

  it('Esc closes the list and stops there; a second Esc bubbles', () => {
    mount();
    const seen = vi.fn();
    root.addEventListener('keydown', (e) => e.key === 'Escape' && seen(e.defaultPrevented));
    key('ArrowDown');
    key('Escape');
    expect(input().getAttribute('aria-expanded')).toBe('false');
    expect(listbox().hidden).toBe(true);
    expect(seen).not.toHaveBeenCalled();
    key('Escape');
    expect(seen).toHaveBeenCalledWith(false);
  });

  it('a mouse click picks an option', () => {
    const p = mount();
    act(() => input().click());
    const down = new MouseEvent('mousedown', { bubbles: true, cancelable: true });
    options()[2]!.dispatchEvent(down);
    expect(down.defaultPrevented).toBe(true); // focus stays in the input, the list stays open for the click
    act(() => options()[2]!.click());
    expect(p.onChange).toHaveBeenCalledWith(RECENT[2]);
  });

  it('searches debounced, aborts stale calls and shows only the last term’s results', async () => {
    const calls: { term: string; signal: AbortSignal; resolve(r: PickerTarget[]): void }[] = [];
    const search = vi.fn(
      (term: string, signal: AbortSignal) => new Promise<PickerTarget[]>((resolve) => calls.push({ term, signal, resolve })),
    );
    mount({ search });

    type('o');
    expect(status()).toBe('Searching…');
    await advance(100);
    type('op');
    await advance(SEARCH_DEBOUNCE_MS - 1);
    expect(search).not.toHaveBeenCalled(); // 'o' never went out: typing restarted the debounce
    await advance(1);
    expect(search).toHaveBeenCalledTimes(1);
    expect(calls[0]!.term).toBe('op');

    type('ops');
    await advance(SEARCH_DEBOUNCE_MS);
    expect(calls.map((c) => c.term)).toEqual(['op', 'ops']);
    expect(calls[0]!.signal.aborted).toBe(true);
    expect(calls[1]!.signal.aborted).toBe(false);

    // the newer answer first, then the stale one: the stale one is ignored
    calls[1]!.resolve([t('channel:9', 'ops-alerts', 'Acme')]);
    await advance(0);
    calls[0]!.resolve([t('channel:8', 'operations', 'Beta')]);
    await advance(0);
    expect(options().map((o) => o.textContent)).toEqual(['ops-alertsAcme · Public channel']);
    expect(status()).toBe('');
    expect(listbox().querySelector('[role="group"]')).toBeNull();
    // first match active: Enter picks it
    key('Enter');
    expect(input().value).toBe('ops-alerts');
  });

  it('DM and GM rows: one each even when found twice, named by the people, with no team', async () => {
    const gm = t('channel:g1', 'abel, david', undefined, 'Group message');
    const dm = t('user:d1', 'David Loo (@david)', undefined, 'Direct message');
    mount({ search: vi.fn(async () => [gm, dm, gm]) });
    type('dav');
    await advance(SEARCH_DEBOUNCE_MS);
    expect(options().map((o) => o.getAttribute('aria-label'))).toEqual(['abel, david, Group message', 'David Loo (@david), Direct message']);
    expect(options().map((o) => o.textContent)).toEqual(['abel, davidGroup message', 'David Loo (@david)Direct message']);
  });

  it('passes @name through and shows no-results and error states', async () => {
    const search = vi
      .fn<ChannelPickerProps['search']>()
      .mockResolvedValueOnce([])
      .mockRejectedValueOnce(new Error('Mattermost is unreachable'));
    mount({ search });
    type('@zed ');
    await advance(SEARCH_DEBOUNCE_MS);
    expect(search.mock.calls[0]![0]).toBe('@zed');
    expect(status()).toBe('No channels or people match');
    type('@zedd');
    await advance(SEARCH_DEBOUNCE_MS);
    expect(status()).toBe('Mattermost is unreachable');
  });

  it('typing over a chosen target clears it; emptying the input shows recent again', async () => {
    const p = mount({ value: RECENT[0] });
    expect(input().value).toBe('Town Square');
    type('x');
    expect(p.onChange).toHaveBeenCalledWith(undefined);
    type('');
    await advance(SEARCH_DEBOUNCE_MS);
    expect(p.search).not.toHaveBeenCalled();
    expect(options()).toHaveLength(3);
  });

  it('aborts a running search on unmount', async () => {
    let signal: AbortSignal | undefined;
    mount({ search: (_t, s) => ((signal = s), new Promise(() => {})) });
    type('ops');
    await advance(SEARCH_DEBOUNCE_MS);
    act(() => render(null, root));
    expect(signal?.aborted).toBe(true);
  });

  it('server select appears only with more than one server, first', () => {
    const servers = [
      { base: S, label: 'Example' },
      { base: 'https://chat.other.org', label: 'Other' },
    ];
    mount({ servers: servers.slice(0, 1), server: S });
    expect(root.querySelector('select')).toBeNull();

    const onServerChange = vi.fn();
    const p = mount({ servers, server: S, onServerChange, value: RECENT[0] });
    const select = root.querySelector('select')!;
    expect(root.querySelector(`label[for="${select.id}"]`)?.textContent).toBe('Mattermost server');
    expect(select.compareDocumentPosition(input()) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    act(() => {
      select.value = 'https://chat.other.org';
      select.dispatchEvent(new Event('change', { bubbles: true }));
    });
    expect(onServerChange).toHaveBeenCalledWith('https://chat.other.org');
    expect(p.onChange).toHaveBeenCalledWith(undefined);
    expect(input().value).toBe('');
  });

  it('renders hostile labels as text, never HTML', async () => {
    const evil = '<img src=x onerror="window.__pwned=1">';
    mount({ recent: [t('channel:x', evil, `<b>${evil}</b>`)], search: async () => [t('channel:y', evil, undefined, `<i>x</i>`)] });
    key('ArrowDown');
    expect(root.querySelector('img,b,i')).toBeNull();
    expect(options()[0]!.querySelector('.nb-picker__label')!.textContent).toBe(evil);
    type('evil');
    await advance(SEARCH_DEBOUNCE_MS);
    expect(root.querySelector('img,b,i')).toBeNull();
    expect(options()[0]!.textContent).toBe(`${evil}<i>x</i>`);
  });
});

describe('toPickerTarget', () => {
  const team = { id: 't1', name: 'acme', display_name: 'Acme' } as MmTeam;
  it('maps channels and people', () => {
    const channel = { id: 'c1', type: 'P', member: true } as MmChannel & { member: boolean };
    const c: ShareTarget = { kind: 'channel', channel, team, label: 'Ops', typeLabel: 'Private channel' };
    expect(toPickerTarget(c, S)).toEqual({ key: 'channel:c1', kind: 'channel', label: 'Ops', team: 'Acme', typeLabel: 'Private channel', server: S });
    const gm: ShareTarget = { kind: 'channel', channel: { ...channel, type: 'G' }, label: 'a, b', typeLabel: 'Group message' };
    expect(toPickerTarget(gm, S)).toMatchObject({ kind: 'gm', team: undefined });
    const p: ShareTarget = { kind: 'person', user: { id: 'u1' } as MmUser, label: '@beth', typeLabel: 'Direct message' };
    expect(toPickerTarget(p, S)).toEqual({ key: 'user:u1', kind: 'user', label: '@beth', typeLabel: 'Direct message', server: S });
    // a DM found among channels is the same target as the person
    const dm: ShareTarget = { kind: 'channel', channel: { ...channel, type: 'D' }, partnerId: 'u1', label: 'Beth Anglin (@beth)', typeLabel: 'Direct message' };
    expect(toPickerTarget(dm, S)).toMatchObject({ key: 'user:u1', kind: 'dm', team: undefined });
  });
});
