import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import type { FrameOptions, MountedFrame } from '../frame-host';

const opened: { options: FrameOptions; mounted: MountedFrame }[] = [];
vi.mock('../frame-host', () => ({
  openFrame: vi.fn(async (_spec: unknown, options: FrameOptions) => {
    const host = document.createElement('nowbridge-frame');
    // a stand-in for the iframe: happy-dom does not load frames
    const frame = document.createElement('div') as unknown as HTMLIFrameElement;
    host.append(frame);
    document.body.append(host);
    const mounted: MountedFrame = { host, frame, focus: vi.fn(), close: vi.fn(() => host.remove()) };
    opened.push({ options, mounted });
    return mounted;
  }),
}));
const dialogHost = vi.hoisted(() => ({ adoptShareDialog: vi.fn(), openShareDialog: vi.fn(async () => undefined) }));
vi.mock('../share-dialog-host', () => dialogHost);

const { prewarmShare, showWarmShare } = await import('./share-prewarm');

const SN = 'https://acme.service-now.com';
const subject = (sys_id: string) => ({ kind: 'record' as const, instance: SN, ref: { table: 'incident', sys_id } });
const A = subject('a'.repeat(32));
const B = subject('b'.repeat(32));
const flush = () => new Promise((r) => setTimeout(r, 0));
let button: HTMLButtonElement;

beforeEach(() => {
  button = document.createElement('button');
  document.body.append(button);
});
afterEach(() => {
  // leave no warm dialog behind for the next test
  showWarmShare(A);
  showWarmShare(B);
  opened.length = 0;
  document.body.innerHTML = '';
  vi.clearAllMocks();
  vi.useRealTimers();
});

describe('share dialog loaded ahead of the click', () => {
  test('loads once per record, transparent, out of the Tab order and the accessibility tree, taking no clicks and no focus', async () => {
    prewarmShare(A, button);
    prewarmShare(A, button);
    await flush();
    expect(opened).toHaveLength(1);
    const { options, mounted } = opened[0]!;
    expect(options).toMatchObject({ focus: false, placement: { kind: 'modal' }, title: 'Share to Mattermost' });
    expect(mounted.host.style.opacity).toBe('0');
    expect(mounted.host.style.pointerEvents).toBe('none');
    expect(mounted.frame.tabIndex).toBe(-1);
    expect(mounted.host.getAttribute('aria-hidden')).toBe('true');
  });

  test('the click shows it, focused once it is ready, as the open share dialog', async () => {
    prewarmShare(A, button);
    await flush();
    const { options, mounted } = opened[0]!;
    expect(showWarmShare(A)).toBe(true);
    await flush();
    expect(mounted.host.style.opacity).toBe('');
    expect(mounted.host.style.pointerEvents).toBe('');
    expect(mounted.frame.hasAttribute('tabindex')).toBe(false);
    expect(mounted.host.hasAttribute('aria-hidden')).toBe(false);
    // not ready yet: frame-host focuses it when it is, because the options now say so
    expect(mounted.focus).not.toHaveBeenCalled();
    expect(options.focus).toBe(true);
    expect(dialogHost.adoptShareDialog).toHaveBeenCalledWith(mounted);
    expect(showWarmShare(A)).toBe(false); // used up: the next click opens one the usual way
  });

  test('a dialog already ready takes focus at the click', async () => {
    prewarmShare(A, button);
    await flush();
    const { options, mounted } = opened[0]!;
    options.onEvent!({ type: 'ready', width: 400, height: 300 });
    showWarmShare(A);
    await flush();
    expect(mounted.focus).toHaveBeenCalledOnce();
  });

  test('another record replaces it; a click for a record not loaded ahead is left to the caller', async () => {
    prewarmShare(A, button);
    await flush();
    prewarmShare(B, button);
    await flush();
    expect(opened[0]!.mounted.close).toHaveBeenCalled();
    expect(showWarmShare(A)).toBe(false);
    expect(showWarmShare(B)).toBe(true);
  });

  test('one unused for a minute is dropped', async () => {
    vi.useFakeTimers();
    prewarmShare(A, button);
    await vi.advanceTimersByTimeAsync(59_000);
    expect(opened[0]!.mounted.close).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(opened[0]!.mounted.close).toHaveBeenCalled();
    expect(showWarmShare(A)).toBe(false);
  });

  test('focus going back to the button when the dialog closes does not load another', async () => {
    button.addEventListener('focus', () => prewarmShare(A, button));
    prewarmShare(A, button);
    await flush();
    showWarmShare(A);
    await flush();
    opened[0]!.options.returnFocus!.focus();
    expect(document.activeElement).toBe(button);
    await flush();
    expect(opened).toHaveLength(1);
  });

  test('one that failed to load: the click opens the dialog the usual way', async () => {
    prewarmShare(A, button);
    await flush();
    opened[0]!.mounted.host.remove();
    expect(showWarmShare(A)).toBe(true);
    await flush();
    expect(dialogHost.openShareDialog).toHaveBeenCalledWith(A);
  });
});
