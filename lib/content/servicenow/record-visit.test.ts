import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { settle, testFeatureContext } from '../../testing/feature-context';
import { feature, recordVisits } from './record-visit';

const SN = 'https://acme.service-now.com';
const SYS = '9d385017c611228701d22104cc95c371';
const FORM = `<input id="sys_uniqueValue" value="${SYS}"><input id="sys_target" value="incident">`;

let ctl: AbortController;
let sent: unknown[];
beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${SN}/incident.do?sys_id=${SYS}`);
  document.body.innerHTML = '';
  ctl = new AbortController();
  sent = [];
  vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
    sent.push(m);
    return { ok: true, value: {} };
  });
});
afterEach(() => {
  ctl.abort();
  vi.restoreAllMocks();
});

const start = () => recordVisits(ctl.signal, testFeatureContext({ product: 'servicenow', site: SN, signal: ctl.signal }).ctx);
const visit = { type: 'search/visited', instance: SN, table: 'incident', sys_id: SYS };

describe('record visits', () => {
  it('is a per-page feature: in-page navigation restarts it', () => {
    expect(feature).toMatchObject({ id: 'record-visits', perPage: true });
  });

  it('reports the record once when the form renders late, without a timer while the page is still', async () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    start();
    await settle();
    expect(sent).toEqual([]);
    document.body.innerHTML = FORM;
    await settle(600); // within the throttle, the last change still gets its look
    expect(sent).toEqual([visit]);
    document.body.append(document.createElement('p'));
    await settle(600);
    expect(sent).toEqual([visit]);
    expect(setInterval).not.toHaveBeenCalled();
  });

  it('a page that shows no record asks nothing', async () => {
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${SN}/incident_list.do`);
    start();
    document.body.innerHTML = '<table></table>';
    await settle(600);
    expect(sent).toEqual([]);
  });
});
