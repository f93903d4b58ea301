// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, test } from 'vitest';
import { MM_BOT, MM_CHANNELS, MM_TEAMS, MM_USERS } from '../fixtures';
import { isValidId } from './ids';
import { SEED_USERS, start, type RunningMattermost } from './index';
import { call, expectAppError, type Res } from './test-util';
import { goString, parseMediaType, parseQuery } from './webhooks';

let mm: RunningMattermost;
const incidents = MM_CHANNELS.incidents.id;
beforeAll(async () => {
  mm = await start();
});
afterAll(() => mm.stop());
afterEach(() => {
  mm.control.setSettings({ enableIncomingWebhooks: true, enablePostUsernameOverride: false, enablePostIconOverride: false, developerMode: false });
  mm.control.setFaults({ latencyMs: 0, rate5xx: 0 });
});

/** A hook on #incidents by Beth unless told otherwise. */
const hookFor = (o: Partial<Parameters<RunningMattermost['control']['createIncomingWebhook']>[0]> = {}) =>
  mm.control.createIncomingWebhook({ channel_id: incidents, creator_user_id: MM_USERS.agent.id, display_name: 'ServiceNow', ...o });
const send = (url: string, json: unknown) => call(url, { method: 'POST', json });
const sendRaw = (url: string, body: string, contentType?: string) =>
  call(url, { method: 'POST', body, headers: contentType === undefined ? {} : { 'Content-Type': contentType } });
const last = (channelId: string = incidents) => mm.control.lastPost(channelId)!;

function expectOk(res: Res): void {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain');
  expect(res.text).toBe('ok');
}

describe('control.createIncomingWebhook', () => {
  test('returns an id and the URL under the site URL; the hook belongs to the channel’s team', () => {
    const h = hookFor();
    expect(isValidId(h.id)).toBe(true);
    expect(h.url).toBe(`${mm.origin}/hooks/${h.id}`);
    expect(mm.store.incomingHooks.get(h.id)).toMatchObject({ channel_id: incidents, user_id: MM_USERS.agent.id, team_id: MM_TEAMS.ops.id, display_name: 'ServiceNow', username: '', icon_url: '' });
  });

  test('throws for an unknown channel, a DM, an unknown creator, and while incoming webhooks are off', () => {
    expect(() => hookFor({ channel_id: 'abcdefghijklmnopqrstuvwxyz' })).toThrow(/no channel/);
    const dm = [...mm.store.channelMap.values()].find((c) => c.type === 'D')!;
    expect(() => hookFor({ channel_id: dm.id })).toThrow(/DM or GM/);
    expect(() => hookFor({ creator_user_id: 'abcdefghijklmnopqrstuvwxyz' })).toThrow(/no user/);
    mm.control.setSettings({ enableIncomingWebhooks: false });
    expect(() => hookFor()).toThrow(/disabled/);
  });

  test('a default username and icon are kept only while the override settings are on (CreateIncomingWebhookForChannel)', () => {
    expect(mm.store.incomingHooks.get(hookFor({ username: 'snow', icon_url: 'https://x.example/i.png' }).id)).toMatchObject({ username: '', icon_url: '' });
    mm.control.setSettings({ enablePostUsernameOverride: true, enablePostIconOverride: true });
    expect(mm.store.incomingHooks.get(hookFor({ username: 'snow', icon_url: 'https://x.example/i.png' }).id)).toMatchObject({ username: 'snow', icon_url: 'https://x.example/i.png' });
  });
});

describe('POST /hooks/{id}', () => {
  test('200 text/plain "ok"; the post is the creator’s in the hook’s channel with from_webhook and webhook_display_name, the request’s props kept', async () => {
    const h = hookFor();
    const res = await send(h.url, { text: 'INC0010001 changed', props: { nowbridge_event: 'e1', nowbridge_feed: 'incident:1' } });
    expectOk(res);
    expect(res.headers.get('x-request-id')).toBeTruthy();
    const p = last();
    expect(p).toMatchObject({ channel_id: incidents, user_id: MM_USERS.agent.id, message: 'INC0010001 changed', root_id: '', type: '' });
    expect(p.props).toEqual({ from_webhook: 'true', webhook_display_name: 'ServiceNow', nowbridge_event: 'e1', nowbridge_feed: 'incident:1' });
  });

  test('there is no root_id in IncomingWebhookRequest: one in the body is ignored and the post is a root', async () => {
    const h = hookFor();
    const root = mm.control.createPost({ channel_id: incidents, user_id: MM_USERS.agent.id, message: 'root' });
    expectOk(await send(h.url, { text: 'not a reply', root_id: root.id }));
    expect(last().root_id).toBe('');
    expect(mm.store.repliesOf(root.id)).toHaveLength(0);
  });

  test('override props only with the settings on (default off); the request’s own override and from_webhook props are dropped', async () => {
    const h = hookFor();
    expectOk(await send(h.url, { text: 'a', username: 'ServiceNow', icon_url: 'https://x.example/i.png', icon_emoji: ':bell:', props: { override_username: 'x', override_icon_url: 'y', from_webhook: 'no' } }));
    expect(last().props).toEqual({ from_webhook: 'true', webhook_display_name: 'ServiceNow' });
    mm.control.setSettings({ enablePostUsernameOverride: true, enablePostIconOverride: true });
    expectOk(await send(h.url, { text: 'b', username: 'ServiceNow', icon_url: 'https://x.example/i.png', icon_emoji: ':bell:' }));
    expect(last().props).toMatchObject({ from_webhook: 'true', override_username: 'ServiceNow', override_icon_url: 'https://x.example/i.png', override_icon_emoji: ':bell:' });
    expectOk(await send(h.url, { text: 'c' }));
    expect(last().props['override_username']).toBe('webhook');
    expect(last().props).not.toHaveProperty('override_icon_url');
  });

  test('the hook’s own username and icon fill in when the request has none', async () => {
    mm.control.setSettings({ enablePostUsernameOverride: true, enablePostIconOverride: true });
    const h = hookFor({ username: 'snow-hook', icon_url: 'https://x.example/h.png' });
    expectOk(await send(h.url, { text: 'x' }));
    expect(last().props).toMatchObject({ override_username: 'snow-hook', override_icon_url: 'https://x.example/h.png' });
  });

  test('attachments: type slack_attachment, every key of the model, field values as strings, links as Markdown, embeds metadata', async () => {
    const h = hookFor();
    const att = { fallback: 'INC0010001', color: 'danger', title: 'INC0010001', title_link: 'https://acme.service-now.com/x', text: 'see <https://acme.service-now.com/y|the record>', fields: [{ title: 'Priority', value: 1, short: 'true' }, null] };
    expectOk(await send(h.url, { text: '', attachments: [att, null], props: { attachments: [{ title: 'ignored' }] } }));
    const p = last();
    expect(p.type).toBe('slack_attachment');
    expect(p.message).toBe('');
    expect(p.props['attachments']).toEqual([
      {
        id: 0, fallback: 'INC0010001', color: 'danger', pretext: '', author_name: '', author_link: '', author_icon: '', title: 'INC0010001',
        title_link: 'https://acme.service-now.com/x', text: 'see [the record](https://acme.service-now.com/y)', fields: [{ title: 'Priority', value: '1', short: true }],
        image_url: '', thumb_url: '', footer: '', footer_icon: '', ts: null,
      },
    ]);
    expect(p.metadata).toMatchObject({ embeds: [{ type: 'message_attachment' }] });
  });

  test('Slack text: <url|text> links, <!channel> and <@userid> become Mattermost Markdown and mentions', async () => {
    const h = hookFor();
    expectOk(await send(h.url, { text: `<!here> <@${MM_USERS.agent2.id}> see <https://acme.service-now.com/z|INC0010002>` }));
    expect(last().message).toBe('@here @david see [INC0010002](https://acme.service-now.com/z)');
  });

  test('a bot creator’s webhook posts carry from_bot too (app/post.go CreatePost)', async () => {
    const h = hookFor({ creator_user_id: MM_BOT.id });
    expectOk(await send(h.url, { text: 'from the bot' }));
    expect(last()).toMatchObject({ user_id: MM_BOT.id, props: { from_webhook: 'true', from_bot: 'true' } });
  });

  test('application/x-www-form-urlencoded: the JSON in the payload field (the body’s, else the query’s)', async () => {
    const h = hookFor();
    expectOk(await sendRaw(h.url, `payload=${encodeURIComponent(JSON.stringify({ text: 'form post' }))}`, 'application/x-www-form-urlencoded'));
    expect(last().message).toBe('form post');
    expectOk(await sendRaw(`${h.url}?payload=${encodeURIComponent(JSON.stringify({ text: 'query payload' }))}`, '', 'application/x-www-form-urlencoded; charset=utf-8'));
    expect(last().message).toBe('query payload');
  });

  test('no Content-Type, or text/plain: the body is read as JSON; raw newlines in text are escaped and accepted', async () => {
    const h = hookFor();
    expectOk(await sendRaw(h.url, JSON.stringify({ text: 'untyped' })));
    expect(last().message).toBe('untyped');
    expectOk(await sendRaw(h.url, '{"text": "line one\nline two"}', 'text/plain'));
    expect(last().message).toBe('line one\nline two');
  });

  test('multipart/form-data: Go field names (Text, ChannelName…), any other key is a decode error', async () => {
    const h = hookFor();
    const form = new FormData();
    form.set('text', 'multipart post');
    expectOk(await call(h.url, { method: 'POST', body: form }));
    expect(last().message).toBe('multipart post');
    const bad = new FormData();
    bad.set('text', 'x');
    bad.set('icon_url', 'https://x.example/i.png');
    expectAppError(await call(h.url, { method: 'POST', body: bad }), 400, 'web.incoming_webhook.decode.app_error');
  });

  test('a message over 16383 runes is split into posts (SplitWebhookPost), the attachments on the last', async () => {
    const h = hookFor();
    const before = mm.control.posts(incidents).length;
    expectOk(await send(h.url, { text: 'a'.repeat(16383) + 'b'.repeat(10), attachments: [{ text: 'card' }] }));
    const posts = mm.control.posts(incidents).slice(before);
    expect(posts.map((p) => p.message.length)).toEqual([16383, 10]);
    expect(posts[0]!.props).not.toHaveProperty('attachments');
    expect(posts[1]!.props['attachments']).toHaveLength(1);
  });

  test('channel: "#name" or "name" in the hook’s team, "@user" a DM with the creator; missing ones 404/400; a locked hook 403', async () => {
    const h = hookFor();
    expectOk(await send(h.url, { text: 'to town', channel: '#town-square' }));
    expect(last(MM_CHANNELS.town.id)).toMatchObject({ message: 'to town', user_id: MM_USERS.agent.id });
    expectOk(await send(h.url, { text: 'dm', channel: '@david' }));
    const dm = [...mm.store.channelMap.values()].find((c) => c.type === 'D' && c.member_ids.includes(MM_USERS.agent2.id) && c.member_ids.includes(MM_USERS.agent.id))!;
    expect(last(dm.id).message).toBe('dm');
    mm.control.setSettings({ developerMode: true });
    const missing = await send(h.url, { text: 'x', channel: 'no-such-channel' });
    expectAppError(missing, 404, 'web.incoming_webhook.general.app_error');
    expect(missing.json.detailed_error).toContain('web.incoming_webhook.channel.app_error');
    const nobody = await send(h.url, { text: 'x', channel: '@nobody' });
    expectAppError(nobody, 400, 'web.incoming_webhook.general.app_error');
    expect(nobody.json.detailed_error).toContain('web.incoming_webhook.user.app_error');
    const locked = hookFor({ channel_locked: true });
    expectAppError(await send(locked.url, { text: 'x', channel: 'town-square' }), 403, 'web.incoming_webhook.general.app_error');
    expectOk(await send(locked.url, { text: 'own channel', channel: 'incidents' }));
  });

  test('a private channel the creator cannot read is 403; a public one is fine without membership', async () => {
    const secret = hookFor({ channel_id: MM_CHANNELS.secret.id });
    mm.control.setSettings({ developerMode: true });
    const res = await send(secret.url, { text: 'x' });
    expectAppError(res, 403, 'web.incoming_webhook.general.app_error');
    expect(res.json.detailed_error).toContain('web.incoming_webhook.permissions.app_error');
    const devTown = hookFor({ channel_id: MM_CHANNELS.devTown.id, creator_user_id: MM_USERS.requester.id });
    expectOk(await send(devTown.url, { text: 'abel is not in dev' }));
  });

  test('unknown hook: 400 web.incoming_webhook.general.app_error naming the media type and hook (the inner invalid.app_error in detail)', async () => {
    mm.control.setSettings({ developerMode: true });
    const res = await send(`${mm.origin}/hooks/abcdefghijklmnopqrstuvwxyz`, { text: 'x' });
    expectAppError(res, 400, 'web.incoming_webhook.general.app_error');
    expect(res.json.message).toBe('Failed to handle the payload of media type application/json for incoming webhook abcdefghijklmnopqrstuvwxyz.');
    expect(res.json.detailed_error).toContain('web.incoming_webhook.invalid.app_error');
    mm.control.setSettings({ developerMode: false });
    expect((await send(`${mm.origin}/hooks/short`, { text: 'x' })).json.detailed_error).toBe('');
  });

  test('text and attachments both empty (an empty or all-null list counts as none) is 400, checked before the hook is looked up', async () => {
    const h = hookFor();
    mm.control.setSettings({ developerMode: true });
    for (const body of [{}, { text: '' }, { text: '', attachments: [] }, { attachments: [null] }, null]) {
      const res = await send(h.url, body);
      expectAppError(res, 400, 'web.incoming_webhook.general.app_error');
      expect(res.json.detailed_error).toContain('web.incoming_webhook.text.app_error');
    }
    const unknown = await send(`${mm.origin}/hooks/abcdefghijklmnopqrstuvwxyz`, { text: '' });
    expect(unknown.json.detailed_error).toContain('web.incoming_webhook.text.app_error');
  });

  test('EnableIncomingWebhooks off: 501', async () => {
    const h = hookFor();
    mm.control.setSettings({ enableIncomingWebhooks: false, developerMode: true });
    const res = await send(h.url, { text: 'x' });
    expectAppError(res, 501, 'web.incoming_webhook.general.app_error');
    expect(res.json.detailed_error).toContain('web.incoming_webhook.disabled.app_error');
  });

  test('undecodable bodies: 400 web.incoming_webhook.decode.app_error (model.incoming_hook.parse_data inside)', async () => {
    const h = hookFor();
    mm.control.setSettings({ developerMode: true });
    for (const body of ['{', '', '[]', '"text"', '{"text": 5}', '{"props": []}', '{"attachments": {}}', '{"attachments": [{"title": 1}]}', '{"attachments": [{"fields": [{"short": null}]}]}']) {
      const res = await sendRaw(h.url, body, 'application/json');
      expectAppError(res, 400, 'web.incoming_webhook.decode.app_error');
      expect(res.json.detailed_error).toContain('model.incoming_hook.parse_data.app_error');
    }
    expectAppError(await sendRaw(h.url, 'payload=%7B', 'application/x-www-form-urlencoded'), 400, 'web.incoming_webhook.decode.app_error');
  });

  test('a malformed Content-Type or form fails ParseForm first: 400 web.incoming_webhook.parse_form.app_error', async () => {
    const h = hookFor();
    expectAppError(await sendRaw(h.url, '{"text":"x"}', 'application/json; charset'), 400, 'web.incoming_webhook.parse_form.app_error');
    expectAppError(await sendRaw(h.url, 'payload=%zz', 'application/x-www-form-urlencoded'), 400, 'web.incoming_webhook.parse_form.app_error');
  });

  test('post type: a system_ type is 400, an unknown one fails saving (500), attachments force slack_attachment', async () => {
    const h = hookFor();
    expectAppError(await send(h.url, { text: 'x', type: 'system_join_channel' }), 400, 'web.incoming_webhook.general.app_error');
    expectAppError(await send(h.url, { text: 'x', type: 'card' }), 500, 'web.incoming_webhook.general.app_error');
    expectOk(await send(h.url, { text: 'x', type: 'custom_nowbridge' }));
    expect(last().type).toBe('custom_nowbridge');
    expectOk(await send(h.url, { text: 'x', type: 'custom_nowbridge', attachments: [{ text: 'y' }] }));
    expect(last().type).toBe('slack_attachment');
  });

  test('priority needs priority.priority (400); given, it lands in metadata.priority', async () => {
    const h = hookFor();
    expectAppError(await send(h.url, { text: 'x', priority: { requested_ack: true } }), 400, 'web.incoming_webhook.general.app_error');
    expectOk(await send(h.url, { text: 'urgent', priority: { priority: 'urgent', requested_ack: false } }));
    expect(last().metadata['priority']).toEqual({ priority: 'urgent', requested_ack: false });
  });

  test('strict like POST /posts: attachments the web app would render badly are refused', async () => {
    const h = hookFor();
    expectAppError(await send(h.url, { attachments: [{ title_link: 'https://acme.service-now.com/x' }] }), 400, 'web.incoming_webhook.general.app_error');
    expectAppError(await send(h.url, { attachments: [{ title: 't', title_link: 'javascript:alert(1)' }] }), 400, 'web.incoming_webhook.general.app_error');
  });

  test('only POST is routed (405); a non-alphanumeric id is not a hook route', async () => {
    const h = hookFor();
    expect((await call(h.url)).status).toBe(405);
    expect((await send(`${mm.origin}/hooks/not-a-hook`, { text: 'x' })).status).toBe(404);
  });

  test('each request is in the request log; faults (failNext, 5xx) reach hooks as they reach the API', async () => {
    const h = hookFor();
    expectOk(await send(h.url, { text: 'logged' }));
    expect(mm.requests.at(-1)).toMatchObject({ method: 'POST', pathname: `/hooks/${h.id}`, status: 200, body: JSON.stringify({ text: 'logged' }) });
    mm.control.failNext(1, 503);
    expect((await send(h.url, { text: 'x' })).status).toBe(503);
    expectOk(await send(h.url, { text: 'recovered' }));
  });

  test('config/client reports the three switches (config/client.go GenerateClientConfig)', async () => {
    const cfg = async () => (await call(`${mm.origin}/api/v4/config/client?format=old`, { headers: { Authorization: `Bearer ${MM_USERS.agent.token}` } })).json;
    expect(await cfg()).toMatchObject({ EnableIncomingWebhooks: 'true', EnablePostUsernameOverride: 'false', EnablePostIconOverride: 'false' });
    mm.control.setSettings({ enablePostUsernameOverride: true, enablePostIconOverride: true });
    expect(await cfg()).toMatchObject({ EnablePostUsernameOverride: 'true', EnablePostIconOverride: 'true' });
  });

  test('a subpath install serves hooks under it', async () => {
    const sub = await start({ subpath: '/mm' });
    try {
      const h = sub.control.createIncomingWebhook({ channel_id: incidents, creator_user_id: SEED_USERS.admin.id });
      expect(h.url).toBe(`${sub.origin}/mm/hooks/${h.id}`);
      expectOk(await send(h.url, { text: 'under /mm' }));
      expect(sub.control.lastPost(incidents)).toMatchObject({ message: 'under /mm', user_id: SEED_USERS.admin.id });
    } finally {
      await sub.stop();
    }
  });
});

describe('Go semantics helpers', () => {
  test('goString is fmt %v for decoded JSON', () => {
    expect([1, 1.5, 123456, 1e6, 1234567, 0.0001, 0.00001, true, 'x', [1, 'a'], { b: 1, a: null }].map(goString)).toEqual([
      '1', '1.5', '123456', '1e+06', '1.234567e+06', '0.0001', '1e-05', 'true', 'x', '[1 a]', 'map[a:<nil> b:1]',
    ]);
  });

  test('parseMediaType and parseQuery fail where Go’s mime and url do', () => {
    expect(parseMediaType('Application/JSON; charset=utf-8')).toEqual({ type: 'application/json', params: { charset: 'utf-8' } });
    expect(parseMediaType('multipart/form-data; boundary="a b"')?.params['boundary']).toBe('a b');
    expect(parseMediaType('application/json; charset')).toBeUndefined();
    expect(parseMediaType('/json')).toBeUndefined();
    expect(parseQuery('a=1&a=2&b=x+y')?.get('a')).toEqual(['1', '2']);
    expect(parseQuery('b=x+y')?.get('b')).toEqual(['x y']);
    expect(parseQuery('a=%zz')).toBeUndefined();
    expect(parseQuery('a=1;b=2')).toBeUndefined();
  });
});
