import { render } from 'preact';
import { findPostRefs, postIdentity, postSignature, type PostRef, type PostRefs } from '../../mattermost/post-refs';
import { cardKey } from '../../servicenow/record';
import { buildNumberMatcher } from '../../servicenow/record-number';
import { canonicalRecordUrl } from '../../servicenow/record-url';
import { HOST_ATTR } from '../../servicenow/button-slot';
import { onMessage } from '../ext';
import { defineFeature, type FeatureContext } from '../feature';
import { send } from '../../send';
import { openDialogFrame, openShareDialog } from '../share-dialog-host';
import { hostTheme } from '../host-theme';
import { isSeen, markSeen, postWatcher, wasSeen } from './post-observer';
import { type CardSlot, errorCard, MAX_CARDS, PostCards, POST_CARDS_CSS, reservedHeight } from './post-cards';

/** Mattermost's ids: 26 lower-case letters and digits (`server/public/model/utils.go NewId`). */
const POST_ID = /^[a-z0-9]{26}$/;
/** how long a success stays said under the cards */
const NOTICE_MS = 5000;
const keyOf = (r: PostRef) => cardKey(r.instance, r.ref);
const label = (r: PostRef) => ('number' in r.ref ? r.ref.number : r.anchor?.textContent?.trim().slice(0, 60) || 'ServiceNow record');

interface Mounted {
  host: HTMLElement;
  mount: HTMLElement;
  refs: PostRef[];
  postId: string;
  notice?: { text: string; error?: boolean };
  /** checking the post with Mattermost failed: its cards say so, with a retry */
  error?: string;
}

/** Events that must not leave a card host: Mattermost's document keydown handler would move the keys into its
 * message box (`webapp/channels/src/components/advanced_text_editor/use_textbox_focus.tsx focusTextboxIfNecessary`),
 * and a click in a post opens its thread (`webapp/channels/src/components/post/post_component.tsx handlePostClick`;
 * for a click in a shadow root, event.target is the host, which `makeIsEligibleForClick` does not skip). */
const CONTAINED_EVENTS = ['keydown', 'keypress', 'keyup', 'click', 'mousedown'];

/**
 * Live record cards under Mattermost posts, fetched by the background with the viewer's own ServiceNow access.
 * Each frame's new or changed posts are read first (references), then written (card hosts with their final
 * height reserved), then all their records are asked for in one message; the background batches them per
 * instance and table and serves what it already holds from its cache.
 *
 * What the page shows is only a claim (a page script can add fake posts): the message carries each reference's
 * post id, the background checks the references against Mattermost's own copy of the post, and a card is drawn
 * only for references that copy holds. Until then a new post's host is an empty reserved space.
 */
export function recordCards(signal: AbortSignal, ctx: FeatureContext): void {
  // Sites, sign-in states and number prefixes come from the page's boot context (boot.ts), read once.
  const server = ctx.site;
  const instances = ctx.instances();
  if (!instances.length || signal.aborted) return;
  const defaultInstance = instances[0];
  const numbering = ctx.info.numbering;
  const numbers = numbering ? buildNumberMatcher(numbering.prefixes, { minDigits: numbering.minDigits }) : null;
  const connected = (instance: string) => ctx.state('servicenow', instance) === 'connected';
  const mattermostConnected = () => ctx.state('mattermost', server) === 'connected';
  /** `${post id} ${card key}`: references Mattermost's copy of the post was found to hold (the RHS and search share them) */
  const confirmed = new Set<string>();
  const isConfirmed = (m: Mounted, r: PostRef) => confirmed.has(`${m.postId} ${keyOf(r)}`);

  const mounted = new Map<string, Mounted>();
  /** card replies by post and record: one at a time, and none after it is posted */
  const replies = new Map<string, 'posting' | 'posted'>();
  const data = new Map<string, Pick<CardSlot, 'data' | 'stale'>>();
  const openSettings = () => void send({ type: 'ui/open-settings' }).catch(() => undefined);
  /** Says what became of an action under the cards. Errors and progress stay; a success fades after a while. */
  const tell = (m: Mounted, text: string, kind: 'progress' | 'done' | 'error') => {
    const notice = { text, error: kind === 'error' };
    m.notice = notice;
    draw(m);
    if (kind === 'done') {
      setTimeout(() => {
        if (m.notice !== notice) return;
        m.notice = undefined;
        if (m.host.isConnected) draw(m);
      }, NOTICE_MS);
    }
  };

  const draw = (m: Mounted) => {
    const claimed = m.refs.slice(0, MAX_CARDS);
    const offline = mattermostConnected() ? claimed.find((r) => !connected(r.instance)) : { instance: server };
    const shown = m.error ? claimed : claimed.filter((r) => isConfirmed(m, r));
    if (!offline && !shown.length) return render(null, m.mount); // not checked yet
    render(
      <PostCards
        cards={shown.map((r) => ({
          key: keyOf(r),
          reference: label(r),
          ...(m.error ? { data: errorCard(m.error) } : data.get(keyOf(r))),
        }))}
        more={m.refs.length - claimed.length}
        notice={m.notice}
        notConnected={
          offline && {
            product: offline.instance === server ? 'Mattermost' : 'ServiceNow',
            instanceHost: new URL(offline.instance).host,
            // a sign-in that ended says so, not "Connect" as if it never was
            again: ctx.state(offline.instance === server ? 'mattermost' : 'servicenow', offline.instance) === 'needs-sign-in',
            onConnect: openSettings,
          }
        }
        onConnect={openSettings}
        onRefresh={(slot) => void fetchCards([[m, [m.refs.find((r) => keyOf(r) === slot.key)!]]], true)}
        actionsFor={(slot) => {
          const ref = m.refs.find((r) => keyOf(r) === slot.key)!;
          const record = slot.data?.lookup.ok ? slot.data.lookup.record : undefined;
          const url = record?.url ?? canonicalRecordUrl({ origin: ref.instance, ...ref.ref } as Parameters<typeof canonicalRecordUrl>[0]);
          const subjectRef = record ? { table: record.table, sys_id: record.sys_id } : ref.ref;
          const name = record?.number || slot.reference;
          return [
            { label: 'Open in ServiceNow', onClick: () => void window.open(url, '_blank', 'noopener') },
            // activity, comments and work notes, in an extension frame (the post's copy must hold this reference)
            { label: 'More', icon: '⋯', onClick: () => void openDialogFrame({ kind: 'record', server, postId: m.postId, instance: ref.instance, ref: ref.ref, theme: hostTheme() }, name) },
            {
              label: 'Copy link',
              onClick: () =>
                navigator.clipboard.writeText(url).then(
                  () => tell(m, `Copied a link to ${name}.`, 'done'),
                  () => tell(m, `Could not copy the link to ${name}: the browser refused the clipboard.`, 'error'),
                ),
            },
            { label: 'Refresh', onClick: () => void fetchCards([[m, [ref]]], true) },
            // who changes what on it, from now on (Activity in NowBridge's toolbar button; Unwatch there or in ⋯)
            ...(record
              ? [
                  {
                    label: 'Watch',
                    onClick: () =>
                      void send({ type: 'watch/add-record', instance: ref.instance, table: record.table, sys_id: record.sys_id }).then(
                        () => tell(m, `Watching ${name}: its changes show in NowBridge's Activity.`, 'done'),
                        (err: Error) => tell(m, `Could not watch ${name}: ${err.message}`, 'error'),
                      ),
                  },
                ]
              : []),
            { label: 'Share', onClick: () => void openShareDialog({ kind: 'record', instance: ref.instance, ref: subjectRef }) },
            {
              label: 'Post card to channel',
              onClick: () => {
                // One reply per post and record, however often it is clicked.
                const id = `${m.postId} ${slot.key}`;
                if (replies.get(id) === 'posted') return tell(m, `${name} is already posted to the thread.`, 'done');
                if (replies.has(id)) return;
                replies.set(id, 'posting');
                tell(m, `Posting ${name} to the thread…`, 'progress');
                send({ type: 'share/reply', server, postId: m.postId, instance: ref.instance, ref: subjectRef, submissionId: Date.now() }).then(
                  () => {
                    replies.set(id, 'posted');
                    tell(m, `${name} posted to the thread.`, 'done');
                  },
                  (err: Error) => {
                    replies.delete(id); // a retry is a new submission
                    tell(m, `Could not post ${name}: ${err.message}`, 'error');
                  },
                );
              },
            },
          ];
        }}
      />,
      m.mount,
    );
  };

  /** Asks for the cards of these posts' references, each with its post id. */
  async function fetchCards(wanted: [Mounted, PostRef[]][], fresh = false) {
    const items = wanted.flatMap(([m, refs]) => refs.filter((r) => connected(r.instance)).map((r) => ({ postId: m.postId, instance: r.instance, ref: r.ref })));
    // Without Mattermost the posts cannot be checked: they say "Connect Mattermost to preview".
    if (!items.length || !mattermostConnected()) return;
    if (fresh) {
      for (const [, refs] of wanted) for (const r of refs) data.delete(keyOf(r));
      for (const m of mounted.values()) draw(m);
    }
    const answer = await send({ type: 'record/cards', server, items, ...(fresh ? { fresh } : {}) }).catch((err: Error) => ({
      cards: [],
      posts: items.map((i) => ({ postId: i.postId, keys: [], reason: 'error' as const, message: err.message })),
    }));
    for (const c of answer.cards) data.set(c.key, { data: c.data, stale: c.stale });
    const why = new Map(answer.posts.map((p) => [p.postId, p]));
    for (const p of answer.posts) for (const k of p.keys) confirmed.add(`${p.postId} ${k}`);
    for (const m of mounted.values()) {
      const p = why.get(m.postId);
      if (p) {
        m.error = p.reason === 'error' ? p.message || 'Mattermost did not answer.' : undefined;
        // Mattermost does not have this post (a page's fake, or one the user may not read): nothing goes under it.
        if (p.reason === 'missing') {
          m.refs = [];
          m.host.style.minHeight = '0';
        }
      }
      if (m.host.isConnected && (p || answer.cards.some((c) => m.refs.some((r) => keyOf(r) === c.key)))) draw(m);
    }
  }

  /** A post's references still to ask for: not yet confirmed for this post, or confirmed without a card yet. */
  const toAsk = (m: Mounted) => m.refs.slice(0, MAX_CARDS).filter((r) => !(isConfirmed(m, r) && data.has(keyOf(r))));

  const place = (found: PostRefs, postId: string): Mounted => {
    const existing = mounted.get(found.key);
    if (existing?.host.isConnected && existing.host.parentElement === found.body) {
      existing.refs = found.refs;
      existing.error = undefined; // changed: checked again
      return existing;
    }
    if (existing) {
      render(null, existing.mount); // the row was re-created by the list: let the old tree go
      existing.host.remove();
    }
    // Rows scrolled away took their hosts with them; forget those too.
    for (const [k, m] of mounted) {
      if (!m.host.isConnected) {
        render(null, m.mount);
        mounted.delete(k);
      }
    }
    const host = document.createElement('nowbridge-cards');
    host.setAttribute(HOST_ATTR, '');
    // Closed: what the cards show is the viewer's ServiceNow data, not the page's to read.
    const root = host.attachShadow({ mode: 'closed' });
    for (const type of CONTAINED_EVENTS) host.addEventListener(type, (e) => e.stopPropagation());
    const style = document.createElement('style');
    style.textContent = POST_CARDS_CSS;
    const mount = document.createElement('div');
    root.append(style, mount);
    const shown = Math.min(found.refs.length, MAX_CARDS);
    host.style.minHeight = `${reservedHeight(shown, found.refs.length > shown)}px`;
    // Right under the message, before the reactions row and the thread footer; React adds a late footer after
    // its own last child and leaves this node where it is (the footer test in e2e/unfurl.e2e.ts).
    if (found.message) found.message.after(host);
    else found.body.append(host);
    const m = { host, mount, refs: found.refs, postId };
    mounted.set(found.key, m);
    return m;
  };

  // The page's shared observer hands over new and changed posts in chunks that fit a time slice.
  const wanted: [Mounted, PostRef[]][] = [];
  const scan = {
    onPosts(posts: Element[]) {
      // (the benchmark's clock: not read at all outside the e2e build)
      const started = import.meta.env.MODE === 'e2e' ? performance.now() : 0;
      // Reads first …
      const work: { found: PostRefs; post: Element }[] = [];
      for (const post of posts) {
        // Cheap check first: a post already handled with this very message (and, if it has cards, with its
        // cards still in place) is skipped without parsing a link or matching a number. A post never handled
        // (most of them, on a channel switch) goes straight to findPostRefs, which fingerprints it once.
        const ident = wasSeen(post) ? postIdentity(post) : null;
        const signature = ident && postSignature(post);
        if (ident && signature && isSeen(post, signature)) {
          const m = mounted.get(`${ident.surface}:${ident.id}`);
          if (!m || (m.host.isConnected && post.contains(m.host))) continue;
        }
        const found = findPostRefs(post, { instances, defaultInstance, numbers });
        if (found) work.push({ found, post });
      }
      // … then writes, then one request for the batch (when its last chunk has run).
      for (const { found, post } of work) {
        markSeen(post, found.signature);
        if (!found.refs.length) {
          mounted.get(found.key)?.host.remove();
          mounted.delete(found.key);
          continue;
        }
        // Only a well-formed Mattermost post id can be a real post: nothing is asked, or shown, for anything else.
        const postId = found.key.split(':')[1]!;
        if (!POST_ID.test(postId)) continue;
        const m = place(found, postId);
        draw(m);
        const refs = toAsk(m);
        if (refs.length) wanted.push([m, refs]);
      }
      // The benchmark reads these lines to measure the content script's own main-thread time.
      if (import.meta.env.MODE === 'e2e') console.debug(`NowBridge scan posts=${posts.length} ms=${(performance.now() - started).toFixed(3)}`);
    },
  };
  ctx.observe({ ...postWatcher((posts) => scan.onPosts(posts)), done: () => void fetchCards(wanted.splice(0)) });

  // A stale card was re-read in the background: ask again (now from the cache) and redraw.
  const onRevalidated = (message: unknown) => {
    const m = message as { type?: unknown; keys?: unknown };
    if (m?.type !== 'nowbridge/cards-revalidated' || !Array.isArray(m.keys)) return undefined;
    const keys = new Set(m.keys.filter((k): k is string => typeof k === 'string'));
    void fetchCards([...mounted.values()].map((x) => [x, x.refs.slice(0, MAX_CARDS).filter((r) => keys.has(keyOf(r)) && isConfirmed(x, r))]));
    return undefined;
  };
  const stopListening = onMessage(onRevalidated);

  // Connecting (or losing) ServiceNow in settings takes effect in open tabs at once (a new boot context).
  const onContext = () => {
    data.clear();
    const live = [...mounted.values()].filter((m) => m.host.isConnected);
    for (const m of live) draw(m);
    void fetchCards(live.map((m) => [m, m.refs.slice(0, MAX_CARDS)]));
  };
  ctx.onChange(onContext, signal);
  signal.addEventListener('abort', () => {
    stopListening();
    for (const m of mounted.values()) {
      render(null, m.mount);
      m.host.remove();
    }
  });
}

export const feature = defineFeature({
  id: 'record-cards',
  include: (ctx) => ctx.instances().length > 0,
  init: recordCards,
});
