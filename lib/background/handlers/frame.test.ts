import { describe, expect, test, vi } from 'vitest';
import type { FrameSpec } from '../../messages';
import type { CardData } from '../card-data';
import { createFrameSessions, type FrameSession } from '../frame-sessions';
import type { PostCheck } from '../post-check';
import type { Caller } from '../router';
import { createFrameHandlers } from './frame';

const SN = 'https://acme.service-now.com';
const MM = 'https://chat.example.test';
const FRAME = 'chrome-extension://ext/frame.html';
const ref = { table: 'incident', sys_id: 'a'.repeat(32) };
const card = (number: string): CardData => ({
  lookup: { ok: true, record: { instance: SN, table: 'incident', sys_id: ref.sys_id, number, shortDescription: 'Email down', url: `${SN}/x`, updatedAt: '2026-12-01 10:00:00', fields: {} } },
  accent: '#E8710A',
  fields: [],
  tableLabel: 'Incident',
});
const choices = { servers: [{ base: MM, label: 'chat.example.test', connected: true }], recent: { [MM]: [] } };
const theme = { dark: false };

/** A promise and the function that settles it: a read the test lets arrive when it wants. */
function later<T>() {
  let resolve!: (v: T) => void;
  let reject!: (e: Error) => void;
  const promise = new Promise<T>((res, rej) => ((resolve = res), (reject = rej)));
  return { promise, resolve, reject };
}

function setup() {
  const data = new Map<string, FrameSession>();
  let n = 0;
  const frames = createFrameSessions({
    store: { get: async (id) => data.get(id), set: async (s) => void data.set(s.id, s), delete: async (id) => void data.delete(id), all: async () => [...data.values()] },
    isFramePage: (url) => url.startsWith(FRAME),
    deliver: async () => true,
    now: () => 1000,
    randomId: () => (++n).toString(16).padStart(32, '0'),
  });
  const reads = { card: later<CardData>(), full: later<CardData>(), choices: later<typeof choices>() };
  const deps = {
    frames,
    records: { card: vi.fn(() => reads.card.promise), full: vi.fn(() => reads.full.promise) },
    share: { choices: vi.fn(() => reads.choices.promise) },
    work: { activity: vi.fn(() => new Promise<never>(() => undefined)) },
    postCheck: { confirm: vi.fn<PostCheck['confirm']>(async () => undefined) },
    productOf: async (url: string) => (url.startsWith(SN) ? ('servicenow' as const) : url.startsWith(MM) ? ('mattermost' as const) : undefined),
  };
  return { handlers: createFrameHandlers(deps), deps, reads, frames };
}

const snPage: Caller = { tab: { id: 7 }, frameId: 0, url: `${SN}/incident.do?sys_id=${ref.sys_id}`, fromExtensionPage: false };
const mmPage: Caller = { tab: { id: 7 }, frameId: 0, url: `${MM}/ops/channels/incidents`, fromExtensionPage: false };
const frameOf = (id: string): Caller => ({ tab: { id: 7 }, frameId: 3, url: `${FRAME}#${id}`, fromExtensionPage: true });
const share: FrameSpec = { kind: 'share', subject: { kind: 'record', instance: SN, ref }, theme };
const tick = () => new Promise((r) => setTimeout(r, 0));

describe('frame handlers', () => {
  test("the share dialog's claim brings the record's card and the share choices read while the frame loaded", async () => {
    const { handlers, reads, deps } = setup();
    const { id } = await handlers['frame/open']({ type: 'frame/open', spec: share }, snPage);
    expect(deps.records.card).toHaveBeenCalledWith(SN, ref);
    reads.card.resolve(card('INC0010001'));
    reads.choices.resolve(choices);
    await tick();
    expect(await handlers['frame/claim']({ type: 'frame/claim', id }, frameOf(id))).toEqual({ spec: share, tabId: 7, preloaded: { card: card('INC0010001'), choices } });
  });

  test('a read that has not arrived by the claim is left for the frame to ask for: the claim never waits on ServiceNow', async () => {
    const { handlers, reads } = setup();
    const { id } = await handlers['frame/open']({ type: 'frame/open', spec: share }, snPage);
    reads.choices.resolve(choices);
    await tick();
    expect((await handlers['frame/claim']({ type: 'frame/claim', id }, frameOf(id))).preloaded).toEqual({ choices });
  });

  test('a failed read is not handed over (the frame asks again and shows why); after a worker restart nothing is', async () => {
    const first = setup();
    const { id } = await first.handlers['frame/open']({ type: 'frame/open', spec: share }, snPage);
    first.reads.card.resolve(card('INC0010001'));
    first.reads.choices.reject(new Error('Mattermost is down'));
    await tick();
    expect((await first.handlers['frame/claim']({ type: 'frame/claim', id }, frameOf(id))).preloaded).toEqual({ card: card('INC0010001') });
    const again = await first.handlers['frame/open']({ type: 'frame/open', spec: share }, snPage);
    // a new worker: the same stored sessions, none of the memory
    const restarted = createFrameHandlers({ ...first.deps, frames: first.frames });
    expect((await restarted['frame/claim']({ type: 'frame/claim', id: again.id }, frameOf(again.id))).preloaded).toEqual({});
  });

  test('a hover card for a post Mattermost does not hold reads nothing', async () => {
    const { handlers, deps } = setup();
    const hover: FrameSpec = { kind: 'hover', server: MM, postId: 'p'.repeat(26), instance: SN, ref, theme };
    await expect(handlers['frame/open']({ type: 'frame/open', spec: hover }, mmPage)).rejects.toThrow(/does not hold/);
    expect(deps.records.full).not.toHaveBeenCalled();
  });

  test('a hover card its post holds brings the full card with its claim', async () => {
    const { handlers, deps, reads } = setup();
    deps.postCheck.confirm.mockImplementation(async (_server, claims, done) => done(new Map([...claims].map(([post, keys]) => [post, { ok: true, keys: [...keys] }]))));
    const hover: FrameSpec = { kind: 'hover', server: MM, postId: 'p'.repeat(26), instance: SN, ref, theme };
    const { id } = await handlers['frame/open']({ type: 'frame/open', spec: hover }, mmPage);
    reads.full.resolve(card('INC0010001'));
    await tick();
    expect((await handlers['frame/claim']({ type: 'frame/claim', id }, frameOf(id))).preloaded).toEqual({ card: card('INC0010001') });
  });

  test('a record panel its post holds: its fuller read (the summary) and its activity started together at frame/open; for a post that does not, nothing', async () => {
    const { handlers, deps, reads } = setup();
    const panel: FrameSpec = { kind: 'record', server: MM, postId: 'p'.repeat(26), instance: SN, ref, theme };
    await expect(handlers['frame/open']({ type: 'frame/open', spec: panel }, mmPage)).rejects.toThrow(/does not hold/);
    expect(deps.work.activity).not.toHaveBeenCalled();
    deps.postCheck.confirm.mockImplementation(async (_server, claims, done) => done(new Map([...claims].map(([post, keys]) => [post, { ok: true, keys: [...keys] }]))));
    const { id } = await handlers['frame/open']({ type: 'frame/open', spec: panel }, mmPage);
    expect(deps.work.activity).toHaveBeenCalledWith(SN, ref);
    expect(deps.records.full).toHaveBeenCalledWith(SN, ref);
    expect(deps.records.card).not.toHaveBeenCalled();
    reads.full.resolve(card('INC0010001'));
    await tick();
    expect((await handlers['frame/claim']({ type: 'frame/claim', id }, frameOf(id))).preloaded).toEqual({ card: card('INC0010001') });
  });

  test("a page can't open a frame its product may not host, and nothing is read for it", async () => {
    const { handlers, deps } = setup();
    await expect(handlers['frame/open']({ type: 'frame/open', spec: { kind: 'search', theme } }, snPage)).rejects.toThrow(/may not open/);
    await expect(handlers['frame/open']({ type: 'frame/open', spec: share }, { ...snPage, url: 'https://evil.example/' })).rejects.toThrow(/may not open/);
    expect(deps.share.choices).not.toHaveBeenCalled();
  });

  test("a command's frame gets the page it was typed on from the browser, never from the content script", async () => {
    const { handlers } = setup();
    const { id } = await handlers['frame/open']({ type: 'frame/open', spec: { kind: 'command', server: MM, text: '/sn share INC0010001', page: `${MM}/ops/channels/secret`, theme } }, mmPage);
    const claimed = await handlers['frame/claim']({ type: 'frame/claim', id }, frameOf(id));
    expect(claimed.spec).toMatchObject({ kind: 'command', page: `${MM}/ops/channels/incidents` });
  });

  test('post actions and commands only for the server whose page asks, and only from Mattermost', async () => {
    const { handlers } = setup();
    const message: FrameSpec = { kind: 'message', server: 'https://other.example.test', postId: 'p'.repeat(26), action: 'create', theme };
    await expect(handlers['frame/open']({ type: 'frame/open', spec: message }, mmPage)).rejects.toThrow('Refused');
    await expect(handlers['frame/open']({ type: 'frame/open', spec: { ...message, server: MM } }, snPage)).rejects.toThrow('Refused');
    await expect(handlers['frame/open']({ type: 'frame/open', spec: { ...message, server: MM } }, mmPage)).resolves.toMatchObject({ id: expect.any(String) });
  });
});
