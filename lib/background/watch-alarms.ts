/**
 * The clock of watching (records-and-watch-contracts.md C.5): a repeating alarm per the user's interval (30 s is
 * Chrome's floor for a packed extension since Chrome 120), five minutes while the machine is idle or locked, a
 * one-shot alarm when ServiceNow said Retry-After. Alarms outlive the worker but not always the browser
 * (persistAcrossSessions is Chrome 150+), so they are made again at every worker start.
 */
import browser from 'webextension-polyfill';
import { loadPreferences, PREFERENCES_KEY } from '../preferences';
import type { WatchService } from './watch-service';

export const TICK_ALARM = 'nb-watch';
export const RETRY_ALARM = 'nb-watch-retry';
const IDLE_MINUTES = 5;

export function scheduleRetry(at: number): void {
  void browser.alarms.create(RETRY_ALARM, { when: at });
}

export function startWatchAlarms(watching: WatchService): void {
  let idle = false;
  const ensure = async () => {
    const minutes = idle ? IDLE_MINUTES : (await loadPreferences()).watchMinutes;
    const current = await browser.alarms.get(TICK_ALARM);
    if (current?.periodInMinutes !== minutes) await browser.alarms.create(TICK_ALARM, { periodInMinutes: minutes, delayInMinutes: minutes });
  };
  browser.alarms.onAlarm.addListener((alarm) => {
    if (alarm.name === TICK_ALARM || alarm.name === RETRY_ALARM) void watching.tick();
  });
  browser.idle?.onStateChanged.addListener((state) => {
    const wasIdle = idle;
    idle = state !== 'active';
    void ensure();
    // back at the machine: catch up at once rather than at the next slow tick
    if (wasIdle && !idle) void watching.tick();
  });
  browser.storage.onChanged.addListener((changes, area) => {
    if (area === 'local' && PREFERENCES_KEY in changes) void ensure();
  });
  void ensure();
  void watching.refreshBadge();
}
