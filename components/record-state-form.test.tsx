import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { incidentForm, savedAnswer } from './record-edit.fixtures';
import { RecordStateForm, stateNeeds } from './record-state-form';
import type { RecordForm, UpdateAnswer, UpdateRequest } from './use-record-update';

const root = renderRoot();
const mount = (form: RecordForm, update: (req: UpdateRequest) => Promise<UpdateAnswer>, onFresh = vi.fn()) => {
  const props = { form, update: vi.fn(update), onFresh };
  act(() => render(<RecordStateForm {...props} />, root));
  return props;
};
const byLabel = <T extends HTMLElement>(name: string) => {
  const label = [...root.querySelectorAll('label')].find((l) => l.textContent === name);
  return (label ? document.getElementById(label.htmlFor) : null) as T | null;
};
const choose = (name: string, value: string) =>
  act(() => {
    const el = byLabel<HTMLSelectElement>(name)!;
    el.value = value;
    el.dispatchEvent(new Event('change', { bubbles: true }));
  });
const type = (name: string, text: string) =>
  act(() => {
    const el = byLabel<HTMLInputElement>(name)!;
    el.value = text;
    el.dispatchEvent(new Event('input', { bubbles: true }));
  });
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
const click = (name: string) => act(() => button(name).click());
const settle = () => act(async () => await new Promise((r) => setTimeout(r, 0)));
const alerts = () => [...root.querySelectorAll('[role="alert"]')].map((a) => a.textContent).filter(Boolean);

describe('stateNeeds', () => {
  it('resolving an incident shows code and notes and requires what ServiceNow is known to want; On hold needs a reason, Awaiting Caller a comment', () => {
    const form = incidentForm();
    expect(stateNeeds(form, '6', '')).toEqual({ shown: ['close_code', 'close_notes'], required: new Set(['close_code']) });
    expect(stateNeeds(form, '6', '', ['close_notes']).required).toEqual(new Set(['close_code', 'close_notes']));
    expect(stateNeeds(form, '3', '4')).toEqual({ shown: ['hold_reason'], required: new Set(['hold_reason']) });
    expect(stateNeeds(form, '3', '1')).toEqual({ shown: ['hold_reason', 'comments'], required: new Set(['hold_reason', 'comments']) });
    expect(stateNeeds(form, '2', '').shown).toEqual([]);
    // another table: only what its mandatory list says
    expect(stateNeeds({ ...form, table: 'problem', mandatory: { '106': ['close_notes'] } }, '106', '').shown).toEqual(['close_code', 'close_notes']);
    expect(stateNeeds({ ...form, table: 'problem', mandatory: {} }, '6', '').shown).toEqual([]);
  });
});

describe('RecordStateForm', () => {
  it('a combobox "State" of the record class states; Resolved reveals the resolution fields and asks for the code before sending', async () => {
    const props = mount(incidentForm(), async () => savedAnswer(incidentForm()));
    const state = byLabel<HTMLSelectElement>('State')!;
    expect(state.tagName).toBe('SELECT');
    expect(state.value).toBe('2');
    expect([...state.options].map((o) => o.textContent)).toEqual(['New', 'In Progress', 'On Hold', 'Resolved', 'Closed']);
    expect(byLabel('Resolution code')).toBeNull();
    choose('State', '6');
    expect(byLabel<HTMLSelectElement>('Resolution code')!.tagName).toBe('SELECT');
    expect(byLabel('Resolution notes')!.tagName).toBe('TEXTAREA');
    type('Resolution notes', 'Restarted the relay');
    click('Save');
    await settle();
    expect(props.update).not.toHaveBeenCalled();
    const code = byLabel<HTMLSelectElement>('Resolution code')!;
    expect(code.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(code.getAttribute('aria-describedby')!)!.textContent).toBe('Resolution code is required.');
    expect(document.activeElement).toBe(code);
    choose('Resolution code', 'Solution provided');
    expect(code.hasAttribute('aria-invalid')).toBe(false);
    click('Save');
    await settle();
    expect(props.update).toHaveBeenCalledTimes(1);
    expect(props.update.mock.calls[0]![0]).toMatchObject({
      table: 'incident',
      changes: { state: '6', close_code: 'Solution provided', close_notes: 'Restarted the relay' },
      seen: { modCount: '4', values: { state: '2', close_code: '', close_notes: '' } },
      overwrite: false,
    });
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Saved.');
    expect(props.onFresh).toHaveBeenCalled();
  });

  it('On hold needs a reason; Awaiting Caller makes Additional comments required; values go as values', async () => {
    const props = mount(incidentForm(), async () => savedAnswer(incidentForm()));
    choose('State', '3');
    click('Save');
    await settle();
    expect(props.update).not.toHaveBeenCalled();
    expect(alerts()).toContain('On hold reason is required.');
    choose('On hold reason', '1');
    click('Save');
    await settle();
    expect(props.update).not.toHaveBeenCalled();
    expect(alerts()).toContain('Additional comments is required.');
    expect(document.activeElement).toBe(byLabel('Additional comments'));
    type('Additional comments', 'Can you try again from the office?');
    click('Save');
    await settle();
    expect(props.update.mock.calls[0]![0].changes).toEqual({ state: '3', hold_reason: '1', comments: 'Can you try again from the office?' });
  });

  it('a data-policy refusal marks the fields it names and keeps everything typed; the retry sends them', async () => {
    const update = vi
      .fn<(req: UpdateRequest) => Promise<UpdateAnswer>>()
      .mockResolvedValueOnce({ outcome: 'refused', kind: 'mandatory', fields: ['close_notes'], labels: ['Resolution notes'], message: 'Data Policy Exception: …' })
      .mockResolvedValueOnce(savedAnswer(incidentForm({ modCount: '5' })));
    const props = mount(incidentForm(), update);
    choose('State', '6');
    choose('Resolution code', 'Duplicate');
    click('Save');
    await settle();
    const notes = byLabel<HTMLTextAreaElement>('Resolution notes')!;
    expect(notes.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(notes.getAttribute('aria-describedby')!)!.textContent).toBe('ServiceNow requires this');
    expect(alerts()).toContain('ServiceNow requires: Resolution notes.');
    expect(byLabel<HTMLSelectElement>('State')!.value).toBe('6');
    expect(byLabel<HTMLSelectElement>('Resolution code')!.value).toBe('Duplicate');
    // the notes are now required here too: an empty retry is stopped before sending
    click('Save');
    await settle();
    expect(props.update).toHaveBeenCalledTimes(1);
    type('Resolution notes', 'Same as INC0010002');
    click('Save');
    await settle();
    expect(props.update.mock.calls[1]![0].changes).toEqual({ state: '6', close_code: 'Duplicate', close_notes: 'Same as INC0010002' });
    // a different attempt: a new submission
    expect(props.update.mock.calls[1]![0].submissionId).not.toBe(props.update.mock.calls[0]![0].submissionId);
  });

  it("with NowBridge's built-in lists (sys_choice unreadable) the code is typed, the built-in codes offered", () => {
    mount(incidentForm({ choicesFrom: 'defaults' }), async () => savedAnswer(incidentForm()));
    choose('State', '6');
    const code = byLabel<HTMLInputElement>('Resolution code')!;
    expect(code.tagName).toBe('INPUT');
    expect([...document.getElementById(code.getAttribute('list')!)!.querySelectorAll('option')].map((o) => o.value)).toEqual(['Solution provided', 'Duplicate']);
    // hold reasons are numbered values: still a list
    choose('State', '3');
    expect(byLabel('On hold reason')!.tagName).toBe('SELECT');
  });

  it('with no code list the code is a text box; ACL and business-rule refusals say so in their words', async () => {
    const update = vi
      .fn<(req: UpdateRequest) => Promise<UpdateAnswer>>()
      .mockResolvedValueOnce({ outcome: 'refused', kind: 'acl', fields: [], labels: [], message: 'ACL Exception Update Failed due to security constraints' })
      .mockResolvedValueOnce({ outcome: 'refused', kind: 'rule', fields: [], labels: [], message: "Business Rule 'Change Model: Check State Transition' aborted" });
    mount(incidentForm({ choices: {}, choicesFrom: 'defaults' }), update);
    choose('State', '6');
    const code = byLabel<HTMLInputElement>('Resolution code')!;
    expect(code.tagName).toBe('INPUT');
    type('Resolution code', 'Solved Remotely (Permanently)');
    click('Save');
    await settle();
    expect(alerts()).toContain('You may not change this record in ServiceNow.');
    click('Save');
    await settle();
    expect(alerts()).toContain("Business Rule 'Change Model: Check State Transition' aborted");
    expect(byLabel<HTMLInputElement>('Resolution code')!.value).toBe('Solved Remotely (Permanently)');
  });

  it('a failure with no answer keeps the typing and retries as the same submission; busy always ends', async () => {
    const update = vi
      .fn<(req: UpdateRequest) => Promise<UpdateAnswer>>()
      .mockRejectedValueOnce(new Error('You are offline.'))
      .mockResolvedValueOnce(savedAnswer(incidentForm({ modCount: '5', values: { state: { value: '1', display: 'New' } } })));
    const props = mount(incidentForm(), update);
    choose('State', '1');
    click('Save');
    await settle();
    expect(alerts()).toContain('You are offline.');
    expect(button('Save').getAttribute('aria-disabled')).toBe('false');
    expect(byLabel<HTMLSelectElement>('State')!.value).toBe('1');
    click('Save');
    await settle();
    expect(props.update.mock.calls[1]![0].submissionId).toBe(props.update.mock.calls[0]![0].submissionId);
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Saved.');
  });

  it('nothing chosen: says so and sends nothing', async () => {
    const props = mount(incidentForm(), async () => savedAnswer(incidentForm()));
    click('Save');
    await settle();
    expect(props.update).not.toHaveBeenCalled();
    expect(alerts()).toEqual(['Choose another state first.']);
  });
});
