/**
 * The simulator's in-memory state. Implements the MmStore seam the web-app side reads, plus the
 * mutations and auth records the API side needs.
 */
import { parseCookies } from '../server';
import { PendingPostIds } from './api/pending-posts';
import { newId, randomToken } from './ids';
import type { MmChannel, MmEvent, MmPost, MmStore, MmTeam, MmUser } from './types';

export interface SimUser extends MmUser {
  create_at: number;
  position: string;
  /** a bot account (`server/public/model/bot.go`): `is_bot` in its JSON, token sign-in only, `props.from_bot` on its posts */
  is_bot?: boolean;
  bot_description?: string;
  /** who owns the bot (Bot.OwnerId); not part of the user JSON */
  bot_owner_id?: string;
}

/**
 * An incoming webhook (`server/public/model/incoming_webhook.go IncomingWebhook`). `user_id` is its creator, who
 * becomes the author of its posts; `username` / `icon_url` are kept only while the override settings are on
 * (`app/webhook.go CreateIncomingWebhookForChannel`).
 */
export interface IncomingWebhook {
  id: string;
  create_at: number;
  update_at: number;
  delete_at: number;
  user_id: string;
  channel_id: string;
  team_id: string;
  display_name: string;
  description: string;
  username: string;
  icon_url: string;
  channel_locked: boolean;
}

export interface SimTeam extends MmTeam {
  create_at: number;
  description: string;
  member_ids: string[];
}

export interface SimChannel extends MmChannel {
  header: string;
  purpose: string;
  creator_id: string;
}

/** A logged-in session; `kind` tells how it was made (PAT and OAuth sessions differ in rules). */
export interface Session {
  id: string;
  token: string;
  user_id: string;
  kind: 'web' | 'pat' | 'oauth';
  csrf: string;
  create_at: number;
  /** epoch ms; 0 = never */
  expires_at: number;
  /** OAuth sessions: the app and the refresh token that can rotate this session */
  client_id?: string;
  refresh_token?: string;
  scope?: string;
}

export interface PersonalAccessToken {
  id: string;
  token: string;
  user_id: string;
  description: string;
  is_active: boolean;
}

export interface OAuthApp {
  client_id: string;
  /** absent for public clients */
  client_secret?: string;
  redirect_uris: string[];
  is_public: boolean;
  name: string;
  /** trusted apps skip the consent page */
  is_trusted: boolean;
}

export interface AuthCode {
  code: string;
  client_id: string;
  user_id: string;
  redirect_uri: string;
  scope: string;
  state: string;
  code_challenge: string;
  code_challenge_method: string;
  expires_at: number;
}

export interface NewPost {
  channel_id: string;
  user_id: string;
  message: string;
  props?: Record<string, unknown>;
  root_id?: string;
  type?: string;
  pending_post_id?: string;
  /** seeds pass fixed ids and times; live posts get fresh ones */
  id?: string;
  create_at?: number;
}

export class SimStore implements MmStore {
  readonly userMap = new Map<string, SimUser>();
  readonly teamMap = new Map<string, SimTeam>();
  readonly channelMap = new Map<string, SimChannel>();
  private readonly postMap = new Map<string, MmPost>();
  private readonly byChannel = new Map<string, MmPost[]>();
  private readonly listeners = new Set<(e: MmEvent) => void>();
  readonly sessions = new Map<string, Session>();
  readonly pats = new Map<string, PersonalAccessToken>();
  readonly oauthApps = new Map<string, OAuthApp>();
  readonly authCodes = new Map<string, AuthCode>();
  readonly incomingHooks = new Map<string, IncomingWebhook>();
  private lastTime = 0;
  private clockOffset = 0;
  /** POST /posts deduplication by pending_post_id (a 30 s window on the server's clock) */
  readonly pendingPostIds = new PendingPostIds(() => this.clock());
  /** while set, POST /posts saves wait for `until` (control.holdPostSaves): a save "still in progress" */
  saveHold?: { until: Promise<void>; lostAnswer: boolean };

  /** The server's wall clock: real time plus what a test stepped forward (control.advanceClock). */
  clock(): number {
    return Date.now() + this.clockOffset;
  }

  advanceClock(ms: number): void {
    this.clockOffset += ms;
  }

  /** Monotonic clock: live posts always sort after seeded ones, even with equal wall-clock ms. */
  now(): number {
    this.lastTime = Math.max(this.clock(), this.lastTime + 1);
    return this.lastTime;
  }

  // --- MmStore ---------------------------------------------------------------------------------
  users(): MmUser[] {
    return [...this.userMap.values()];
  }
  userById(id: string): SimUser | undefined {
    return this.userMap.get(id);
  }
  userByName(username: string): SimUser | undefined {
    const u = username.toLowerCase();
    return [...this.userMap.values()].find((x) => x.username === u);
  }
  teams(): MmTeam[] {
    return [...this.teamMap.values()];
  }
  teamByName(name: string): SimTeam | undefined {
    return [...this.teamMap.values()].find((t) => t.name === name);
  }
  channels(): MmChannel[] {
    return [...this.channelMap.values()];
  }
  channelById(id: string): SimChannel | undefined {
    return this.channelMap.get(id);
  }
  channelByName(teamId: string, name: string): SimChannel | undefined {
    return [...this.channelMap.values()].find((c) => c.team_id === teamId && c.name === name);
  }
  postsIn(channelId: string): MmPost[] {
    return (this.byChannel.get(channelId) ?? []).filter((p) => p.delete_at === 0);
  }
  /** every post of a channel, soft-deleted ones included, oldest first (what `GetPostsSince` reads) */
  allPostsIn(channelId: string): MmPost[] {
    return [...(this.byChannel.get(channelId) ?? [])];
  }
  postById(id: string): MmPost | undefined {
    return this.postMap.get(id);
  }
  sessionUser(cookieHeader: string | undefined): SimUser | undefined {
    const token = parseCookies(cookieHeader)['MMAUTHTOKEN'];
    const s = token ? this.liveSession(token) : undefined;
    return s ? this.userById(s.user_id) : undefined;
  }
  subscribe(listener: (e: MmEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  // --- people and places ----------------------------------------------------------------------
  addUser(u: SimUser): void {
    this.userMap.set(u.id, u);
  }
  addTeam(t: SimTeam): void {
    this.teamMap.set(t.id, t);
  }
  addChannel(c: SimChannel): void {
    this.channelMap.set(c.id, c);
    if (!this.byChannel.has(c.id)) this.byChannel.set(c.id, []);
  }
  isTeamMember(teamId: string, userId: string): boolean {
    return this.teamMap.get(teamId)?.member_ids.includes(userId) ?? false;
  }
  isAdmin(userId: string): boolean {
    return this.userById(userId)?.roles.split(' ').includes('system_admin') ?? false;
  }

  // --- posts ----------------------------------------------------------------------------------
  /** Stores a post (already validated) and tells subscribers. */
  createPost(p: NewPost): MmPost {
    const at = p.create_at ?? this.now();
    this.lastTime = Math.max(this.lastTime, at);
    // app/post.go CreatePost: `if user.IsBot { post.AddProp(model.PostPropsFromBot, "true") }`, whoever sends it
    const props = this.userById(p.user_id)?.is_bot ? { ...(p.props ?? {}), from_bot: 'true' } : (p.props ?? {});
    const post: MmPost = {
      id: p.id ?? newId(),
      create_at: at,
      update_at: at,
      edit_at: 0,
      delete_at: 0,
      user_id: p.user_id,
      channel_id: p.channel_id,
      root_id: p.root_id ?? '',
      message: p.message,
      type: p.type ?? '',
      props,
      // not a column (`server/channels/store/sqlstore/post_store.go postSliceColumnsWithTypes`): only the create
      // response carries it, so a post read back has ''
      pending_post_id: '',
      metadata: metadataFor(props),
    };
    this.postMap.set(post.id, post);
    const list = this.byChannel.get(post.channel_id) ?? [];
    list.push(post);
    // seeds may insert out of order (threads); keep oldest first
    if (list.length > 1 && list[list.length - 2]!.create_at > at) list.sort((a, b) => a.create_at - b.create_at);
    this.byChannel.set(post.channel_id, list);
    const ch = this.channelMap.get(post.channel_id);
    if (ch) ch.last_post_at = Math.max(ch.last_post_at, at);
    this.emit({ kind: 'posted', post });
    return post;
  }

  editPost(id: string, message: string, at = this.now()): MmPost | undefined {
    const post = this.postMap.get(id);
    if (!post || post.delete_at) return undefined;
    post.message = message;
    post.edit_at = at;
    post.update_at = at;
    this.emit({ kind: 'edited', post });
    return post;
  }

  /**
   * A soft delete as `server/channels/store/sqlstore/post_store.go Delete` does it: `UPDATE Posts SET DeleteAt = ?,
   * UpdateAt = ?, Props = JSON_SET(Props, '$.deleteBy', ?) WHERE Id = ? OR RootId = ?`: a root takes its replies with
   * it, every row touched gets the time and `props.deleteBy` (the deleting user's id, when known).
   */
  deletePost(id: string, deleteBy?: string): MmPost | undefined {
    const post = this.postMap.get(id);
    if (!post || post.delete_at) return undefined;
    const at = this.now();
    const rows = [post, ...(post.root_id ? [] : (this.byChannel.get(post.channel_id) ?? []).filter((p) => p.root_id === post.id && !p.delete_at))];
    for (const p of rows) {
      p.delete_at = at;
      p.update_at = at;
      if (deleteBy !== undefined) p.props = { ...p.props, deleteBy };
      this.emit({ kind: 'deleted', post: p });
    }
    return post;
  }

  /**
   * PUT /posts/{id}/patch's update (app/post.go UpdatePost): edit_at moves only when the message
   * changes; props replace the old ones whole. Subscribers hear an edit either way.
   */
  patchPost(id: string, patch: { message?: string; props?: Record<string, unknown> }): MmPost | undefined {
    const post = this.postMap.get(id);
    if (!post || post.delete_at) return undefined;
    const at = this.now();
    if (patch.message !== undefined && patch.message !== post.message) {
      post.message = patch.message;
      post.edit_at = at;
    }
    if (patch.props !== undefined) {
      post.props = patch.props;
      // embeds follow the new attachments; reactions and the rest of the metadata stay
      const { embeds: _old, ...rest } = post.metadata;
      post.metadata = { ...rest, ...metadataFor(patch.props) };
    }
    post.update_at = at;
    this.emit({ kind: 'edited', post });
    return post;
  }

  /**
   * Adds a reaction (`POST /api/v4/reactions`): it lives in `metadata.reactions` and bumps `update_at`, as
   * `server/channels/store/sqlstore/reaction_store.go` updates the post's UpdateAt and HasReactions.
   */
  react(postId: string, userId: string, emojiName: string): MmPost | undefined {
    const post = this.postMap.get(postId);
    if (!post || post.delete_at) return undefined;
    const at = this.now();
    const list = Array.isArray(post.metadata['reactions']) ? (post.metadata['reactions'] as unknown[]) : [];
    post.metadata = { ...post.metadata, reactions: [...list, { user_id: userId, post_id: postId, emoji_name: emojiName, create_at: at }] };
    post.update_at = at;
    this.emit({ kind: 'reacted', post });
    return post;
  }

  /** Replies of a thread, oldest first. */
  repliesOf(rootId: string): MmPost[] {
    const root = this.postMap.get(rootId);
    if (!root) return [];
    return this.postsIn(root.channel_id).filter((p) => p.root_id === rootId);
  }

  private emit(e: MmEvent): void {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch {
        // a broken page listener must not break the API call that caused the event
      }
    }
  }

  // --- sessions -------------------------------------------------------------------------------
  createSession(user_id: string, kind: Session['kind'], extra: Partial<Session> = {}): Session {
    const s: Session = {
      id: newId(),
      token: newId(),
      user_id,
      kind,
      csrf: newId(),
      create_at: Date.now(),
      expires_at: 0,
      ...extra,
    };
    this.sessions.set(s.token, s);
    return s;
  }

  /** The unexpired session for a token, or undefined. */
  liveSession(token: string): Session | undefined {
    const s = this.sessions.get(token);
    if (!s) return undefined;
    if (s.expires_at && s.expires_at <= Date.now()) return undefined;
    return s;
  }

  revokeSession(token: string): void {
    this.sessions.delete(token);
  }

  /** PATs live apart from sessions; the API side turns a valid one into a session on use. */
  createPat(user_id: string, description: string, token = newId()): PersonalAccessToken {
    const pat: PersonalAccessToken = { id: newId(), token, user_id, description, is_active: true };
    this.pats.set(token, pat);
    const u = this.userById(user_id);
    if (u && !u.tokens.includes(token)) u.tokens.push(token);
    return pat;
  }

  newAuthCode(c: Omit<AuthCode, 'code'>): AuthCode {
    const code: AuthCode = { ...c, code: randomToken(52) };
    this.authCodes.set(code.code, code);
    return code;
  }
}

/** The server sets metadata.embeds whenever props.attachments exists (app/post_metadata.go). */
export function metadataFor(props: Record<string, unknown>): Record<string, unknown> {
  const att = props['attachments'];
  return Array.isArray(att) && att.length > 0 ? { embeds: [{ type: 'message_attachment' }] } : {};
}
