import { options, render, type VNode } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import type { WatchEvent } from '@/lib/watch/watch-model';
import { ActivityView, type ActivitySend, groupEvents, steadyList } from './activity-view';
import { watchEvent } from '@/lib/watch/watch-event.fixtures';
import { WATCH_CHECKED } from '@/lib/watch/watch-kinds';
import { fakeBrowser } from 'wxt/testing/fake-browser';

const root = renderRoot();
const SN = 'https://acme.service-now.com';
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const event = (over: Partial<WatchEvent>) => watchEvent({ journal: [{ element: 'comments', author: 'David Loo', text: '<b>Fixed</b> @channel' }], ...over });
const EVENTS = [event({}), event({ key: `${SN} ${B} 3`, sys_id: B, number: 'INC0010002', read: true, journal: [], changes: [{ field: 'priority', label: 'Priority', from: '3 - Moderate', to: '1 - Critical' }] })];

function show(over: { statuses?: unknown[]; tabUrl?: string } = {}) {
  const send = vi.fn(async (req: { type: string }) => {
    if (req.type === 'watch/list') return { watches: [{ id: `record ${SN} ${A}`, instance: SN, target: { kind: 'record', table: 'incident', sys_id: A, number: 'INC0010001', title: 'VPN down' }, events: { created: true, state: true, priority: true, assignment: true, comments: true, work_notes: true, other: false }, muted: false, createdAt: 0 }], events: EVENTS, statuses: over.statuses ?? [] };
    if (req.type === 'search/instances') return { instances: [{ base: SN, label: 'acme', state: 'connected' }] };
    if (req.type === 'record/card') throw new Error('offline');
    if (req.type === 'watch/add-queue') return { watch: { target: { kind: 'queue', label: 'Assigned to me' } } };
    return {};
  }) as unknown as ActivitySend & ReturnType<typeof vi.fn>;
  const openPanel = vi.fn();
  const openSettings = vi.fn();
  act(() => render(<ActivityView send={send} openPanel={openPanel} openSettings={openSettings} {...(over.tabUrl ? { tabUrl: over.tabUrl } : {})} />, root));
  return { send, openPanel, openSettings };
}
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => (b.getAttribute('aria-label') ?? b.textContent) === name)!;

describe('ActivityView', () => {
  it('groups events by record, unread first', () => {
    expect(groupEvents([EVENTS[1]!, EVENTS[0]!]).map((g) => [g.number, g.unread])).toEqual([['INC0010001', 1], ['INC0010002', 0]]);
  });

  it('shows who changed what, the comment as text, and the unread count', async () => {
    show();
    await settle();
    expect(root.querySelector('h2')!.textContent).toBe('Activity (1 unread)');
    const first = root.querySelector('[aria-label="INC0010001: VPN down, 1 unread"]')!;
    expect(first.textContent).toContain('David Loo resolved INC0010001');
    expect(first.textContent).toContain('State: In Progress → Resolved');
    expect(first.textContent).toContain('Comment: <b>Fixed</b> @channel');
    expect(first.querySelector('b')).toBeNull();
  });

  it('marks a record read and opens its panel', async () => {
    const { send, openPanel } = show();
    await settle();
    button('Mark INC0010001 read').click();
    expect(send).toHaveBeenCalledWith({ type: 'watch/read', keys: [`${SN} ${A} 5`] });
    button('Open INC0010001 in a panel').click();
    expect(openPanel).toHaveBeenCalledWith(expect.objectContaining({ instance: SN, table: 'incident', sys_id: A }));
  });

  it('reads the list again when the background says a check ended (an alarm, a Retry-After), not on other messages', async () => {
    const { send } = show();
    await settle();
    const lists = () => send.mock.calls.filter(([r]) => (r as { type: string }).type === 'watch/list').length;
    const before = lists();
    await act(async () => void (await fakeBrowser.runtime.sendMessage({ type: 'nowbridge/cards-revalidated', keys: [] }).catch(() => undefined)));
    expect(lists()).toBe(before);
    await act(async () => void (await fakeBrowser.runtime.sendMessage(WATCH_CHECKED).catch(() => undefined)));
    await settle();
    expect(lists()).toBe(before + 1);
  });

  it('says when watching needs sign-in, with Reconnect', async () => {
    const { openSettings } = show({ statuses: [{ instance: SN, state: 'needs-sign-in', message: 'Needs sign-in: reconnect acme.service-now.com in NowBridge’s settings to go on watching.' }] });
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toMatch(/^Needs sign-in/);
    button('Reconnect').click();
    expect(openSettings).toHaveBeenCalled();
  });

  it('watches a preset queue, and the ServiceNow list open in the tab', async () => {
    const { send } = show({ tabUrl: `${SN}/incident_list.do?sysparm_query=active%3Dtrue%5Epriority%3D2` });
    await settle();
    button('Assigned to me').click();
    expect(send).toHaveBeenCalledWith({ type: 'watch/add-queue', instance: SN, queue: { preset: 'mine' } });
    button('Watch this list').click();
    expect(send).toHaveBeenCalledWith({ type: 'watch/add-queue', instance: SN, queue: { table: 'incident', query: 'active=true^priority=2', label: 'incident list: active=true^priority=2' } });
  });

  it('changes what a watch notifies about, and unwatches', async () => {
    const { send } = show();
    await settle();
    const other = [...root.querySelectorAll<HTMLInputElement>('input[type="checkbox"]')].find((i) => i.parentElement!.textContent === 'Any other field')!;
    other.click();
    expect(send).toHaveBeenCalledWith({ type: 'watch/configure', id: `record ${SN} ${A}`, events: { other: true } });
    button('Unwatch INC0010001').click();
    expect(send).toHaveBeenCalledWith({ type: 'watch/remove', id: `record ${SN} ${A}` });
  });

  it('after a check that found nothing, re-renders the status line only, not the watches and events', async () => {
    const watch = (i: number) => ({ id: `record ${SN} ${String(i).padStart(32, '0')}`, instance: SN, target: { kind: 'record', table: 'incident', sys_id: String(i).padStart(32, '0'), number: `INC${String(i).padStart(7, '0')}`, title: `Record ${i}` }, events: { created: true, state: true, priority: true, assignment: true, comments: true, work_notes: true, other: false }, muted: false, createdAt: 0 });
    const watches = Array.from({ length: 50 }, (_, i) => watch(i));
    let checkedAt = Date.UTC(2025, 0, 1, 9, 0, 0);
    let extra: unknown[] = [];
    // a fresh answer every time, as a message is: equal data, never the same objects
    const send = vi.fn(async (req: { type: string }) => {
      if (req.type === 'watch/list') return structuredClone({ watches: [...watches, ...extra], events: EVENTS, statuses: [{ instance: SN, state: 'ok', checkedAt }] });
      if (req.type === 'search/instances') return { instances: [{ base: SN, label: 'acme', state: 'connected' }] };
      throw new Error('offline');
    }) as unknown as ActivitySend;
    act(() => render(<ActivityView send={send} openPanel={vi.fn()} openSettings={vi.fn()} />, root));
    await settle();
    const status = () => root.querySelector('[role="status"]')!.textContent;
    const before = status();
    expect(root.querySelectorAll('[aria-label="Watching"] > li')).toHaveLength(50);

    const rendered: string[] = [];
    const old = options.diffed;
    options.diffed = (v: VNode) => {
      if (typeof v.type === 'function') rendered.push(v.type.name);
      old?.(v);
    };
    try {
      checkedAt += 60_000;
      await act(async () => void (await fakeBrowser.runtime.sendMessage(WATCH_CHECKED).catch(() => undefined)));
      await settle();
      expect(status()).not.toBe(before);
      expect(rendered).toContain('ActivityView');
      expect(rendered.filter((n) => n === 'WatchItem' || n === 'EventGroup' || n === 'WatchFeedField')).toEqual([]);

      // a watch added elsewhere shows
      rendered.length = 0;
      extra = [watch(99)];
      await act(async () => void (await fakeBrowser.runtime.sendMessage(WATCH_CHECKED).catch(() => undefined)));
      await settle();
      expect(root.querySelectorAll('[aria-label="Watching"] > li')).toHaveLength(51);
      expect(rendered.filter((n) => n === 'EventGroup')).toEqual([]);
    } finally {
      options.diffed = old;
    }
  });

  it('keeps the shown list when a read brings nothing new, and each unchanged part of it otherwise', () => {
    const shown = { watches: [], events: EVENTS, statuses: [{ instance: SN, state: 'ok' as const, checkedAt: 1 }] };
    expect(steadyList(shown, structuredClone(shown))).toBe(shown);
    const later = steadyList(shown, { ...structuredClone(shown), statuses: [{ instance: SN, state: 'ok', checkedAt: 2 }] });
    expect(later.events).toBe(shown.events);
    expect(later.watches).toBe(shown.watches);
    expect(later.statuses[0]!.checkedAt).toBe(2);
  });

  it('“Check now” reads the list once when it is done, not again for its own check’s broadcast', async () => {
    const { send } = show();
    await settle();
    const lists = () => send.mock.calls.filter(([r]) => (r as { type: string }).type === 'watch/list').length;
    const base = send.getMockImplementation() as (req: { type: string }) => Promise<unknown>;
    // the background broadcasts the end of a check before it answers "watch/check"
    send.mockImplementation(async (req: { type: string }) => {
      if (req.type === 'watch/check') {
        await fakeBrowser.runtime.sendMessage(WATCH_CHECKED).catch(() => undefined);
        return { statuses: [] };
      }
      return base(req);
    });
    const before = lists();
    await act(async () => button('Check now').click());
    await settle();
    expect(lists()).toBe(before + 1);
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Checked.');
    // with no check of its own under way, a broadcast is read again
    await act(async () => void (await fakeBrowser.runtime.sendMessage(WATCH_CHECKED).catch(() => undefined)));
    await settle();
    expect(lists()).toBe(before + 2);
  });
});

