import type { TargetedKeyboardEvent } from 'preact';
import { useEffect, useId, useRef, useState } from 'preact/hooks';
import type { CallerMatch, IncidentFields, PostWhere } from '@/lib/messages/message-actions';
import type { Response } from '@/lib/messages';
import type { send as Send } from '@/lib/send';
import { trapFocus } from './focus-trap';
import { type Person, PeopleCombobox } from './people-combobox';
import { safeHttpUrl } from './record-card';
import { DoneFooter, SubmitFooter } from './dialog-footer';
import { InstanceField } from './instance-select';
import { fromUser } from './user-event';
import { ReplyFailed } from './reply-failed';

type Form = Response<'incident/form'>;
type Created = Response<'incident/create'>;
type Instance = Response<'search/instances'>['instances'][number];

export interface CreateIncidentProps {
  send: typeof Send;
  server: string;
  /** the post it is made from: its author is the caller, its permalink goes into the correlation fields */
  postId?: string;
  /** where the new record's card is posted: the post's thread, or the channel the command was typed in */
  where: PostWhere;
  shortDescription: string;
  description: string;
  /** the thread as text, when the post has replies: the user may put it in the description too */
  thread?: { count: number; text: string };
  onClose(): void;
  /** the incident exists (the command's box may be cleared) */
  onCreated?(): void;
}

const first = (s: string, n: number) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);
/** The first line of a message, at most 160 characters (incident.short_description's length). */
export const shortFrom = (message: string) => first(message.trim().split('\n')[0]!.replace(/\s+/g, ' '), 160);

const callerHint = (m: CallerMatch | undefined) =>
  !m ? '' : m.kind === 'match' ? 'The message’s author, found in ServiceNow.' : m.hint;

/**
 * "Create incident" from a Mattermost message or `/servicenow create` (issue 13), in an extension frame. The caller
 * comes from the post's author (never a silent wrong match: the background asks when unsure); impact, urgency and
 * category from sys_choice; assignment group and configuration item searched as the user. One submission per
 * dialog: a retry after a failure is the same submission, so the background never creates the incident twice.
 * Nothing typed is lost on a failure.
 */
export function CreateIncident(p: CreateIncidentProps) {
  const id = useId();
  const [instances, setInstances] = useState<Instance[]>();
  const [instance, setInstance] = useState<string>();
  const [form, setForm] = useState<Form>();
  const [loadError, setLoadError] = useState('');
  const [short, setShort] = useState(p.shortDescription);
  const [description, setDescription] = useState(p.description);
  const [withThread, setWithThread] = useState(false);
  const [caller, setCaller] = useState<Person>();
  const [group, setGroup] = useState<Person>();
  const [ci, setCi] = useState<Person>();
  const [choice, setChoice] = useState<{ impact?: string; urgency?: string; category?: string }>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const [created, setCreated] = useState<Created>();
  const submission = useRef<number>();
  /** the request that created the incident: "Post the card again" sends it once more (the same submission) */
  const sent = useRef<Parameters<typeof Send<'incident/create'>>[0]>();
  const inFlight = useRef(false);
  const shortRef = useRef<HTMLInputElement>(null);
  const doneRef = useRef<HTMLParagraphElement>(null);

  useEffect(() => {
    p.send({ type: 'search/instances' }).then(
      (r) => {
        setInstances(r.instances);
        setInstance((r.instances.find((i) => i.state === 'connected') ?? r.instances[0])?.base);
        if (!r.instances.length) setLoadError('Add a ServiceNow instance in NowBridge’s settings first.');
      },
      (err: Error) => setLoadError(err.message),
    );
    shortRef.current?.focus();
  }, []);

  useEffect(() => {
    if (!instance) return;
    setForm(undefined);
    p.send({ type: 'incident/form', server: p.server, instance, ...(p.postId ? { postId: p.postId } : {}) }).then(
      (f) => {
        setForm(f);
        setLoadError('');
        if (f.caller?.kind === 'match') setCaller(f.caller.person);
      },
      (err: Error) => setLoadError(err.message),
    );
  }, [instance]);
  useEffect(() => {
    if (created) doneRef.current?.focus();
  }, [created]);

  const people = (kind: 'user' | 'group', query: string) =>
    instance ? p.send({ type: 'record/people', instance, kind, query }).then((r) => r.options) : Promise.resolve([]);
  const cis = (query: string) => (instance ? p.send({ type: 'incident/ci', instance, query }).then((r) => r.options) : Promise.resolve([]));

  const create = async () => {
    if (inFlight.current || created || !instance) return;
    if (!short.trim()) {
      setError('Short description is required.');
      shortRef.current?.focus();
      return;
    }
    const text = withThread && p.thread ? `${description.trim()}\n\n${p.thread.text}` : description;
    const fields: IncidentFields = {
      short_description: short.trim(),
      description: text.slice(0, 16_000),
      ...(caller ? { caller_id: caller.sys_id } : {}),
      ...(group ? { assignment_group: group.sys_id } : {}),
      ...(ci ? { cmdb_ci: ci.sys_id } : {}),
      ...Object.fromEntries(Object.entries(choice).filter(([, v]) => v)),
    };
    inFlight.current = true;
    submission.current ??= Date.now();
    setBusy(true);
    setError('');
    try {
      const request = { type: 'incident/create', server: p.server, instance, fields, where: p.where, submissionId: submission.current, ...(p.postId ? { postId: p.postId } : {}) } as const;
      const r = await p.send(request);
      sent.current = request;
      setCreated(r);
      p.onCreated?.();
    } catch (err) {
      setError((err instanceof Error && err.message) || 'ServiceNow did not create the incident.');
    } finally {
      inFlight.current = false;
      setBusy(false);
    }
  };

  const onKeyDown = (e: TargetedKeyboardEvent<HTMLDivElement>) => {
    if (e.key === 'Escape' && !e.defaultPrevented) {
      e.preventDefault();
      p.onClose();
    } else if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
      e.preventDefault();
      if (fromUser(e)) void create();
    } else if (e.key === 'Tab') trapFocus(e, e.currentTarget);
  };

  const select = (name: 'impact' | 'urgency' | 'category', label: string) => (
    <div class="nb-share__field">
      <label class="nb-share__label" for={`${id}-${name}`}>
        {label}
      </label>
      <select id={`${id}-${name}`} class="nb-share__input" value={choice[name] ?? ''} onChange={(e) => setChoice((c) => ({ ...c, [name]: e.currentTarget.value }))}>
        <option value="">{name === 'category' ? '— None —' : 'Instance default'}</option>
        {form?.[name].map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <div class="nb-share nb-create" role="dialog" aria-modal="true" aria-labelledby={`${id}-t`} onKeyDown={onKeyDown}>
      <h2 id={`${id}-t`} class="nb-share__title">
        Create incident
      </h2>
      {created ? (
        <div class="nb-share__done">
          <p ref={doneRef} tabIndex={-1} class="nb-share__success" role="status">
            Created {created.number}.{created.reply ? ' Its card is in the thread.' : ''}
          </p>
          {created.dropped.length > 0 && <p role="alert">ServiceNow did not accept: {created.dropped.join(', ')}.</p>}
          {created.replyError && (
            <ReplyFailed
              what="The card was not posted to Mattermost"
              error={created.replyError}
              label="Post the card again"
              onRetry={() =>
                p.send(sent.current!).then(setCreated, (err: Error) => setCreated((c) => c && { ...c, replyError: err.message || 'Mattermost did not take the card.' }))
              }
            />
          )}
          <DoneFooter url={created.url} onClose={p.onClose} />
        </div>
      ) : (
        <>
          <InstanceField id={`${id}-i`} instances={instances} value={instance} onChange={setInstance} />
          {form?.existing && (
            <p class="nb-create__existing" role="note">
              {form.existing.number} was already created from this message by {form.existing.openedBy}.{' '}
              {safeHttpUrl(form.existing.url) && (
                <a href={safeHttpUrl(form.existing.url)!} target="_blank" rel="noopener noreferrer">
                  Open {form.existing.number}
                </a>
              )}
            </p>
          )}
          <div class="nb-share__field">
            <label class="nb-share__label" for={`${id}-s`}>
              Short description
            </label>
            <input ref={shortRef} id={`${id}-s`} class="nb-share__input" maxLength={160} required value={short} onInput={(e) => setShort(e.currentTarget.value)} />
          </div>
          <div class="nb-share__field">
            <label class="nb-share__label" for={`${id}-d`}>
              Description
            </label>
            <textarea id={`${id}-d`} class="nb-share__input nb-share__message" rows={4} value={description} onInput={(e) => setDescription(e.currentTarget.value)} />
          </div>
          {p.thread && p.thread.count > 1 && (
            <label class="nb-create__check">
              <input type="checkbox" checked={withThread} onChange={(e) => setWithThread(e.currentTarget.checked)} /> Add the whole thread ({p.thread.count} messages) to
              the description
            </label>
          )}
          <PeopleCombobox label="Caller" value={caller?.name ?? ''} search={(q) => people('user', q)} onPick={setCaller} />
          {form?.caller && (
            <p class="nb-create__hint" id={`${id}-ch`}>
              {callerHint(form.caller)}
              {form.caller.kind === 'choose' &&
                form.caller.candidates.map((c) => (
                  <button key={c.sys_id} type="button" class="nb-share__btn" onClick={() => setCaller(c)}>
                    Caller: {c.name}
                  </button>
                ))}
            </p>
          )}
          <div class="nb-create__row">
            {select('impact', 'Impact')}
            {select('urgency', 'Urgency')}
            {select('category', 'Category')}
          </div>
          <PeopleCombobox label="Assignment group" value={group?.name ?? ''} search={(q) => people('group', q)} onPick={setGroup} />
          <PeopleCombobox label="Configuration item" value={ci?.name ?? ''} search={cis} onPick={setCi} />
          <SubmitFooter error={error || loadError} busy={busy} busyText="Creating…" unavailable={!instance} label="Create" onCancel={p.onClose} onSubmit={() => void create()} />
        </>
      )}
    </div>
  );
}
