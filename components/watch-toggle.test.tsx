import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { WatchToggle, type WatchSend } from './watch-toggle';

const INSTANCE = 'https://acme.service-now.com';
const RECORD = { table: 'incident', sys_id: 'a'.repeat(32), number: 'INC0010001' };
const WATCH = { id: `record ${INSTANCE} ${'a'.repeat(32)}` };
const root = renderRoot();
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const button = () => root.querySelector('button')!;

describe('WatchToggle', () => {
  it('shows whether the record is watched, and watches and unwatches it on the user’s click', async () => {
    const send = vi.fn(async (req: { type: string }) => (req.type === 'watch/record' ? {} : req.type === 'watch/add-record' ? { watch: WATCH } : {})) as unknown as WatchSend;
    act(() => render(<WatchToggle instance={INSTANCE} record={RECORD} send={send} />, root));
    await settle();
    expect(button().textContent).toBe('Watch');
    expect(button().getAttribute('aria-pressed')).toBe('false');
    button().click();
    await settle();
    expect(send).toHaveBeenCalledWith({ type: 'watch/add-record', instance: INSTANCE, table: 'incident', sys_id: RECORD.sys_id });
    expect(button().textContent).toBe('Watching');
    expect(button().getAttribute('aria-pressed')).toBe('true');
    button().click();
    await settle();
    expect(send).toHaveBeenCalledWith({ type: 'watch/remove', id: WATCH.id });
    expect(button().textContent).toBe('Watch');
  });

  it('says why a watch failed and stays as it was', async () => {
    const send = vi.fn(async (req: { type: string }) => {
      if (req.type === 'watch/add-record') throw new Error('That record is not in ServiceNow, or you have no access to it.');
      return {};
    }) as unknown as WatchSend;
    act(() => render(<WatchToggle instance={INSTANCE} record={RECORD} send={send} />, root));
    await settle();
    button().click();
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toMatch(/no access/);
    expect(button().getAttribute('aria-pressed')).toBe('false');
  });
});
