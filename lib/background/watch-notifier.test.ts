import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { createWatchNotifier, listenToNotifications, MAX_NOTIFICATIONS } from './watch-notifier';
import type { WatchService } from './watch-service';
import { watchEvent } from '../watch/watch-event.fixtures';

const event = (n: number) => watchEvent({ key: `k ${n}`, number: `INC00100${10 + n}` });

let created: [string, Record<string, unknown>][];
beforeEach(() => {
  fakeBrowser.reset();
  created = [];
  vi.spyOn(fakeBrowser.notifications, 'create').mockImplementation((async (id: string, o: Record<string, unknown>) => (created.push([id, o]), id)) as never);
});

describe('watch notifications', () => {
  it('one per event: who did what as the title, the changes and the comment as the message, Open and Mute in Chrome', async () => {
    await createWatchNotifier({ buttons: true }).notify([event(1)]);
    expect(created).toHaveLength(1);
    expect(created[0]![1]).toMatchObject({
      type: 'basic',
      title: 'David Loo resolved INC0010011',
      message: 'State: In Progress → Resolved\nComment: Fixed',
      contextMessage: 'INC0010011: VPN down',
      buttons: [{ title: 'Open' }, { title: 'Mute' }],
    });
  });

  it('Firefox: only the fields it supports (MDN NotificationOptions)', async () => {
    await createWatchNotifier({ buttons: false }).notify([event(1)]);
    expect(Object.keys(created[0]![1]).sort()).toEqual(['iconUrl', 'message', 'title', 'type']);
  });

  it(`past ${MAX_NOTIFICATIONS} at once, one summary instead of a flood`, async () => {
    await createWatchNotifier({ buttons: true }).notify(Array.from({ length: 9 }, (_, i) => event(i)));
    expect(created).toHaveLength(1);
    expect(created[0]![1]).toMatchObject({ title: '9 watched records changed' });
  });
});

describe('clicks on a notification', () => {
  it('opens the record in ServiceNow and marks its change read; Mute silences its watches', async () => {
    const e = watchEvent();
    const watching = { event: vi.fn(async () => e), markRead: vi.fn(async () => {}), muteEvent: vi.fn(async () => {}) } as unknown as WatchService;
    const opened: string[] = [];
    vi.spyOn(fakeBrowser.tabs, 'create').mockImplementation((async (p: { url: string }) => (opened.push(p.url), {})) as never);
    vi.spyOn(fakeBrowser.notifications, 'clear').mockImplementation((async () => true) as never);
    let buttonClicked: ((id: string, index: number) => void) | undefined;
    (fakeBrowser.notifications as unknown as { onButtonClicked: unknown }).onButtonClicked = { addListener: (f: (id: string, index: number) => void) => void (buttonClicked = f) };
    listenToNotifications(watching);
    await fakeBrowser.notifications.onClicked.trigger(`nb-watch ${e.key}`);
    await vi.waitFor(() => expect(watching.markRead).toHaveBeenCalledWith([e.key]));
    expect(opened).toEqual([`https://acme.service-now.com/nav_to.do?uri=incident.do%3Fsys_id%3D${'a'.repeat(32)}`]);
    buttonClicked!(`nb-watch ${e.key}`, 1);
    await vi.waitFor(() => expect(watching.muteEvent).toHaveBeenCalledWith(e.key));
  });
});
