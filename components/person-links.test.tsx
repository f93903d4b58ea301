import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import type { SnRecord } from '@/lib/servicenow/record';
import { dmOpener, peopleOf, PersonLinks } from './person-links';

const root = renderRoot();
const A = 'a'.repeat(32);
const B = 'b'.repeat(32);
const record = (fields: SnRecord['fields']): SnRecord => ({ instance: 'https://acme.service-now.com', table: 'incident', sys_id: A, number: 'INC0010002', shortDescription: 'VPN', url: '', updatedAt: '', fields });
const flush = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('PersonLinks', () => {
  it("offers each person the record names once, by the table's person fields", () => {
    expect(peopleOf(record({ assigned_to: { value: A, display: 'David Loo' }, caller_id: { value: B, display: 'Abel Tuter' }, assignment_group: { value: B, display: 'Network' } }))).toEqual([
      { sys_id: A, name: 'David Loo', role: 'Assigned to' },
      { sys_id: B, name: 'Abel Tuter', role: 'Caller' },
    ]);
    // the same person twice is one button; an empty field none
    expect(peopleOf(record({ assigned_to: { value: A, display: 'Beth' }, caller_id: { value: A, display: 'Beth' }, opened_by: { value: '', display: '' } }))).toHaveLength(1);
  });

  it('opens the DM with the person; says so when there is none', async () => {
    const open = vi.fn(async (p: { name: string }) => {
      if (p.name === 'Abel Tuter') throw new Error('No Mattermost user has this person’s email address or user name.');
    });
    act(() => render(<PersonLinks record={record({ assigned_to: { value: A, display: 'David Loo' }, caller_id: { value: B, display: 'Abel Tuter' } })} open={open} />, root));
    const buttons = [...root.querySelectorAll('button')];
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Message David Loo in Mattermost', 'Message Abel Tuter in Mattermost']);
    act(() => buttons[0]!.click());
    await flush();
    expect(open).toHaveBeenCalledWith({ sys_id: A, name: 'David Loo', role: 'Assigned to' });
    act(() => buttons[1]!.click());
    await flush();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Abel Tuter: No Mattermost user has this person’s email address or user name.');
  });

  it('over Mattermost the page goes to the DM; elsewhere a new tab opens', async () => {
    const send = vi.fn(async () => ({ server: 'https://chat.example.test', url: 'https://chat.example.test/ops/messages/@david', path: '/ops/messages/@david' }));
    const emit = vi.fn();
    await dmOpener(send as never, 'https://acme.service-now.com', { server: 'https://chat.example.test', emit })({ sys_id: A, name: 'David Loo', role: 'Assigned to' });
    expect(send).toHaveBeenCalledWith({ type: 'people/dm', instance: 'https://acme.service-now.com', sys_id: A, server: 'https://chat.example.test' });
    expect(emit).toHaveBeenCalledWith({ type: 'navigate', path: '/ops/messages/@david' });
    const opened = vi.spyOn(window, 'open').mockReturnValue(null);
    await dmOpener(send as never, 'https://acme.service-now.com')({ sys_id: A, name: 'David Loo', role: 'Assigned to' });
    expect(opened).toHaveBeenCalledWith('https://chat.example.test/ops/messages/@david', '_blank', 'noopener');
  });
});
