import type { ComponentChildren, TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Response } from '@/lib/messages';
import { RecordSummary } from './record-summary';
import { RecordAssignment, type RecordAssignmentProps } from './record-assignment';
import { RecordStateForm } from './record-state-form';
import { trapFocus } from './focus-trap';
import { fromUser } from './user-event';
import { AllowAccess } from './allow-access';

type Activity = Response<'record/activity'>;
type Entry = Activity['entries'][number];
type Card = Response<'record/full'>;
export type JournalElement = Entry['element'];

export interface RecordPanelProps {
  card: Card | undefined;
  /** undefined while loading */
  activity: Activity | undefined;
  /** why the activity could not be read */
  activityError?: string;
  /** adds the entry; rejects with a message for the user (the typed text stays) */
  onAdd(element: JournalElement, text: string): Promise<void>;
  onClose(): void;
  /** the "Approval" section, when the user's approval of this record waits for them (frame/record-approval.tsx) */
  approval?: ComponentChildren;
  /** "Message <name> in Mattermost" for the people the record names (person-links.tsx) */
  people?: ComponentChildren;
  /** the State and Assignment sections, once `record/form` has answered (record-state-form.tsx, record-assignment.tsx) */
  edits?: RecordAssignmentProps;
  /** why they could not be read */
  editsError?: string;
  /** "Watch" / "Watching" (watch-toggle.tsx), once the record is known */
  watch?: ComponentChildren;
}

/** How many entries show before "Show older". */
const PAGE = 10;

const LABEL: Record<JournalElement, string> = { comments: 'Comment', work_notes: 'Work note' };

function when(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

function ActivityEntry({ entry }: { entry: Entry }) {
  const internal = entry.element === 'work_notes';
  return (
    <li class={`nb-panel__entry${internal ? ' nb-panel__entry--internal' : ''}`} aria-label={`${LABEL[entry.element]} by ${entry.author}, ${when(entry.at)}`}>
      <div class="nb-panel__entry-head">
        <span class="nb-panel__kind">{internal ? 'Work note (internal)' : 'Comment'}</span>
        <span class="nb-panel__author">{entry.author}</span>
        <time dateTime={entry.at}>{when(entry.at)}</time>
      </div>
      {/* record text renders as text */}
      <p class="nb-panel__text">{entry.text}</p>
    </li>
  );
}

/**
 * A record's panel: its card, its activity (comments and work notes, newest first, work notes visibly internal) and
 * a box to add either, as the connected user. What was typed stays until the server confirms the entry.
 */
export function RecordPanel({ card, activity, activityError, onAdd, onClose, approval, people, edits, editsError, watch }: RecordPanelProps) {
  const id = useId();
  const [text, setText] = useState('');
  const [workNote, setWorkNote] = useState(false);
  const [shown, setShown] = useState(PAGE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [said, setSaid] = useState('');
  const box = useRef<HTMLTextAreaElement>(null);
  const inFlight = useRef(false);
  const record = card?.lookup.ok ? card.lookup.record : undefined;
  const title = record ? `${record.number}: ${record.shortDescription}` : 'ServiceNow record';
  const canWorkNote = activity?.canSeeWorkNotes ?? false;

  useEffect(() => box.current?.focus(), []);

  const add = async () => {
    const element: JournalElement = workNote && canWorkNote ? 'work_notes' : 'comments';
    if (inFlight.current || !text.trim()) {
      if (!text.trim()) setError(`Write the ${LABEL[element].toLowerCase()} first.`);
      return;
    }
    inFlight.current = true;
    setBusy(true);
    setError('');
    setSaid('');
    try {
      await onAdd(element, text);
      setText('');
      setSaid(`${LABEL[element]} added to ${record?.number ?? 'the record'}.`);
    } catch (err) {
      setError((err instanceof Error && err.message) || 'ServiceNow did not take it.');
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape') {
      e.preventDefault();
      onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (fromUser(e)) void add();
    } else if (e.key === 'Tab') trapFocus(e, e.currentTarget);
  };

  const entries = activity?.entries ?? [];
  return (
    <div class="nb-share nb-panel" role="dialog" aria-modal="true" aria-label={title} onKeyDown={onKeyDown}>
      <div class="nb-panel__header">
        <h2 class="nb-share__title">{title}</h2>
        {watch}
        <button type="button" class="nb-share__btn" onClick={onClose}>
          Close
        </button>
      </div>
      <RecordSummary card={card} />
      {people}
      {approval}
      <section class="nb-panel__activity" aria-labelledby={`${id}-a`}>
        <h3 id={`${id}-a`} class="nb-panel__heading">
          Activity
        </h3>
        {activityError ? (
          <p class="nb-share__error" role="alert">
            {activityError}
          </p>
        ) : !activity ? (
          <p class="nb-panel__empty" aria-busy="true">
            Reading the activity…
          </p>
        ) : entries.length ? (
          <ul class="nb-panel__entries" aria-label="Activity">
            {entries.slice(0, shown).map((e) => (
              <ActivityEntry key={e.key} entry={e} />
            ))}
          </ul>
        ) : (
          <p class="nb-panel__empty">No comments or work notes yet.</p>
        )}
        {entries.length > shown && (
          <button type="button" class="nb-share__btn" onClick={() => setShown(shown + PAGE)}>
            Show older
          </button>
        )}
      </section>
      <div class="nb-share__field">
        <label class="nb-share__label" for={`${id}-c`}>
          Comment
        </label>
        <textarea
          ref={box}
          id={`${id}-c`}
          class="nb-share__input nb-share__message"
          rows={3}
          placeholder={workNote && canWorkNote ? 'Only people working on the record see a work note' : 'The caller sees comments'}
          value={text}
          onInput={(e) => setText(e.currentTarget.value)}
        />
        <label class="nb-panel__switch">
          <input
            type="checkbox"
            role="switch"
            checked={workNote && canWorkNote}
            disabled={!canWorkNote}
            aria-describedby={canWorkNote ? undefined : `${id}-why`}
            onChange={(e) => setWorkNote(e.currentTarget.checked)}
          />
          Work note (internal)
        </label>
        {activity && !canWorkNote && (
          <span id={`${id}-why`} class="nb-panel__hint">
            You can't write work notes on this record in ServiceNow.
          </span>
        )}
      </div>
      <div class="nb-share__footer">
        <div class="nb-share__error" role="alert">
          {error}
          <AllowAccess message={error} />
        </div>
        <span class="nb-share__status" role="status">
          {busy ? 'Adding…' : said}
        </span>
        {activity?.as && <span class="nb-panel__as">as {activity.as}</span>}
        <button
          type="button"
          class="nb-share__btn nb-share__btn--primary"
          aria-disabled={busy}
          aria-keyshortcuts="Control+Enter Meta+Enter"
          onClick={(e) => fromUser(e) && void add()}
        >
          Add to record
        </button>
      </div>
      {edits && <RecordStateForm {...edits} />}
      {edits && <RecordAssignment {...edits} />}
      {editsError && <p class="nb-panel__hint">State and assignment: {editsError}</p>}
    </div>
  );
}
