import { describe, expect, test, vi } from 'vitest';
import { HttpError } from '../http';
import { type Caller, createRouter, type Handlers, type SenderPolicy, UserFacingError } from './router';

const policy: SenderPolicy = {
  extensionId: 'ext',
  isExtensionPage: (url: string) => url.startsWith('chrome-extension://ext/'),
  isConfiguredSite: async () => true,
};
const fromOptions = { id: 'ext', url: 'chrome-extension://ext/options.html' };
const unused = async () => {
  throw new Error('not under test');
};
const handlers = (h: Partial<Handlers>): Handlers => ({
  'sites/sync': unused,
  'connection/list': unused,
  'connection/connect': unused,
  'connection/check': unused,
  'connection/disconnect': unused,
  'record/card': unused,
  'record/full': unused,
  'record/cards': unused,
  'share/servers': unused,
  'share/search': unused,
  'share/post': unused,
  'ui/open-settings': unused,
  'watch/list': unused,
  'watch/record': unused,
  'watch/add-record': unused,
  'watch/add-queue': unused,
  'watch/remove': unused,
  'watch/configure': unused,
  'watch/feed': unused,
  'watch/read': unused,
  'watch/check': unused,
  'share/reply': unused,
  'record/numbering': unused,
  'record/activity': unused,
  'record/journal': unused,
  'record/form': unused,
  'record/update': unused,
  'record/people': unused,
  'message/context': unused,
  'message/attach': unused,
  'incident/form': unused,
  'incident/ci': unused,
  'incident/create': unused,
  'command/run': unused,
  'people/dm': unused,
  'people/targets': unused,
  'approvals/mine': unused,
  'approvals/record': unused,
  'approvals/decide': unused,
  'search/instances': unused,
  'search/query': unused,
  'search/home': unused,
  'search/visited': unused,
  'search/target': unused,
  'search/insert': unused,
  'content/context': unused,
  'frame/open': unused,
  'frame/claim': unused,
  'frame/event': unused,
  ...h,
});

describe('router', () => {
  test('answers a valid request from an extension page', async () => {
    const sync = vi.fn(async () => ({ sites: [] }));
    const route = createRouter(handlers({ 'sites/sync': sync }), policy);
    expect(await route({ type: 'sites/sync' }, fromOptions)).toEqual({ ok: true, value: { sites: [] } });
  });

  test.each([
    ['unknown type', { type: 'tokens/get' }],
    ['extra fields', { type: 'sites/sync', origin: 'https://evil.example' }],
    ['a connect with a bad address', { type: 'connection/connect', product: 'servicenow', base: 'not a url', method: 'session' }],
    ['a connect with an unknown method', { type: 'connection/connect', product: 'servicenow', base: 'https://a.example', method: 'basic' }],
    ['not an object', 'sites/sync'],
  ])('refuses %s without calling a handler', async (_, message) => {
    const sync = vi.fn();
    const route = createRouter(handlers({ 'sites/sync': sync }), policy);
    expect(await route(message, fromOptions)).toEqual({ ok: false, error: 'NowBridge refused a malformed request.' });
    expect(sync).not.toHaveBeenCalled();
  });

  test('refuses other extensions and content scripts asking for page-only requests', async () => {
    const sync = vi.fn();
    const route = createRouter(handlers({ 'sites/sync': sync }), policy);
    expect((await route({ type: 'sites/sync' }, { id: 'other', url: 'chrome-extension://other/x.html' })).ok).toBe(false);
    expect((await route({ type: 'sites/sync' }, { id: 'ext', url: 'https://acme.service-now.com/incident.do' })).ok).toBe(false);
    expect(sync).not.toHaveBeenCalled();
  });

  test('passes on user-facing errors but hides internal ones', async () => {
    const route = createRouter(handlers({ 'sites/sync': async () => { throw new UserFacingError('Sign in again.'); } }), policy);
    expect(await route({ type: 'sites/sync' }, fromOptions)).toEqual({ ok: false, error: 'Sign in again.' });
    const route2 = createRouter(handlers({ 'sites/sync': async () => { throw new Error('token abc123 rejected'); } }), policy);
    expect(await route2({ type: 'sites/sync' }, fromOptions)).toEqual({ ok: false, error: 'Something went wrong in NowBridge.' });
  });

  test('a rate limit says how long the server asked to wait, so the page can say when it tries again', async () => {
    const limited = new HttpError('rate-limited', 'acme.service-now.com is rate-limiting requests; try again in 4 s.', 429, 4000);
    const route = createRouter(handlers({ 'sites/sync': async () => { throw limited; } }), policy);
    expect(await route({ type: 'sites/sync' }, fromOptions)).toEqual({ ok: false, error: limited.message, retryAfterMs: 4000 });
    const other = createRouter(handlers({ 'sites/sync': async () => { throw new HttpError('server', 'x had a problem (HTTP 500).', 500); } }), policy);
    expect(await other({ type: 'sites/sync' }, fromOptions)).toEqual({ ok: false, error: 'x had a problem (HTTP 500).' });
  });

  test('checks every answer against its response schema: a broken one never leaves, and what it held is not logged', async () => {
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const route = createRouter(handlers({ 'share/search': async () => ({ targets: [{ secret: 'INC0010001 text' }] }) as never }), policy);
    expect(await route({ type: 'share/search', server: 'https://chat.example.com', term: 'x' }, fromOptions)).toEqual({ ok: false, error: 'Something went wrong in NowBridge.' });
    expect(log).toHaveBeenCalledOnce();
    expect(JSON.stringify(log.mock.calls)).toContain('share/search');
    expect(JSON.stringify(log.mock.calls)).not.toContain('INC0010001');
    log.mockRestore();
  });

  test('an answer leaves as its schema reads it: fields outside the contract stay in the background', async () => {
    const route = createRouter(handlers({ 'frame/event': async () => ({ token: 'abc' }) as never }), policy);
    expect(await route({ type: 'frame/event', id: 'a'.repeat(32), event: { type: 'close', refocus: false } }, fromOptions)).toEqual({ ok: true, value: {} });
  });

  test('tells the handler whether its caller is one of our pages or a content script', async () => {
    const visited = vi.fn(async (_request: unknown, _caller: Caller) => ({}));
    const route = createRouter(handlers({ 'search/visited': visited }), policy);
    const request = { type: 'search/visited', instance: 'https://acme.service-now.com', table: 'incident', sys_id: 'a'.repeat(32) };
    await route(request, fromOptions);
    await route(request, { id: 'ext', url: 'https://acme.service-now.com/incident.do' });
    // A page can't pass itself off as ours by its path: only the extension's own origin counts.
    await route(request, { id: 'ext', url: 'https://acme.service-now.com/chrome-extension://ext/' });
    expect(visited.mock.calls.map(([, caller]) => caller.fromExtensionPage)).toEqual([true, false, false]);
  });
});

describe('router against the message contract', () => {
  const SN = 'https://acme.service-now.com';
  const MM = 'https://chat.example.com';
  // Each page is a configured site of exactly one product.
  const sites: SenderPolicy = { ...policy, isConfiguredSite: async (url, product) => url.startsWith(product === 'servicenow' ? SN : MM) };
  const route = createRouter(
    handlers({ 'sites/sync': async () => ({ sites: [] }), 'record/cards': async () => ({ cards: [], posts: [] }), 'frame/open': async () => ({ id: 'f'.repeat(32) }), 'search/visited': async () => ({}) }),
    sites,
  );
  const ref = { table: 'incident', sys_id: 'a'.repeat(32) };
  const REFUSED = { ok: false, error: 'Refused: this page may not ask for that.' };

  test('a content script asking for an extension-pages-only message is refused', async () => {
    // what the frames do (read records, post) is theirs alone: a content script can't ask for it
    for (const type of ['record/card', 'record/full', 'share/servers', 'search/instances']) {
      const m = type.startsWith('record') ? { type, instance: SN, ref } : { type };
      expect(await route(m, { id: 'ext', url: `${MM}/team/channels/town-square` })).toEqual(REFUSED);
    }
    expect(await route({ type: 'sites/sync' }, { id: 'ext', url: `${MM}/team/channels/town-square` })).toEqual(REFUSED);
    expect(await route({ type: 'sites/sync' }, { id: 'ext', url: `${SN}/incident.do` })).toEqual(REFUSED);
    expect((await route({ type: 'sites/sync' }, fromOptions)).ok).toBe(true);
  });

  test('a ServiceNow page asking for a Mattermost-only message is refused', async () => {
    const cards = { type: 'record/cards', server: MM, items: [{ postId: 'p'.repeat(26), instance: SN, ref }] };
    expect(await route(cards, { id: 'ext', url: `${SN}/incident.do` })).toEqual(REFUSED);
    expect((await route(cards, { id: 'ext', url: `${MM}/team/channels/town-square` })).ok).toBe(true);
  });

  test('a Mattermost page asking for a ServiceNow-only message is refused', async () => {
    const visit = { type: 'search/visited', instance: SN, table: 'incident', sys_id: 'a'.repeat(32) };
    expect(await route(visit, { id: 'ext', url: `${MM}/team/channels/town-square` })).toEqual(REFUSED);
    expect((await route(visit, { id: 'ext', url: `${SN}/incident.do` })).ok).toBe(true);
  });

  test('a message for both products is answered on either, and on no other site', async () => {
    const card = { type: 'frame/open', spec: { kind: 'share', subject: { kind: 'record', instance: SN, ref }, theme: { dark: false } } };
    expect((await route(card, { id: 'ext', url: `${SN}/incident.do` })).ok).toBe(true);
    expect((await route(card, { id: 'ext', url: `${MM}/team/channels/town-square` })).ok).toBe(true);
    expect(await route(card, { id: 'ext', url: 'https://elsewhere.example/' })).toEqual(REFUSED);
  });
});
