/**
 * The Mattermost simulator: `start()` wires the store and seed, API v4, browser login, the OAuth
 * provider, faults and rate limiting, and hands every other path to the web-app side.
 */
import type { NetworkFaults } from '../network-faults';
import { listen, prng, sleep, type LoggedRequest, type SimRequest } from '../server';
import { handleApi } from './api/index';
import { sessionCookies } from './auth';
import { DEFAULT_FAULTS, DEFAULT_SETTINGS, mergeSettings, type MmFaults, type MmSettings, type SettingsPatch } from './config';
import { AppError, setBaseHeaders, writeAppError, writeRateLimited } from './errors';
import { faultErrorId, FaultQueue, type RequestMatch } from './faults';
import { newId } from './ids';
import { handleLogin } from './login';
import { DEFAULT_OAUTH_APPS, handleAccessToken, handleDeauthorize, handleAuthorize, handleMetadata } from './oauth';
import { RateLimiter } from './ratelimit';
import { addBot, seed, seedLargeChannel, type LargeChannelOptions } from './seed';
import { SEED_USERS } from './seed-ids';
import { SimStore, type OAuthApp } from './store';
import type { MmPost, MmStore } from './types';
import { createWebApp, type WebApp } from './web/index';
import { createIncomingWebhook, handleIncomingWebhook, HOOK_PATH, type CreateIncomingWebhookInput } from './webhooks';

export type { MmFaults, MmSettings, SettingsPatch } from './config';
export { SEEDED_POSTS, SEEDED_REFERENCES, SEED_CHANNELS, SEED_USERS, BASE_EPOCH, seedLargeChannel } from './seed';
export { SimStore } from './store';
export type { CreateIncomingWebhookInput } from './webhooks';

export interface StartOptions {
  seed?: number;
  faults?: Partial<MmFaults>;
  settings?: SettingsPatch;
  tls?: { key: string; cert: string };
  port?: number;
  host?: string;
  /** install below a path, e.g. '/mm'; default '' (origin root) */
  subpath?: string;
  /** extra OAuth apps, added to the two defaults */
  oauthApps?: OAuthAppInput[];
}

export interface OAuthAppInput {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  is_public: boolean;
  name?: string;
  is_trusted?: boolean;
}

export interface SignedIn {
  /** ready for a Cookie request header */
  cookieHeader: string;
  cookies: { MMAUTHTOKEN: string; MMUSERID: string; MMCSRF: string };
  /** Set-Cookie values, as a browser would have received them */
  setCookie: string[];
  token: string;
  csrf: string;
  userId: string;
}

export interface MmControl {
  readonly settings: MmSettings;
  readonly faults: MmFaults;
  setSettings(patch: SettingsPatch): void;
  setFaults(patch: Partial<MmFaults>): void;
  /** the next n API / token / incoming-webhook requests answer `status` (429 as the real limiter's plain text) */
  failNext(n: number, status: number, match?: RequestMatch): void;
  /** a browser session for a user, to preset cookies in tests */
  signIn(username: string): SignedIn;
  createPost(p: { channel_id: string; user_id: string; message: string; props?: Record<string, unknown>; root_id?: string }): MmPost;
  editPost(id: string, message: string): MmPost | undefined;
  deletePost(id: string): MmPost | undefined;
  /** someone reacts to a post: its reactions row re-renders in open pages */
  react(postId: string, username: string, emojiName: string): MmPost | undefined;
  /** live posts of a channel, oldest first */
  posts(channelId: string): MmPost[];
  lastPost(channelId: string): MmPost | undefined;
  registerOAuthApp(app: OAuthAppInput): void;
  /**
   * every OAuth access token expires now (refresh tokens stay valid); `includeRefresh`: the grants are revoked
   * instead, as when the user's sessions are revoked (app/oauth.go RevokeAccessToken removes the access data with
   * its refresh token): a refresh then meets the real 404.
   */
  expireAllTokens(opts?: { includeRefresh?: boolean }): void;
  /**
   * Another bot account (`app/bot.go CreateBot`, owned by sysadmin): `is_bot` user, token sign-in only, its posts
   * carry `props.from_bot: "true"`; a member of these channels and their teams, nothing else.
   */
  createBot(username: string, channelIds: string[]): { id: string; token: string };
  /**
   * An incoming webhook on a team channel (`app/webhook.go CreateIncomingWebhookForChannel`; throws while
   * `enableIncomingWebhooks` is off): `url` is `${siteUrl}/hooks/${id}`, posting as `creator_user_id`.
   */
  createIncomingWebhook(hook: CreateIncomingWebhookInput): { id: string; url: string };
  /** a benchmark channel with N posts holding references (issue 6) */
  seedLargeChannel(opts?: LargeChannelOptions): ReturnType<typeof seedLargeChannel>;
  /** the web app's theme: new pages get it, open pages switch to it */
  setTheme(name: Parameters<WebApp['setTheme']>[0]): void;
  /** steps the server's clock forward (the 30 s pending_post_id window, post times) without waiting */
  advanceClock(ms: number): void;
  /**
   * POST /posts saves wait until `release()`: meanwhile a duplicate pending_post_id gets the real 500 "still
   * saving". `lostAnswer`: the held request is answered at once by a proxy's 504, as when a proxy gives up.
   */
  holdPostSaves(opts?: { lostAnswer?: boolean }): { release(): void };
}

export interface RunningMattermost {
  origin: string;
  /** origin + subpath: the siteURL */
  siteUrl: string;
  stop(): Promise<void>;
  control: MmControl;
  requests: LoggedRequest[];
  store: MmStore & SimStore;
  /** faults below HTTP aimed at one request: reset, hang, an HTML sign-in page, slow (network-faults.ts) */
  network: NetworkFaults;
  /** the server goes away for `downMs` and comes back with its data (server.ts) */
  restart(downMs: number): Promise<void>;
}

function normaliseSubpath(s: string | undefined): string {
  if (!s || s === '/') return '';
  return `/${s.replace(/^\/+|\/+$/g, '')}`;
}

export async function start(opts: StartOptions = {}): Promise<RunningMattermost> {
  const subpath = normaliseSubpath(opts.subpath);
  const secure = Boolean(opts.tls);
  const store = new SimStore();
  seed(store, opts.seed ?? 1);
  for (const app of DEFAULT_OAUTH_APPS) store.oauthApps.set(app.client_id, { ...app });
  const addApp = (a: OAuthAppInput) =>
    store.oauthApps.set(a.client_id, { name: a.client_id, is_trusted: false, ...a, redirect_uris: [...a.redirect_uris] } as OAuthApp);
  for (const a of opts.oauthApps ?? []) addApp(a);

  let settings = mergeSettings(DEFAULT_SETTINGS, opts.settings ?? {});
  let faults: MmFaults = { ...DEFAULT_FAULTS, ...(opts.faults ?? {}) };
  const queue = new FaultQueue(prng((opts.seed ?? 1) ^ 0x5eed));
  const limiter = new RateLimiter();
  const deps = { store, settings: () => settings, subpath, secure };
  // every path that is not API, OAuth or login belongs to the web-app side
  const web: WebApp = createWebApp(store, { subpath, settings: () => settings });

  /** A forced failure: 429 is the limiter's plain text, anything else an AppError. */
  const forced = (r: SimRequest, status: number, requestId: string) => {
    if (status === 429) {
      r.res.setHeader('X-RateLimit-Limit', String(settings.rateLimit.maxBurst + 1));
      r.res.setHeader('X-RateLimit-Remaining', '0');
      r.res.setHeader('X-RateLimit-Reset', '1');
      return writeRateLimited(r.res, 1);
    }
    writeAppError(r.res, r.method, new AppError(status, faultErrorId(status), 'injected fault'), requestId, settings.developerMode);
  };

  const handler = async (r: SimRequest) => {
    const requestId = newId();
    setBaseHeaders(r.res, requestId);
    if (settings.rateLimit.enabled) {
      const d = limiter.take(r.req.socket.remoteAddress ?? '', settings.rateLimit, r.res);
      if (d.limited) return writeRateLimited(r.res, d.retryAfterSec);
    }
    const full = r.url.pathname;
    if (full === '/.well-known/oauth-authorization-server') return handleMetadata(deps, r, requestId);
    if (subpath && (full === '/' || full === subpath)) {
      r.res.writeHead(302, { Location: `${subpath}/` }).end();
      return;
    }
    if (subpath && !full.startsWith(`${subpath}/`)) {
      r.res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
      return;
    }
    const path = full.slice(subpath.length) || '/';
    const isApi = path === '/api/v4' || path.startsWith('/api/v4/');
    const hook = HOOK_PATH.exec(path);
    if (isApi || hook || path === '/oauth/access_token' || path === '/oauth/deauthorize') {
      if (faults.latencyMs > 0) await sleep(faults.latencyMs);
      const status = queue.next(faults, r.method, path);
      if (status !== undefined) return forced(r, status, requestId);
    }
    if (isApi) return handleApi(deps, r, path, requestId);
    if (hook) {
      // gorilla mux: the path matches but only POST is routed
      if (r.method !== 'POST') return void r.res.writeHead(405).end();
      return handleIncomingWebhook(deps, r, hook[1]!, requestId);
    }
    if (path === '/oauth/access_token' && r.method === 'POST') return handleAccessToken(deps, r, requestId);
    if (path === '/oauth/deauthorize' && r.method === 'POST') return handleDeauthorize(deps, r, requestId);
    if (path === '/oauth/authorize' && (r.method === 'GET' || r.method === 'POST')) return handleAuthorize(deps, r);
    if (path === '/.well-known/oauth-authorization-server') return handleMetadata(deps, r, requestId);
    if (handleLogin(deps, r, path)) return;
    if (await web(r)) return;
    r.res.writeHead(404, { 'Content-Type': 'text/plain; charset=utf-8' }).end('404 page not found\n');
  };

  const running = await listen(handler, { port: opts.port, host: opts.host, tls: opts.tls });

  const control: MmControl = {
    get settings() {
      return settings;
    },
    get faults() {
      return faults;
    },
    setSettings(patch) {
      settings = mergeSettings(settings, patch);
      if (patch.rateLimit) limiter.reset();
    },
    setFaults(patch) {
      faults = { ...faults, ...patch };
    },
    failNext(n, status, match) {
      queue.failNext(n, status, match);
    },
    signIn(username) {
      const user = store.userByName(username);
      if (!user) throw new Error(`no user ${username}`);
      const s = store.createSession(user.id, 'web');
      const cookies = { MMAUTHTOKEN: s.token, MMUSERID: s.user_id, MMCSRF: s.csrf };
      return {
        cookieHeader: `MMAUTHTOKEN=${s.token}; MMUSERID=${s.user_id}; MMCSRF=${s.csrf}`,
        cookies,
        setCookie: sessionCookies(s, subpath, secure),
        token: s.token,
        csrf: s.csrf,
        userId: user.id,
      };
    },
    createPost: (p) => store.createPost(p),
    editPost: (id, message) => store.editPost(id, message),
    deletePost: (id) => store.deletePost(id),
    react(postId, username, emojiName) {
      const user = store.userByName(username);
      if (!user) throw new Error(`no user ${username}`);
      return store.react(postId, user.id, emojiName);
    },
    posts: (channelId) => store.postsIn(channelId),
    lastPost: (channelId) => store.postsIn(channelId).at(-1),
    registerOAuthApp: addApp,
    expireAllTokens(o = {}) {
      for (const s of [...store.sessions.values()]) {
        if (s.kind !== 'oauth') continue;
        if (o.includeRefresh) store.revokeSession(s.token);
        else s.expires_at = 1;
      }
    },
    createBot: (username, channelIds) => addBot(store, { username, owner_id: SEED_USERS.admin.id }, channelIds),
    createIncomingWebhook(input) {
      const h = createIncomingWebhook(store, settings, input);
      return { id: h.id, url: `${running.origin}${subpath}/hooks/${h.id}` };
    },
    seedLargeChannel: (o) => seedLargeChannel(store, o),
    advanceClock: (ms) => store.advanceClock(ms),
    holdPostSaves(o = {}) {
      let release!: () => void;
      const until = new Promise<void>((r) => (release = r));
      const hold = { until, lostAnswer: o.lostAnswer ?? false };
      store.saveHold = hold;
      return {
        release() {
          if (store.saveHold === hold) store.saveHold = undefined;
          release();
        },
      };
    },
    setTheme: (name) => web.setTheme(name),
  };

  return { origin: running.origin, siteUrl: running.origin + subpath, stop: running.stop, control, requests: running.requests, store, network: running.network, restart: running.restart };
}
