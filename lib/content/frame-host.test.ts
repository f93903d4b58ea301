import { afterEach, describe, expect, test, vi } from 'vitest';
import browser from 'webextension-polyfill';
import { frameMessage, openFrame } from './frame-host';

afterEach(() => {
  document.querySelectorAll('nowbridge-frame').forEach((el) => el.remove());
  vi.restoreAllMocks();
});

describe('frameMessage', () => {
  const id = 'a'.repeat(32);
  test('takes the four events the background forwards, checked field by field', () => {
    expect(frameMessage({ type: 'nowbridge/frame', id, event: { type: 'ready', width: 420, height: 280 } })).toEqual({ id, event: { type: 'ready', width: 420, height: 280 } });
    expect(frameMessage({ type: 'nowbridge/frame', id, event: { type: 'close', refocus: true } })).toEqual({ id, event: { type: 'close', refocus: true } });
    expect(frameMessage({ type: 'nowbridge/frame', id, event: { type: 'insert', text: '[INC1](https://x)' } })?.event).toEqual({ type: 'insert', text: '[INC1](https://x)' });
    // the hover card's title: a bare request, naming no record (the content script uses the hover card's own)
    expect(frameMessage({ type: 'nowbridge/frame', id, event: { type: 'panel', ref: { table: 'change_request' } } })).toEqual({ id, event: { type: 'panel' } });
  });
  test.each([
    null,
    'nowbridge/frame',
    { type: 'nowbridge/other', id, event: { type: 'close' } },
    { type: 'nowbridge/frame', id: 1, event: { type: 'close' } },
    { type: 'nowbridge/frame', id, event: { type: 'size', width: -1, height: 2 } },
    { type: 'nowbridge/frame', id, event: { type: 'size', width: Infinity, height: 2 } },
    { type: 'nowbridge/frame', id, event: { type: 'insert', text: '' } },
    { type: 'nowbridge/frame', id, event: { type: 'insert', text: 'x'.repeat(4001) } },
    { type: 'nowbridge/frame', id, event: { type: 'navigate', url: 'https://evil' } },
  ])('refuses %j', (m) => expect(frameMessage(m)).toBeUndefined());
});

describe('openFrame', () => {
  test('asks the background for a session, mounts its frame in a closed shadow root, hidden until it is ready', async () => {
    const sent: unknown[] = [];
    vi.spyOn(browser.runtime, 'sendMessage').mockImplementation(async (m: unknown) => {
      sent.push(m);
      return { ok: true, value: { id: 'c'.repeat(32) } };
    });
    const closed = vi.fn();
    const mounted = await openFrame({ kind: 'search', theme: { dark: true } }, { placement: { kind: 'modal' }, title: 'Search ServiceNow', focus: true, onClose: closed });
    expect(sent).toEqual([{ type: 'frame/open', spec: { kind: 'search', theme: { dark: true } } }]);
    expect(mounted.host.isConnected).toBe(true);
    expect(mounted.host.shadowRoot).toBe(null);
    expect(mounted.frame.src).toMatch(/\/frame\.html#c{32}$/);
    expect(mounted.frame.title).toBe('Search ServiceNow');
    expect(mounted.frame.style.opacity).toBe('0');
    mounted.close();
    expect(mounted.host.isConnected).toBe(false);
    expect(closed).toHaveBeenCalledOnce();
  });
});
