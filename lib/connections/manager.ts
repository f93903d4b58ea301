import { isExpiring } from '../auth/token-set';
import { createRefresher } from '../auth/single-flight';
import type { Vault } from '../auth/vault';
import { type Fetch, HttpError, isJson, isRedirect, NotConnectedError } from '../http';
import * as mattermost from '../mattermost/auth';
import type { Product } from '../origins';
import * as servicenow from '../servicenow/auth';
import type { Identity, OAuthClient } from '../servicenow/auth';
import { loadManaged } from '../managed';
import { loadSettings, type SignInMethod } from '../settings';
import { setSignIn } from '../settings-store';
import { connectionFetch, type ConnectionIo } from './authorized-fetch';
import { revokeMattermostAccess } from './revoke-mattermost';
import { type OAuthSecret, type Secret, secretSchema } from './secrets';
import { clearStatus, connectionId, type ConnectionStatus, loadStatuses, markNeedsSignIn, setStatus } from './status';
import { type LaunchWebAuthFlow, runAuthCodeFlow } from './web-auth';

export interface ConnectRequest {
  product: Product;
  base: string;
  method: SignInMethod;
  clientId?: string;
  clientSecret?: string;
  accessToken?: string;
}

export interface ConnectionDeps {
  vault: Vault;
  fetch: Fetch;
  launchWebAuthFlow: LaunchWebAuthFlow;
  redirectUrl(product: Product): string;
  getCookie(url: string, name: string): Promise<string | undefined>;
  now(): number;
  locks?: LockManager;
  /** called after a disconnect so caches of that connection go too */
  onDisconnect?(product: Product, base: string): Promise<void>;
}

const protocols = { servicenow, mattermost } as const;

/**
 * The background's connections: connect (any of the five methods), act as the user through a
 * connection's fetch, check who the user is, and disconnect. Nothing is saved until a connection
 * has proven itself by naming its user.
 */
export function createConnections(deps: ConnectionDeps) {
  const client = (product: Product, s: Pick<OAuthSecret, 'clientId' | 'clientSecret'>): OAuthClient => ({
    clientId: s.clientId,
    clientSecret: s.clientSecret || undefined,
    redirectUri: deps.redirectUrl(product),
  });

  const refreshers = new Map<string, ReturnType<typeof createRefresher<OAuthSecret>>>();
  const refresherFor = (product: Product, base: string) => {
    const id = connectionId(product, base);
    let r = refreshers.get(id);
    if (!r) {
      r = createRefresher<OAuthSecret>({
        lockName: (key) => `nowbridge-refresh:${key}`,
        locks: deps.locks,
        load: async (key) => {
          const s = await deps.vault.get(key, secretSchema);
          return s?.method === 'oauth' ? s : undefined;
        },
        isFresh: (s) => !isExpiring(s.tokens, deps.now()),
        refresh: async (_key, current) => ({ ...current, tokens: await renewTokens(product, base, current) }),
        // Only over a credential still there: a refresh landing after Disconnect must not bring it back.
        save: async (key, s) => {
          await deps.vault.update(key, secretSchema, (old) => (old ? s : undefined));
        },
      });
      refreshers.set(id, r);
    }
    return r;
  };

  async function renewTokens(product: Product, base: string, current: OAuthSecret) {
    const c = client(product, current);
    if (current.tokens.refreshToken) return protocols[product].refreshTokens(deps.fetch, base, c, current.tokens, deps.now());
    // A public Mattermost client gets no refresh token: ask again without showing anything, which
    // succeeds while the user is still signed in to the server and has approved the app.
    const code = await runAuthCodeFlow(deps.launchWebAuthFlow, (st, ch) => protocols[product].authorizeUrl(base, c, st, ch), c.redirectUri, false);
    return protocols[product].exchangeCode(deps.fetch, base, c, code.code, code.verifier, deps.now());
  }

  function io(product: Product, base: string, hold?: { secret: Secret }): ConnectionIo {
    const id = connectionId(product, base);
    return {
      fetch: deps.fetch,
      now: deps.now,
      // While connecting, the candidate credential lives in memory only: nothing half-done is saved.
      loadSecret: async () => (hold ? hold.secret : deps.vault.get(id, secretSchema)),
      saveSecret: async (s) => {
        if (hold) hold.secret = s;
        else await deps.vault.update(id, secretSchema, (old) => (old ? s : undefined));
      },
      refreshOAuth: async (seen) => {
        if (!hold) return refresherFor(product, base).refresh(id, seen);
        const renewed = { ...seen, tokens: await renewTokens(product, base, seen) };
        hold.secret = renewed;
        return renewed;
      },
      readSessionToken: () => servicenow.fetchSessionToken(deps.fetch, base),
      readCsrfCookie: () => deps.getCookie(base, 'MMCSRF'),
      needsSignIn: async (reason) => {
        if (!hold) await markNeedsSignIn(product, base, reason);
      },
    };
  }

  /** Obtains a credential by the chosen method; nothing is stored here. */
  async function obtain(req: ConnectRequest): Promise<Secret> {
    const host = new URL(req.base).host;
    switch (req.method) {
      case 'oauth': {
        const clientId = req.clientId?.trim();
        if (!clientId) throw new HttpError('http', 'Enter the Client ID of the OAuth app your administrator registered.');
        const c = client(req.product, { clientId, clientSecret: req.clientSecret?.trim() });
        const p = protocols[req.product];
        const code = await runAuthCodeFlow(deps.launchWebAuthFlow, (st, ch) => p.authorizeUrl(req.base, c, st, ch), c.redirectUri, true);
        const tokens = await p.exchangeCode(deps.fetch, req.base, c, code.code, code.verifier, deps.now());
        return { method: 'oauth', clientId, clientSecret: c.clientSecret, tokens };
      }
      case 'pat': {
        const token = req.accessToken?.trim();
        if (!token) throw new HttpError('http', 'Paste a personal access token (Profile › Security › Personal access tokens).');
        return { method: 'pat', token };
      }
      case 'session': {
        if (req.product === 'mattermost') return { method: 'session' };
        const sessionToken = await servicenow.fetchSessionToken(deps.fetch, req.base);
        if (sessionToken) return { method: 'session', sessionToken };
        await assertServiceNow(req.base);
        throw new HttpError('unauthorized', `Sign in to ${host} in a tab, then retry.`);
      }
    }
  }

  /**
   * Tells "not signed in" from "not a ServiceNow instance": the Table API answers JSON even when refusing, and a
   * single-sign-on instance redirects to its identity provider (not followed: another origin would fail as CORS).
   */
  async function assertServiceNow(base: string): Promise<void> {
    const host = new URL(base).host;
    const res = await deps
      .fetch(`${base}/api/now/table/sys_user?sysparm_limit=1`, { credentials: 'omit', headers: { Accept: 'application/json' }, redirect: 'manual' })
      .catch(() => undefined);
    if (res && isRedirect(res)) return;
    if (!res || !isJson(res)) throw new HttpError('not-json', `${host} does not look like a ServiceNow instance. Check the address.`);
  }

  async function whoAmI(product: Product, base: string, hold?: { secret: Secret }): Promise<Identity> {
    return protocols[product].whoAmI(connectionFetch(product, base, io(product, base, hold)), base);
  }

  const toStatus = (req: Pick<ConnectRequest, 'product' | 'base' | 'method'>, who: Identity): ConnectionStatus => ({
    product: req.product,
    base: req.base,
    method: req.method,
    state: 'connected',
    user: { name: who.name, username: who.username },
  });

  async function assertConfigured(product: Product, base: string) {
    const settings = await loadSettings();
    if (!settings[product].some((s) => s.base === base)) throw new NotConnectedError('http', `${base} is not one of your configured sites.`);
    return settings[product].find((s) => s.base === base)!;
  }

  return {
    async connect(request: ConnectRequest): Promise<ConnectionStatus> {
      const entry = await assertConfigured(request.product, request.base);
      const policy = await loadManaged();
      const preset = policy.signIn[request.product];
      if (policy.locked && preset && (preset.method !== request.method || (preset.clientId && request.clientId && preset.clientId !== request.clientId))) {
        throw new HttpError('http', 'Your administrator set how to sign in here; that method or app cannot be changed.');
      }
      const req = { ...request };
      if (req.method === 'oauth') {
        // Reconnect sends no client details: reuse the registered app's id and (vaulted) secret.
        req.clientId ||= entry.signIn?.clientId;
        const old = await deps.vault.get(connectionId(req.product, req.base), secretSchema);
        if (!req.clientSecret && old?.method === 'oauth' && old.clientId === req.clientId) req.clientSecret = old.clientSecret;
      }
      if (req.product === 'servicenow' && req.method === 'pat') throw new HttpError('http', 'ServiceNow connects with OAuth 2.0 or the browser session.');
      const hold = { secret: await obtain(req) };
      let who: Identity;
      try {
        who = await whoAmI(req.product, req.base, hold);
      } catch (err) {
        if (err instanceof HttpError && err.kind === 'unauthorized' && req.method === 'pat') {
          throw new HttpError('unauthorized', 'This token was refused. If personal access tokens are turned off on this server, use Browser session.');
        }
        if (err instanceof HttpError && err.kind === 'unauthorized' && req.method === 'session') {
          throw new HttpError('unauthorized', `Sign in to ${new URL(req.base).host} in a tab, then retry.`);
        }
        throw err;
      }
      const id = connectionId(req.product, req.base);
      await deps.vault.set(id, hold.secret);
      const status = toStatus(req, who);
      await setStatus(status);
      await setSignIn(req.product, req.base, { method: req.method, ...(hold.secret.method === 'oauth' ? { clientId: hold.secret.clientId } : {}) });
      return status;
    },

    /** Re-checks who the user is with the stored credential (refreshing it as needed). */
    async check(product: Product, base: string): Promise<ConnectionStatus> {
      const entry = await assertConfigured(product, base);
      if (!entry.signIn) throw new HttpError('http', `Not connected to ${new URL(base).host}.`);
      const who = await whoAmI(product, base);
      const status = toStatus({ product, base, method: entry.signIn.method }, who);
      await setStatus(status);
      return status;
    },

    /** A fetch acting as the user on this connection. */
    async fetchFor(product: Product, base: string): Promise<Fetch> {
      const entry = await assertConfigured(product, base);
      if (!entry.signIn) throw new NotConnectedError('unauthorized', `Connect ${new URL(base).host} in NowBridge's settings first.`);
      return connectionFetch(product, base, io(product, base));
    },

    /**
     * Forgets the connection here, always, then tells the server: ServiceNow's token is revoked quietly (as
     * before); Mattermost's OAuth grant is deauthorized, and when that fails the result says so for the user.
     * The local part comes first, so a slow or failing server can never leave a half-disconnected connection.
     */
    async disconnect(product: Product, base: string): Promise<{ revocationFailed?: string }> {
      const id = connectionId(product, base);
      const secret = await deps.vault.get(id, secretSchema);
      if (secret?.method === 'oauth' && product === 'servicenow') {
        const c = client(product, secret);
        await servicenow.revokeToken(deps.fetch, base, c, secret.tokens.refreshToken ?? secret.tokens.accessToken);
      }
      await deps.vault.delete(id);
      await clearStatus(product, base);
      if ((await loadSettings())[product].some((s) => s.base === base)) await setSignIn(product, base, undefined);
      await deps.onDisconnect?.(product, base);
      if (secret?.method !== 'oauth' || product !== 'mattermost') return {};
      // Renewed in memory only: the vault no longer holds this connection.
      const renew = () => mattermost.refreshTokens(deps.fetch, base, client(product, secret), secret.tokens, deps.now());
      const revocationFailed = await revokeMattermostAccess(deps.fetch, base, secret, renew);
      return revocationFailed ? { revocationFailed } : {};
    },

    statuses: loadStatuses,
  };
}

export type Connections = ReturnType<typeof createConnections>;

