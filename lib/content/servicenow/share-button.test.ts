import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fromUser } from '@/components/user-event';
import { settle, testFeatureContext } from '../../testing/feature-context';
import * as host from '../share-dialog-host';
import * as prewarm from './share-prewarm';
import * as pageRecord from '../../servicenow/page-record';
import { feature, FIXED_AFTER_MS, shareButton, WAIT_MS } from './share-button';

const SN = 'https://acme.service-now.com';
const SYS = '9d385017c611228701d22104cc95c371';
/** A classic form: the record's hidden inputs and the header's button bar. */
const FORM = `<input id="sys_uniqueValue" value="${SYS}"><input id="sys_target" value="incident">
  <nav class="navbar"><div class="navbar-header">Incident</div><div class="navbar-right"><button class="btn-icon navbar-btn" aria-label="Manage Attachments"></button><span class="navbar_ui_actions"><button class="form_action_button">Update</button></span></div></nav>`;

let ctl: AbortController;
let open: ReturnType<typeof vi.spyOn>;
const button = () => document.querySelector('nowbridge-share-button')?.shadowRoot?.querySelector('button') ?? null;
const press = () => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'M', code: 'KeyM', altKey: true, shiftKey: true, bubbles: true }));
/** Alt held, then Shift pressed: the first half of Alt+Shift+M */
const holdAltShift = () => document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Shift', code: 'ShiftLeft', altKey: true, shiftKey: true, bubbles: true }));

beforeEach(() => {
  (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${SN}/incident.do?sys_id=${SYS}`);
  document.body.innerHTML = '';
  ctl = new AbortController();
  open = vi.spyOn(host, 'openShareDialog').mockResolvedValue();
});
afterEach(() => {
  ctl.abort();
  vi.mocked(fromUser).mockReturnValue(true);
  vi.restoreAllMocks();
});

const start = () => shareButton(ctl.signal, testFeatureContext({ product: 'servicenow', site: SN, signal: ctl.signal }).ctx);

describe('share button', () => {
  it('is a per-page feature: in-page navigation restarts it', () => {
    expect(feature).toMatchObject({ id: 'share-button', perPage: true });
  });

  it('appears when the form renders (seen by the shared observer), left of the first UI action, and shares the record', async () => {
    start();
    await settle();
    expect(button()).toBe(null);
    document.body.innerHTML = FORM;
    await settle();
    const b = button()!;
    expect(b.textContent).toBe('Post to Mattermost');
    expect(b.getRootNode()).not.toBe(document);
    expect(document.querySelector('nowbridge-share-button')!.nextElementSibling?.textContent).toBe('Update');
    b.click();
    expect(open).toHaveBeenCalledWith({ kind: 'record', instance: SN, ref: { table: 'incident', sys_id: SYS } });
    press();
    expect(open).toHaveBeenCalledTimes(2);
  });

  it('comes back after the button bar is re-rendered, and goes when the feature stops', async () => {
    document.body.innerHTML = FORM;
    start();
    await settle();
    document.querySelector('.navbar-right')!.innerHTML = '<span class="navbar_ui_actions"><button class="form_action_button">Save</button></span>';
    await settle();
    expect(document.querySelectorAll('nowbridge-share-button')).toHaveLength(1);
    expect(button()!.isConnected).toBe(true);
    ctl.abort();
    expect(document.querySelector('nowbridge-share-button')).toBe(null);
  });

  /** The button placed on the form, with the warm-up spied on: what loads the dialog early, and what shows it. */
  async function placedWithWarmUp() {
    const warm = vi.spyOn(prewarm, 'prewarmShare').mockReturnValue();
    const shown = vi.spyOn(prewarm, 'showWarmShare').mockReturnValue(true);
    document.body.innerHTML = FORM;
    start();
    await settle();
    return { warm, shown, subject: { kind: 'record', instance: SN, ref: { table: 'incident', sys_id: SYS } } };
  }

  it('the pointer resting on the button, or focus on it, loads the dialog for the click; the click shows it', async () => {
    const { warm, shown, subject } = await placedWithWarmUp();
    button()!.dispatchEvent(new PointerEvent('pointermove'));
    button()!.dispatchEvent(new FocusEvent('focus'));
    expect(warm).toHaveBeenCalledTimes(2);
    expect(warm).toHaveBeenCalledWith(subject, button());
    button()!.click();
    expect(shown).toHaveBeenCalledWith(subject);
    expect(open).not.toHaveBeenCalled();
  });

  it('holding Alt+Shift loads the dialog for the shortcut; the M shows it', async () => {
    const { warm, shown, subject } = await placedWithWarmUp();
    document.dispatchEvent(new KeyboardEvent('keydown', { key: 'Alt', code: 'AltLeft', altKey: true, bubbles: true }));
    expect(warm).not.toHaveBeenCalled(); // Alt alone is no sign of the shortcut
    holdAltShift();
    expect(warm).toHaveBeenCalledWith(subject, button());
    press();
    expect(shown).toHaveBeenCalledWith(subject);
    expect(open).not.toHaveBeenCalled();
  });

  it('a page script clicking, hovering or focusing the button, or pressing Alt+Shift+M, does nothing', async () => {
    const warm = vi.spyOn(prewarm, 'prewarmShare').mockReturnValue();
    document.body.innerHTML = FORM;
    start();
    await settle();
    vi.mocked(fromUser).mockReturnValue(false);
    button()!.click();
    button()!.dispatchEvent(new PointerEvent('pointermove'));
    button()!.dispatchEvent(new FocusEvent('focus'));
    holdAltShift();
    press();
    expect(open).not.toHaveBeenCalled();
    expect(warm).not.toHaveBeenCalled();
  });

  it('does not poll where the URL names no workspace record (a list, the shell around a classic form)', async () => {
    const setInterval = vi.spyOn(globalThis, 'setInterval');
    for (const path of ['/incident_list.do', '/now/nav/ui/classic/params/target/incident.do', '/now/sow/home']) {
      (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${SN}${path}`);
      const c = new AbortController();
      shareButton(c.signal, testFeatureContext({ product: 'servicenow', site: SN, signal: c.signal }).ctx);
      await settle();
      c.abort();
    }
    expect(setInterval).not.toHaveBeenCalled();
    // A workspace record URL whose form has not rendered yet: its shadow roots need the poll, until placed.
    (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${SN}/now/sow/record/incident/${SYS}`);
    start();
    await settle();
    expect(setInterval).toHaveBeenCalledTimes(1);
  });

  const setURL = (path: string) => (window as unknown as { happyDOM: { setURL(u: string): void } }).happyDOM.setURL(`${SN}${path}`);
  const fixedHost = () => {
    const host = document.querySelector('nowbridge-share-button');
    return host?.parentElement === document.body && /position:fixed/.test(host.shadowRoot!.querySelector('style')!.textContent!) ? host : null;
  };

  it('a portal ticket (no known place in any portal) gets the fixed corner button at once, for the URL’s record', async () => {
    setURL(`/sp?id=ticket&table=incident&sys_id=${SYS}`);
    document.body.innerHTML = '<div class="my-theme"><h1>INC0010001</h1></div>';
    start();
    await settle();
    expect(fixedHost()).not.toBeNull();
    expect(button()!.textContent).toBe('Post to Mattermost');
    expect(button()!.type).toBe('button'); // a real button: focusable, Enter and Space click it
    button()!.click();
    expect(open).toHaveBeenCalledWith({ kind: 'record', instance: SN, ref: { table: 'incident', sys_id: SYS } });
  });

  it('the fixed button, swept away by the page re-rendering its body, comes back once', async () => {
    setURL(`/esc?id=ticket&table=incident&sys_id=${SYS}`);
    document.body.innerHTML = '<main>INC0010001</main>';
    start();
    await settle();
    expect(fixedHost()).not.toBeNull();
    document.body.innerHTML = '<main>INC0010001, re-rendered</main>';
    await settle();
    expect(fixedHost()).not.toBeNull();
    expect(document.querySelectorAll('nowbridge-share-button')).toHaveLength(1);
  });

  it('a knowledge page without a known place: the fixed button after FIXED_AFTER_MS, moved in when the place appears', async () => {
    vi.useFakeTimers();
    try {
      setURL(`/kb?id=kb_article_view&sys_kb_id=${SYS}`);
      document.body.innerHTML = '<article><h1>VPN</h1><p>KB0010001</p></article>';
      start();
      await vi.advanceTimersByTimeAsync(FIXED_AFTER_MS - 100);
      expect(button()).toBeNull(); // the page still has time to render its place
      await vi.advanceTimersByTimeAsync(200);
      expect(fixedHost()).not.toBeNull();
      document.body.insertAdjacentHTML('afterbegin', '<div class="kb-panel-heading"><div class="kb-number-info"><span>KB0010001</span></div><span>Author</span></div>');
      await vi.advanceTimersByTimeAsync(50);
      expect(fixedHost()).toBeNull();
      expect(document.querySelectorAll('nowbridge-share-button')).toHaveLength(1);
      expect(document.querySelector('nowbridge-share-button')!.previousElementSibling!.className).toBe('kb-number-info');
      button()!.click();
      expect(open).toHaveBeenCalledWith({ kind: 'record', instance: SN, ref: { table: 'kb_knowledge', sys_id: SYS } });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a page showing no record is watched for WAIT_MS at most, then never again', async () => {
    vi.useFakeTimers();
    try {
      setURL('/incident_list.do');
      document.body.innerHTML = '<table></table>';
      const reads = vi.spyOn(pageRecord, 'recordOnPage');
      start();
      await vi.advanceTimersByTimeAsync(WAIT_MS + 1000);
      const seen = reads.mock.calls.length;
      expect(seen).toBeGreaterThan(0);
      for (let i = 0; i < 5; i++) {
        document.body.append(document.createElement('tr'));
        await vi.advanceTimersByTimeAsync(1000);
      }
      expect(reads.mock.calls.length).toBe(seen);
      expect(vi.getTimerCount()).toBe(0);
      expect(button()).toBeNull();
    } finally {
      vi.useRealTimers();
    }
  });
});
