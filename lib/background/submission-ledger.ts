import browser from 'webextension-polyfill';
import { REMEMBER_MS, type SubmissionLedger } from './submissions';

const PREFIX = 'submission:';

/**
 * Which submissions an attempt was started for (submissions.ts), in storage.session: kept across worker restarts,
 * gone with the browser session, and by the area's default access level never readable by content scripts. Holds
 * only a form's id and a time: no text of the write.
 */
export function createSubmissionLedger(now: () => number = Date.now): SubmissionLedger {
  return {
    async started(key) {
      const k = PREFIX + key;
      const at = ((await browser.storage.session.get(k)) as Record<string, unknown>)[k];
      return typeof at === 'number' && now() - at <= REMEMBER_MS ? at : undefined;
    },
    async start(key, at) {
      const everything = (await browser.storage.session.get(null)) as Record<string, unknown>;
      const stale = Object.entries(everything).flatMap(([k, v]) => (k.startsWith(PREFIX) && (typeof v !== 'number' || now() - v > REMEMBER_MS) ? [k] : []));
      if (stale.length) await browser.storage.session.remove(stale);
      await browser.storage.session.set({ [PREFIX + key]: at });
    },
    async forget(key) {
      await browser.storage.session.remove(PREFIX + key);
    },
  };
}
