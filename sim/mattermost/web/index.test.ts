// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { MM_CHANNELS } from '../../fixtures';
import { start } from '../index';
import { SEEDED_POSTS } from '../seed';
import { FakeStore, IDS, pid } from './fake-store';
import { createWebApp } from './index';
import { FakeSocket, fakeRequest } from './test-http';
import { openWebSocket } from '../../test-websocket';

const BETH = 'MMAUTHTOKEN=beth';

async function get(path: string, opts: { cookie?: string; subpath?: string; store?: FakeStore; method?: string } = {}) {
  const store = opts.store ?? new FakeStore();
  const app = createWebApp(store, { subpath: opts.subpath ?? '' });
  const { r, res } = fakeRequest(opts.method ?? 'GET', path, { cookie: opts.cookie });
  const handled = await app(r);
  return { handled, res, status: res.statusCode, location: res.headers['location'], body: res.body };
}

describe('routing', () => {
  it('redirects to the login page without a session', async () => {
    const res = await get('/ops/channels/incidents?x=1');
    expect(res.status).toBe(302);
    expect(res.location).toBe('/login?redirect_to=%2Fops%2Fchannels%2Fincidents%3Fx%3D1');
    const sub = await get('/mm/ops/pl/p0000000000000000000000001', { subpath: '/mm' });
    expect(sub.location).toBe('/mm/login?redirect_to=%2Fmm%2Fops%2Fpl%2Fp0000000000000000000000001');
  });

  it('returns false for paths that are not web-app pages, and for non-GET requests', async () => {
    for (const path of ['/api/v4/users/me', '/login', '/nope', '/ops/whatever/x', '/favicon.ico']) {
      const res = await get(path, { cookie: BETH });
      expect(res.handled, path).toBe(false);
      expect(res.res.ended).toBe(false);
    }
    expect((await get('/ops/channels/incidents', { cookie: BETH, method: 'POST' })).handled).toBe(false);
    expect((await get('/ops/channels/incidents', { cookie: BETH, subpath: '/mm' })).handled).toBe(false);
  });

  it('serves channel, DM and permalink pages; the root redirects to town-square', async () => {
    const store = new FakeStore();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: 'hello' });
    for (const path of ['/ops/channels/incidents', '/ops/messages/@david', `/ops/pl/${pid(1)}`, `/ops/channels/incidents/${pid(1)}`]) {
      const res = await get(path, { cookie: BETH, store });
      expect(res.status, path).toBe(200);
      expect(res.res.headers['content-type']).toBe('text/html; charset=utf-8');
      expect(res.body).toContain('<div id="root">');
    }
    expect((await get('/', { cookie: BETH, store })).location).toBe('/ops/channels/town-square');
    expect((await get('/mm/', { cookie: BETH, store, subpath: '/mm' })).location).toBe('/mm/ops/channels/town-square');
  });

  it('shows the not-found screen for unknown teams, channels and private channels the user is not in', async () => {
    for (const path of ['/nope/channels/town-square', '/ops/channels/nope', '/ops/channels/security-secret', '/ops/messages/@nobody']) {
      const res = await get(path, { cookie: BETH });
      expect(res.handled).toBe(true);
      expect(res.body, path).toContain('Page not found');
      expect(res.body).not.toContain('<script>');
    }
  });

  it('keeps hostile text out of the page script', async () => {
    const store = new FakeStore();
    store.add({ id: pid(1), channel_id: IDS.incidents, message: '</script><script>alert(1)</script> <!-- \u2028' });
    const { body } = await get('/ops/channels/incidents', { cookie: BETH, store });
    expect(body.match(/<\/script>/g)).toHaveLength(1);
    expect(body).not.toContain('<!--');
    // the embedded script is valid JavaScript
    const script = body.slice(body.indexOf('<script>') + 8, body.indexOf('</script>'));
    expect(() => new Function(script)).not.toThrow();
  });
});

describe('/__sim/ endpoints', () => {
  it('needs a session (except theme switching)', async () => {
    expect((await get('/__sim/view?path=%2Fops%2Fchannels%2Fincidents')).status).toBe(401);
    expect((await get('/__sim/theme?name=dark')).status).toBe(200);
    expect((await get('/__sim/theme?name=purple')).status).toBe(400);
  });

  it('serves the view JSON for soft navigation', async () => {
    const store = new FakeStore();
    store.add({ id: pid(1), channel_id: IDS.town, message: 'hi' });
    const res = await get('/__sim/view?path=%2Fops%2Fchannels%2Ftown-square', { cookie: BETH, store });
    expect(res.res.headers['content-type']).toBe('application/json');
    const { view } = JSON.parse(res.body);
    expect(view.channel).toMatchObject({ id: IDS.town, name: 'town-square' });
    expect(view.rows.map((r: { key: string }) => r.key)).toEqual([expect.stringMatching(/^date-/), pid(1)]);
    expect((await get('/__sim/view?path=%2Fops%2Fchannels%2Fnope', { cookie: BETH })).status).toBe(404);
  });

  it('streams post events the viewer may see, rendered for them, over a WebSocket', async () => {
    const store = new FakeStore();
    const app = createWebApp(store, { subpath: '' });
    const socket = new FakeSocket();
    const { r } = fakeRequest('GET', '/__sim/events?team=ops', { cookie: BETH, socket });
    expect(await app(r)).toBe(true);
    store.add({ id: pid(1), channel_id: IDS.incidents, message: 'visible', user_id: IDS.david }, true);
    store.add({ id: pid(2), channel_id: IDS.secret, message: 'hidden', user_id: IDS.david }, true);
    const events = socket.sent.map((m) => JSON.parse(m));
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'posted', postId: pid(1), channelId: IDS.incidents });
    expect(events[0].center).toContain(`id="post_${pid(1)}"`);
    socket.close();
    store.add({ id: pid(3), channel_id: IDS.incidents, message: 'after close' }, true);
    expect(socket.sent.join()).not.toContain(pid(3));
    // a plain GET is not a stream
    const { r: plain, res } = fakeRequest('GET', '/__sim/events?team=ops', { cookie: BETH });
    expect(await app(plain)).toBe(true);
    expect(res.statusCode).toBe(426);
  });
});

describe('with the real seeded store', () => {
  it('renders the seeded channel, its attachment card and live API posts', async () => {
    const mm = await start({});
    try {
      const s = mm.control.signIn('beth');
      const page = await fetch(`${mm.origin}/ops/channels/incidents`, { headers: { cookie: s.cookieHeader } });
      expect(page.status).toBe(200);
      const res = await fetch(`${mm.origin}/__sim/view?path=${encodeURIComponent('/ops/channels/incidents')}`, { headers: { cookie: s.cookieHeader } });
      const { view } = (await res.json()) as { view: { rows: { key: string; html: string }[] } };
      const card = view.rows.find((r) => r.key === SEEDED_POSTS.attachment);
      expect(card?.html).toContain('class="attachment__title-link"');
      expect(card?.html).toContain('td class="attachment-field"');
      // a post made through the API reaches open pages over their WebSocket (a real handshake, one text frame)
      const ws = await openWebSocket(`${mm.origin}/__sim/events?team=ops`, s.cookieHeader);
      const created = await fetch(`${mm.origin}/api/v4/posts`, {
        method: 'POST',
        headers: { cookie: s.cookieHeader, 'X-CSRF-Token': s.csrf, 'Content-Type': 'application/json' },
        body: JSON.stringify({ channel_id: MM_CHANNELS.incidents.id, message: 'from the API' }),
      });
      expect(created.status).toBe(201);
      const { id } = (await created.json()) as { id: string };
      const event = JSON.parse(await ws.next());
      expect(event).toMatchObject({ kind: 'posted', postId: id, channelId: MM_CHANNELS.incidents.id });
      ws.end();
    } finally {
      await mm.stop();
    }
  });
});
