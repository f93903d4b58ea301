import { beforeEach, describe, expect, test } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { loadSettings, parseSettings, SETTINGS_KEY } from './settings';
import { addSite, removeSite, setSignIn } from './settings-store';

describe('settings', () => {
  beforeEach(() => fakeBrowser.reset());

  test('a fresh install has no sites', async () => {
    expect(await loadSettings()).toEqual({ servicenow: [], mattermost: [] });
  });

  test('adds once, removes, and keeps the other product untouched', async () => {
    await addSite('servicenow', 'https://acme.service-now.com');
    await addSite('servicenow', 'https://acme.service-now.com');
    await addSite('mattermost', 'https://chat.example.test/mm');
    expect(await loadSettings()).toEqual({
      servicenow: [{ base: 'https://acme.service-now.com' }],
      mattermost: [{ base: 'https://chat.example.test/mm' }],
    });
    await removeSite('servicenow', 'https://acme.service-now.com');
    expect(await loadSettings()).toEqual({ servicenow: [], mattermost: [{ base: 'https://chat.example.test/mm' }] });
  });

  test('bad stored rows are dropped one by one, good ones kept and normalised', () => {
    expect(
      parseSettings({
        servicenow: [{ base: 'javascript:alert(1)' }, { base: 'ACME.service-now.com/' }, 'junk', { base: 'https://acme.service-now.com' }],
        mattermost: 'not a list',
      }),
    ).toEqual({ servicenow: [{ base: 'https://acme.service-now.com' }], mattermost: [] });
  });

  test('survives garbage under the key', async () => {
    await fakeBrowser.storage.local.set({ [SETTINGS_KEY]: 42 });
    expect(await loadSettings()).toEqual({ servicenow: [], mattermost: [] });
  });
});

describe('sign-in settings', () => {
  beforeEach(() => fakeBrowser.reset());

  test('keeps a valid method and client id per site, drops unknown methods', () => {
    expect(
      parseSettings({
        servicenow: [
          { base: 'https://acme.service-now.com', signIn: { method: 'oauth', clientId: ' abc ' } },
          { base: 'https://itsm.example.test', signIn: { method: 'pat' } },
        ],
        mattermost: [{ base: 'https://chat.example.test', signIn: { method: 'pat', clientId: '' } }],
      }),
    ).toEqual({
      servicenow: [
        { base: 'https://acme.service-now.com', signIn: { method: 'oauth', clientId: 'abc' } },
        { base: 'https://itsm.example.test' },
      ],
      mattermost: [{ base: 'https://chat.example.test', signIn: { method: 'pat' } }],
    });
  });

  test('setSignIn records and forgets the method of one site only', async () => {
    await addSite('servicenow', 'https://acme.service-now.com');
    await addSite('servicenow', 'https://itsm.example.test');
    await setSignIn('servicenow', 'https://itsm.example.test', { method: 'session' });
    expect((await loadSettings()).servicenow).toEqual([
      { base: 'https://acme.service-now.com' },
      { base: 'https://itsm.example.test', signIn: { method: 'session' } },
    ]);
    await setSignIn('servicenow', 'https://itsm.example.test', undefined);
    expect((await loadSettings()).servicenow[1]).toEqual({ base: 'https://itsm.example.test' });
  });
});

describe('concurrent writes', () => {
  beforeEach(() => fakeBrowser.reset());

  test('two quick adds from different places both survive', async () => {
    await Promise.all([
      addSite('servicenow', 'https://acme.service-now.com'),
      addSite('mattermost', 'https://chat.example.test'),
      setSignIn('servicenow', 'https://acme.service-now.com', { method: 'session' }),
    ]);
    const s = await loadSettings();
    expect(s.mattermost).toEqual([{ base: 'https://chat.example.test' }]);
    expect(s.servicenow).toEqual([{ base: 'https://acme.service-now.com', signIn: { method: 'session' } }]);
  });
});
