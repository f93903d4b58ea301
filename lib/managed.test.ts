import { describe, expect, test } from 'vitest';
import { parseManaged } from './managed';
import { parseSettings, withManaged } from './settings';

describe('managed configuration', () => {
  test('keeps valid presets and drops what an administrator mistyped', () => {
    expect(
      parseManaged({
        servicenowInstances: ['ACME.service-now.com', 'javascript:alert(1)', 'https://acme.service-now.com'],
        mattermostServers: ['https://chat.example.test/mm/', 42],
        servicenowSignIn: 'oauth',
        servicenowClientId: ' nowbridge-public ',
        mattermostSignIn: 'basic',
        locked: true,
      }),
    ).toEqual({
      sites: { servicenow: ['https://acme.service-now.com'], mattermost: ['https://chat.example.test/mm'] },
      signIn: { servicenow: { method: 'oauth', clientId: 'nowbridge-public' } },
      locked: true,
    });
  });

  test('no policy at all is no presets', () => {
    expect(parseManaged(undefined)).toEqual({ sites: { servicenow: [], mattermost: [] }, signIn: {}, locked: false });
  });

  test('preset sites come first, keep what the user stored for them, and are marked managed', () => {
    const user = parseSettings({
      servicenow: [{ base: 'https://itsm.example.test' }, { base: 'https://acme.service-now.com', signIn: { method: 'session' } }],
      mattermost: [],
    });
    const merged = withManaged(user, parseManaged({ servicenowInstances: ['https://acme.service-now.com'] }));
    expect(merged.servicenow).toEqual([
      { base: 'https://acme.service-now.com', signIn: { method: 'session' }, managed: true },
      { base: 'https://itsm.example.test' },
    ]);
  });
});
