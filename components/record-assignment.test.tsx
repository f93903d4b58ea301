import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { SEARCH_DEBOUNCE_MS } from './channel-picker';
import { BETH, DESK, incidentForm, NETWORK, savedAnswer } from './record-edit.fixtures';
import { RecordAssignment, type RecordAssignmentProps } from './record-assignment';
import type { RecordForm, UpdateAnswer, UpdateRequest } from './use-record-update';

const root = renderRoot();
const AMY = { sys_id: 'f'.repeat(32), name: 'Amy Pascal', detail: 'amy.pascal' };
const mount = (form: RecordForm, update = vi.fn(async (_: UpdateRequest): Promise<UpdateAnswer> => savedAnswer(form))) => {
  const props = {
    form,
    update,
    onFresh: vi.fn(),
    people: vi.fn<RecordAssignmentProps['people']>(async (kind) => (kind === 'user' ? [AMY, BETH] : [DESK, NETWORK])),
  };
  act(() => render(<RecordAssignment {...props} />, root));
  return props;
};
const combo = (name: string) => {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent === name)!;
  return document.getElementById(label.htmlFor) as HTMLInputElement;
};
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
const click = (name: string) => act(() => button(name).click());
const settle = (ms = 0) => act(async () => await new Promise((r) => setTimeout(r, ms)));
const key = (el: HTMLElement, k: string) => act(() => void el.dispatchEvent(new KeyboardEvent('keydown', { key: k, bubbles: true, cancelable: true })));
const typeIn = (el: HTMLInputElement, text: string) =>
  act(() => {
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const listOf = (el: HTMLElement) => document.getElementById(el.getAttribute('aria-controls')!)!;

describe('RecordAssignment', () => {
  it('Assign to me sends my sys_id; not in the group, it warns and "Also set group" adds my group', async () => {
    const props = mount(incidentForm());
    expect(root.textContent).toContain('You are not in Network.');
    click('Assign to me');
    await settle();
    expect(props.update.mock.calls[0]![0]).toMatchObject({ changes: { assigned_to: BETH.sys_id }, seen: { modCount: '4', values: { assigned_to: 'e'.repeat(32) } }, overwrite: false });
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Saved.');
    act(() => root.querySelector<HTMLInputElement>('input[type="checkbox"]')!.click());
    expect(root.textContent).toContain('Also set group');
    click('Assign to me');
    await settle();
    expect(props.update.mock.calls[1]![0].changes).toEqual({ assigned_to: BETH.sys_id, assignment_group: DESK.sys_id });
  });

  it('in the group (or not known), no warning', () => {
    mount(incidentForm({ inGroup: true }));
    expect(root.textContent).not.toContain('You are not in');
    expect(root.querySelector('input[type="checkbox"]')).toBeNull();
  });

  it('"Assigned to" is a combobox: typing searches people of the group (debounced), arrows and Enter pick, Save assignment sends the sys_id', async () => {
    const props = mount(incidentForm());
    const box = combo('Assigned to');
    expect(box.getAttribute('role')).toBe('combobox');
    expect(box.value).toBe('David Loo');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    typeIn(box, 'am');
    typeIn(box, 'amy');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    expect(props.people).toHaveBeenCalledTimes(1);
    expect(props.people).toHaveBeenCalledWith('user', 'amy', NETWORK.sys_id);
    expect(box.getAttribute('aria-expanded')).toBe('true');
    const list = listOf(box);
    expect(list.getAttribute('role')).toBe('listbox');
    expect([...list.querySelectorAll('[role="option"]')].map((o) => o.textContent)).toEqual(['Amy Pascalamy.pascal', 'Beth Anglin']);
    expect(box.getAttribute('aria-activedescendant')).toBe(list.querySelector('[role="option"]')!.id);
    key(box, 'ArrowDown');
    key(box, 'ArrowUp');
    key(box, 'Enter');
    expect(box.value).toBe('Amy Pascal');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    click('Save assignment');
    await settle();
    expect(props.update.mock.calls[0]![0].changes).toEqual({ assigned_to: AMY.sys_id });
  });

  it('Escape closes the list first and keeps the event from the panel; the chosen name comes back', async () => {
    mount(incidentForm());
    const box = combo('Assigned to');
    const outer = vi.fn();
    root.addEventListener('keydown', outer);
    typeIn(box, 'be');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    key(box, 'Escape');
    expect(box.getAttribute('aria-expanded')).toBe('false');
    expect(box.value).toBe('David Loo');
    expect(outer).not.toHaveBeenCalled();
    key(box, 'Escape');
    expect(outer).toHaveBeenCalledTimes(1);
    root.removeEventListener('keydown', outer);
  });

  it('changing the group clears Assigned to, as ServiceNow does; both go in one write', async () => {
    const props = mount(incidentForm());
    const group = combo('Assignment group');
    typeIn(group, 'desk');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    expect(props.people).toHaveBeenCalledWith('group', 'desk');
    key(group, 'Enter');
    expect(group.value).toBe('Service Desk');
    expect(combo('Assigned to').value).toBe('');
    click('Save assignment');
    await settle();
    expect(props.update.mock.calls[0]![0].changes).toEqual({ assignment_group: DESK.sys_id, assigned_to: '' });
  });

  it('a field ServiceNow dropped is reported, not called saved', async () => {
    const form = incidentForm();
    const update = vi.fn(async (): Promise<UpdateAnswer> => savedAnswer(form, [{ field: 'assignment_group', label: 'Assignment group' }]));
    mount(form, update);
    const group = combo('Assignment group');
    typeIn(group, 'desk');
    await settle(SEARCH_DEBOUNCE_MS + 20);
    key(group, 'Enter');
    click('Save assignment');
    await settle();
    expect([...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent)).toContain('ServiceNow did not accept: Assignment group');
    // assigned_to went through; the group did not: "Saved." only for the part that was
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Saved.');
  });
});
