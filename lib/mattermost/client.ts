/**
 * Mattermost API v4 client for the background worker (Mattermost's `server/channels/api4/*.go`). A small fetch
 * wrapper rather than Client4: it sees statuses and headers, so the plain-text 429 and AppError ids
 * are handled here, and every answer is validated with zod before anyone reads it.
 *
 * `fetch` is a connection's authorized fetch (it adds the credential and turns a 401 into "needs
 * sign-in"), so this file never touches tokens or cookies.
 */
import { z } from 'zod';
import { type Fetch, HttpError, readJson, request } from '../http';

export const MAX_MESSAGE_RUNES = 16383;
export const MAX_PROPS_RUNES = 800000;

const id = z.string().length(26);

export const userSchema = z.object({
  id,
  username: z.string(),
  /** '' for others when PrivacySettings.ShowEmailAddress is off (model/user.go Sanitize; records-and-watch-contracts.md B.3) */
  email: z.string().default(''),
  first_name: z.string().default(''),
  last_name: z.string().default(''),
  nickname: z.string().default(''),
  delete_at: z.number().default(0),
  is_bot: z.boolean().default(false),
});
export type MmUser = z.infer<typeof userSchema>;

export const teamSchema = z.object({
  id,
  name: z.string(),
  display_name: z.string(),
  type: z.string().default('O'),
  delete_at: z.number().default(0),
});
export type MmTeam = z.infer<typeof teamSchema>;

export const channelSchema = z.object({
  id,
  /** '' for DMs and GMs */
  team_id: z.string(),
  /** O public, P private, D direct, G group; newer servers add others, so any string is kept */
  type: z.string(),
  name: z.string(),
  display_name: z.string(),
  delete_at: z.number().default(0),
  header: z.string().default(''),
  purpose: z.string().default(''),
  last_post_at: z.number().default(0),
});
export type MmChannel = z.infer<typeof channelSchema>;

export const postSchema = z.object({
  id,
  create_at: z.number(),
  update_at: z.number().default(0),
  edit_at: z.number().default(0),
  delete_at: z.number().default(0),
  user_id: id,
  channel_id: id,
  root_id: z.string().default(''),
  message: z.string(),
  type: z.string().default(''),
  props: z.record(z.string(), z.unknown()).nullable().default({}),
  pending_post_id: z.string().default(''),
  metadata: z.record(z.string(), z.unknown()).nullable().optional(),
});
export type MmPost = z.infer<typeof postSchema>;

/** A PostList: `order` (newest first) indexes `posts`. */
const postListSchema = z.object({ order: z.array(z.string()).default([]), posts: z.record(z.string(), postSchema).default({}) });


const autocompleteUsersSchema = z.object({ users: z.array(userSchema), out_of_channel: z.array(userSchema).nullish() });

export interface NewPost {
  channel_id: string;
  message: string;
  root_id?: string;
  props: Record<string, unknown>;
  /** `<user_id>:<epoch ms>`, one per submission and reused on every retry: the server dedupes on it for 30 s (post-once.ts) */
  pending_post_id: string;
}

/** A channel found by search: `member` says whether the user can post there without joining first. */
export type FoundChannel = MmChannel & { member: boolean };

/** Refused before sending, with what the server would have said (400 model.post.is_valid.*). */
export class PostTooLongError extends Error {
  constructor(
    readonly part: 'message' | 'props',
    readonly runes: number,
    readonly max: number,
  ) {
    super(part === 'message' ? `The message is too long: ${runes} characters, at most ${max}.` : 'The shared record is too large for Mattermost.');
    this.name = 'PostTooLongError';
  }
}

export interface ClientOptions {
  /** waits between 429 retries; injected so tests never really sleep */
  sleep?: (ms: number) => Promise<void>;
  /** retries after a 429 (the first attempt not counted) */
  maxRetries?: number;
  /** a 429 asking for a longer wait than this is reported rather than waited out (the user is watching) */
  maxWaitMs?: number;
  timeoutMs?: number;
}

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const runes = (s: string) => {
  let n = 0;
  for (const _ of s) n++;
  return n;
};

/** Older servers answered an empty team channel list with this 400 instead of `[]` (`store.sql_channel.get_channels.not_found.app_error`, Mattermost's `server/channels/store/sqlstore/channel_store.go`). */
const EMPTY_CHANNELS_ID = 'store.sql_channel.get_channels.not_found.app_error';

export type MattermostClient = ReturnType<typeof createMattermostClient>;

export function createMattermostClient(fetchImpl: Fetch, siteUrl: string, opts: ClientOptions = {}) {
  // siteUrl may carry a subpath (https://host/mm): the API lives below it, never at the origin root.
  const api = `${siteUrl.replace(/\/+$/, '')}/api/v4`;
  const { sleep = realSleep, maxRetries = 3, maxWaitMs = 30_000, timeoutMs } = opts;

  /** One request with 429 retries. Every call NowBridge makes is safe to repeat: reads, the
   * idempotent POST /channels/direct, and POST /posts: a 429 is refused before anything is saved. */
  async function send(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    headers.set('Accept', 'application/json');
    if (init.body !== undefined) headers.set('Content-Type', 'application/json');
    for (let attempt = 0; ; attempt++) {
      try {
        return await request(fetchImpl, `${api}${path}`, { ...init, headers, timeoutMs });
      } catch (err) {
        // 429 is Go's plain-text http.Error with Retry-After in seconds; http.ts reads the header.
        if (!(err instanceof HttpError) || err.kind !== 'rate-limited' || attempt >= maxRetries) throw err;
        const wait = err.retryAfterMs ?? 1000;
        if (wait > maxWaitMs) throw err;
        await sleep(wait);
      }
    }
  }

  async function get<T>(path: string, schema: z.ZodType<T>, what: string): Promise<T> {
    return readJson(await send(path), schema, what);
  }

  async function post<T>(path: string, body: unknown, schema: z.ZodType<T>, what: string): Promise<T> {
    return readJson(await send(path, { method: 'POST', body: JSON.stringify(body) }), schema, what);
  }

  const q = (params: Record<string, string | undefined>) => {
    const s = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) if (v !== undefined) s.set(k, v);
    return s.toString();
  };
  const seg = encodeURIComponent;
  const channels = z.array(channelSchema);

  let meId: Promise<string> | undefined;
  const myId = () => (meId ??= client.me().then((u) => u.id, (err) => { meId = undefined; throw err; }));

  const client = {
    siteUrl: siteUrl.replace(/\/+$/, ''),

    me: () => get('/users/me', userSchema, 'Mattermost user'),

    user: (userId: string) => get(`/users/${seg(userId)}`, userSchema, 'Mattermost user'),

    /**
     * `api4/user.go getUserByEmail`: 403 `api.user.get_user_by_email.permissions.app_error` for non-admins when
     * ShowEmailAddress is off, and 403 view_members for users the caller can't see (B.3); 404 for nobody.
     */
    userByEmail: (email: string) => get(`/users/email/${seg(email)}`, userSchema, 'Mattermost user'),

    /** `api4/user.go getUserByUsername`: 404 for nobody, 400 for what is not a username. */
    userByUsername: (username: string) => get(`/users/username/${seg(username)}`, userSchema, 'Mattermost user'),

    myTeams: () => get('/users/me/teams', z.array(teamSchema), 'Mattermost teams'),

    /** The member channels of a team plus every DM and GM (team_id ''), archived ones left out. */
    async myChannels(teamId: string): Promise<MmChannel[]> {
      try {
        return await get(`/users/me/teams/${seg(teamId)}/channels?include_deleted=false&last_delete_at=0`, channels, 'Mattermost channels');
      } catch (err) {
        if (err instanceof HttpError && err.status === 400 && err.errorId === EMPTY_CHANNELS_ID) return [];
        throw err;
      }
    },

    /**
     * Channels of a team matching `term`: `autocomplete` (public ones plus my private ones) merged
     * with `search_autocomplete` (only mine), mine first, without duplicates. Membership is read off
     * the second list: posting needs it. Either endpoint may be refused (no list_team_channels);
     * the other still answers.
     */
    async searchChannels(teamId: string, term: string): Promise<FoundChannel[]> {
      const query = q({ name: term });
      const [all, mine] = await Promise.allSettled([
        get(`/teams/${seg(teamId)}/channels/autocomplete?${query}`, channels, 'Mattermost channels'),
        get(`/teams/${seg(teamId)}/channels/search_autocomplete?${query}`, channels, 'Mattermost channels'),
      ]);
      if (all.status === 'rejected' && mine.status === 'rejected') throw mine.reason;
      const mineList = mine.status === 'fulfilled' ? mine.value : [];
      const memberIds = new Set(mineList.map((c) => c.id));
      const out = new Map<string, FoundChannel>();
      for (const c of mineList) out.set(c.id, { ...c, member: true });
      for (const c of all.status === 'fulfilled' ? all.value : []) {
        // without search_autocomplete membership is unknown; assume member so nothing is hidden
        if (!out.has(c.id)) out.set(c.id, { ...c, member: mine.status === 'rejected' || memberIds.has(c.id) });
      }
      return [...out.values()].filter((c) => c.delete_at === 0);
    },

    /** The users of these ids that exist (`api4/user.go getUsersByIds`); one request. */
    usersByIds: (ids: readonly string[]) => post('/users/ids', ids, z.array(userSchema), 'Mattermost users'),

    /** People matching `name`; `teamId` limits them to that team (`in_team`: the server ignores a `team_id`, api4/user.go autocompleteUsers). */
    async autocompleteUsers(name: string, teamId?: string): Promise<MmUser[]> {
      const res = await get(`/users/autocomplete?${q({ name: name.replace(/^@/, ''), in_team: teamId, limit: '25' })}`, autocompleteUsersSchema, 'Mattermost users');
      return res.users.filter((u) => u.delete_at === 0);
    },

    /** The DM with another user (created if needed; the server answers 201 with the existing one). */
    async directChannel(otherUserId: string): Promise<MmChannel> {
      return post('/channels/direct', [await myId(), otherUserId], channelSchema, 'Mattermost channel');
    },

    channel: (channelId: string) => get(`/channels/${seg(channelId)}`, channelSchema, 'Mattermost channel'),

    /** Resolves `/<team>/channels/<name>`; 404 also for private channels the user can't read. */
    channelByName: (teamName: string, channelName: string, o: { includeDeleted?: boolean } = {}) =>
      get(
        `/teams/name/${seg(teamName)}/channels/name/${seg(channelName)}${o.includeDeleted ? '?include_deleted=true' : ''}`,
        channelSchema,
        'Mattermost channel',
      ),

    getPost: (postId: string) => get(`/posts/${seg(postId)}`, postSchema, 'Mattermost post'),

    /**
     * The thread a post belongs to, root and replies, oldest first (`api4/post.go getPostThread`: a PostList
     * `{order, posts}` for the post's root; 403 read_channel when the channel is not readable, 404 for a deleted post).
     */
    async postThread(postId: string): Promise<MmPost[]> {
      const list = await get(`/posts/${seg(postId)}/thread`, postListSchema, 'Mattermost thread');
      const posts = Object.values(list.posts);
      return posts.sort((a, b) => a.create_at - b.create_at || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    },

    /**
     * The posts of these ids that exist and the user may read (`server/channels/api4/post.go getPostsByIds`:
     * 1–1000 ids; others are left out). The server answers 404 when none of them exists at all.
     */
    async postsByIds(ids: readonly string[]): Promise<MmPost[]> {
      if (ids.length === 0) return [];
      try {
        return await post('/posts/ids', ids, z.array(postSchema), 'Mattermost posts');
      } catch (err) {
        if (err instanceof HttpError && err.status === 404) return [];
        throw err;
      }
    },

    /**
     * Every post of a channel changed after `since` (epoch ms), newest first: `api4/post.go getPostsForChannel`
     * with `since` goes to `App.GetPostsSince` (replies included; paging ignored; the store caps it at 1000).
     */
    async postsSince(channelId: string, since: number): Promise<MmPost[]> {
      const list = await get(`/channels/${seg(channelId)}/posts?${q({ since: String(Math.max(1, Math.floor(since))) })}`, postListSchema, 'Mattermost posts');
      return list.order.flatMap((pid) => list.posts[pid] ?? []);
    },

    /** `api4/post.go deletePost`: a soft delete; one's own post needs no more than delete_post. */
    async deletePost(postId: string): Promise<void> {
      const res = await send(`/posts/${seg(postId)}`, { method: 'DELETE' });
      await res.body?.cancel();
    },

    /** Checks the server's size limits first, so an over-long message never leaves the browser. */
    async createPost(p: NewPost): Promise<MmPost> {
      const m = runes(p.message);
      if (m > MAX_MESSAGE_RUNES) throw new PostTooLongError('message', m, MAX_MESSAGE_RUNES);
      const n = runes(JSON.stringify(p.props));
      if (n > MAX_PROPS_RUNES) throw new PostTooLongError('props', n, MAX_PROPS_RUNES);
      const body = { channel_id: p.channel_id, message: p.message, props: p.props, pending_post_id: p.pending_post_id, ...(p.root_id ? { root_id: p.root_id } : {}) };
      // set_online=false: sharing from ServiceNow is not "being active in Mattermost".
      return post('/posts?set_online=false', body, postSchema, 'Mattermost post');
    },
  };
  return client;
}
