import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { fromUser } from '@/components/user-event';
import { settle, testFeatureContext } from '../../testing/feature-context';
import { feature, hoverCards } from './hover-card';

const SN = 'https://acme.service-now.com';
const SYS = '9d385017c611228701d22104cc95c371';
const LINK = `${SN}/incident.do?sys_id=${SYS}`;
const POST = `<div class="post-message__text"><p><a class="theme markdown__link" href="${LINK}">${LINK}</a></p></div>`;

let ctl: AbortController;
let sent: { type: string }[];
const card = () => document.querySelector<HTMLElement>('nowbridge-hover-card')!;
const link = () => document.querySelector('a')!;

beforeEach(() => {
  document.body.innerHTML = POST;
  ctl = new AbortController();
  sent = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
    sent.push(m as { type: string });
    return { ok: true, value: { lookup: { ok: false, reason: 'not-found', message: 'No access or not found' }, accent: '#80868B', fields: [], tableLabel: '' } };
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

  it('focusing a record link shows its full card, read by the background; Esc closes it; the signal removes it', async () => {
    hoverCards(ctl.signal, [SN]);
    link().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    await settle();
    expect(card().style.display).toBe('block');
    expect(sent).toEqual([{ type: 'record/full', instance: SN, ref: { table: 'incident', sys_id: SYS } }]);
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(card().style.display).toBe('none');
    ctl.abort();
    expect(document.querySelector('nowbridge-hover-card')).toBe(null);
  });

  it('a page script\'s synthetic hover or focus reads nothing', async () => {
    hoverCards(ctl.signal, [SN]);
    vi.mocked(fromUser).mockReturnValue(false);
    link().dispatchEvent(new FocusEvent('focusin', { bubbles: true }));
    link().dispatchEvent(new MouseEvent('mouseover', { bubbles: true }));
    await settle(400);
    expect(sent).toEqual([]);
    expect(card().style.display).toBe('none');
  });
});
