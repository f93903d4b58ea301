import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { fromUser } from '@/components/user-event';
import { cardKey } from '../../servicenow/record';
import { settle, testFeatureContext } from '../../testing/feature-context';
import { feature, recordCards } from './record-cards';

const SN = 'https://acme.service-now.com';
const MM = 'https://chat.example.test';
const id = (n: number) => `p${String(n).padStart(25, '0')}`;
const sys = (n: number) => `${String(n).padStart(2, '0')}${'a'.repeat(30)}`;
const link = (n: number) => `${SN}/incident.do?sys_id=${sys(n)}`;
/** The A.9 shape (post_component.tsx), trimmed to what detection and placement read. */
const postRow = (n: number, message = `see <a class="theme markdown__link" href="${link(n)}">${link(n)}</a>`) =>
  `<div role="listitem" id="post_${id(n)}" class="a11y__section post"><div class="post__content"><div class="post__body">` +
  `<div class="AutoHeight"><div><div class="post-message"><div class="post-message__text-container"><div id="postMessageText_${id(n)}" class="post-message__text"><p>${message}</p></div>` +
  `</div></div></div></div><div class="post__body-reactions-acks"></div></div></div></div>`;

let ctl: AbortController;
let sent: { type: string; items?: { postId: string; instance: string; ref: { table: string; sys_id: string } }[] }[];
const hosts = () => [...document.querySelectorAll('nowbridge-cards')];
// The card hosts' shadow roots are closed (the page must not read them): the test keeps the roots it saw made.
const roots = new WeakMap<Element, ShadowRoot>();
const rootOf = (h: Element) => roots.get(h)!;
const text = (h: Element) => rootOf(h).textContent ?? '';

beforeEach(() => {
  const attach = HTMLElement.prototype.attachShadow;
  vi.spyOn(HTMLElement.prototype, 'attachShadow').mockImplementation(function (this: HTMLElement, init: ShadowRootInit) {
    const root = attach.call(this, init);
    roots.set(this, root);
    return root;
  });
  document.body.innerHTML = `<div class="inner_list">${postRow(1)}${postRow(2)}${postRow(3, 'no record here')}</div>`;
  ctl = new AbortController();
  sent = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
    const msg = m as (typeof sent)[number];
    sent.push(msg);
    if (msg.type !== 'record/cards') return { ok: true, value: {} };
    const cards = msg.items!.map((i) => ({
      key: cardKey(i.instance, i.ref),
      stale: false,
      data: { lookup: { ok: false, reason: 'not-found', message: 'No access or not found' }, accent: '#80868B', fields: [], tableLabel: 'Incident' },
    }));
    // Mattermost's copy of every post holds what the page shows (post-check.ts decides that in the background)
    const posts = msg.items!.map((i) => ({ postId: i.postId, keys: [cardKey(i.instance, i.ref)] }));
    return { ok: true, value: { cards, posts } };
  });
});
afterEach(() => {
  ctl.abort();
  vi.mocked(fromUser).mockReturnValue(true);
  vi.restoreAllMocks();
});

const context = (state: 'connected' | 'not-connected') =>
  testFeatureContext({ site: MM, signal: ctl.signal, info: { servicenow: [{ base: SN, state }], mattermost: [{ base: MM, state: 'connected' }] } });

describe('record cards', () => {
  it('need a configured instance', () => {
    expect(feature.include!(testFeatureContext({ site: MM, signal: ctl.signal }).ctx)).toBe(false);
    expect(feature.include!(context('connected').ctx)).toBe(true);
  });

  it('cards under the posts that reference records, from ONE request for the batch; nothing else asked', async () => {
    recordCards(ctl.signal, context('connected').ctx);
    await settle();
    expect(hosts()).toHaveLength(2);
    expect(sent.map((m) => m.type)).toEqual(['record/cards']);
    expect(sent[0]!.items!.map((i) => i.ref.sys_id)).toEqual([sys(1), sys(2)]);
    await settle();
    expect(text(hosts()[0]!)).toContain('No access or not found');
    // A new post in the list: its own card, its own request.
    document.querySelector('.inner_list')!.insertAdjacentHTML('beforeend', postRow(4));
    await settle();
    expect(hosts()).toHaveLength(3);
    expect(sent.at(-1)!.items!.map((i) => i.ref.sys_id)).toEqual([sys(4)]);
    ctl.abort();
    expect(hosts()).toHaveLength(0);
  });

  it('go right under the message block, before the reactions row and a thread footer that appears later', async () => {
    recordCards(ctl.signal, context('connected').ctx);
    await settle();
    const body = document.querySelector(`#post_${id(1)} .post__body`)!;
    const order = () => [...body.children].map((c) => c.tagName === 'NOWBRIDGE-CARDS' ? 'cards' : c.className);
    expect(order()).toEqual(['AutoHeight', 'cards', 'post__body-reactions-acks']);
    const host = hosts()[0];
    body.insertAdjacentHTML('beforeend', '<div class="ThreadFooter"><button>1 reply</button></div>');
    await settle();
    expect(order()).toEqual(['AutoHeight', 'cards', 'post__body-reactions-acks', 'ThreadFooter']);
    expect(hosts()[0]).toBe(host);
  });

  it('not connected: a Connect prompt and no request, until the boot context says connected', async () => {
    const { ctx, refresh } = context('not-connected');
    recordCards(ctl.signal, ctx);
    await settle();
    expect(hosts()).toHaveLength(2);
    expect(text(hosts()[0]!)).toContain('Connect ServiceNow to preview');
    expect(sent).toEqual([]);
    refresh({ servicenow: [{ base: SN, state: 'connected' }], mattermost: [{ base: MM, state: 'connected' }] });
    await settle();
    expect(sent.map((m) => m.type)).toEqual(['record/cards']);
  });

  it('a sign-in that ended says "Sign in … again", for either product', async () => {
    const ended = testFeatureContext({ site: MM, signal: ctl.signal, info: { servicenow: [{ base: SN, state: 'needs-sign-in' }], mattermost: [{ base: MM, state: 'connected' }] } });
    recordCards(ctl.signal, ended.ctx);
    await settle();
    expect(text(hosts()[0]!)).toContain('Sign in to ServiceNow again to preview');
    ended.refresh({ servicenow: [{ base: SN, state: 'connected' }], mattermost: [{ base: MM, state: 'needs-sign-in' }] });
    await settle();
    expect(text(hosts()[0]!)).toContain('Sign in to Mattermost again to preview');
    expect(sent).toEqual([]);
  });

  it('the Connect button acts on the user\'s click only', async () => {
    recordCards(ctl.signal, context('not-connected').ctx);
    await settle();
    expect(hosts()[0]!.shadowRoot).toBe(null);
    const button = rootOf(hosts()[0]!).querySelector('button')!;
    vi.mocked(fromUser).mockReturnValue(false);
    button.click();
    expect(sent).toEqual([]);
    vi.mocked(fromUser).mockReturnValue(true);
    button.click();
    expect(sent.map((m) => m.type)).toEqual(['ui/open-settings']);
  });
});
