/**
 * Resolves a web route to what a page shows: the team, the channel, its rows (date separators, the
 * new-messages line, posts) and the sidebar. The same view serves the first page load (embedded in
 * the HTML) and soft navigation (fetched from /__sim/view), so both render identically.
 */
import { escapeHtml } from '../../server';
import type { MmChannel, MmPost, MmStore, MmTeam, MmUser } from '../types';
import { postHtml, type RenderContext } from './post-html';
import type { WebRoute } from './routes';

export interface ViewRow {
  /** post id, or `date-<day>` / `new-messages`: rows are keyed, never reused across keys */
  key: string;
  kind: 'post' | 'date' | 'new';
  html: string;
  /** estimated height until the page measures the real one */
  h: number;
}

export interface WebView {
  /** the URL path (with subpath) the view belongs to */
  path: string;
  title: string;
  team: { id: string; name: string; display_name: string };
  channel: { id: string; name: string; display_name: string; type: string; read_only: boolean; archived: boolean };
  headerHtml: string;
  sidebarHtml: string;
  teamsHtml: string;
  rows: ViewRow[];
  /** post to scroll to and highlight (permalinks, /channels/<name>/<postid>) */
  highlight: string;
  composerLabel: string;
  canPost: boolean;
  me: { id: string; username: string };
  /** when the view was read from the store (ms): the live stream replays what changed since */
  at: number;
}

export type ViewResult = { view: WebView } | { redirect: string } | { notFound: string };

/** Small inline icons: emoji fonts are missing on CI machines and screenshots must not show boxes. */
const LOCK = '<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><rect x="2" y="5" width="8" height="6" rx="1" fill="currentColor"/><path d="M4 5V3.5a2 2 0 0 1 4 0V5" stroke="currentColor" fill="none" stroke-width="1.3"/></svg>';
const PERSON = '<svg width="12" height="12" viewBox="0 0 12 12" aria-hidden="true"><circle cx="6" cy="3.5" r="2.5" fill="currentColor"/><path d="M1 11.5a5 5 0 0 1 10 0z" fill="currentColor"/></svg>';

/** The real app shows the unread line above unread posts; the simulator marks the last few as unread. */
const UNREAD_TAIL = 3;
const UNREAD_MIN_POSTS = 10;

export function canRead(ch: MmChannel, me: MmUser): boolean {
  return ch.type === 'O' || ch.member_ids.includes(me.id);
}

/** Teams the user belongs to; MmStore has no team membership, so channel membership stands in. */
export function teamsOf(store: MmStore, me: MmUser): MmTeam[] {
  const mine = new Set(store.channels().filter((c) => c.member_ids.includes(me.id)).map((c) => c.team_id));
  const teams = store.teams().filter((t) => mine.has(t.id));
  return teams.length ? teams : store.teams();
}

export function dmOther(ch: MmChannel, store: MmStore, me: MmUser): MmUser | undefined {
  const otherId = ch.member_ids.find((id) => id !== me.id) ?? me.id;
  return store.userById(otherId);
}

export function displayName(ch: MmChannel, store: MmStore, me: MmUser): string {
  if (ch.type === 'D') return dmOther(ch, store, me)?.username ?? ch.name;
  if (ch.type === 'G' && !ch.display_name) {
    return ch.member_ids.filter((id) => id !== me.id).map((id) => store.userById(id)?.username ?? id).join(', ');
  }
  return ch.display_name;
}

export function channelPath(ch: MmChannel, team: MmTeam, store: MmStore, me: MmUser, subpath: string): string {
  if (ch.type === 'D') return `${subpath}/${team.name}/messages/@${dmOther(ch, store, me)?.username ?? ''}`;
  if (ch.type === 'G') return `${subpath}/${team.name}/messages/${ch.name}`;
  return `${subpath}/${team.name}/channels/${ch.name}`;
}

export function dayKey(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

export function dayLabel(ms: number): string {
  return new Date(ms).toLocaleDateString('en-US', { weekday: 'short', month: 'short', day: 'numeric', year: 'numeric', timeZone: 'UTC' });
}

export function separator(cls: string, text: string, extra = ''): string {
  return `<div class="${cls}"${extra}><div class="Separator" data-testid="basicSeparator"><hr class="separator__hr"><div class="separator__text">${escapeHtml(text)}</div></div></div>`;
}

export function dateRow(ms: number): ViewRow {
  return { key: `date-${dayKey(ms)}`, kind: 'date', html: separator('date-separator', dayLabel(ms)), h: 44 };
}

/** A rough height so placeholders are plausible before the page has measured anything. */
export function estimateHeight(p: MmPost, sameUser: boolean): number {
  const lines = Math.ceil(p.message.length / 90) + (p.message.match(/\n/g)?.length ?? 0);
  const attachments = Array.isArray(p.props['attachments']) ? 140 : 0;
  return (sameUser ? 8 : 36) + 20 * Math.max(1, lines) + attachments;
}

/** The center channel's rows for a list of posts (oldest first). */
export function channelRows(all: MmPost[], ctx: RenderContext, highlight = ''): ViewRow[] {
  const rows: ViewRow[] = [];
  // Collapsed threads: the center channel shows roots only; their replies live in the thread.
  const posts = ctx.collapsedThreads ? all.filter((p) => !p.root_id) : all;
  const withReplies = new Set(all.filter((p) => p.root_id).map((p) => p.root_id));
  const unreadFrom = posts.length >= UNREAD_MIN_POSTS ? posts.length - UNREAD_TAIL : -1;
  let prev: MmPost | undefined;
  posts.forEach((p, i) => {
    if (!prev || dayKey(prev.create_at) !== dayKey(p.create_at)) {
      rows.push(dateRow(p.create_at));
      prev = undefined;
    }
    if (i === unreadFrom) {
      rows.push({ key: 'new-messages', kind: 'new', html: separator('new-separator', 'New Messages', ' id="new-message-separator"'), h: 32 });
    }
    const html = postHtml(p, ctx, { location: 'center', prev, highlighted: p.id === highlight, hasReplies: withReplies.has(p.id) });
    rows.push({ key: p.id, kind: 'post', html, h: estimateHeight(p, html.includes('same--user')) });
    prev = p;
  });
  return rows;
}

function sidebarHtml(store: MmStore, me: MmUser, team: MmTeam, current: MmChannel, subpath: string): string {
  const link = (ch: MmChannel, label: string, icon: string) => {
    const active = ch.id === current.id ? ' active' : '';
    const href = channelPath(ch, team, store, me, subpath);
    return (
      `<li class="SidebarChannel${active}" role="listitem"><a class="SidebarLink${active}" id="sidebarItem_${escapeHtml(ch.name)}" href="${escapeHtml(href)}" ` +
      `aria-label="${escapeHtml(label)}" data-channel-id="${escapeHtml(ch.id)}"><span class="icon">${icon}</span><span class="SidebarChannelLinkLabel">${escapeHtml(label)}</span></a></li>`
    );
  };
  const visible = (c: MmChannel) => c.id === current.id || (c.member_ids.includes(me.id) && c.delete_at === 0);
  const channels = store.channels()
    .filter((c) => c.team_id === team.id && (c.type === 'O' || c.type === 'P') && visible(c))
    .sort((a, b) => a.display_name.localeCompare(b.display_name));
  const dms = store.channels().filter((c) => (c.type === 'D' || c.type === 'G') && visible(c));
  const group = (name: string, items: string) =>
    `<div class="SidebarChannelGroup"><div class="SidebarChannelGroupHeader"><h3 class="SidebarChannelGroupHeader_text">${name}</h3></div><ul class="SidebarChannelGroup_content" role="list">${items}</ul></div>`;
  return (
    `<div class="SidebarHeaderMenuWrapper" id="sidebarHeaderDropdownButton"><h1 class="sidebar-header__team">${escapeHtml(team.display_name)}</h1></div>` +
    `<nav id="sidebar-left" class="SidebarNavContainer" aria-label="channel sidebar">` +
    group('CHANNELS', channels.map((c) => link(c, c.display_name, c.type === 'P' ? LOCK : '#')).join('')) +
    group('DIRECT MESSAGES', dms.map((c) => link(c, displayName(c, store, me), '@')).join('')) +
    `</nav>`
  );
}

function teamsHtml(store: MmStore, me: MmUser, team: MmTeam, subpath: string): string {
  return teamsOf(store, me)
    .map((t) => {
      const initials = t.display_name.split(/\s+/).map((w) => w[0] ?? '').join('').slice(0, 2);
      return (
        `<div class="team-container${t.id === team.id ? ' active' : ''}"><a id="${escapeHtml(t.name)}TeamButton" class="team-btn" ` +
        `href="${escapeHtml(`${subpath}/${t.name}/channels/town-square`)}" aria-label="${escapeHtml(t.display_name)} team">` +
        `<div class="team-btn__initials">${escapeHtml(initials)}</div></a></div>`
      );
    })
    .join('');
}

function headerHtml(ch: MmChannel, name: string): string {
  const header = (ch as MmChannel & { header?: unknown }).header;
  const icon = ch.type === 'P' ? `${LOCK} ` : ch.type === 'D' || ch.type === 'G' ? '@ ' : '';
  const archived = ch.delete_at > 0 ? '<span class="channel-header__archived">(archived)</span>' : '';
  const members = ch.member_ids.length;
  return (
    `<div id="channel-header" class="channel-header alt" data-channelid="${escapeHtml(ch.id)}"><div class="flex-parent"><div class="flex-child">` +
    `<div id="channelHeaderInfo" class="channel-header__info"><div class="channel-header__top">` +
    `<button id="channelHeaderDropdownButton" class="channel-header__trigger style--none" type="button" aria-label="${escapeHtml(name)} channel menu">` +
    `<div id="channelHeaderTitle" class="channel-header__title"><strong class="heading"><span>${icon}${escapeHtml(name)}</span></strong>${archived}</div></button>` +
    `<span class="channel-header__member-count" title="members">${PERSON} ${members}</span></div>` +
    `<div class="channel-header__bottom"><div class="header-description__text">${typeof header === 'string' ? escapeHtml(header) : ''}</div></div>` +
    `</div></div>` +
    `<div class="flex-child channel-header__icons"><button id="simToggleTheme" class="channel-header__icon" type="button">Toggle theme</button></div>` +
    `</div></div>`
  );
}

function findDm(store: MmStore, me: MmUser, other: MmUser): MmChannel | undefined {
  const want = [me.id, other.id].sort().join('__');
  const members = new Set([me.id, other.id]);
  const same = (ids: string[]) => new Set(ids).size === members.size && ids.every((id) => members.has(id));
  return store.channels().find((c) => c.type === 'D' && (c.name === want || same(c.member_ids)));
}

export interface ViewInput {
  store: MmStore;
  me: MmUser;
  route: Exclude<WebRoute, { kind: 'sim' }>;
  /** origin + subpath */
  siteUrl: string;
  subpath: string;
  /** the path as requested (with subpath), kept as the view's URL */
  path: string;
  collapsedThreads?: boolean;
}

/** Resolves a route to a view, a redirect (root) or a not-found reason. */
export function buildView(input: ViewInput): ViewResult {
  const { store, me, route, subpath } = input;
  if (route.kind === 'root') {
    const team = teamsOf(store, me)[0];
    return team ? { redirect: `${subpath}/${team.name}/channels/town-square` } : { notFound: 'No teams' };
  }
  const team = store.teamByName(route.team);
  if (!team) return { notFound: 'Team not found' };
  let ch: MmChannel | undefined;
  let highlight = '';
  if (route.kind === 'channel') {
    ch = store.channelByName(team.id, route.channel) ?? store.channelById(route.channel);
    highlight = route.postId ?? '';
  } else if (route.kind === 'dm') {
    const other = store.userByName(route.username);
    ch = other ? findDm(store, me, other) : undefined;
    highlight = route.postId ?? '';
  } else if (route.kind === 'gm') {
    ch = store.channels().find((c) => c.type === 'G' && c.name === route.name);
    highlight = route.postId ?? '';
  } else {
    const post = store.postById(route.postId);
    ch = post ? store.channelById(post.channel_id) : undefined;
    highlight = post?.id ?? '';
  }
  if (!ch || !canRead(ch, me) || (ch.team_id && ch.team_id !== team.id)) return { notFound: 'Channel not found' };
  const name = displayName(ch, store, me);
  const ctx: RenderContext = { store, me, siteUrl: input.siteUrl, subpath, teamName: team.name, collapsedThreads: input.collapsedThreads ?? false };
  const archived = ch.delete_at > 0;
  const isAdmin = me.roles.split(' ').includes('system_admin');
  return {
    view: {
      path: input.path,
      title: `${name} - ${team.display_name} Mattermost`,
      team: { id: team.id, name: team.name, display_name: team.display_name },
      channel: { id: ch.id, name: ch.name, display_name: name, type: ch.type, read_only: ch.read_only, archived },
      headerHtml: headerHtml(ch, name),
      sidebarHtml: sidebarHtml(store, me, team, ch, subpath),
      teamsHtml: teamsHtml(store, me, team, subpath),
      rows: channelRows(store.postsIn(ch.id), ctx, highlight),
      highlight,
      composerLabel: `write to ${name}`,
      canPost: !archived && ch.member_ids.includes(me.id) && (!ch.read_only || isAdmin),
      me: { id: me.id, username: me.username },
      at: store.now(),
    },
  };
}
