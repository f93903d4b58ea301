import browser from 'webextension-polyfill';
import type { FrameSession, SessionStore } from './frame-sessions';

const PREFIX = 'frame:';

/**
 * Frame sessions in storage.session: kept across worker restarts, gone with the browser session, and (by the
 * area's default access level) readable by NowBridge's own pages and worker only, never by content scripts.
 * One key per session, so two sessions written at once never overwrite each other.
 */
export const frameSessionStore: SessionStore = {
  async get(id) {
    const key = PREFIX + id;
    return ((await browser.storage.session.get(key)) as Record<string, FrameSession | undefined>)[key];
  },
  async set(session) {
    await browser.storage.session.set({ [PREFIX + session.id]: session });
  },
  async delete(id) {
    await browser.storage.session.remove(PREFIX + id);
  },
  async all() {
    const everything = (await browser.storage.session.get(null)) as Record<string, unknown>;
    return Object.entries(everything).flatMap(([k, v]) => (k.startsWith(PREFIX) ? [v as FrameSession] : []));
  },
};
