import { describe, expect, test } from 'vitest';
import { isOnSite, parseSiteAddress, siteOf } from './origins';

describe('parseSiteAddress', () => {
  test.each([
    ['ACME.service-now.com/', 'servicenow', 'https://acme.service-now.com'],
    ['https://acme.service-now.com', 'servicenow', 'https://acme.service-now.com'],
    ['  https://Itsm.Example.test/  ', 'servicenow', 'https://itsm.example.test'],
    ['https://itsm.example.test:8443', 'servicenow', 'https://itsm.example.test:8443'],
    ['https://acme.service-now.com:443/', 'servicenow', 'https://acme.service-now.com'],
    ['chat.example.test', 'mattermost', 'https://chat.example.test'],
    ['https://host.example.com/mm/', 'mattermost', 'https://host.example.com/mm'],
    ['https://host.example.com/team/mm', 'mattermost', 'https://host.example.com/team/mm'],
    ['http://localhost:8065', 'mattermost', 'http://localhost:8065'],
    ['http://127.0.0.1:8065/', 'mattermost', 'http://127.0.0.1:8065'],
    ['localhost:8065', 'mattermost', 'https://localhost:8065'],
  ] as const)('%s (%s) → %s', (input, product, base) => {
    const r = parseSiteAddress(input, product);
    expect(r).toMatchObject({ ok: true, site: { base } });
  });

  test.each([
    ['', /Enter an address/],
    ['javascript:alert(1)', /not javascript:/],
    ['ftp://files.example.com', /not ftp:/],
    ['https://acme service-now.com', /spaces/],
    ['https://user:pw@acme.service-now.com', /user name or password/],
    ['https://acme.service-now.com?x=1', /query/],
    ['https://acme.service-now.com/#frag', /fragment/],
    ['intranet', /not a full host name/],
    ['http://chat.example.com', /Use https/],
    ['https://acme.service-now.com/now/nav/ui/home', /without a path/],
    ['https://', /not a web address/],
  ])('rejects %j', (input, message) => {
    const r = parseSiteAddress(input, 'servicenow');
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.error).toMatch(message);
  });

  test('Mattermost subpaths may only be plain folder names', () => {
    expect(parseSiteAddress('https://host.example.com/m%20m', 'mattermost').ok).toBe(false);
  });

  test('patterns drop the port (match patterns have none) and keep the subpath for scripts', () => {
    const r = parseSiteAddress('https://Host.example.com:8443/mm', 'mattermost');
    expect(r).toEqual({
      ok: true,
      site: {
        origin: 'https://host.example.com:8443',
        base: 'https://host.example.com:8443/mm',
        permissionPattern: 'https://host.example.com/*',
        matchPattern: 'https://host.example.com/mm/*',
      },
    });
  });
});

describe('isOnSite', () => {
  const mm = siteOf('https://host.example.com/mm', 'mattermost');
  test.each([
    ['https://host.example.com/mm/ops/channels/town-square', true],
    ['https://host.example.com/mm', true],
    ['https://host.example.com/mmx/ops', false],
    ['https://host.example.com/', false],
    ['https://host.example.com:8443/mm/ops', false],
    ['http://host.example.com/mm/ops', false],
    ['not a url', false],
  ])('%s → %s', (url, expected) => expect(isOnSite(url, mm)).toBe(expected));
});
