import { useEffect, useId, useState } from 'preact/hooks';
import type { Request, Response } from '@/lib/messages';
import type { Watch, WatchFeed } from '@/lib/watch/watch-model';
import { ChannelPicker, type PickerTarget } from './channel-picker';
import { fromUser } from './user-event';

type FeedRequest = 'watch/feed' | 'share/servers' | 'share/search';
/** the part of lib/send.ts this field uses (tests pass their own) */
export type FeedSend = <T extends FeedRequest>(request: Extract<Request, { type: T }>) => Promise<Response<T>>;

const AS: Record<WatchFeed['as'], { label: string; hint: string }> = {
  user: { label: 'You', hint: 'Posted as you: the record’s card first, then each change as a reply in its thread.' },
  bot: {
    label: 'A bot account',
    hint: 'Posted as the bot, marked BOT, threaded the same way. Paste the access token your Mattermost administrator gave you; the bot must be in the channel.',
  },
  webhook: {
    label: 'An incoming webhook',
    hint: 'Each change is its own post (webhooks cannot reply in threads); its name and icon show only where the server allows overrides. Paste the webhook address.',
  },
};
const SAID: Record<WatchFeed['as'], string> = { user: 'as you', bot: 'as the bot account', webhook: 'through the incoming webhook' };

/**
 * "Also post to" of a watch (lib/background/watch-feed.ts): a channel and who the posts come from. The bot token or
 * webhook address goes to the background's vault with the request and is never shown again. Only the user who
 * starts a record's feed in a channel posts there; others watching it with the same channel post nothing twice.
 */
export function WatchFeedField({ watch, send, changed }: { watch: Watch; send: FeedSend; changed(): void }) {
  const id = useId();
  const [servers, setServers] = useState<Response<'share/servers'>>();
  const [server, setServer] = useState<string>();
  const [target, setTarget] = useState<PickerTarget>();
  const [as, setAs] = useState<WatchFeed['as']>('user');
  const [secret, setSecret] = useState('');
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const [open, setOpen] = useState(false);

  useEffect(() => {
    if (!open || servers) return;
    send({ type: 'share/servers' }).then((s) => {
      setServers(s);
      setServer(s.servers.find((x) => x.connected)?.base ?? s.servers[0]?.base);
    }, (err: Error) => setError(err.message || 'NowBridge could not read your Mattermost servers.'));
  }, [open]);

  const save = async (feed: Extract<Request, { type: 'watch/feed' }>['feed']) => {
    if (busy) return;
    setBusy(true);
    setError('');
    try {
      await send({ type: 'watch/feed', id: watch.id, feed, ...(feed && feed.as !== 'user' ? { secret } : {}) });
      setSecret('');
      changed();
    } catch (err) {
      setError((err instanceof Error && err.message) || 'NowBridge could not save the feed.');
    } finally {
      setBusy(false);
    }
  };
  const submit = () => {
    const channel = target?.key.startsWith('channel:') ? target.key.slice('channel:'.length) : undefined;
    if (!server || !target || !channel) return setError('Choose a channel first.');
    void save({ server, channel_id: channel, channel: target.label, as });
  };

  if (watch.feed) {
    return (
      <p class="nb-activity__feed">
        Also posts to {watch.feed.channel} {SAID[watch.feed.as]}.{' '}
        <button type="button" class="nb-share__btn" aria-disabled={busy} onClick={(e) => fromUser(e) && void save(null)}>
          Stop posting
        </button>
        {error && (
          <span class="nb-share__error" role="alert">
            {error}
          </span>
        )}
      </p>
    );
  }
  return (
    <details onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>Also post to a channel</summary>
      {open && (
        <div class="nb-activity__feed-form">
          <ChannelPicker
            recent={(server && servers?.recent[server]) || []}
            search={async (term, signal) => {
              if (!server) return [];
              const r = await send({ type: 'share/search', server, term });
              signal.throwIfAborted();
              return r.targets;
            }}
            value={target}
            onChange={setTarget}
            servers={servers && servers.servers.length > 1 ? servers.servers.map((s) => ({ base: s.base, label: s.label })) : undefined}
            server={server}
            onServerChange={setServer}
          />
          <fieldset class="nb-activity__events-choice">
            <legend>Post as</legend>
            {(Object.keys(AS) as WatchFeed['as'][]).map((k) => (
              <label key={k}>
                <input type="radio" name={`${id}-as`} value={k} checked={as === k} onChange={() => setAs(k)} aria-describedby={`${id}-${k}`} />
                {AS[k].label}
                <span id={`${id}-${k}`} class="nb-panel__hint">
                  {AS[k].hint}
                </span>
              </label>
            ))}
          </fieldset>
          {as !== 'user' && (
            <div class="nb-share__field">
              <label class="nb-share__label" for={`${id}-secret`}>
                {as === 'bot' ? 'Bot access token' : 'Incoming webhook address'}
              </label>
              <input
                id={`${id}-secret`}
                class="nb-share__input"
                type={as === 'bot' ? 'password' : 'url'}
                autoComplete="off"
                spellcheck={false}
                value={secret}
                onInput={(e) => setSecret(e.currentTarget.value)}
              />
            </div>
          )}
          <div class="nb-activity__actions">
            <button type="button" class="nb-share__btn nb-share__btn--primary" aria-disabled={busy} onClick={(e) => fromUser(e) && submit()}>
              Save feed
            </button>
            {error && (
              <span class="nb-share__error" role="alert">
                {error}
              </span>
            )}
          </div>
        </div>
      )}
    </details>
  );
}
