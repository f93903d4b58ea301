import { useRef, useState } from 'preact/hooks';
import type { Request, Response } from '@/lib/messages';

export type RecordForm = Response<'record/form'>;
export type UpdateAnswer = Response<'record/update'>;
type UpdateMessage = Extract<Request, { type: 'record/update' }>;
export type Changes = UpdateMessage['changes'];
/** What a section hands the frame: the frame adds the instance and sends `record/update`. */
export type UpdateRequest = Pick<UpdateMessage, 'table' | 'sys_id' | 'changes' | 'seen' | 'overwrite' | 'submissionId'>;
export type Refusal = Extract<UpdateAnswer, { outcome: 'refused' }>;
export type Conflict = Extract<UpdateAnswer, { outcome: 'conflict' }>;
export type Saved = Extract<UpdateAnswer, { outcome: 'saved' }>;

export interface RecordUpdateDeps {
  form: RecordForm;
  /** sends the update; rejects with a message for the user (offline, needs sign-in …) */
  update(req: UpdateRequest): Promise<UpdateAnswer>;
  /** a newer form (and card) to show: after a save, or when the user keeps the other person's change */
  onFresh(form: RecordForm, card?: Saved['card']): void;
}

export interface RecordUpdate {
  busy: boolean;
  /** "Saved." once ServiceNow took the write */
  status: string;
  /** what went wrong, or which fields ServiceNow did not accept */
  alert: string;
  conflict: Conflict | undefined;
  /** the last refusal, for the form to mark the fields it names */
  refusal: Refusal | undefined;
  /** resolves to the outcome, or undefined when the write threw (the alert says why) */
  save(changes: Changes): Promise<UpdateAnswer['outcome'] | undefined>;
  saveAnyway(): Promise<UpdateAnswer['outcome'] | undefined>;
  keepTheirs(): void;
}

/** "Changed by David Loo at 2 Dec 2026, 16:20: now State is In Progress." (records-and-watch-contracts.md A.8) */
export function conflictText(c: Conflict): string {
  const at = new Date(c.at);
  const when = Number.isNaN(at.getTime()) ? c.at : at.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
  const now = c.now.map((n) => `${n.label} is ${n.display || 'empty'}`).join(', ');
  return `Changed by ${c.by} at ${when}${now ? `: now ${now}` : ''}.`;
}

function refusalText(r: Refusal): string {
  if (r.kind === 'acl') return 'You may not change this record in ServiceNow.';
  if (r.kind === 'mandatory') return `ServiceNow requires: ${r.labels.join(', ') || r.message}.`;
  return r.message; // a business rule: ServiceNow's own words (A.4)
}

/**
 * One write of a panel section, as the connected user: the values shown are sent as `seen`, so the background
 * can tell whether someone else changed them since (A.8); the answer is told as it is: saved (minus any field
 * ServiceNow silently dropped, A.9), a conflict to decide, or a refusal (A.4). A retry of the same changes after a
 * failure with no answer keeps its submission id, so the background writes it at most once (record-work.ts);
 * any answer ends the submission. Busy ends on every path.
 */
export function useRecordUpdate({ form, update, onFresh }: RecordUpdateDeps): RecordUpdate {
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState('');
  const [alert, setAlert] = useState('');
  const [conflict, setConflict] = useState<Conflict>();
  const [refusal, setRefusal] = useState<Refusal>();
  const inFlight = useRef(false);
  const submission = useRef<{ key: string; id: number }>();
  const last = useRef<Changes>({});

  const run = async (changes: Changes, shown: RecordForm, overwrite: boolean) => {
    if (inFlight.current) return undefined;
    const key = JSON.stringify([changes, overwrite, shown.modCount]);
    if (submission.current?.key !== key) submission.current = { key, id: Date.now() };
    const seenValues: Record<string, string> = {};
    for (const field of Object.keys(changes)) seenValues[field] = shown.values[field]?.value ?? '';
    inFlight.current = true;
    last.current = changes;
    setBusy(true);
    setStatus('');
    setAlert('');
    try {
      const answer = await update({
        table: shown.table,
        sys_id: shown.sys_id,
        changes,
        seen: { modCount: shown.modCount, values: seenValues },
        overwrite,
        submissionId: submission.current.id,
      });
      submission.current = undefined;
      setRefusal(answer.outcome === 'refused' ? answer : undefined);
      // a conflict stays on screen until an answer replaces it: a failed "Save anyway" can be tried again
      setConflict(answer.outcome === 'conflict' ? answer : undefined);
      if (answer.outcome === 'saved') {
        // a dropped field is not saved, whatever the status says about the rest
        setStatus(answer.dropped.length < Object.keys(changes).length ? 'Saved.' : '');
        if (answer.dropped.length) setAlert(`ServiceNow did not accept: ${answer.dropped.map((d) => d.label).join(', ')}`);
        onFresh(answer.form, answer.card);
      } else if (answer.outcome === 'refused') setAlert(refusalText(answer));
      return answer.outcome;
    } catch (err) {
      setAlert((err instanceof Error && err.message) || 'ServiceNow did not answer.');
      return undefined;
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  return {
    busy,
    status,
    alert,
    conflict,
    refusal,
    save: (changes) => run(changes, form, false),
    // the user saw what is there now and chose theirs: a new submission, against the fresh read
    saveAnyway: () => (conflict ? run(last.current, conflict.form, true) : Promise.resolve(undefined)),
    keepTheirs: () => {
      if (!conflict) return;
      setConflict(undefined);
      setStatus('');
      onFresh(conflict.form);
    },
  };
}
