import { beforeEach, describe, expect, test, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { createContentContext } from './content-context';

const SN = 'https://acme.service-now.com';
const SN2 = 'https://itsm.example.test';
const MM = 'https://chat.example.test';
const settings = {
  servicenow: [{ base: SN, signIn: { method: 'session' as const } }, { base: SN2 }],
  mattermost: [{ base: MM, signIn: { method: 'pat' as const } }],
};
const statuses = {
  [`servicenow:${SN}`]: { product: 'servicenow' as const, base: SN, method: 'session' as const, state: 'connected' as const, user: { name: 'Beth', username: 'beth' } },
  [`mattermost:${MM}`]: { product: 'mattermost' as const, base: MM, method: 'pat' as const, state: 'needs-sign-in' as const, user: { name: 'Beth', username: 'beth' } },
};

function setup() {
  const get = vi.fn(async () => ({ prefixes: { incident: 'INC' }, minDigits: 7 }));
  const handle = createContentContext({ connections: { statuses: async () => statuses }, numbering: { get }, settings: async () => settings });
  return { handle, get };
}

beforeEach(async () => {
  await browser.storage.local.clear();
});

describe('content/context', () => {
  test('sites by base with their sign-in state, preferences and the first instance\'s prefixes; no user, no token', async () => {
    const { handle, get } = setup();
    const answer = await handle({ product: 'mattermost' }, { url: `${MM}/ops/channels/town`, frameId: 0, fromExtensionPage: false });
    expect(answer).toEqual({
      site: MM,
      topLevel: true,
      servicenow: [
        { base: SN, state: 'connected' },
        { base: SN2, state: 'not-connected' },
      ],
      mattermost: [{ base: MM, state: 'needs-sign-in' }],
      preferences: { detectNumbers: true },
      numbering: { prefixes: { incident: 'INC' }, minDigits: 7 },
    });
    expect(get).toHaveBeenCalledWith(SN);
    expect(JSON.stringify(answer)).not.toMatch(/beth|session|pat/i);
  });

  test('ServiceNow pages get no numbering, and neither does Mattermost with number detection off', async () => {
    const { handle, get } = setup();
    expect((await handle({ product: 'servicenow' }, { url: `${SN}/incident.do`, frameId: 0, fromExtensionPage: false })).numbering).toBeUndefined();
    await browser.storage.local.set({ preferences: { detectNumbers: false } });
    const mm = await handle({ product: 'mattermost' }, { url: `${MM}/`, frameId: 0, fromExtensionPage: false });
    expect(mm).toMatchObject({ preferences: { detectNumbers: false } });
    expect(mm.numbering).toBeUndefined();
    expect(get).not.toHaveBeenCalled();
  });

  test.each([
    ['the top page itself', { url: `${SN}/now/nav/ui/classic/params/target/incident.do`, frameId: 0 }, true],
    ['gsft_main inside a configured instance', { url: `${SN}/incident.do?sys_id=x`, frameId: 3, tab: { id: 1, url: `${SN}/now/nav/ui/classic/params/target/incident.do` } }, true],
    ['a frame of an instance inside an unrelated site', { url: `${SN}/incident.do?sys_id=x`, frameId: 3, tab: { id: 1, url: 'https://news.example.test/' } }, false],
    ['a frame inside another product\'s site', { url: `${SN}/incident.do?sys_id=x`, frameId: 3, tab: { id: 1, url: `${MM}/ops/channels/town` } }, false],
    ['a frame whose tab URL the browser withheld (no access to the top page)', { url: `${SN}/incident.do?sys_id=x`, frameId: 3, tab: { id: 1 } }, false],
  ])('topLevel for %s', async (_, sender, topLevel) => {
    const { handle } = setup();
    const answer = await handle({ product: 'servicenow' }, { ...sender, fromExtensionPage: false });
    expect(answer.topLevel).toBe(topLevel);
    expect(answer.site).toBe(SN);
  });
});
