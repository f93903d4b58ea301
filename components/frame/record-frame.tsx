import { useEffect, useRef, useState } from 'preact/hooks';
import type { Response } from '@/lib/messages';
import { send } from '@/lib/send';
import { RecordPanel, type JournalElement } from '../record-panel';
import type { RecordAssignmentProps } from '../record-assignment';
import type { FrameViewProps } from './frame-app';

type Activity = Response<'record/activity'>;
type Form = Response<'record/form'>;

/**
 * The record panel over Mattermost, in an extension frame: the page can neither read it nor press its buttons.
 * One submission id per (element, text): a retry after a failure is the same submission, so the background
 * first looks for the entry instead of writing it twice (record-work.ts).
 */
export function RecordFrame({ spec, emit, preloaded }: FrameViewProps<'record'>) {
  const [card, setCard] = useState<Response<'record/full'> | undefined>(preloaded.card);
  const [activity, setActivity] = useState<Activity>();
  const [activityError, setActivityError] = useState('');
  const [form, setForm] = useState<Form>();
  const [formError, setFormError] = useState('');
  const submission = useRef<{ key: string; id: number }>();
  const close = () => emit({ type: 'close', refocus: true });

  useEffect(() => {
    // The State and Assignment sections' read goes with the activity's, never before it (Activity shows after one
    // round trip); only a bare number with no card yet has to wait for the card to know the record.
    const readForm = (table: string, sys_id: string) =>
      send({ type: 'record/form', instance: spec.instance, table, sys_id }).then(setForm, (err: Error) => setFormError(err.message));
    const known = 'sys_id' in spec.ref ? spec.ref : preloaded.card?.lookup.ok ? preloaded.card.lookup.record : undefined;
    if (!preloaded.card) {
      send({ type: 'record/full', instance: spec.instance, ref: spec.ref }).then(
        (c) => {
          setCard(c);
          if (!known && c.lookup.ok) void readForm(c.lookup.record.table, c.lookup.record.sys_id);
        },
        (err: Error) => setCard({ lookup: { ok: false, reason: 'error', message: err.message }, accent: '#80868B', fields: [], tableLabel: '' }),
      );
    }
    send({ type: 'record/activity', instance: spec.instance, ref: spec.ref }).then(setActivity, (err: Error) => setActivityError(err.message));
    if (known) void readForm(known.table, known.sys_id);
  }, []);

  const edits: RecordAssignmentProps | undefined = form && {
    form,
    update: (req) => send({ type: 'record/update', instance: spec.instance, ...req }),
    // one read after a write feeds the form and the card (the background has told the other tabs' cards)
    onFresh: (fresh, freshCard) => {
      setForm(fresh);
      if (freshCard) setCard(freshCard);
    },
    people: (kind, query, group) => send({ type: 'record/people', instance: spec.instance, kind, query, ...(group ? { group } : {}) }).then((r) => r.options),
  };

  const onAdd = async (element: JournalElement, text: string) => {
    const key = `${element}\n${text}`;
    if (submission.current?.key !== key) submission.current = { key, id: Date.now() };
    const answer = await send({ type: 'record/journal', instance: spec.instance, ref: spec.ref, element, text, submissionId: submission.current.id });
    submission.current = undefined;
    setActivity(answer.activity);
  };

  return (
    <div
      class="nb-frame-overlay"
      onMouseDown={(e) => {
        if (e.target === e.currentTarget) close();
      }}
    >
      <RecordPanel card={card} activity={activity} activityError={activityError} onAdd={onAdd} onClose={close} edits={edits} editsError={formError} />
    </div>
  );
}
