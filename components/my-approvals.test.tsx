import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import type { Response } from '@/lib/messages';
import { type ApprovalsSend, MyApprovals } from './my-approvals';

const SN = 'https://acme.service-now.com';
const OTHER = 'https://beta.service-now.com';
type Mine = Response<'approvals/mine'>;
const item = (number: string, table: string, c: string) => ({
  instance: SN,
  sys_id: c.repeat(32),
  state: { value: 'requested', display: 'Requested' },
  due: '2026-12-05T10:00:00.000Z',
  record: { table, sys_id: c.repeat(31) + '0', number, shortDescription: `About ${number}` },
  card: {
    lookup: { ok: true as const, record: { instance: SN, table, sys_id: c.repeat(31) + '0', number, shortDescription: `About ${number}`, url: 'https://acme.service-now.com/x', updatedAt: '', fields: {} } },
    accent: '#000',
    fields: [],
    tableLabel: table,
  },
});

const root = renderRoot();
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
function mount(mine: Mine | Error, decide = vi.fn(async (_req: unknown) => ({ state: { value: 'approved', display: 'Approved' } }))) {
  act(() => render(null, root));
  const send = vi.fn(async (req: { type: string }) => {
    if (req.type === 'approvals/mine') {
      if (mine instanceof Error) throw mine;
      return mine;
    }
    return decide(req);
  }) as unknown as ApprovalsSend & ReturnType<typeof vi.fn>;
  act(() => render(<MyApprovals send={send} />, root));
  return send;
}
const list = () => root.querySelector('ul[aria-label="My approvals"]');
const within = (li: Element, name: string) => [...li.querySelectorAll('button')].find((b) => b.textContent === name)!;

describe('MyApprovals', () => {
  it('lists my approvals by record, each with its card and Approve / Reject; errors per instance beside them', async () => {
    mount({ approvals: [item('CHG0030002', 'change_request', 'a'), item('RITM0010003', 'sc_req_item', 'b')], errors: [{ instance: OTHER, message: 'Needs sign-in.' }] });
    await settle();
    const items = [...list()!.querySelectorAll(':scope > li')];
    expect(items.map((li) => li.getAttribute('aria-label'))).toEqual(['CHG0030002: About CHG0030002', 'RITM0010003: About RITM0010003']);
    expect(within(items[0]!, 'Approve')).toBeDefined();
    expect(within(items[1]!, 'Reject')).toBeDefined();
    expect(items[0]!.textContent).toContain('Due ');
    expect([...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent)).toContain('beta.service-now.com: Needs sign-in.');
  });

  it('approving sends the decision for that approval and shows its outcome', async () => {
    const decide = vi.fn(async (_req: unknown) => ({ state: { value: 'approved', display: 'Approved' } }));
    mount({ approvals: [item('CHG0030002', 'change_request', 'a')], errors: [] }, decide);
    await settle();
    act(() => within(list()!.querySelector('li')!, 'Approve').click());
    await settle();
    expect(decide).toHaveBeenCalledWith(expect.objectContaining({ type: 'approvals/decide', instance: SN, approval: 'a'.repeat(32), decision: 'approved', comment: '' }));
    expect(list()!.querySelector('li [role="status"]')!.textContent).toBe('Approved.');
  });

  it('says when nothing waits, and when the approvals could not be read', async () => {
    mount({ approvals: [], errors: [] });
    await settle();
    expect(root.textContent).toContain('Nothing waits for your approval.');
    mount(new Error('NowBridge did not answer.'));
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('NowBridge did not answer.');
  });
});
