import { useEffect, useRef, useState } from 'preact/hooks';
import type { FramePreloads, FrameSpec, Response } from '@/lib/messages';
import { send } from '@/lib/send';
import { dmOpener, PersonLinks } from '../person-links';
import { RecordPanel, type JournalElement } from '../record-panel';
import type { RecordAssignmentProps } from '../record-assignment';
import { RecordApproval } from './record-approval';
import { WatchToggle } from '../watch-toggle';
import type { Emit } from './frame-app';
import { failedCard } from './hover-frame';
import { useAnnounced } from './use-announced';

type Activity = Response<'record/activity'>;
type Card = Response<'record/card'>;
type Form = Response<'record/form'>;

/** Its record and how it is told to close: the frame's spec and emit, or the popup's and share dialog's own. */
export interface RecordViewProps {
  /** `server`: the Mattermost page the frame is over, where "Message in Mattermost" goes (else a new tab) */
  spec: Pick<Extract<FrameSpec, { kind: 'record' }>, 'instance' | 'ref'> & { server?: string };
  emit: Emit;
  preloaded: FramePreloads;
  tabId?: number;
}

const updatedAt = (c: Card | undefined) => (c?.lookup.ok ? c.lookup.record.updatedAt : undefined);

/** The fuller read with a newer card's values over it (the card holds fewer fields, each as last read or written). */
export function withLatest(full: Card, latest: Card): Card {
  if (!latest.lookup.ok) return full.lookup.ok ? full : latest;
  if (!full.lookup.ok || full.lookup.record.sys_id !== latest.lookup.record.sys_id) return latest;
  if (Date.parse(latest.lookup.record.updatedAt) < Date.parse(full.lookup.record.updatedAt)) return full;
  const record = { ...full.lookup.record, ...latest.lookup.record, fields: { ...full.lookup.record.fields, ...latest.lookup.record.fields } };
  return { ...full, accent: latest.accent, lookup: { ok: true, record } };
}

/**
 * The record panel over Mattermost, in an extension frame: the page can neither read it nor press its buttons.
 * One submission id per (element, text): a retry after a failure is the same submission, so the background
 * first looks for the entry instead of writing it twice (record-work.ts).
 */
export function RecordFrame({ spec, emit, preloaded }: RecordViewProps) {
  const [card, setCard] = useState<Card | undefined>(preloaded.card);
  const [activity, setActivity] = useState<Activity>();
  const [activityError, setActivityError] = useState('');
  const [form, setForm] = useState<Form>();
  const [formError, setFormError] = useState('');
  const submission = useRef<{ key: string; id: number }>();
  const shown = useRef(card);
  shown.current = card;
  const close = () => emit({ type: 'close', refocus: true });

  // The summary's fuller read (record/full, shared with the frame's preload and kept a minute by the background),
  // the activity in parallel: one round trip (issue 12). After a write the card cache has the record as written
  // (record/card costs no read then): its fields go over the fuller read's.
  const readCard = (): Promise<Card> =>
    Promise.all([send({ type: 'record/full', instance: spec.instance, ref: spec.ref }), send({ type: 'record/card', instance: spec.instance, ref: spec.ref })]).then(
      ([full, latest]) => {
        const c = withLatest(full, latest);
        setCard(c);
        return c;
      },
      (err: Error) => {
        const c = failedCard(err.message);
        setCard(c);
        return c;
      },
    );
  const readActivity = () => send({ type: 'record/activity', instance: spec.instance, ref: spec.ref }).then(setActivity, (err: Error) => setActivityError(err.message));
  useEffect(() => {
    // The State and Assignment sections' read goes with the activity's, never before it (Activity shows after one
    // round trip); only a bare number with no card yet has to wait for the card to know the record.
    const readForm = (table: string, sys_id: string) =>
      send({ type: 'record/form', instance: spec.instance, table, sys_id }).then(setForm, (err: Error) => setFormError(err.message));
    const known = 'sys_id' in spec.ref ? spec.ref : preloaded.card?.lookup.ok ? preloaded.card.lookup.record : undefined;
    if (!preloaded.card) {
      void send({ type: 'record/full', instance: spec.instance, ref: spec.ref })
        .then((c) => (setCard(c), c), () => readCard())
        .then((c) => {
          if (!known && c?.lookup.ok) void readForm(c.lookup.record.table, c.lookup.record.sys_id);
        });
    }
    void readActivity();
    if (known) void readForm(known.table, known.sys_id);
  }, []);
  // A write from any tab (or a re-read card) is announced: the card comes from the background's cache; the
  // activity is asked again only when the record did change (after a write, the background has the write's
  // read-back: no read either).
  const record = card?.lookup.ok ? card.lookup.record : undefined;
  useAnnounced(spec.instance, [spec.ref, record && { table: record.table, sys_id: record.sys_id }], () => {
    const before = updatedAt(shown.current);
    void readCard().then((c) => updatedAt(c) !== before && void readActivity());
  });


  const edits: RecordAssignmentProps | undefined = form && {
    form,
    update: (req) => send({ type: 'record/update', instance: spec.instance, ...req }),
    // the write's answer feeds the form and the card (the background has told the other tabs' cards); the card's
    // values go over the summary's fuller read
    onFresh: (fresh, freshCard) => {
      setForm(fresh);
      if (freshCard) setCard((c) => (c ? withLatest(c, freshCard) : freshCard));
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
      <RecordPanel
        card={card}
        activity={activity}
        activityError={activityError}
        onAdd={onAdd}
        onClose={close}
        edits={edits}
        editsError={formError}
        watch={record && <WatchToggle instance={spec.instance} record={record} send={send} />}
        people={card?.lookup.ok && <PersonLinks record={card.lookup.record} open={dmOpener(send, spec.instance, spec.server ? { server: spec.server, emit } : undefined)} />}
        approval={<RecordApproval instance={spec.instance} record={'sys_id' in spec.ref ? spec.ref : card?.lookup.ok ? card.lookup.record : undefined} />}
      />
    </div>
  );
}
