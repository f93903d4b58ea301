import { render } from 'preact';
import { act } from 'preact/test-utils';
import { describe, expect, it, vi } from 'vitest';
import { renderRoot } from '@/lib/testing/render-root';
import { incidentForm, savedAnswer } from './record-edit.fixtures';
import { RecordUpdateFeedback } from './record-update-feedback';
import { type Changes, conflictText, type RecordForm, type RecordUpdate, type UpdateAnswer, type UpdateRequest, useRecordUpdate } from './use-record-update';

const root = renderRoot();
let u!: RecordUpdate;
function Harness(props: { form: RecordForm; update(req: UpdateRequest): Promise<UpdateAnswer>; onFresh(f: RecordForm): void }) {
  u = useRecordUpdate(props);
  return <RecordUpdateFeedback u={u} busyText="Saving…" />;
}
const mount = (update: (req: UpdateRequest) => Promise<UpdateAnswer>) => {
  const props = { form: incidentForm(), update: vi.fn(update), onFresh: vi.fn() };
  act(() => render(<Harness {...props} />, root));
  return props;
};
const save = (changes: Changes) => act(async () => void (await u.save(changes)));
const button = (name: string) => [...root.querySelectorAll('button')].find((b) => b.textContent === name)!;
const theirs = incidentForm({ modCount: '6', values: { state: { value: '2', display: 'In Progress' } } });
const conflict: UpdateAnswer = { outcome: 'conflict', by: 'David Loo', at: '2026-12-02T16:20:00Z', now: [{ field: 'state', label: 'State', display: 'In Progress' }], form: theirs };

describe('useRecordUpdate', () => {
  it('a conflict says who and what is there now, takes the focus, and writes nothing until "Save anyway" (a new submission, overwriting)', async () => {
    const props = mount(vi.fn<(r: UpdateRequest) => Promise<UpdateAnswer>>().mockResolvedValueOnce(conflict).mockResolvedValueOnce(savedAnswer(theirs)));
    await save({ state: '6', close_code: 'Duplicate' });
    const region = root.querySelector('.nb-edit__conflict')!;
    expect(region.getAttribute('role')).toBe('alert');
    expect(region.textContent).toMatch(/^Changed by David Loo at .+: now State is In Progress\./);
    expect(document.activeElement).toBe(region);
    expect(props.update).toHaveBeenCalledTimes(1);
    await act(async () => button('Save anyway').click());
    await act(async () => await new Promise((r) => setTimeout(r, 0)));
    const [first, second] = props.update.mock.calls.map((c) => c[0]);
    expect(second).toMatchObject({ changes: { state: '6', close_code: 'Duplicate' }, overwrite: true, seen: { modCount: '6' } });
    expect(second!.submissionId).not.toBe(first!.submissionId);
    expect(root.querySelector('.nb-edit__conflict')).toBeNull();
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Saved.');
  });

  it('"Keep theirs" takes the fresh form and sends nothing', async () => {
    const props = mount(async () => conflict);
    await save({ state: '6' });
    act(() => button('Keep theirs').click());
    expect(props.onFresh).toHaveBeenCalledWith(theirs);
    expect(props.update).toHaveBeenCalledTimes(1);
    expect(root.querySelector('.nb-edit__conflict')).toBeNull();
  });

  it('every field dropped: no "Saved.", the alert names them', async () => {
    mount(async () => savedAnswer(incidentForm(), [{ field: 'state', label: 'State' }]));
    await save({ state: '1' });
    expect(root.querySelector('[role="status"]')!.textContent).toBe('');
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('ServiceNow did not accept: State');
  });

  it('a write in flight is not sent again, and busy ends when it fails', async () => {
    let fail!: (e: Error) => void;
    const props = mount(() => new Promise((_, reject) => (fail = reject)));
    let first!: Promise<unknown>;
    act(() => void (first = u.save({ state: '1' })));
    expect(u.busy).toBe(true);
    expect(root.querySelector('[role="status"]')!.textContent).toBe('Saving…');
    await act(async () => void (await u.save({ state: '1' })));
    expect(props.update).toHaveBeenCalledTimes(1);
    await act(async () => {
      fail(new Error('Needs sign-in: reconnect ServiceNow in NowBridge.'));
      await first;
    });
    expect(u.busy).toBe(false);
    expect(root.querySelector('[role="alert"]')!.textContent).toBe('Needs sign-in: reconnect ServiceNow in NowBridge.');
  });

  it('conflictText names an empty value as empty', () => {
    expect(conflictText({ ...conflict, now: [{ field: 'assigned_to', label: 'Assigned to', display: '' }] })).toMatch(/: now Assigned to is empty\.$/);
  });
});
