import browser from 'webextension-polyfill';
import type { RegistrationApi } from './registration';

/** RegistrationApi on the real `permissions`, `scripting` and `tabs` APIs. */
export const browserRegistrationApi: RegistrationApi = {
  containsOrigin: (pattern) => browser.permissions.contains({ origins: [pattern] }),
  async getRegistered() {
    const all = await browser.scripting.getRegisteredContentScripts();
    return all.filter((s) => s.id.startsWith('nb-'));
  },
  register: (scripts) => browser.scripting.registerContentScripts(scripts),
  update: (scripts) => browser.scripting.updateContentScripts(scripts),
  unregister: (ids) => browser.scripting.unregisterContentScripts({ ids }),
  async tabsMatching(patterns) {
    const tabs = await browser.tabs.query({ url: patterns });
    return tabs.flatMap((t) => (t.id === undefined ? [] : [t.id]));
  },
  async inject(tabId, file, allFrames) {
    await browser.scripting.executeScript({ target: { tabId, allFrames }, files: [file] });
  },
};
