import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import { fromUser } from '@/components/user-event';
import { settle, testFeatureContext } from '../../testing/feature-context';
import { feature, hoverCards } from './hover-card';

const SN = 'https://acme.service-now.com';
const SYS = '9d385017c611228701d22104cc95c371';
const LINK = `${SN}/incident.do?sys_id=${SYS}`;
const MM = 'https://chat.example.test';
const POST_ID = 'p'.repeat(26);
const POST = `<div id="post_${POST_ID}" class="post"><div class="post-message__text"><p><a class="theme markdown__link" href="${LINK}">${LINK}</a></p></div></div>`;

let ctl: AbortController;
let sent: { type: string }[];
const card = () => document.querySelector<HTMLElement>('nowbridge-frame');
const link = () => document.querySelector('a')!;

beforeEach(() => {
  document.body.innerHTML = POST;
  ctl = new AbortController();
  sent = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
    sent.push(m as { type: string });
    return { ok: true, value: { id: 'b'.repeat(32) } };
  });
});
afterEach(() => {
  ctl.abort();
  vi.mocked(fromUser).mockReturnValue(true);
  vi.restoreAllMocks();
});

describe('hover cards', () => {
  it('need a configured instance', () => {
    expect(feature.include!(testFeatureContext({ site: 'https://chat.example.test', signal: ctl.signal }).ctx)).toBe(false);
  });

  it('focusing a record link opens its full card in an extension frame below the link; Esc closes it; so does the signal', async () => {
    hoverCards(ctl.signal, MM, [SN]);
    link().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await settle();
    expect(sent).toEqual([{ type: 'frame/open', spec: { kind: 'hover', server: MM, postId: POST_ID, instance: SN, ref: { table: 'incident', sys_id: SYS }, theme: expect.objectContaining({ dark: false }) } }]);
    expect(card()).not.toBe(null);
    expect(card()!.shadowRoot).toBe(null); // closed: the page can't reach the frame element
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(card()).toBe(null);
    link().dispatchEvent(new FocusEvent('focusout', { bubbles: true }));
    link().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await settle();
    expect(card()).not.toBe(null);
    ctl.abort();
    expect(card()).toBe(null);
  });

  it("its title's 'panel' event closes the hover card and opens the record panel for the hover card's own record", async () => {
    hoverCards(ctl.signal, MM, [SN]);
    link().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await settle();
    expect(card()).not.toBe(null);
    sent = [];
    await fakeBrowser.runtime.onMessage.trigger({ type: 'nowbridge/frame', id: 'b'.repeat(32), event: { type: 'panel' } }, {}, () => undefined);
    await settle();
    expect(sent).toEqual([{ type: 'frame/open', spec: { kind: 'record', server: MM, postId: POST_ID, instance: SN, ref: { table: 'incident', sys_id: SYS }, theme: expect.objectContaining({ dark: false }) } }]);
    expect(document.querySelectorAll('nowbridge-frame')).toHaveLength(1); // the panel; the hover card is gone
    for (const f of document.querySelectorAll('nowbridge-frame')) f.remove();
  });

  it('a page script\'s synthetic hover or focus reads nothing', async () => {
    hoverCards(ctl.signal, MM, [SN]);
    vi.mocked(fromUser).mockReturnValue(false);
    link().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    link().dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await settle(400);
    expect(sent).toEqual([]);
    expect(card()).toBe(null);
  });
});
