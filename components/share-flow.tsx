import { useEffect, useRef, useState } from 'preact/hooks';
import type { PickerTarget } from '@/lib/mattermost/channels';
import type { FramePreloads, Response, ShareSubjectMessage } from '@/lib/messages';
import type { send as sendMessage } from '@/lib/send';
import { WatchToggle } from './watch-toggle';
import { RecordCard } from './record-card';
import { ShareDialog } from './share-dialog';

type Send = typeof sendMessage;
type Servers = Response<'share/servers'>;
type Card = Response<'record/card'>;

export interface ShareFlowProps {
  subject: ShareSubjectMessage;
  send: Send;
  onClose(): void;
  /** what the background already read for this dialog (an in-page frame's claim brings it): not asked for again */
  preloaded?: FramePreloads;
  /** a shared record: its card offers "Work on record" (the record panel, with a way back here) */
  onWorkOn?(): void;
}

/** A connected server the user has shared to before, else the first connected one, else the first. */
const defaultServer = (s: Servers) => (s.servers.find((x) => x.connected && s.recent[x.base]?.length) ?? s.servers.find((x) => x.connected) ?? s.servers[0])?.base;

/** A short, literal preview of a shared link or quote (never rendered as HTML). */
function SubjectPreview({ subject }: { subject: Exclude<ShareSubjectMessage, { kind: 'record' }> }) {
  return (
    <figure class="nb-share__subject">
      {subject.kind === 'quote' && <blockquote>{subject.text.slice(0, 600)}</blockquote>}
      <figcaption>{subject.title ? `${subject.title} — ${subject.url}` : subject.url}</figcaption>
    </figure>
  );
}

/**
 * The share dialog wired to the background: servers and recent targets, the record card preview, channel
 * search, and posting. One submission id per (target, message), made at its first attempt: every retry sends the
 * same pending_post_id, and the background looks for the earlier post before resending an old one (post-once.ts).
 */
export function ShareFlow({ subject, send, onClose, preloaded, onWorkOn }: ShareFlowProps) {
  const [servers, setServers] = useState<Servers | undefined>(preloaded?.choices);
  const [server, setServer] = useState(preloaded?.choices && defaultServer(preloaded.choices));
  const [card, setCard] = useState<Card | undefined>(preloaded?.card);
  const [loadError, setLoadError] = useState('');
  const submission = useRef<{ key: string; id: number }>();

  const loadCard = (fresh = false) => {
    if (subject.kind !== 'record') return;
    setCard(undefined);
    send({ type: 'record/card', instance: subject.instance, ref: subject.ref, ...(fresh ? { fresh } : {}) }).then(setCard, (err: Error) =>
      setCard({ lookup: { ok: false, reason: 'error', message: err.message }, accent: '#80868B', fields: [], tableLabel: '' }),
    );
  };

  useEffect(() => {
    if (!preloaded?.card) loadCard();
    if (preloaded?.choices) return;
    send({ type: 'share/servers' }).then(
      (s) => {
        setServers(s);
        setServer(defaultServer(s));
      },
      (err: Error) => setLoadError(err.message),
    );
  }, []);

  const current = servers?.servers.find((s) => s.base === server);
  const recent = (server && servers?.recent[server]) || [];
  // a record's assignee and caller as DM targets ("Message the assignee"), before the recent ones
  const [people, setPeople] = useState<PickerTarget[]>([]);
  useEffect(() => {
    setPeople([]);
    if (subject.kind !== 'record' || !server || !current?.connected) return;
    send({ type: 'people/targets', server, instance: subject.instance, ref: subject.ref }).then((r) => setPeople(r.targets), () => undefined);
  }, [server, current?.connected]);
  const offered = [...people, ...recent.filter((r) => !people.some((p) => p.key === r.key))];
  const openSettings = () => void send({ type: 'ui/open-settings' }).catch(() => undefined);

  const onPost = async (target: PickerTarget, message: string) => {
    if (!server) return { ok: false as const, error: 'Add a Mattermost server in NowBridge settings first.' };
    const key = `${server} ${target.key} ${message}`;
    if (submission.current?.key !== key) submission.current = { key, id: Date.now() };
    try {
      const r = await send({ type: 'share/post', server, target, subject, message, submissionId: submission.current.id });
      submission.current = undefined;
      return { ok: true as const, ...r };
    } catch (err) {
      const error = err instanceof Error ? err.message : String(err);
      return /sign-in|sign in|Connect /i.test(error)
        ? { ok: false as const, error, action: { label: 'Reconnect', onClick: openSettings } }
        : { ok: false as const, error };
    }
  };

  const preview =
    subject.kind === 'record' ? (
      <RecordCard
        lookup={card?.lookup}
        variant="full"
        accent={card?.accent ?? '#80868B'}
        fields={card?.fields ?? []}
        tableLabel={card?.tableLabel}
        onRetry={() => loadCard(true)}
        actions={onWorkOn && card?.lookup.ok ? [{ label: 'Work on record', onClick: onWorkOn }] : undefined}
        onReconnect={openSettings}
        onConnect={openSettings}
        headingLevel={3}
      />
    ) : (
      <SubjectPreview subject={subject} />
    );

  return (
    <ShareDialog
      card={
        loadError ? (
          <p role="alert">{loadError}</p>
        ) : (
          <>
            {preview}
            {/* on a ServiceNow page too: "Post to Mattermost" opens this dialog, and watching starts here */}
            {subject.kind === 'record' && card?.lookup.ok && <WatchToggle instance={subject.instance} record={card.lookup.record} send={send} />}
          </>
        )
      }
      recent={offered}
      search={async (term, signal) => {
        if (!server) return [];
        const r = await send({ type: 'share/search', server, term });
        signal.throwIfAborted();
        return r.targets;
      }}
      value={recent[0]}
      servers={servers && servers.servers.length > 1 ? servers.servers.map((s) => ({ base: s.base, label: s.label })) : undefined}
      server={server}
      onServerChange={setServer}
      onPost={onPost}
      onClose={onClose}
      needsSignIn={
        servers && !current?.connected
          ? {
              message: current
                ? `Connect ${current.label} in NowBridge's settings to post there.`
                : 'Add your Mattermost server in NowBridge settings to share.',
              onReconnect: openSettings,
            }
          : undefined
      }
    />
  );
}
