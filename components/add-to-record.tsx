import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { Response } from '@/lib/messages';
import type { send as Send } from '@/lib/send';
import { trapFocus } from './focus-trap';
import { SearchPanel } from './search/search-panel';
import { DoneFooter, SubmitFooter } from './dialog-footer';
import { InstanceField } from './instance-select';
import { fromUser } from './user-event';
import { ReplyFailed } from './reply-failed';

type Context = Response<'message/context'>;
type Added = Response<'message/attach'>;
type Instance = Response<'search/instances'>['instances'][number];
type Element = 'comments' | 'work_notes';

export interface AddToRecordProps {
  send: typeof Send;
  server: string;
  postId: string;
  scope: 'message' | 'thread';
  /** a number typed with the command (`/servicenow add INC0010001`) */
  number?: string;
  onClose(): void;
  /** the entry is in ServiceNow (the command's box may be cleared) */
  onAdded?(): void;
}

const ELEMENT_LABEL: Record<Element, string> = { comments: 'comment', work_notes: 'work note' };

/**
 * "Add message / thread to a record" (issue 13), in an extension frame: the record by number, from the records
 * the thread already refers to, or by search; comment or work note; a preview of exactly what ServiceNow will
 * hold (authors, times, channel, permalink; `[code]` neutralised: lib/mattermost/thread-entry.ts), split into
 * parts when it must be. Each part is written at most once per submission, then one reply in the thread says so.
 */
export function AddToRecord(p: AddToRecordProps) {
  const id = useId();
  const [context, setContext] = useState<Context>();
  const [instances, setInstances] = useState<Instance[]>();
  const [instance, setInstance] = useState<string>();
  const [number, setNumber] = useState(p.number ?? '');
  const [element, setElement] = useState<Element>('work_notes');
  const [searching, setSearching] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [added, setAdded] = useState<Added>();
  const submission = useRef<{ key: string; id: number }>();
  /** the request that added the entry: "Post the reply again" sends it once more (the same submission) */
  const sent = useRef<Parameters<typeof Send<'message/attach'>>[0]>();
  const numberRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    Promise.all([p.send({ type: 'message/context', server: p.server, postId: p.postId, scope: p.scope }), p.send({ type: 'search/instances' })]).then(
      ([c, r]) => {
        setContext(c);
        setInstances(r.instances);
        const carded = c.records[0];
        setInstance((carded && r.instances.some((i) => i.base === carded.instance) ? carded.instance : undefined) ?? (r.instances.find((i) => i.state === 'connected') ?? r.instances[0])?.base);
        if (!p.number && carded) setNumber(carded.number);
      },
      (err: Error) => setError(err.message),
    );
    numberRef.current?.focus();
  }, []);
  useEffect(() => {
    if (added) doneRef.current?.focus();
  }, [added]);

  const add = async () => {
    if (busy || added || !instance || !context) return;
    const n = number.trim().toUpperCase();
    if (!n) {
      setError('Type the record’s number, or choose one.');
      numberRef.current?.focus();
      return;
    }
    // one submission per (record, element): a retry after a failure is the same one, so nothing lands twice
    const key = `${instance} ${n} ${element}`;
    if (submission.current?.key !== key) submission.current = { key, id: Date.now() };
    setBusy(true);
    setError('');
    try {
      const request = { type: 'message/attach', server: p.server, postId: p.postId, scope: p.scope, instance, ref: { number: n }, element, submissionId: submission.current.id } as const;
      const r = await p.send(request);
      sent.current = request;
      setAdded(r);
      p.onAdded?.();
    } catch (err) {
      setError((err instanceof Error && err.message) || 'ServiceNow did not take the entry.');
    } finally {
      setBusy(false);
    }
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      if (searching) setSearching(false);
      else p.onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey) && !searching) {
      e.preventDefault();
      if (fromUser(e)) void add();
    } else if (e.key === 'Tab') trapFocus(e, e.currentTarget);
  };

  const title = p.scope === 'thread' ? 'Add thread to a record' : 'Add message to a record';
  return (
    <div class="nb-share nb-add" role="dialog" aria-modal="true" aria-labelledby={`${id}-t`} onKeyDown={onKeyDown}>
      <h2 id={`${id}-t`} class="nb-share__title">
        {title}
      </h2>
      {added ? (
        <div class="nb-share__done">
          <p ref={doneRef} tabIndex={-1} class="nb-share__success" role="status">
            Added to {added.number} as a {ELEMENT_LABEL[element]}
            {added.parts > 1 ? ` (${added.parts} parts)` : ''}.
          </p>
          {added.replyError && (
            <ReplyFailed
              what="The reply in the thread was not posted"
              error={added.replyError}
              label="Post the reply again"
              onRetry={() => p.send(sent.current!).then(setAdded, (err: Error) => setAdded((a) => a && { ...a, replyError: err.message || 'Mattermost did not take the reply.' }))}
            />
          )}
          <DoneFooter url={added.url} onClose={p.onClose} />
        </div>
      ) : searching ? (
        <SearchPanel
          send={p.send}
          hint="Enter chooses the record · Esc goes back"
          actions={{
            choose: (r) => {
              setNumber(r.number);
              setInstance(r.instance);
              setSearching(false);
            },
            close: () => setSearching(false),
            settings: () => void p.send({ type: 'ui/open-settings' }).catch(() => undefined),
          }}
        />
      ) : (
        <>
          <InstanceField id={`${id}-i`} instances={instances} value={instance} onChange={setInstance} />
          <div class="nb-share__field">
            <label class="nb-share__label" for={`${id}-n`}>
              Record number
            </label>
            <div class="nb-add__number">
              <input ref={numberRef} id={`${id}-n`} class="nb-share__input" placeholder="INC0010001" value={number} onInput={(e) => setNumber(e.currentTarget.value)} />
              <button type="button" class="nb-share__btn" onClick={() => setSearching(true)}>
                Search…
              </button>
            </div>
            {context && context.records.length > 0 && (
              <div class="nb-add__carded" role="group" aria-label="Records in this thread">
                {context.records.slice(0, 4).map((r) => (
                  <button key={`${r.instance} ${r.number}`} type="button" class="nb-share__btn" aria-pressed={number.toUpperCase() === r.number} onClick={() => (setNumber(r.number), setInstance(r.instance))}>
                    {r.number}
                  </button>
                ))}
              </div>
            )}
          </div>
          <fieldset class="nb-add__element">
            <legend class="nb-share__label">Add as</legend>
            {(['work_notes', 'comments'] as const).map((el) => (
              <label key={el}>
                <input type="radio" name={`${id}-e`} checked={element === el} onChange={() => setElement(el)} />{' '}
                {el === 'work_notes' ? 'Work note (internal)' : 'Comment (the caller sees it)'}
              </label>
            ))}
          </fieldset>
          <div class="nb-share__field">
            <span class="nb-share__label" id={`${id}-p`}>
              Preview{context ? ` — ${context.count} message${context.count === 1 ? '' : 's'} by ${context.authors.join(', ')}` : ''}
              {context && context.entries.length > 1 ? ` · split into ${context.entries.length} entries (ServiceNow’s size limit)` : ''}
            </span>
            <pre class="nb-add__preview" role="region" aria-labelledby={`${id}-p`} tabIndex={0}>
              {context ? context.entries.join('\n\n') : 'Reading the messages…'}
            </pre>
          </div>
          <SubmitFooter error={error} busy={busy} busyText="Adding…" unavailable={!context || !instance} label="Add" onCancel={p.onClose} onSubmit={() => void add()} />
        </>
      )}
    </div>
  );
}
