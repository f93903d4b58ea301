import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { fromUser } from '@/components/user-event';
import { settle, testFeatureContext } from '../../testing/feature-context';
import { feature, searchButton } from './search-button';

const COMPOSER = '<div class="wrap"><div class="AdvancedTextEditor"><textarea id="post_textbox"></textarea></div></div>';
const buttons = () => [...document.querySelectorAll('nowbridge-search-button')];

let ctl: AbortController;
let sent: { type: string }[];
beforeEach(() => {
  document.body.innerHTML = '';
  ctl = new AbortController();
  sent = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
    sent.push(m as { type: string });
    return { ok: true, value: { id: 'a'.repeat(32) } };
  });
});
afterEach(() => {
  ctl.abort();
  document.querySelector('nowbridge-frame')?.remove();
  vi.mocked(fromUser).mockReturnValue(true);
  vi.restoreAllMocks();
});

const start = () => searchButton(ctl.signal, testFeatureContext({ site: 'https://chat.example.test', signal: ctl.signal }).ctx);

describe('composer search button', () => {
  it('needs the top frame and a ServiceNow instance', () => {
    const { ctx } = testFeatureContext({ site: 'https://chat.example.test', signal: ctl.signal });
    expect(feature.include!(ctx)).toBe(false);
    const withInstance = testFeatureContext({ site: 'https://chat.example.test', signal: ctl.signal, info: { servicenow: [{ base: 'https://acme.service-now.com', state: 'connected' }] } }).ctx;
    expect(feature.include!(withInstance)).toBe(true);
    expect(feature.include!(Object.assign(Object.create(withInstance), { isTop: false }))).toBe(false);
  });

  it('sits beside the message box, and again after Mattermost re-renders it; goes with its signal', async () => {
    document.body.innerHTML = COMPOSER;
    start();
    await settle();
    expect(buttons()).toHaveLength(1);
    expect(buttons()[0]!.previousElementSibling?.className).toBe('AdvancedTextEditor');
    document.querySelector('.wrap')!.innerHTML = '<div class="AdvancedTextEditor"><textarea id="post_textbox"></textarea></div>';
    await settle();
    expect(buttons()).toHaveLength(1);
    expect(buttons()[0]!.isConnected).toBe(true);
    ctl.abort();
    expect(buttons()).toHaveLength(0);
  });

  it('opens the search on the user\'s click, not on a page script\'s', async () => {
    document.body.innerHTML = COMPOSER;
    start();
    await settle();
    const button = buttons()[0]!.shadowRoot!.querySelector('button')!;
    vi.mocked(fromUser).mockReturnValue(false);
    button.click();
    await settle();
    expect(sent).toEqual([]);
    expect(document.querySelector('nowbridge-frame')).toBe(null);
    vi.mocked(fromUser).mockReturnValue(true);
    button.click();
    await settle();
    // the search is an extension frame the background opened a session for; nothing of it is in this document
    expect(sent).toEqual([{ type: 'frame/open', spec: { kind: 'search', theme: expect.objectContaining({ dark: false }) } }]);
    expect(document.querySelector('nowbridge-frame')).not.toBe(null);
    expect(document.querySelector('nowbridge-frame')!.shadowRoot).toBe(null);
  });
});
