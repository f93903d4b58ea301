import { describe, expect, test, vi } from 'vitest';
import type { FrameSpec } from '../messages';
import { CLAIM_WITHIN_MS, createFrameSessions, type FrameSession, type SessionStore } from './frame-sessions';

const FRAME = 'chrome-extension://ext/frame.html';
const spec: FrameSpec = { kind: 'search', theme: { dark: false } };

function setup() {
  const data = new Map<string, FrameSession>();
  const store: SessionStore = {
    get: async (id) => data.get(id),
    set: async (s) => void data.set(s.id, s),
    delete: async (id) => void data.delete(id),
    all: async () => [...data.values()],
  };
  let clock = 1_000;
  let n = 0;
  const deliver = vi.fn(async () => true);
  const frames = createFrameSessions({
    store,
    isFramePage: (url) => url.startsWith(FRAME),
    deliver,
    now: () => clock,
    randomId: () => (++n).toString(16).padStart(32, '0'),
  });
  return { frames, data, deliver, tick: (ms: number) => (clock += ms) };
}

const page = { tab: { id: 7 }, frameId: 0, url: 'https://chat.example.test/ops/channels/incidents' };
const frame = (id: string, over: Partial<{ tab: { id: number }; frameId: number; url: string }> = {}) => ({ tab: { id: 7 }, frameId: 3, url: `${FRAME}#${id}`, ...over });

describe('frame sessions', () => {
  test('the frame of the tab that asked claims its session once, and its events reach that content script', async () => {
    const { frames, deliver } = setup();
    const { id } = await frames.open(spec, page);
    expect(await frames.claim(id, frame(id))).toEqual({ spec, tabId: 7 });
    await expect(frames.claim(id, frame(id))).rejects.toThrow(/only be opened by NowBridge/);
    await frames.event(id, { type: 'size', width: 400, height: 300 }, frame(id));
    expect(deliver).toHaveBeenCalledWith(7, 0, { type: 'nowbridge/frame', id, event: { type: 'size', width: 400, height: 300 } });
  });

  test.each([
    ['another tab', { tab: { id: 8 } }],
    ['a top-level page, not a frame', { frameId: 0 }],
    ['a page that is not the frame page', { url: 'https://evil.example/frame.html' }],
    ['another extension page', { url: 'chrome-extension://ext/options.html' }],
  ])('a claim from %s is refused, and the session stays claimable by its own frame', async (_, over) => {
    const { frames } = setup();
    const { id } = await frames.open(spec, page);
    await expect(frames.claim(id, frame(id, over))).rejects.toThrow();
    expect((await frames.claim(id, frame(id))).tabId).toBe(7);
  });

  test('an unknown or expired session is refused', async () => {
    const { frames, tick } = setup();
    await expect(frames.claim('f'.repeat(32), frame('f'.repeat(32)))).rejects.toThrow();
    const { id } = await frames.open(spec, page);
    tick(CLAIM_WITHIN_MS + 1);
    await expect(frames.claim(id, frame(id))).rejects.toThrow();
  });

  test('only the claiming frame may send events; close ends the session', async () => {
    const { frames, deliver, data } = setup();
    const { id } = await frames.open(spec, page);
    await expect(frames.event(id, { type: 'close', refocus: true }, frame(id))).rejects.toThrow(); // not claimed yet
    await frames.claim(id, frame(id));
    await expect(frames.event(id, { type: 'insert', text: 'x' }, frame(id, { frameId: 4 }))).rejects.toThrow();
    expect(deliver).not.toHaveBeenCalled();
    await frames.event(id, { type: 'close', refocus: true }, frame(id));
    expect(data.size).toBe(0);
    await expect(frames.event(id, { type: 'size', width: 1, height: 1 }, frame(id))).rejects.toThrow();
  });

  test('a content script without a tab cannot open one; a tab keeps at most a few; a closed tab forgets its own', async () => {
    const { frames, data } = setup();
    await expect(frames.open(spec, { url: page.url })).rejects.toThrow();
    for (let i = 0; i < 12; i++) await frames.open(spec, page);
    expect(data.size).toBeLessThanOrEqual(8);
    await frames.open(spec, { ...page, tab: { id: 9 } });
    await frames.forgetTab(7);
    expect([...data.values()].map((s) => s.tabId)).toEqual([9]);
  });
});
