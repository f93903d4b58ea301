import { render } from 'preact';
import { act } from 'preact/test-utils';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { RecordPanel } from '../record-panel';
import { RecordApproval } from './record-approval';

const sent = vi.hoisted(() => ({ send: vi.fn() }));
vi.mock('@/lib/send', () => sent);

const SN = 'https://acme.service-now.com';
const CHG = { table: 'change_request', sys_id: 'c'.repeat(32) };
const approval = { instance: SN, sys_id: 'a'.repeat(32), state: { value: 'requested', display: 'Requested' }, record: { ...CHG, number: 'CHG0030002', shortDescription: 'Patch' } };
const root = renderRoot();
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const mount = () =>
  act(() => render(<RecordPanel card={undefined} activity={undefined} onAdd={vi.fn()} onClose={vi.fn()} approval={<RecordApproval instance={SN} record={CHG} />} />, root));
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name);

beforeEach(() => sent.send.mockReset());

describe('the record panel’s Approval section', () => {
  it('shows Approve / Reject when my approval of the record waits, and decides it', async () => {
    sent.send.mockImplementation(async (req?: { type: string }) => (req?.type === 'approvals/record' ? { approval } : { state: { value: 'approved', display: 'Approved' } }));
    mount();
    await settle();
    expect(sent.send).toHaveBeenCalledWith({ type: 'approvals/record', instance: SN, ...CHG });
    expect(root.querySelector('section h3')?.textContent).toBe('Approval');
    act(() => button('Approve')!.click());
    await settle();
    expect(sent.send).toHaveBeenLastCalledWith(expect.objectContaining({ type: 'approvals/decide', instance: SN, approval: approval.sys_id, decision: 'approved' }));
    expect(root.querySelector('[role="group"] [role="status"]')!.textContent).toBe('Approved.');
  });

  it('shows nothing when there is no approval of mine (or it cannot be read)', async () => {
    sent.send.mockResolvedValueOnce({});
    mount();
    await settle();
    expect(button('Approve')).toBeUndefined();
    expect([...root.querySelectorAll('h3')].map((h) => h.textContent)).toEqual(['Activity']);
  });
});
