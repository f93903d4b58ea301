import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import browser from 'webextension-polyfill';
import type { Request, Response } from '@/lib/messages';
import { EVENT_LABELS, isWatchChecked, QUEUE_PRESETS, type QueuePreset, WATCH_EVENTS } from '@/lib/watch/watch-kinds';
import type { Watch, WatchEvent } from '@/lib/watch/watch-model';
import { detailLines, headline } from '@/lib/watch/watch-text';
import { listFromUrl } from '@/lib/watch/watch-query';
import { sameData } from '@/lib/same-data';
import { InstanceSelect } from './instance-select';
import { RecordCard } from './record-card';
import { exactTime } from './relative-time';
import { WatchFeedField } from './watch-feed-field';
import { fromUser } from './user-event';
import { AllowAccess } from './allow-access';

type WatchRequest = 'watch/list' | 'watch/read' | 'watch/check' | 'watch/remove' | 'watch/configure' | 'watch/add-queue' | 'watch/feed' | 'share/servers' | 'share/search' | 'search/instances' | 'record/card';
/** the part of lib/send.ts this view uses (tests pass their own) */
export type ActivitySend = <T extends WatchRequest>(request: Extract<Request, { type: T }>) => Promise<Response<T>>;
type List = Response<'watch/list'>;
type Card = Response<'record/card'>;

export interface ActivityViewProps {
  send: ActivitySend;
  /** the record panel over the popup */
  openPanel(r: { instance: string; table: string; sys_id: string }): void;
  openSettings(): void;
  /** the active tab's address: a ServiceNow list there can be watched */
  tabUrl?: string;
}

const host = (base: string) => new URL(base).host;

interface Group {
  key: string;
  instance: string;
  table: string;
  sys_id: string;
  number: string;
  title: string;
  events: WatchEvent[];
  unread: number;
}

/** Events by record: records with unread events first, then the most recent. */
export function groupEvents(events: readonly WatchEvent[]): Group[] {
  const groups = new Map<string, Group>();
  for (const e of events) {
    const key = `${e.instance} ${e.sys_id}`;
    const g = groups.get(key) ?? { key, instance: e.instance, table: e.table, sys_id: e.sys_id, number: e.number, title: e.title, events: [], unread: 0 };
    g.events.push(e);
    if (!e.read) g.unread++;
    groups.set(key, g);
  }
  const list = [...groups.values()];
  // events arrive newest first, so each group's first event is its newest; order is kept within unread/read
  return [...list.filter((g) => g.unread), ...list.filter((g) => !g.unread)];
}

function EventGroup({ group, send, openPanel, markRead }: { group: Group; send: ActivitySend; openPanel: ActivityViewProps['openPanel']; markRead(keys: string[]): void }) {
  const [card, setCard] = useState<Card>();
  useEffect(() => {
    send({ type: 'record/card', instance: group.instance, ref: { table: group.table, sys_id: group.sys_id } }).then(setCard, () => undefined);
  }, [group.key]);
  const label = `${group.number}: ${group.title}`;
  return (
    <li class={`nb-activity__group${group.unread ? ' nb-activity__group--unread' : ''}`} aria-label={`${label}${group.unread ? `, ${group.unread} unread` : ''}`}>
      {card?.lookup.ok ? (
        <RecordCard lookup={card.lookup} variant="compact" accent={card.accent} fields={card.fields} tableLabel={card.tableLabel} reference={group.number} />
      ) : (
        <p class="nb-activity__title">{label}</p>
      )}
      <ul class="nb-activity__events" aria-label={`Changes to ${group.number}`}>
        {group.events.map((e) => (
          <li key={e.key} class={e.read ? 'nb-activity__event' : 'nb-activity__event nb-activity__event--unread'}>
            <p class="nb-activity__headline">
              {!e.read && <span class="nb-activity__new">New</span>}
              {/* remote text, rendered as text */}
              {headline(e)}
            </p>
            {detailLines(e).map((line, i) => (
              <p key={i} class="nb-activity__line">
                {line}
              </p>
            ))}
            <time class="nb-activity__time" dateTime={e.at}>
              {exactTime(e.at) || e.at}
            </time>
          </li>
        ))}
      </ul>
      <div class="nb-activity__actions">
        <button type="button" class="nb-share__btn" aria-label={`Open ${group.number} in a panel`} onClick={(ev) => fromUser(ev) && (markRead(group.events.map((e) => e.key)), openPanel(group))}>
          Open panel
        </button>
        {group.unread > 0 && (
          <button type="button" class="nb-share__btn" aria-label={`Mark ${group.number} read`} onClick={(ev) => fromUser(ev) && markRead(group.events.map((e) => e.key))}>
            Mark read
          </button>
        )}
      </div>
    </li>
  );
}

function WatchItem({ watch, send, changed }: { watch: Watch; send: ActivitySend; changed(): void }) {
  const [error, setError] = useState('');
  const name = watch.target.kind === 'record' ? `${watch.target.number}: ${watch.target.title}` : `${watch.target.label} · ${host(watch.instance)}`;
  const short = watch.target.kind === 'record' ? watch.target.number : watch.target.label;
  const act = (p: Promise<unknown>) =>
    p.then(changed, (err: Error) => setError(err.message || 'NowBridge could not change the watch.'));
  return (
    <li class="nb-activity__watch" aria-label={name}>
      <p class="nb-activity__title">{name}</p>
      <details>
        <summary>Notify about</summary>
        <fieldset class="nb-activity__events-choice">
          <legend class="visually-hidden">Notify about changes to {short}</legend>
          {WATCH_EVENTS.filter((k) => watch.target.kind === 'queue' || k !== 'created').map((k) => (
            <label key={k}>
              <input type="checkbox" checked={watch.events[k]} onChange={(e) => act(send({ type: 'watch/configure', id: watch.id, events: { [k]: e.currentTarget.checked } }))} />
              {EVENT_LABELS[k]}
            </label>
          ))}
        </fieldset>
      </details>
      <WatchFeedField watch={watch} send={send} changed={changed} />
      <div class="nb-activity__actions">
        <label class="nb-panel__switch">
          <input type="checkbox" role="switch" checked={watch.muted} onChange={(e) => act(send({ type: 'watch/configure', id: watch.id, muted: e.currentTarget.checked }))} />
          Mute desktop notifications
        </label>
        <button type="button" class="nb-share__btn" aria-label={`Unwatch ${short}`} onClick={(e) => fromUser(e) && act(send({ type: 'watch/remove', id: watch.id }))}>
          Unwatch
        </button>
      </div>
      {error && (
        <p class="nb-share__error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}

/**
 * The list read again, with each part equal to the shown one kept as it was (the same array), and the shown list
 * itself when nothing changed: a check that found nothing (every check ends with a read: its time is in the
 * statuses) re-renders the status line, not every watch and event (500 watches took about 60 ms of the popup's CPU).
 */
export function steadyList(shown: List | undefined, read: List): List {
  if (!shown) return read;
  const next = {
    ...read,
    watches: sameData(shown.watches, read.watches) ? shown.watches : read.watches,
    events: sameData(shown.events, read.events) ? shown.events : read.events,
    statuses: sameData(shown.statuses, read.statuses) ? shown.statuses : read.statuses,
  };
  return next.watches === shown.watches && next.events === shown.events && next.statuses === shown.statuses ? shown : next;
}

/**
 * The popup's "Activity": what changed on watched records and queues, unread first, grouped by record with its card;
 * how watching goes per instance (Needs sign-in, waiting out a rate limit, offline); what is watched, with the
 * events each watch notifies; and the queues one click away (presets, or the ServiceNow list in the current tab).
 */
export function ActivityView({ send, openPanel, openSettings, tabUrl }: ActivityViewProps) {
  const [list, setList] = useState<List>();
  const [error, setError] = useState('');
  const [said, setSaid] = useState('');
  const [checking, setChecking] = useState(false);
  const checkingHere = useRef(false);
  const broadcastMeanwhile = useRef(false);
  const [instances, setInstances] = useState<Response<'search/instances'>['instances']>();
  const [instance, setInstance] = useState<string>();

  const load = () => send({ type: 'watch/list' }).then((read) => setList((shown) => steadyList(shown, read)), (err: Error) => setError(err.message || 'NowBridge could not read the activity.'));
  useEffect(() => {
    // a check made without this view (an alarm, a Retry-After, another window) shows here when it ends
    // (not while this view's own "Check now" runs: it reads the list when its check is done, a broadcast meanwhile
    // — its own check's or one that ended before it — would only make a second read of the same)
    const listener = (m: unknown) => {
      if (!isWatchChecked(m)) return;
      if (checkingHere.current) broadcastMeanwhile.current = true;
      else void load();
    };
    browser.runtime.onMessage.addListener(listener);
    return () => browser.runtime.onMessage.removeListener(listener);
  }, []);
  useEffect(() => {
    void load();
    send({ type: 'search/instances' }).then((a) => {
      setInstances(a.instances);
      setInstance(a.instances[0]?.base);
    }, () => undefined);
  }, []);

  const markRead = (keys?: string[]) => void send({ type: 'watch/read', ...(keys ? { keys } : {}) }).then(load, () => undefined);
  const check = async () => {
    if (checking) return;
    setChecking(true);
    checkingHere.current = true;
    setSaid('');
    try {
      await send({ type: 'watch/check' });
      broadcastMeanwhile.current = false; // what ended so far, this read shows
      await load();
      setSaid('Checked.');
    } catch (err) {
      setError((err as Error).message || 'The check failed.');
    } finally {
      checkingHere.current = false;
      setChecking(false);
      // a check that ended during the read above (or with a failed one): read again
      if (broadcastMeanwhile.current) void load();
      broadcastMeanwhile.current = false;
    }
  };
  const addQueue = (queue: Extract<Request, { type: 'watch/add-queue' }>['queue'], on = instance) => {
    if (!on) return;
    setSaid('');
    send({ type: 'watch/add-queue', instance: on, queue }).then(
      (a) => {
        setSaid(`Watching ${a.watch.target.kind === 'queue' ? a.watch.target.label : ''}: its new records will show here.`);
        void load();
      },
      (err: Error) => setError(err.message || 'NowBridge could not watch that.'),
    );
  };

  const groups = useMemo(() => groupEvents(list?.events ?? []), [list?.events]);
  const unread = list?.events.filter((e) => !e.read).length ?? 0;
  const queueIds = new Set(list?.watches.flatMap((w) => (w.target.kind === 'queue' && w.target.preset && w.instance === instance ? [w.target.preset] : [])) ?? []);
  const page = tabUrl ? listFromUrl(tabUrl) : undefined;
  const pageInstance = page && tabUrl ? instances?.find((i) => i.base === new URL(tabUrl).origin)?.base : undefined;
  const troubles = list?.statuses.filter((s) => s.state !== 'ok' && s.state !== 'pending') ?? [];
  const lastChecked = Math.max(0, ...(list?.statuses.map((s) => s.checkedAt ?? 0) ?? []));

  // The long lists as the same elements while their data is the same: Preact then leaves them alone (a re-render for
  // the status line, after a check that found nothing, does not go through 500 watches). What their handlers use
  // (send, openPanel, setList) stays the same for the view's life.
  const changes = useMemo(
    () =>
      groups.length > 0 && (
        <ul class="nb-approvals__list" aria-label="Changes">
          {groups.map((g) => (
            <EventGroup key={g.key} group={g} send={send} openPanel={openPanel} markRead={markRead} />
          ))}
        </ul>
      ),
    [groups, send, openPanel],
  );
  const watches = list?.watches;
  const watching = useMemo(
    () =>
      watches &&
      watches.length > 0 && (
        <>
          <h3 class="nb-activity__heading">Watching</h3>
          <ul class="nb-approvals__list" aria-label="Watching">
            {watches.map((w) => (
              <WatchItem key={w.id} watch={w} send={send} changed={() => void load()} />
            ))}
          </ul>
        </>
      ),
    [watches, send],
  );

  return (
    <section class="nb-share nb-approvals nb-activity" aria-label="Activity" aria-busy={!list && !error}>
      <div class="nb-approvals__head">
        <h2 class="nb-approvals__heading" tabIndex={-1}>
          Activity{unread ? ` (${unread} unread)` : ''}</h2>
        <span class="nb-activity__head-actions">
          {unread > 0 && (
            <button type="button" class="nb-share__btn" onClick={(e) => fromUser(e) && markRead()}>
              Mark all read
            </button>
          )}
          <button type="button" class="nb-share__btn" aria-disabled={checking} onClick={(e) => fromUser(e) && void check()}>
            Check now
          </button>
        </span>
      </div>
      <p class="nb-approvals__meta" role="status">
        {checking ? 'Checking…' : said || (lastChecked ? `Last checked ${new Date(lastChecked).toLocaleTimeString()}` : '')}
      </p>
      {error && (
        <p class="nb-share__error" role="alert">
          {error}
          <AllowAccess message={error} />
        </p>
      )}
      {troubles.map((s) => (
        <p key={s.instance} class="nb-activity__trouble" role="alert">
          {s.message ?? `Watching ${host(s.instance)} is paused.`}
          {s.message && <AllowAccess message={s.message} />}
          {s.state === 'needs-sign-in' && (
            <button type="button" class="nb-share__btn" onClick={openSettings}>
              Reconnect
            </button>
          )}
        </p>
      ))}
      {list && !groups.length && (
        <p class="nb-approvals__empty">{list.watches.length ? 'Nothing new on what you watch.' : 'Watch a record (its panel’s “Watch”, or /servicenow watch INC…) or a queue below, and who changes what shows here.'}</p>
      )}
      {changes}
      <h3 class="nb-activity__heading">Watch a queue</h3>
      <div class="nb-activity__queues">
        <InstanceSelect instances={instances} value={instance} onChange={setInstance} />
        {(Object.keys(QUEUE_PRESETS) as QueuePreset[]).map((p) => (
          <button key={p} type="button" class="nb-share__btn" aria-pressed={queueIds.has(p)} disabled={queueIds.has(p) || !instance} onClick={(e) => fromUser(e) && addQueue({ preset: p })}>
            {QUEUE_PRESETS[p].label}
          </button>
        ))}
        {page && pageInstance && (
          <button type="button" class="nb-share__btn" onClick={(e) => fromUser(e) && addQueue({ table: page.table, query: page.query, label: `${page.table} list${page.query ? `: ${page.query.slice(0, 80)}` : ''}` }, pageInstance)}>
            Watch this list
          </button>
        )}
      </div>
      {watching}
    </section>
  );
}
