import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { RecordPanel, type RecordPanelProps } from './record-panel';

const card = {
  lookup: { ok: true as const, record: { instance: 'https://acme.service-now.com', table: 'incident', sys_id: 'a'.repeat(32), number: 'INC0010001', shortDescription: 'Email down', url: '', updatedAt: '', fields: {} } },
  accent: '#000',
  fields: [],
  tableLabel: 'Incident',
};
const activity = (canSeeWorkNotes = true) => ({
  as: 'Beth Anglin',
  canSeeWorkNotes,
  entries: [
    { element: 'work_notes' as const, author: 'Beth Anglin', at: '2026-12-02T10:00:00Z', text: 'Restarted <b>queue</b>', key: 'w1' },
    { element: 'comments' as const, author: 'Abel Tuter', at: '2026-12-02T09:00:00Z', text: 'Still broken', key: 'c1' },
  ],
});

const root = renderRoot();
const mount = (over: Partial<RecordPanelProps> = {}) => {
  const props: RecordPanelProps = { card, activity: activity(), onAdd: vi.fn(async () => undefined), onClose: vi.fn(), ...over };
  act(() => render(<RecordPanel {...props} />, root));
  return props;
};
const box = () => root.querySelector('textarea')!;
const sw = () => root.querySelector<HTMLInputElement>('input[role="switch"]')!;
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
const type = (text: string) => act(() => {
  box().value = text;
  box().dispatchEvent(new Event('input', { bubbles: true }));
});
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));

describe('RecordPanel', () => {
  it('is a dialog named by the record; Activity labels work notes as internal and renders record text as text', () => {
    mount();
    expect(root.querySelector('[role="dialog"]')!.getAttribute('aria-label')).toBe('INC0010001: Email down');
    const items = root.querySelectorAll('ul[aria-label="Activity"] > li');
    expect(items[0]!.getAttribute('aria-label')).toMatch(/^Work note by Beth Anglin/);
    expect(items[0]!.textContent).toContain('Work note (internal)');
    expect(items[0]!.querySelector('b')).toBeNull();
    expect(items[0]!.textContent).toContain('Restarted <b>queue</b>');
    expect(items[1]!.getAttribute('aria-label')).toMatch(/^Comment by Abel Tuter/);
    expect(root.textContent).toContain('as Beth Anglin');
    expect(root.querySelector(`label[for="${box().id}"]`)!.textContent).toBe('Comment');
  });

  it('keeps the typed text when adding fails and says why; Ctrl+Enter adds a work note and clears the box', async () => {
    const onAdd = vi.fn().mockRejectedValueOnce(new Error('ServiceNow refused: ACL')).mockResolvedValueOnce(undefined);
    mount({ onAdd });
    type('Please retry');
    act(() => button('Add to record').click());
    await settle();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('ServiceNow refused: ACL');
    expect(box().value).toBe('Please retry');
    act(() => sw().click());
    act(() => void box().dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', ctrlKey: true, bubbles: true })));
    await settle();
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Work note added to INC0010001.');
    expect(onAdd.mock.calls.map((c) => c[0])).toEqual(['comments', 'work_notes']);
    expect(box().value).toBe('');
  });

  it('an empty box asks for text instead of sending', async () => {
    const props = mount();
    act(() => button('Add to record').click());
    await settle();
    expect(props.onAdd).not.toHaveBeenCalled();
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Write the comment first.');
  });

  it('without work-note rights the switch is off and disabled, with the reason', () => {
    mount({ activity: activity(false) });
    expect(sw().disabled).toBe(true);
    expect(document.getElementById(sw().getAttribute('aria-describedby')!)!.textContent).toMatch(/can't write work notes/);
  });
});
