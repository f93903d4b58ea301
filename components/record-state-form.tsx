import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { EditableField } from '@/lib/messages/record-edits';
import { RecordUpdateFeedback } from './record-update-feedback';
import { type Changes, type RecordForm, type RecordUpdateDeps, useRecordUpdate } from './use-record-update';
import { fromUser } from './user-event';

/** The fields a state may need that this form can take (assignment has its own section). */
type StateField = 'close_code' | 'close_notes' | 'hold_reason' | 'comments' | 'work_notes';
const ORDER: StateField[] = ['close_code', 'close_notes', 'hold_reason', 'comments', 'work_notes'];
const LABELS: Record<StateField, string> = {
  close_code: 'Resolution code',
  close_notes: 'Resolution notes',
  hold_reason: 'On hold reason',
  comments: 'Additional comments',
  work_notes: 'Work notes',
};
const isStateField = (f: EditableField): f is StateField => (ORDER as string[]).includes(f);

/** Incident states (records-and-watch-contracts.md A.3): 3 On Hold, 6 Resolved, 7 Closed; hold reason 1 Awaiting Caller. */
const ON_HOLD = '3';
const RESOLVING = ['6', '7'];
const AWAITING_CALLER = '1';

/**
 * The fields a target state shows and the ones it needs (A.3, A.4): resolving or closing an incident (or any state
 * ServiceNow is known to want a resolution for) shows the code and notes; On hold needs a reason, and Awaiting
 * Caller needs a comment ("the Additional comments becomes mandatory"); a data-policy refusal adds what it named.
 */
export function stateNeeds(form: RecordForm, state: string, holdReason: string, refused: readonly EditableField[] = []) {
  const incident = form.table === 'incident';
  const mandatory = (form.mandatory[state] ?? []).filter(isStateField);
  const required = new Set<StateField>([...mandatory, ...refused.filter(isStateField)]);
  if (incident && state === ON_HOLD) required.add('hold_reason');
  if (required.has('hold_reason') && holdReason === AWAITING_CALLER) required.add('comments');
  const shown = new Set<StateField>(required);
  if ((incident && RESOLVING.includes(state)) || shown.has('close_code') || shown.has('close_notes')) {
    shown.add('close_code');
    shown.add('close_notes');
  }
  return { shown: ORDER.filter((f) => shown.has(f)), required };
}

export interface RecordStateFormProps extends RecordUpdateDeps {}

/**
 * The State section: the record's states (actual values are sent, A.7) and the fields the chosen state needs, checked
 * here before anything is sent; ServiceNow's own refusals mark the fields they name, and everything typed stays.
 */
export function RecordStateForm(props: RecordStateFormProps) {
  const { form } = props;
  const id = useId();
  const u = useRecordUpdate(props);
  const current = form.values.state?.value ?? '';
  const [state, setState] = useState(current);
  const [values, setValues] = useState<Partial<Record<StateField, string>>>({});
  const [missing, setMissing] = useState<Set<StateField>>(new Set());
  const [note, setNote] = useState('');
  const refs = useRef<Partial<Record<StateField | 'state', HTMLElement | null>>>({});

  // a newer read of the record (saved, or "Keep theirs"): start again from what it says
  useEffect(() => {
    setState(form.values.state?.value ?? '');
    setValues({});
    setMissing(new Set());
    setNote('');
  }, [form]); // every new read, even one where nothing changed (a write ServiceNow dropped whole leaves mod_count as it was)

  const refused = u.refusal?.kind === 'mandatory' ? u.refusal.fields : [];
  const { shown, required } = stateNeeds(form, state, values.hold_reason ?? '', refused);
  const marked = new Set(refused.filter(isStateField));

  const set = (f: StateField, v: string) => {
    setValues((old) => ({ ...old, [f]: v }));
    if (missing.has(f)) setMissing(new Set([...missing].filter((m) => m !== f)));
  };

  const save = () => {
    if (u.busy) return;
    setNote('');
    const lacking = shown.filter((f) => required.has(f) && !(values[f] ?? '').trim());
    setMissing(new Set(lacking));
    if (lacking.length) {
      refs.current[lacking[0]!]?.focus();
      return;
    }
    const changes: Changes = {};
    if (state !== current) changes.state = state;
    for (const f of shown) if ((values[f] ?? '').trim()) changes[f] = values[f];
    if (!Object.keys(changes).length) {
      setNote('Choose another state first.');
      refs.current.state?.focus();
      return;
    }
    void u.save(changes);
  };

  const fieldError = (f: StateField) =>
    missing.has(f) ? `${LABELS[f]} is required.` : marked.has(f) && !(values[f] ?? '').trim() ? 'ServiceNow requires this' : '';

  const control = (f: StateField) => {
    const err = fieldError(f);
    const common = {
      id: `${id}-${f}`,
      class: 'nb-share__input',
      ref: (el: HTMLElement | null) => void (refs.current[f] = el),
      value: values[f] ?? '',
      'aria-invalid': err ? true : undefined,
      'aria-required': required.has(f) || undefined,
      'aria-describedby': err ? `${id}-${f}-err` : undefined,
    };
    const list = f === 'close_code' || f === 'hold_reason' ? (form.choices[f] ?? []) : undefined;
    return (
      <div class="nb-share__field" key={f}>
        <label class="nb-share__label" for={common.id}>
          {LABELS[f]}
        </label>
        {list && list.length && f === 'close_code' && form.choicesFrom === 'defaults' ? (
          // NowBridge's own codes, not the instance's (sys_choice unreadable; instances differ, A.4): offered, but
          // any code may be typed (its value is its label). Hold reasons are numbered out of the box: a list.
          <>
            <input {...common} type="text" list={`${id}-${f}-list`} onInput={(e) => set(f, e.currentTarget.value)} />
            <datalist id={`${id}-${f}-list`}>
              {list.map((c) => (
                <option key={c.value} value={c.value}>
                  {c.label}
                </option>
              ))}
            </datalist>
          </>
        ) : list && list.length ? (
          <select {...common} onChange={(e) => set(f, e.currentTarget.value)}>
            <option value="">-- None --</option>
            {list.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        ) : list ? (
          // no list to choose from (sys_choice unreadable, none defined): the value is typed as ServiceNow stores it
          <input {...common} type="text" onInput={(e) => set(f, e.currentTarget.value)} />
        ) : (
          <textarea {...common} rows={2} onInput={(e) => set(f, e.currentTarget.value)} />
        )}
        {err && (
          <span id={`${id}-${f}-err`} class="nb-edit__invalid" role="alert">
            {err}
          </span>
        )}
      </div>
    );
  };

  return (
    <section class="nb-edit" aria-labelledby={`${id}-h`}>
      <h3 id={`${id}-h`} class="nb-panel__heading">
        State
      </h3>
      <div class="nb-share__field">
        <label class="nb-share__label" for={`${id}-state`}>
          State
        </label>
        <select
          id={`${id}-state`}
          ref={(el) => void (refs.current.state = el)}
          class="nb-share__input"
          value={state}
          aria-describedby={note ? `${id}-note` : undefined}
          onChange={(e) => {
            setState(e.currentTarget.value);
            setMissing(new Set());
            setNote('');
          }}
        >
          {!form.states.some((s) => s.value === current) && <option value={current}>{form.values.state?.display || current}</option>}
          {form.states.map((s) => (
            <option key={s.value} value={s.value}>
              {s.label}
            </option>
          ))}
        </select>
        {note && (
          <span id={`${id}-note`} class="nb-edit__invalid" role="alert">
            {note}
          </span>
        )}
      </div>
      {shown.map(control)}
      <div class="nb-share__footer">
        <RecordUpdateFeedback u={u} busyText="Saving…" />
        <button type="button" class="nb-share__btn nb-share__btn--primary" aria-disabled={u.busy} onClick={(e) => fromUser(e) && save()}>
          Save
        </button>
      </div>
    </section>
  );
}
