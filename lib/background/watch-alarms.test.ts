import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { savePreferences } from '../preferences-store';
import { startWatchAlarms, TICK_ALARM } from './watch-alarms';
import type { WatchService } from './watch-service';

const settle = () => new Promise((r) => setTimeout(r, 0));
let idleListener: ((state: string) => void) | undefined;
beforeEach(() => {
  fakeBrowser.reset();
  // the fake browser has no idle API: the listener is kept to play the machine going idle and back
  vi.spyOn(fakeBrowser.idle.onStateChanged, 'addListener').mockImplementation((f) => void (idleListener = f as (s: string) => void));
});

describe('watch alarms', () => {
  it('one repeating alarm at the user’s interval, made again when it changes; each firing is a tick', async () => {
    const watching = { tick: vi.fn(async () => []), refreshBadge: vi.fn(async () => {}) } as unknown as WatchService;
    startWatchAlarms(watching);
    await settle();
    expect((await fakeBrowser.alarms.get(TICK_ALARM))?.periodInMinutes).toBe(1);
    expect(watching.refreshBadge).toHaveBeenCalled();
    await savePreferences({ watchMinutes: 5 });
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(TICK_ALARM))?.periodInMinutes).toBe(5));
    await fakeBrowser.alarms.onAlarm.trigger({ name: TICK_ALARM, scheduledTime: Date.now(), periodInMinutes: 5, persistAcrossSessions: false });
    expect(watching.tick).toHaveBeenCalledOnce();
    // idle: every five minutes; back at the machine: the interval again, and a check at once
    await savePreferences({ watchMinutes: 1 });
    idleListener!('locked');
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(TICK_ALARM))?.periodInMinutes).toBe(5));
    idleListener!('active');
    await vi.waitFor(async () => expect((await fakeBrowser.alarms.get(TICK_ALARM))?.periodInMinutes).toBe(1));
    expect(watching.tick).toHaveBeenCalledTimes(2);
  });
});
