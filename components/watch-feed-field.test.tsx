import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import type { Watch } from '@/lib/watch/watch-model';
import { type FeedSend, WatchFeedField } from './watch-feed-field';

const root = renderRoot();
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const watch = (over: Partial<Watch> = {}): Watch => ({
  id: 'record https://acme.service-now.com aaa',
  instance: 'https://acme.service-now.com',
  target: { kind: 'record', table: 'incident', sys_id: 'a'.repeat(32), number: 'INC0010001', title: 'VPN down' },
  events: { created: true, state: true, priority: true, assignment: true, comments: true, work_notes: true, other: false },
  muted: false,
  createdAt: 0,
  ...over,
});
const sendMock = () =>
  vi.fn(async (req: { type: string }) => (req.type === 'share/servers' ? { servers: [{ base: 'https://chat.example.test', label: 'chat.example.test', connected: true }], recent: {} } : { watch: watch() })) as unknown as FeedSend &
    ReturnType<typeof vi.fn>;

describe('WatchFeedField', () => {
  it('says where a watch posts, and stops it on the user’s click', async () => {
    const send = sendMock();
    const changed = vi.fn();
    act(() => render(<WatchFeedField watch={watch({ feed: { server: 'https://chat.example.test', channel_id: 'c'.repeat(26), channel: 'Incidents', as: 'bot' } })} send={send} changed={changed} />, root));
    expect(root.textContent).toContain('Also posts to Incidents as the bot account.');
    root.querySelector('button')!.click();
    await settle();
    expect(send).toHaveBeenCalledWith({ type: 'watch/feed', id: 'record https://acme.service-now.com aaa', feed: null });
    expect(changed).toHaveBeenCalled();
  });

  it('asks for the webhook address or bot token only when posting as one, and for a channel before saving', async () => {
    const send = sendMock();
    act(() => render(<WatchFeedField watch={watch()} send={send} changed={vi.fn()} />, root));
    const details = root.querySelector('details')!;
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    await settle();
    expect(root.querySelector('label[for$="-secret"]')).toBeNull();
    const radios = [...root.querySelectorAll<HTMLInputElement>('input[type="radio"]')];
    expect(radios.map((r) => r.parentElement!.firstChild!.nextSibling!.textContent)).toEqual(['You', 'A bot account', 'An incoming webhook']);
    await act(async () => radios[2]!.click());
    expect(root.querySelector('label[for$="-secret"]')!.textContent).toBe('Incoming webhook address');
    await act(async () => radios[1]!.click());
    expect(root.querySelector<HTMLInputElement>('input[type="password"]')).not.toBeNull();
    [...root.querySelectorAll('button')].find((b) => b.textContent === 'Save feed')!.click();
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Choose a channel first.');
    expect(send).not.toHaveBeenCalledWith(expect.objectContaining({ type: 'watch/feed' }));
  });
});
