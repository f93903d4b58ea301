/**
 * The ServiceNow simulator's front door: one HTTP(S) server routing OAuth, /api/* (auth → faults → the
 * data side's Table API) and the UI pages, plus the `control` object tests use to steer it.
 * index.ts wires in the real store; tests may wire a small fake through startWith().
 */
import type { NetworkFaults } from '../network-faults';
import { listen, prng, type LoggedRequest, type SimRequest } from '../server';
import { authenticateApi } from './auth';
import { createClock, type Clock } from './clock';
import { sendNotAuthenticated } from './envelope';
import { createFaults, rateLimitHeaders, sendFailure, type FaultConfig, type RequestMatch } from './faults';
import { handleAuthorize } from './oauth-authorize';
import { createGrants, DEFAULT_CLIENTS, type OAuthClient, type TokenAnswer } from './oauth-grants';
import { handleRevoke, handleToken, sendTokenFailure } from './oauth-token';
import type { ListRows } from './pages/list';
import type { PageVariant } from './pages/variant';
import { createRateLimits, type RateLimitRule } from './rate-limit';
import { createSessions } from './session';
import { redirectToIdp, wantsIdp } from './sso';
import type { SnRow, SnStore, TableApiHandler } from './types';
import { handleUi } from './ui';

const TABLE_API = /^\/api\/now\/(?:v[12]\/)?table\//;

export interface StartOptions {
  seed?: number;
  faults?: Partial<FaultConfig>;
  tls?: { key: string; cert: string };
  port?: number;
  host?: string;
  /** replaces the default clients (nowbridge-public, nowbridge-confidential) */
  oauthClients?: OAuthClient[];
  /** the DOM of portal, knowledge and workspace pages (pages/variant.ts); `known` by default */
  pageVariant?: PageVariant;
  /** single sign-on (sso.ts): no session = a redirect to the identity provider; off by default */
  singleSignOn?: boolean;
}

export interface SignedIn {
  /** for a Cookie request header */
  cookieHeader: string;
  /** for a browser context's cookie jar */
  cookies: { name: string; value: string }[];
  g_ck: string;
}

export interface SnControl {
  setFaults(partial: Partial<FaultConfig>): void;
  faults(): FaultConfig;
  /**
   * the next n authenticated API requests fail with `status` (429 by default); aimed at `/oauth_token.do` by its
   * path, the token endpoint's next requests (a 401 there is the endpoint's own refusal)
   */
  failNext(n: number, status?: number, opts?: { retryAfterSec?: number } & RequestMatch): void;
  /** access tokens stop working now; refresh tokens too with includeRefresh */
  expireAllTokens(opts?: { includeRefresh?: boolean }): void;
  /** every browser session ends now */
  expireSessions(): void;
  /** serve portal, knowledge and workspace pages in this DOM variant from now on (pages/variant.ts) */
  setPageVariant(v: PageVariant): void;
  /** single sign-on on or off (sso.ts): a browser without a live session is redirected to the IdP */
  setSingleSignOn(on: boolean): void;
  /** moves the simulator's clock forward: token, code and session lifetimes, write stamps, Date headers, rate-limit hours */
  advanceClock(seconds: number): void;
  /** a rate-limit rule on /api/now/table (rate-limit.ts), counted per user per clock hour; undefined removes it and its counts */
  setRateLimitRule(rule: RateLimitRule | undefined): void;
  /**
   * Another user changes a record, as their own Table API write would (no ACL check): sys_updated_on (sim clock),
   * sys_updated_by, sys_mod_count; `comments` / `work_notes` become journal entries by that user. Returns a copy
   * of the updated row; throws on an unknown user or record, or a refusing data policy (WriteRefused).
   */
  updateAs(user_name: string, table: string, sys_id: string, values: Record<string, unknown>): SnRow;
  /** Another user creates a record, stamped like updateAs; returns a copy of the new row. */
  insertAs(user_name: string, table: string, values: Record<string, unknown>): SnRow;
  registerOAuthClient(c: OAuthClient): void;
  /** tokens without the browser dance (client defaults to nowbridge-public) */
  issueTokens(user_name: string, client_id?: string): TokenAnswer;
  revokeToken(token: string): boolean;
  tokenStats(): { issuedAccess: number; issuedRefresh: number; revoked: number; live: number };
  /** a logged-in browser session for `user_name` */
  signIn(user_name: string): SignedIn;
  countRequests(pred: (r: LoggedRequest) => boolean): number;
}

export interface SnSim<S extends SnStore = SnStore> {
  origin: string;
  stop(): Promise<void>;
  control: SnControl;
  requests: LoggedRequest[];
  store: S;
  /** faults below HTTP aimed at one request: reset, hang, an HTML sign-in page, slow (network-faults.ts) */
  network: NetworkFaults;
  /** the instance goes away for `downMs` and comes back with its data (server.ts) */
  restart(downMs: number): Promise<void>;
}

export interface SimDeps<S extends SnStore = SnStore> {
  store: S;
  tableApi: TableApiHandler;
  listRows: ListRows;
}

/** `deps` may be built from the simulator's clock, so writes are stamped with the (advanceable) sim time. */
export async function startWith<S extends SnStore>(deps: SimDeps<S> | ((clock: Clock) => SimDeps<S>), opts: StartOptions = {}): Promise<SnSim<S>> {
  const seed = opts.seed ?? 1;
  const clock = createClock();
  if (typeof deps === 'function') deps = deps(clock);
  const { store } = deps;
  const tableApi = deps.tableApi;
  const listRows = deps.listRows;
  const faults = createFaults(seed, opts.faults);
  const rateLimits = createRateLimits(clock);
  const grants = createGrants(clock, () => faults.get().tokenLifetimeSec, opts.oauthClients ?? DEFAULT_CLIENTS);
  const rand = prng(seed);
  const nodeId = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  const sessions = createSessions(clock, nodeId);
  let pageVariant: PageVariant = opts.pageVariant ?? 'known';
  let singleSignOn = opts.singleSignOn ?? false;

  // Pending delays end at stop(), so a stalled response never holds the process open.
  const timers = new Set<{ t: NodeJS.Timeout; done: () => void }>();
  const delay = (ms: number) =>
    new Promise<void>((resolve) => {
      const entry = { t: setTimeout(() => (timers.delete(entry), resolve()), ms), done: resolve };
      timers.add(entry);
    });

  async function api(r: SimRequest): Promise<void> {
    const caller = authenticateApi(r, { grants, sessions, store });
    if (!caller) return singleSignOn && wantsIdp(r, sessions) ? redirectToIdp(r) : sendNotAuthenticated(r.res);
    // Rate limits count per authenticated user on a real instance, so faults apply after authentication.
    const failure = faults.pick(r.method, r.url.pathname);
    if (failure) return sendFailure(r.res, failure, faults.get(), clock.now());
    // A rule limits one REST resource, here the Table API (records-and-watch-contracts.md C.4).
    const limited = TABLE_API.test(r.url.pathname) ? rateLimits.take(caller.user.user_name) : undefined;
    if (limited && !limited.allowed) return sendFailure(r.res, limited.failure, faults.get(), clock.now());
    if (limited) for (const [k, v] of Object.entries(rateLimitHeaders(limited.window))) r.res.setHeader(k, v);
    const stall = faults.get().stallMs;
    if (stall > 0) await delay(stall);
    await tableApi(r, caller.user);
  }

  const running = await listen(
    async (r) => {
      const latency = faults.get().latencyMs;
      if (latency > 0) await delay(latency);
      // The server's clock, not Node's: clients that date their polls by the Date header see advanceClock().
      // Node sends no Date of its own once one is set.
      r.res.setHeader('Date', new Date(clock.now()).toUTCString());
      const path = r.url.pathname;
      if (path === '/oauth_auth.do') return handleAuthorize(r, grants, sessions);
      if (path === '/oauth_token.do') {
        // a failure aimed at the token endpoint: a 401 in the token endpoint's own shape, anything else as /api's
        const failure = faults.pickAimed(r.method, path);
        if (failure?.status === 401) return sendTokenFailure(r);
        if (failure) return sendFailure(r.res, failure, faults.get(), clock.now());
        return handleToken(r, grants, () => faults.get().rotateRefreshTokens);
      }
      if (path === '/oauth_revoke_token.do') return handleRevoke(r, grants);
      if (path.startsWith('/api/')) return api(r);
      return handleUi(r, { store, sessions, listRows, pageVariant: () => pageVariant, singleSignOn: () => singleSignOn });
    },
    { port: opts.port, host: opts.host, tls: opts.tls },
  );

  const userOrThrow = (user_name: string) => {
    const u = store.userByName(user_name);
    if (!u) throw new Error(`no ServiceNow user ${user_name}`);
    return u;
  };

  const control: SnControl = {
    setFaults: (p) => faults.set(p),
    faults: () => faults.get(),
    failNext: (n, status, o) => faults.failNext(n, status, o),
    expireAllTokens: (o = {}) => grants.expireAll(!!o.includeRefresh),
    expireSessions: () => sessions.expireAll(),
    setPageVariant: (v) => void (pageVariant = v),
    setSingleSignOn: (on) => void (singleSignOn = on),
    advanceClock: (s) => clock.advance(s * 1000),
    setRateLimitRule: (rule) => rateLimits.set(rule),
    updateAs(user_name, table, sys_id, values) {
      const row = store.update(table, sys_id, values, userOrThrow(user_name));
      if (!row) throw new Error(`no ${table} record ${sys_id}`);
      return { ...row };
    },
    insertAs(user_name, table, values) {
      const user = userOrThrow(user_name);
      if (!store.tables().includes(table)) throw new Error(`no table ${table}`);
      return { ...store.insert(table, values, user) };
    },
    registerOAuthClient: (c) => grants.register(c),
    issueTokens(user_name, client_id = 'nowbridge-public') {
      const client = grants.client(client_id);
      if (!client) throw new Error(`no OAuth client ${client_id}`);
      return grants.issueFor(client, userOrThrow(user_name));
    },
    revokeToken: (t) => grants.revoke(t),
    tokenStats: () => grants.stats(),
    signIn(user_name) {
      const s = sessions.create(userOrThrow(user_name));
      const cookies = sessions.browserCookies(s);
      return { cookies, cookieHeader: cookies.map((c) => `${c.name}=${c.value}`).join('; '), g_ck: s.g_ck };
    },
    countRequests: (pred) => running.requests.filter(pred).length,
  };

  return {
    origin: running.origin,
    requests: running.requests,
    store,
    control,
    network: running.network,
    restart: running.restart,
    stop: async () => {
      for (const e of timers) {
        clearTimeout(e.t);
        e.done();
      }
      timers.clear();
      await running.stop();
    },
  };
}
