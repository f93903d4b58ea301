import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { send } from '@/lib/send';
import { HoverFrame } from './hover-frame';

vi.mock('@/lib/send', () => ({ send: vi.fn() }));

const root = renderRoot();
const INSTANCE = 'https://acme.service-now.com';
const spec = { kind: 'hover' as const, server: 'https://chat.example.test', postId: 'p'.repeat(26), instance: INSTANCE, ref: { table: 'problem', sys_id: 'a'.repeat(32) }, theme: { dark: false } };
const record = { instance: INSTANCE, table: 'problem', sys_id: 'a'.repeat(32), number: 'PRB0040001', shortDescription: 'Printer queue stuck', url: '', updatedAt: '', fields: {} };
const failed = (reason: 'error' | 'needs-sign-in', message: string) => ({ lookup: { ok: false as const, reason, message }, accent: '#80868B', fields: [], tableLabel: '' });
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name);

beforeEach(() => {
  vi.mocked(send).mockReset();
});

describe('HoverFrame', () => {
  it('a read that failed says why, and Retry reads again until the card shows', async () => {
    vi.mocked(send).mockResolvedValue({ lookup: { ok: true, record }, accent: '#000', fields: [], tableLabel: 'Problem' } as never);
    act(() => render(<HoverFrame spec={spec} emit={vi.fn()} tabId={1} preloaded={{ card: failed('error', 'acme.service-now.com had a problem (HTTP 500). Try again in a moment.') }} />, root));
    expect(root.textContent).toContain('had a problem (HTTP 500)');
    act(() => button('Retry')!.click());
    expect(vi.mocked(send)).toHaveBeenCalledWith({ type: 'record/full', instance: INSTANCE, ref: spec.ref });
    await settle();
    expect(root.textContent).toContain('PRB0040001: Printer queue stuck');
  });

  it('a background that stopped mid-read is a failed card with Retry, not a spinner', async () => {
    const stopped = new Error('NowBridge was interrupted before it could answer. Try again: nothing is sent twice.');
    vi.mocked(send).mockImplementation(((req: { type: string }) => (req.type === 'record/full' ? Promise.reject(stopped) : new Promise(() => {}))) as typeof send);
    act(() => render(<HoverFrame spec={spec} emit={vi.fn()} tabId={1} preloaded={{}} />, root));
    await settle();
    expect(root.querySelector('[aria-busy="true"]')).toBeNull();
    expect(root.textContent).toContain('NowBridge was interrupted');
    expect(button('Retry')).toBeDefined();
  });

  it('needs sign-in: Reconnect opens the settings', async () => {
    vi.mocked(send).mockResolvedValue({} as never);
    act(() => render(<HoverFrame spec={spec} emit={vi.fn()} tabId={1} preloaded={{ card: failed('needs-sign-in', 'Needs sign-in') }} />, root));
    act(() => button('Reconnect')!.click());
    expect(vi.mocked(send)).toHaveBeenCalledWith({ type: 'ui/open-settings' });
  });
});
