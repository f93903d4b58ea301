import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { ApprovalActions, type ApprovalActionsProps } from './approval-actions';

const root = renderRoot();
const mount = (over: Partial<ApprovalActionsProps> = {}) => {
  const props: ApprovalActionsProps = { subject: 'CHG0030002', decide: vi.fn(async () => undefined), onDecided: vi.fn(), ...over };
  act(() => render(<ApprovalActions {...props} />, root));
  return props;
};
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name);
const reason = () => root.querySelector('textarea');
const alert = () => root.querySelector('[role="alert"]')!.textContent;
const status = () => root.querySelector('[role="status"]')!.textContent;
const type = (text: string) =>
  act(() => {
    reason()!.value = text;
    reason()!.dispatchEvent(new Event('input', { bubbles: true }));
  });
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('ApprovalActions', () => {
  it('approves: one decision sent, then "Approved." and no more buttons', async () => {
    const props = mount();
    expect(root.querySelector('[role="group"]')!.getAttribute('aria-label')).toBe('Approval of CHG0030002');
    act(() => button('Approve')!.click());
    await settle();
    expect(props.decide).toHaveBeenCalledWith('approved', '', expect.any(Number));
    expect(status()).toBe('Approved.');
    expect(props.onDecided).toHaveBeenCalledWith('approved');
    expect(button('Approve')).toBeUndefined();
    expect(button('Reject')).toBeUndefined();
  });

  it('Reject asks for a Reason (focused); an empty one is refused with an alert and focus, nothing sent', async () => {
    const props = mount();
    act(() => button('Reject')!.click());
    await settle();
    expect(root.querySelector(`label[for="${reason()!.id}"]`)!.textContent).toBe('Reason');
    expect(document.activeElement).toBe(reason());
    type('   ');
    act(() => button('Send rejection')!.click());
    await settle();
    expect(props.decide).not.toHaveBeenCalled();
    expect(alert()).toBe('Say why you reject it: a reason is required.');
    expect(reason()!.getAttribute('aria-invalid')).toBe('true');
    expect(document.activeElement).toBe(reason());
  });

  it('a failed rejection keeps the reason and says why; the retry is the same submission', async () => {
    const decide = vi.fn().mockRejectedValueOnce(new Error('You may not decide this approval in ServiceNow.')).mockResolvedValueOnce(undefined);
    const props = mount({ decide });
    act(() => button('Reject')!.click());
    await settle();
    type('Not in this budget year');
    act(() => button('Send rejection')!.click());
    await settle();
    expect(alert()).toBe('You may not decide this approval in ServiceNow.');
    expect(reason()!.value).toBe('Not in this budget year');
    expect(status()).toBe('');
    act(() => void reason()!.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true })));
    await settle();
    expect(decide).toHaveBeenCalledTimes(2);
    expect(decide.mock.calls[1]).toEqual(['rejected', 'Not in this budget year', decide.mock.calls[0]![2]]);
    expect(status()).toBe('Rejected.');
    expect(props.onDecided).toHaveBeenCalledWith('rejected');
  });

  it('Cancel goes back to Approve and Reject, keeping what was typed for next time', async () => {
    mount();
    act(() => button('Reject')!.click());
    await settle();
    type('maybe');
    act(() => button('Cancel')!.click());
    expect(button('Approve')).toBeDefined();
    act(() => button('Reject')!.click());
    await settle();
    expect(reason()!.value).toBe('maybe');
  });

  it('a second click while sending sends nothing more', async () => {
    let finish!: () => void;
    const decide = vi.fn(() => new Promise<void>((r) => (finish = r)));
    mount({ decide });
    act(() => button('Approve')!.click());
    act(() => button('Approve')!.click());
    expect(status()).toBe('Approving…');
    finish();
    await settle();
    expect(decide).toHaveBeenCalledTimes(1);
  });
});
