/**
 * The page script: plain DOM, no framework, embedded in every page as the source text of
 * `clientMain`. It reproduces what content scripts must survive in the real React app:
 * - a virtualised post list: out-of-range rows become empty placeholders and come back as fresh DOM;
 * - a channel switch (history.pushState) replaces the whole #postListContent subtree;
 * - an edit replaces the children of .post-message__text; new posts arrive live over SSE;
 * - a reaction re-renders only the reactions row; with collapsed threads, a reply adds (or updates) the root's
 *   ThreadFooter as the last child of its `.post__body`, as React appends a child with no next sibling;
 * - a React-controlled composer whose state changes only on `input` events, sending on `keypress` (composer.ts);
 * - each post's hover strip `ul.post-menu`, re-rendered when hover starts or ends, and its "…" menu in a portal
 *   under <body> that exists only while open (post-strip.ts, dot-menu.ts);
 * - "Click to open threads" (default on): a click inside a center post opens its thread in the RHS unless
 *   it landed on something clickable (see isEligibleForClick).
 * All HTML it inserts was rendered and escaped by the server (post-html.ts); it never builds HTML
 * from post text itself.
 *
 * `clientMain` must not use imports or module variables: only its parameters and browser globals. Its helpers
 * (ClientHelpers) are self-contained modules whose source the page embeds beside it (page.ts).
 */
import type { bindComposer } from './composer';
import type { openDotMenu } from './dot-menu';
import type { bindPostStrips } from './post-strip';
import type { dotMenuItems, PostMenuState, postMenuSlots } from './post-menu';
import type { computeRange } from './windowing';
import type { ViewRow, WebView } from './view';

export interface ClientHelpers {
  computeRange: typeof computeRange;
  postMenuSlots: typeof postMenuSlots;
  dotMenuItems: typeof dotMenuItems;
  openDotMenu: typeof openDotMenu;
  bindPostStrips: typeof bindPostStrips;
  bindComposer: typeof bindComposer;
}

export interface ClientConfig {
  subpath: string;
  view: WebView;
  /** theme name → the text of <style id="sim-theme"> */
  themes: Record<string, string>;
  theme: string;
  /** rows mounted beyond each edge of the viewport */
  overscan: number;
  /** viewport height when the page has no layout (happy-dom in unit tests) */
  viewportFallback: number;
  /** the "Click to open threads" display setting (Mattermost's default: on) */
  clickToOpenThreads: boolean;
  /** the `send_on_ctrl_enter` preference (default off) */
  sendOnCtrlEnter: boolean;
}

/** What the SSE stream sends (events.ts builds it, per viewer). */
export interface ClientEvent {
  kind: 'posted' | 'edited' | 'deleted' | 'reacted' | 'theme';
  name?: string;
  postId?: string;
  channelId?: string;
  rootId?: string;
  /** the whole center post element */
  center?: string;
  /** the whole RHS post element */
  rhs?: string;
  /** children of #postMessageText_<id> / #rhsPostMessageText_<id> */
  message?: string;
  rhsMessage?: string;
  h?: number;
  /** a date separator to insert before a post that starts a new day */
  dateRow?: ViewRow;
  /** children of the post's `.post__body-reactions-acks` (reacted) */
  reactions?: string;
  /** collapsed threads, a reply posted: the root's new center element and its `.ThreadFooter` */
  rootCenter?: string;
  rootFooter?: string;
}

/** The page's handle for tests and the simulator's own tooling: window.__sim. */
export interface SimPageApi {
  update(): void;
  /** keys of the rows currently mounted as real DOM */
  mountedKeys(): string[];
  rowKeys(): string[];
  navigate(path: string, push: boolean): Promise<void>;
  openThread(rootId: string): Promise<void>;
  search(terms: string): Promise<void>;
  handleEvent(e: ClientEvent): void;
  scrollToRow(index: number): void;
  /** resolves when the navigations, thread and search loads started so far have finished */
  idle(): Promise<void>;
}

export function clientMain(cfg: ClientConfig, h: ClientHelpers): void {
  const doc = document;
  const win = window as unknown as Window & { __sim?: SimPageApi; __simSetTheme?: (name: string) => void };
  type Row = ViewRow;

  let view: WebView = cfg.view;
  let rows: Row[] = [];
  /** one element per row, in order: a mounted .item_measurer or an empty placeholder */
  let slots: HTMLElement[] = [];
  const mounted = new Map<string, HTMLElement>();
  const rowOf = new WeakMap<Element, Row>();
  let scroller: HTMLElement | null = null;
  let inner: HTMLElement | null = null;
  let theme = cfg.theme;
  let rhsRoot = '';
  /** channel views being fetched, and the live events that came in meanwhile */
  let loading = 0;
  const arrivedWhileLoading: ClientEvent[] = [];
  let frame = 0;
  /** the list shows its bottom: growth above (a card mounting) keeps it there, as the real list's
   * `correctScrollToBottom={atBottom}` does (webapp/channels/src/components/post_view/post_list_virtualized/
   * post_list_virtualized.tsx, components/dynamic_virtualized_list/dynamic_list.tsx) */
  let pinned = true;
  const distanceToBottom = () => (scroller ? scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight : 0);
  const inFlight = new Set<Promise<unknown>>();
  /** remembers page work started from events, so tests can await it instead of sleeping */
  function track(p: Promise<unknown>): void {
    inFlight.add(p);
    void p.finally(() => inFlight.delete(p));
  }

  const simUrl = (path: string) => cfg.subpath + '/__sim/' + path;
  const byId = (id: string) => doc.getElementById(id);

  function fromHtml(html: string): HTMLElement {
    const d = doc.createElement('div');
    d.innerHTML = html;
    return d.firstElementChild as HTMLElement;
  }
  function setChildren(target: Element, html: string): void {
    const d = doc.createElement('div');
    d.innerHTML = html;
    target.replaceChildren(...Array.from(d.childNodes));
  }
  function el(tag: string, attrs: Record<string, string>): HTMLElement {
    const e = doc.createElement(tag);
    for (const k of Object.keys(attrs)) e.setAttribute(k, attrs[k]!);
    return e;
  }

  // --- the virtualised list ------------------------------------------------------------------
  const ro = typeof ResizeObserver === 'function'
    ? new ResizeObserver((entries) => {
        // record heights (placeholders use them later); only a list pinned to its bottom scrolls, once a frame
        for (const entry of entries) {
          const row = rowOf.get(entry.target);
          const h = entry.target.getBoundingClientRect().height;
          if (row && h > 0) row.h = h;
        }
        if (!frame) frame = requestAnimationFrame(() => {
          frame = 0;
          if (pinned && scroller && distanceToBottom() > 1) scroller.scrollTop = scroller.scrollHeight - scroller.clientHeight;
          update();
        });
      })
    : null;

  function viewport(): number {
    return (scroller && scroller.clientHeight) || cfg.viewportFallback;
  }
  function placeholder(row: Row): HTMLElement {
    // empty: whatever a content script injected into the row is gone, as in the real list
    const p = el('div', { class: 'sim-virtual-placeholder', 'data-sim-key': row.key, 'aria-hidden': 'true' });
    p.style.height = row.h + 'px';
    return p;
  }
  function mountRow(row: Row): HTMLElement {
    // always fresh DOM from the row's HTML: a removed node is never reused
    const m = el('div', { class: 'item_measurer', role: 'listitem' });
    m.innerHTML = row.html;
    mounted.set(row.key, m);
    rowOf.set(m, row);
    if (ro) ro.observe(m);
    return m;
  }
  function measure(row: Row, node: HTMLElement): void {
    const h = node.getBoundingClientRect().height;
    if (h > 0) row.h = h;
  }
  function render(scrollTop: number): void {
    const r = h.computeRange(rows.map((x) => x.h), scrollTop, viewport(), cfg.overscan);
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      const cur = slots[i]!;
      const isMounted = mounted.get(row.key) === cur;
      const want = i >= r.start && i < r.end;
      if (want && !isMounted) {
        const fresh = mountRow(row);
        cur.replaceWith(fresh);
        slots[i] = fresh;
      } else if (!want && isMounted) {
        measure(row, cur);
        if (ro) ro.unobserve(cur);
        mounted.delete(row.key);
        const ph = placeholder(row);
        cur.replaceWith(ph);
        slots[i] = ph;
      }
    }
  }
  function update(): void {
    if (scroller) render(scroller.scrollTop);
  }
  function offsets(): number[] {
    const tops = [0];
    for (const r of rows) tops.push(tops[tops.length - 1]! + r.h);
    return tops;
  }
  /** Scrolls so row `index` is in view (-1: the bottom), re-measuring a few times as rows mount. */
  function scrollToRow(index: number): void {
    if (!scroller) return;
    for (let pass = 0; pass < 3; pass++) {
      const tops = offsets();
      const vh = viewport();
      const total = tops[rows.length]!;
      let top = index < 0 ? total - vh : tops[index]! - Math.max(0, (vh - rows[index]!.h) / 2);
      top = Math.max(0, Math.min(top, total - vh));
      render(top);
      for (const row of rows) {
        const m = mounted.get(row.key);
        if (m) measure(row, m);
      }
      scroller.scrollTop = index < 0 ? Math.max(top, scroller.scrollHeight - scroller.clientHeight) : top;
    }
    pinned = index < 0 || distanceToBottom() < 60;
    update();
  }
  function rowIndex(key: string): number {
    return rows.findIndex((r) => r.key === key);
  }
  function appendRow(row: Row): void {
    if (!scroller || !inner || rowIndex(row.key) >= 0) return;
    const atBottom = scroller.scrollHeight - scroller.scrollTop - scroller.clientHeight < 60;
    rows.push(row);
    const ph = placeholder(row);
    inner.append(ph);
    slots.push(ph);
    if (atBottom) scrollToRow(-1);
    else update();
  }

  /** A channel switch: a brand-new #postListContent replaces the old subtree, header and sidebar too. */
  function mountView(v: WebView): void {
    view = v;
    rows = v.rows.map((r) => ({ ...r }));
    mounted.clear();
    if (ro) ro.disconnect();
    doc.title = v.title;
    const header = byId('channel-header');
    if (header) header.replaceWith(fromHtml(v.headerHtml));
    const sidebar = byId('SidebarContainer');
    if (sidebar) sidebar.innerHTML = v.sidebarHtml;
    const teams = byId('teamSidebarWrapper');
    if (teams) teams.innerHTML = v.teamsHtml;

    const content = el('div', { id: 'postListContent', class: 'post-list__content', role: 'presentation' });
    const wrap = el('div', {});
    scroller = el('div', { id: 'postListScrollContainer', class: 'dynamic_virtualized_list post-list__dynamic', tabindex: '-1' });
    inner = el('div', { class: 'inner_list', role: 'list', 'data-channel-id': v.channel.id });
    slots = rows.map(placeholder);
    inner.append(...slots);
    scroller.append(inner);
    wrap.append(scroller);
    content.append(wrap);
    const old = byId('postListContent');
    if (old) old.replaceWith(content);
    else byId('post-list')?.append(content);
    scroller.addEventListener('scroll', () => {
      pinned = distanceToBottom() < 60;
      update();
    }, { passive: true });
    mountComposer();
    scrollToRow(v.highlight ? rowIndex(v.highlight) : -1);
  }

  // --- composers -----------------------------------------------------------------------------
  function cookie(name: string): string {
    const m = new RegExp('(?:^|; )' + name + '=([^;]*)').exec(doc.cookie);
    return m ? decodeURIComponent(m[1]!) : '';
  }
  /** what Client4 sends with the cookie session: both CSRF headers */
  function apiPost(path: string, body: unknown): Promise<Response> {
    return fetch(cfg.subpath + '/api/v4/' + path, {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': cookie('MMCSRF'), 'X-Requested-With': 'XMLHttpRequest' },
      body: JSON.stringify(body),
    });
  }
  function createPost(message: string, rootId: string): void {
    track(apiPost('posts', {
      channel_id: view.channel.id,
      message,
      root_id: rootId,
      file_ids: [],
      props: {},
      pending_post_id: view.me.id + ':' + Date.now(),
      metadata: {},
    }).catch(() => undefined));
  }
  /** actions/command.ts executeCommand: the trigger lowercased, the rest trimmed, then Client4.executeCommand */
  async function executeCommand(message: string, rootId: string): Promise<{ id?: string; message?: string; status_code?: number } | undefined> {
    let n = message.indexOf(' ');
    if (n < 0) n = message.length;
    const cmd = message.substring(0, n).toLowerCase();
    const rest = message.substring(n);
    const command = cmd + ' ' + (cmd === '/code' ? rest.trimEnd() : rest.trim());
    try {
      const res = await apiPost('commands/execute', { channel_id: view.channel.id, team_id: view.team.id, root_id: rootId, command });
      if (res.ok) return undefined;
      const body = (await res.json().catch(() => ({}))) as { id?: string; message?: string };
      return { id: body.id ?? '', message: body.message ?? 'Received invalid response from the server.', status_code: res.status };
    } catch {
      return {};
    }
  }
  /**
   * `form > .AdvancedTextEditor > … > textbox + send button`, then `#postCreateFooter` (advanced_text_editor.tsx,
   * footer.tsx). A textarea, or with body.wysiwyg (the master-branch preference) a contenteditable textbox.
   */
  function makeComposer(target: HTMLElement, id: string, label: string, placeholder: string, rootId: () => string): void {
    const center = id === 'post_textbox';
    const form = el('form', center ? { id: 'create_post', 'data-testid': 'create-post', class: 'center' } : {});
    const box = doc.body.classList.contains('wysiwyg')
      ? el('div', { id, contenteditable: 'true', role: 'textbox', 'aria-label': label, 'aria-multiline': 'true', 'aria-placeholder': placeholder, 'data-testid': id })
      : el('textarea', { id, 'data-testid': id, 'aria-label': label, placeholder, rows: '1' });
    const send = el('button', { class: 'SendMessageButton', 'data-testid': 'SendMessageButton', tabindex: '0', 'aria-label': 'Send Now' }) as HTMLButtonElement;
    send.textContent = '\u27a4';
    const split = el('div', { class: 'splitSendButton' });
    split.append(send);
    const actions = el('div', { class: 'AdvancedTextEditor__actions' });
    actions.append(split);
    const cell = el('div', { class: 'AdvancedTextEditor__cell' });
    cell.append(box, actions);
    const body = el('div', { class: 'AdvancedTextEditor__body' });
    body.append(cell);
    const editor = el('div', { class: 'AdvancedTextEditor' });
    editor.append(body);
    const footer = el('div', { id: 'postCreateFooter', role: 'form', class: 'AdvancedTextEditor__footer' });
    form.append(editor, footer);
    target.append(form);
    h.bindComposer(doc, {
      box, form, send, footer, ctrlSend: cfg.sendOnCtrlEnter, track,
      post: (message) => createPost(message, rootId()),
      command: (message) => executeCommand(message, rootId()),
    });
  }
  function mountComposer(): void {
    const cell = byId('advancedTextEditorCell');
    if (!cell) return;
    cell.replaceChildren();
    if (!view.canPost) {
      const why = view.channel.archived ? 'You are viewing an archived channel. New messages cannot be posted.' : 'This channel is read-only. Only members with permission can post here.';
      cell.append(Object.assign(el('div', { class: 'post-create__disabled' }), { textContent: why }));
      return;
    }
    makeComposer(cell, 'post_textbox', view.composerLabel.toLowerCase(), 'Write to ' + view.channel.display_name, () => '');
  }

  // --- right-hand side: thread and search ----------------------------------------------------
  function openRhs(): HTMLElement {
    const rhs = byId('sidebar-right')!;
    rhs.classList.add('is-open');
    return rhs;
  }
  function rhsHeader(title: string): string {
    return '<div class="sidebar--right__header"><span class="sidebar--right__title">' + title +
      '</span><button id="rhsCloseButton" class="style--none" type="button" aria-label="Close">&#10005;</button></div>';
  }
  async function openThread(rootId: string): Promise<void> {
    const res = await fetch(simUrl('thread/' + encodeURIComponent(rootId) + '?team=' + encodeURIComponent(view.team.name)), { credentials: 'same-origin' });
    if (!res.ok) return;
    const data = (await res.json()) as { html: string; channelHtml: string };
    rhsRoot = rootId;
    const rhs = openRhs();
    rhs.innerHTML = '<div id="rhsContainer" class="post-right__container">' + rhsHeader('Thread ' + data.channelHtml) +
      '<div class="post-right__content sidebar-right__body"><div id="rhsPostList" class="rhs-thread">' + data.html + '</div></div>' +
      '<div class="post-create__container" id="rhsEditor"></div></div>';
    makeComposer(byId('rhsEditor')!, 'reply_textbox', 'reply to this thread...', 'Reply to this thread...', () => rhsRoot);
  }
  async function search(terms: string): Promise<void> {
    const q = 'search?team=' + encodeURIComponent(view.team.name) + '&terms=' + encodeURIComponent(terms);
    const res = await fetch(simUrl(q), { credentials: 'same-origin' });
    if (!res.ok) return;
    const data = (await res.json()) as { html: string };
    rhsRoot = '';
    openRhs().innerHTML = '<div id="searchContainer" class="SearchResults">' + rhsHeader('Search Results') +
      '<div class="sidebar-right__body search-items-container" role="list">' + data.html + '</div></div>';
  }

  // --- live events ---------------------------------------------------------------------------
  function applyEdit(container: Element | null, textId: string, message: string | undefined): void {
    if (!container || message === undefined) return;
    const text = container.querySelector('#' + textId);
    if (text) setChildren(text, message);
    container.querySelector('.post__body')?.classList.add('post--edited');
  }
  function applyDelete(container: Element | null): void {
    const body = container?.querySelector('.post__body');
    if (!body) return;
    // post_options.tsx: no strip for a deleted post
    container!.querySelector('ul.post-menu')?.remove();
    setChildren(body.querySelector('.AutoHeight > div') ?? body, '<p>(message deleted)</p>');
    body.classList.remove('post--edited');
  }
  function applyFooter(rootId: string, rootCenter: string | undefined, footerHtml: string): void {
    const row = rows[rowIndex(rootId)];
    if (row && rootCenter) row.html = rootCenter;
    const body = mounted.get(rootId)?.querySelector('.post__body');
    if (!body) return;
    const footer = fromHtml(footerHtml);
    const old = body.querySelector(':scope > .ThreadFooter');
    if (old) old.replaceWith(footer);
    else body.append(footer);
  }
  function handleEvent(e: ClientEvent): void {
    if (e.kind === 'theme') {
      setTheme(e.name ?? 'light');
      return;
    }
    // Like the real app's store, a post that arrives while a channel loads is not lost: it is applied to the
    // view once that is mounted (and skipped if the view already holds it).
    if (loading) {
      arrivedWhileLoading.push(e);
      return;
    }
    const id = e.postId ?? '';
    const row = rows[rowIndex(id)];
    if (e.kind === 'posted') {
      if (e.channelId === view.channel.id && e.center && rowIndex(id) < 0) {
        if (e.dateRow && rowIndex(e.dateRow.key) < 0) appendRow({ ...e.dateRow });
        appendRow({ key: id, kind: 'post', html: e.center, h: e.h ?? 60 });
      }
      const list = byId('rhsPostList');
      if (list && rhsRoot && e.rootId === rhsRoot && e.rhs && !byId('rhsPost_' + id)) list.append(fromHtml(e.rhs));
      if (e.rootId && e.rootFooter) applyFooter(e.rootId, e.rootCenter, e.rootFooter);
      return;
    }
    if (row && e.center) row.html = e.center;
    if (e.kind === 'reacted') {
      for (const container of [mounted.get(id), byId('rhsPost_' + id)]) {
        const reactions = container?.querySelector('.post__body-reactions-acks');
        if (reactions) setChildren(reactions, e.reactions ?? '');
      }
    } else if (e.kind === 'edited') {
      applyEdit(mounted.get(id) ?? null, 'postMessageText_' + id, e.message);
      applyEdit(byId('rhsPost_' + id), 'rhsPostMessageText_' + id, e.rhsMessage);
    } else {
      applyDelete(mounted.get(id) ?? null);
      applyDelete(byId('rhsPost_' + id));
    }
  }

  // --- navigation, theme, wiring -------------------------------------------------------------
  async function navigate(path: string, push: boolean): Promise<void> {
    loading++;
    try {
      const res = await fetch(simUrl('view?path=' + encodeURIComponent(path)), { credentials: 'same-origin' });
      const data = res.ok ? ((await res.json()) as { view?: WebView; redirect?: string }) : {};
      if (data.redirect && data.redirect !== path) return await navigate(data.redirect, push);
      if (!data.view) {
        win.location.assign(path);
        return;
      }
      if (push) history.pushState({ sim: true }, '', path);
      mountView(data.view);
    } finally {
      if (--loading === 0) arrivedWhileLoading.splice(0).forEach(handleEvent);
    }
  }
  function setTheme(name: string): void {
    const css = cfg.themes[name];
    const style = byId('sim-theme');
    if (!css || !style) return;
    theme = name;
    style.textContent = css;
    doc.documentElement.setAttribute('data-theme', name);
  }

  // Typing anywhere goes to the message box: `useTextboxFocus` (webapp/channels/src/components/advanced_text_editor/
  // use_textbox_focus.tsx) listens on the document and, when `shouldFocusMainTextbox` (webapp/channels/src/utils/
  // post_utils.ts) agrees, focuses the box, so the key's character lands there. With focus inside a shadow root,
  // document.activeElement is the host element, not an input: keys typed there are taken too.
  doc.addEventListener('keydown', (e) => {
    const active = doc.activeElement;
    if (!active || active.tagName === 'TEXTAREA' || active.tagName === 'INPUT') return;
    // an open MUI menu traps focus (its FocusTrap would take it straight back)
    if (active.closest('.MuiPopover-root')) return;
    const paste = (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'v';
    if (!paste && (e.ctrlKey || e.metaKey || e.altKey || e.key == null || e.key.length !== 1)) return;
    if (!paste && e.key === ' ' && active.tagName === 'A') return;
    const box = byId('post_textbox');
    if (box && box !== active) box.focus();
  });

  /**
   * `webapp/channels/src/utils/post_utils.ts makeIsEligibleForClick` with the selector
   * `webapp/channels/src/components/post/post_component.tsx` passes: no text selection, and walking up from
   * event.target to the post, no a/button/img/svg/audio/video, no [role=button], nothing matching the
   * selector. For a click inside a shadow root event.target is the host, so a card's button counts as a click
   * on the post unless the host stops the event.
   */
  const NOT_FOR_CLICK = '.post-image__column, .embed-responsive-item, .attachment, .hljs, code';
  function isEligibleForClick(target: Element, post: Element): boolean {
    const sel = win.getSelection?.();
    if (sel && sel.type === 'Range') return false;
    for (let node: Element | null = target; node && node !== post; node = node.parentElement) {
      const tag = node.tagName.toUpperCase();
      if (tag === 'A' || tag === 'BUTTON' || tag === 'IMG' || tag === 'SVG' || tag === 'AUDIO' || tag === 'VIDEO') return false;
      if (node.getAttribute('role') === 'button' || node.matches(NOT_FOR_CLICK)) return false;
    }
    return true;
  }
  /** `post_component.tsx handlePostClick`: centre posts only, not system posts, not in archived channels, not with Alt. */
  function handlePostClick(e: MouseEvent, t: Element): void {
    if (!cfg.clickToOpenThreads || e.altKey || view.channel.archived) return;
    const post = t.closest('.post[id^="post_"]');
    if (!post || post.classList.contains('post--system') || post.classList.contains('post--editing')) return;
    if (!isEligibleForClick(t, post)) return;
    const strip = post.querySelector('ul.post-menu[data-sim-menu]');
    const root = strip ? (JSON.parse(strip.getAttribute('data-sim-menu')!) as PostMenuState).root : '';
    if (root) track(openThread(root));
  }

  doc.addEventListener('click', (e) => {
    const t = e.target as Element | null;
    if (!t || !t.closest) return;
    const reply = t.closest('button[aria-label="Reply"]');
    if (reply) {
      track(openThread(reply.getAttribute('data-reply') ?? ''));
      return;
    }
    if (t.closest('#simToggleTheme')) {
      setTheme(theme === 'dark' ? 'light' : 'dark');
      return;
    }
    if (t.closest('#rhsCloseButton')) {
      byId('sidebar-right')!.classList.remove('is-open');
      rhsRoot = '';
      return;
    }
    const a = t.closest('a');
    if (a && (a.hasAttribute('data-link') || a.matches('.SidebarLink, .team-btn, .post__permalink'))) {
      if ((e as MouseEvent).ctrlKey || (e as MouseEvent).metaKey) return;
      e.preventDefault();
      const link = a.getAttribute('data-link');
      track(navigate(link !== null ? cfg.subpath + link : a.getAttribute('href') ?? '/', true));
      return;
    }
    const preview = t.closest('.attachment--permalink');
    if (preview && !a) {
      track(navigate(cfg.subpath + (preview.getAttribute('data-permalink') ?? ''), true));
      return;
    }
    handlePostClick(e as MouseEvent, t);
  });
  byId('searchBox')?.addEventListener('keydown', (e) => {
    const box = e.target as HTMLInputElement;
    if (e.key === 'Enter' && box.value.trim()) {
      e.preventDefault();
      track(search(box.value.trim()));
    }
  });
  win.addEventListener('popstate', () => track(navigate(location.pathname, false)));
  if (typeof WebSocket === 'function') {
    // `since`: like the real app on (re)connecting its websocket, the page catches up on what it missed.
    const ws = new WebSocket(location.origin.replace(/^http/, 'ws') + simUrl('events?team=' + encodeURIComponent(view.team.name) + '&since=' + view.at));
    ws.onmessage = (m) => handleEvent(JSON.parse(m.data as string) as ClientEvent);
  }

  /** dot_menu.tsx actions the simulator carries out; the rest (save, pin, follow, edit, delete…) only close the menu */
  function dotMenuAction(action: string, s: PostMenuState): void {
    if (action === 'reply') track(openThread(s.root));
    const copy = action === 'permalink' ? location.origin + s.link
      : action === 'copy' ? (byId('postMessageText_' + s.id) ?? byId('rhsPostMessageText_' + s.id))?.textContent ?? '' : null;
    // Utils.copyToClipboard; headless browsers may refuse
    try {
      if (copy !== null) void navigator.clipboard?.writeText(copy).catch(() => undefined);
    } catch {
      // no clipboard here
    }
  }
  h.bindPostStrips(doc, h, dotMenuAction);

  win.__simSetTheme = setTheme;
  win.__sim = {
    update,
    mountedKeys: () => rows.filter((r) => mounted.has(r.key)).map((r) => r.key),
    rowKeys: () => rows.map((r) => r.key),
    navigate,
    openThread,
    search,
    handleEvent,
    scrollToRow,
    idle: async () => {
      while (inFlight.size) await Promise.all([...inFlight]);
    },
  };
  mountView(view);
}
