import { describe, expect, test } from 'vitest';
import { reconcile, serial, type RegisteredScript, type RegistrationApi, type ScriptRegistration } from './registration';
import type { Settings } from './settings';

/** An in-memory browser: granted patterns, registered scripts, open tabs, and a log of every call. */
function fakeApi(opts: { granted: string[]; tabs?: { id: number; url: string }[] }) {
  const registered = new Map<string, RegisteredScript>();
  const calls: string[] = [];
  const injected: { tabId: number; file: string; allFrames: boolean }[] = [];
  const covers = (pattern: string, url: string) =>
    new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`).test(url);
  const api: RegistrationApi = {
    containsOrigin: async (p) => opts.granted.some((g) => covers(g, p.replace('/*', '/')) || g === p),
    getRegistered: async () => [...registered.values()].map((r) => ({ ...r })),
    register: async (s: ScriptRegistration[]) => {
      calls.push(`register ${s.map((x) => x.id)}`);
      for (const x of s) {
        if (registered.has(x.id)) throw new Error(`Duplicate script ID '${x.id}'`);
        registered.set(x.id, { id: x.id, matches: x.matches, allFrames: x.allFrames });
      }
    },
    update: async (s) => {
      calls.push(`update ${s.map((x) => x.id)}`);
      for (const x of s) registered.set(x.id, { id: x.id, matches: x.matches, allFrames: x.allFrames });
    },
    unregister: async (ids) => {
      calls.push(`unregister ${ids}`);
      for (const id of ids) registered.delete(id);
    },
    tabsMatching: async (patterns) => (opts.tabs ?? []).filter((t) => patterns.some((p) => covers(p, t.url))).map((t) => t.id),
    inject: async (tabId, file, allFrames) => {
      injected.push({ tabId, file, allFrames });
    },
  };
  return { api, registered, calls, injected, granted: opts.granted };
}

const settings = (sn: string[], mm: string[]): Settings => ({
  servicenow: sn.map((base) => ({ base })),
  mattermost: mm.map((base) => ({ base })),
});

describe('reconcile', () => {
  test('registers each product on its granted sites only, ServiceNow in all frames', async () => {
    const f = fakeApi({ granted: ['https://*.service-now.com/*', 'https://chat.example.test/*'] });
    const r = await reconcile(
      settings(['https://acme.service-now.com', 'https://itsm.example.test'], ['https://chat.example.test/mm']),
      f.api,
    );
    expect(f.registered.get('nb-servicenow')).toEqual({ id: 'nb-servicenow', matches: ['https://acme.service-now.com/*'], allFrames: true });
    expect(f.registered.get('nb-mattermost')).toEqual({ id: 'nb-mattermost', matches: ['https://chat.example.test/mm/*'], allFrames: false });
    expect(r.sites).toEqual([
      { product: 'servicenow', base: 'https://acme.service-now.com', granted: true },
      { product: 'servicenow', base: 'https://itsm.example.test', granted: false },
      { product: 'mattermost', base: 'https://chat.example.test/mm', granted: true },
    ]);
  });

  test('a second run with nothing changed makes no scripting call', async () => {
    const f = fakeApi({ granted: ['https://*.service-now.com/*'] });
    const s = settings(['https://acme.service-now.com'], []);
    await reconcile(s, f.api);
    f.calls.length = 0;
    await reconcile(s, f.api);
    expect(f.calls).toEqual([]);
  });

  test('adding a granted site updates the registration and injects into tabs already open there', async () => {
    const f = fakeApi({
      granted: ['https://*.service-now.com/*', 'https://itsm.example.test/*'],
      tabs: [
        { id: 1, url: 'https://acme.service-now.com/incident.do' },
        { id: 2, url: 'https://itsm.example.test/now/nav/ui/home' },
        { id: 3, url: 'https://news.example.test/' },
      ],
    });
    await reconcile(settings(['https://acme.service-now.com'], []), f.api);
    expect(f.injected.map((i) => i.tabId)).toEqual([1]);
    f.calls.length = 0;
    const r = await reconcile(settings(['https://acme.service-now.com', 'https://itsm.example.test'], []), f.api);
    expect(f.calls).toEqual(['update nb-servicenow']);
    expect(r.injectedTabs).toEqual([2]);
    expect(f.injected.at(-1)).toEqual({ tabId: 2, file: 'content-scripts/servicenow.js', allFrames: true });
  });

  test('removing the last site, or losing its permission, unregisters', async () => {
    const f = fakeApi({ granted: ['https://chat.example.test/*'] });
    await reconcile(settings([], ['https://chat.example.test']), f.api);
    expect(f.registered.has('nb-mattermost')).toBe(true);
    f.granted.length = 0; // the user revoked access
    await reconcile(settings([], ['https://chat.example.test']), f.api);
    expect(f.registered.has('nb-mattermost')).toBe(false);
    expect(f.calls.at(-1)).toBe('unregister nb-mattermost');
  });

  test('an unpermitted site never gets a registration or an injection', async () => {
    const f = fakeApi({ granted: [], tabs: [{ id: 7, url: 'https://chat.example.test/ops' }] });
    const r = await reconcile(settings([], ['https://chat.example.test']), f.api);
    expect(f.registered.size).toBe(0);
    expect(r.injectedTabs).toEqual([]);
  });

  test('a tab that refuses injection does not stop the others', async () => {
    const f = fakeApi({ granted: ['https://*.service-now.com/*'], tabs: [{ id: 1, url: 'https://acme.service-now.com/' }, { id: 2, url: 'https://acme.service-now.com/x' }] });
    f.api.inject = async (tabId) => {
      if (tabId === 1) throw new Error('Cannot access contents of the page');
    };
    const r = await reconcile(settings(['https://acme.service-now.com'], []), f.api);
    expect(r.injectedTabs).toEqual([2]);
  });
});

describe('serial', () => {
  test('jobs never overlap, and a failure does not block the next one', async () => {
    let running = 0;
    let maxRunning = 0;
    let n = 0;
    const run = serial(async () => {
      running++;
      maxRunning = Math.max(maxRunning, running);
      await Promise.resolve();
      running--;
      if (++n === 1) throw new Error('first fails');
      return n;
    });
    const results = await Promise.allSettled([run(), run(), run()]);
    expect(maxRunning).toBe(1);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled', 'fulfilled']);
  });
});
