/**
 * OAuth state (ServiceNow docs, "OAuth authorization code flow"): registered clients, authorization codes and tokens. Pure bookkeeping; the
 * HTTP endpoints live in oauth-authorize.ts and oauth-token.ts.
 */
import { createHash, timingSafeEqual } from 'node:crypto';
import { CHROME_EXTENSION_ID } from '../../lib/extension-id';
import type { Clock } from './clock';
import { randomToken } from './ids';
import type { SnUser } from './types';

export interface OAuthClient {
  client_id: string;
  /** absent: a public client, which must use PKCE (S256) */
  client_secret?: string;
  /** compared exactly, as the Application Registry does */
  redirect_uris: string[];
  /** shown on the consent page */
  name?: string;
  /** false: the token answer carries no refresh_token (some public-client setups) */
  issueRefreshTokens?: boolean;
}

export const EXTENSION_REDIRECT_URI = `https://${CHROME_EXTENSION_ID}.chromiumapp.org/servicenow`;

export const DEFAULT_CLIENTS: OAuthClient[] = [
  { client_id: 'nowbridge-public', name: 'NowBridge', redirect_uris: [EXTENSION_REDIRECT_URI] },
  { client_id: 'nowbridge-confidential', client_secret: 'nowbridge-secret', name: 'NowBridge (confidential)', redirect_uris: [EXTENSION_REDIRECT_URI] },
];

/** Refresh tokens live 100 days by default (ServiceNow docs, "OAuth authorization code flow"). */
export const REFRESH_LIFETIME_SEC = 8_640_000;
/** Codes are exchanged at once by real clients; a short life keeps stolen ones useless. */
export const CODE_LIFETIME_SEC = 120;

interface Code {
  code: string;
  clientId: string;
  redirectUri: string;
  challenge?: string;
  user: SnUser;
  expiresAt: number;
  used: boolean;
  /** tokens issued from this code, revoked if the code is replayed */
  issued: string[];
}

export interface TokenRecord {
  token: string;
  kind: 'access' | 'refresh';
  clientId: string;
  user: SnUser;
  expiresAt: number;
  revoked: boolean;
  /** for access tokens: the refresh token they came with */
  refresh?: string;
}

export interface TokenAnswer {
  access_token: string;
  refresh_token?: string;
  scope: 'useraccount';
  token_type: 'Bearer';
  expires_in: number;
}

export const isPublic = (c: OAuthClient) => c.client_secret === undefined;

export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url');
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

export function createGrants(clock: Clock, lifetimeSec: () => number, clients: OAuthClient[] = DEFAULT_CLIENTS) {
  const clientMap = new Map(clients.map((c) => [c.client_id, c]));
  const codes = new Map<string, Code>();
  const tokens = new Map<string, TokenRecord>();
  let issuedAccess = 0;
  let issuedRefresh = 0;

  const live = (t: TokenRecord | undefined, kind: TokenRecord['kind']) =>
    t && t.kind === kind && !t.revoked && t.expiresAt > clock.now() ? t : undefined;

  function issue(client: OAuthClient, user: SnUser, keepRefresh?: TokenRecord): TokenAnswer {
    const lifetime = lifetimeSec();
    let refresh = keepRefresh;
    if (!refresh && client.issueRefreshTokens !== false) {
      refresh = { token: randomToken(), kind: 'refresh', clientId: client.client_id, user, expiresAt: clock.now() + REFRESH_LIFETIME_SEC * 1000, revoked: false };
      tokens.set(refresh.token, refresh);
      issuedRefresh++;
    }
    const access: TokenRecord = { token: randomToken(), kind: 'access', clientId: client.client_id, user, expiresAt: clock.now() + lifetime * 1000, revoked: false, refresh: refresh?.token };
    tokens.set(access.token, access);
    issuedAccess++;
    // Key order as in the documented answer.
    return {
      access_token: access.token,
      ...(refresh ? { refresh_token: refresh.token } : {}),
      scope: 'useraccount',
      token_type: 'Bearer',
      expires_in: lifetime - 1,
    };
  }

  return {
    client: (id: string | null | undefined) => (id ? clientMap.get(id) : undefined),
    register: (c: OAuthClient) => void clientMap.set(c.client_id, c),
    /** a confidential client must present its secret; a public one must not be asked for one */
    authenticates: (c: OAuthClient, secret: string | null | undefined) =>
      isPublic(c) ? true : typeof secret === 'string' && sameSecret(secret, c.client_secret!),

    newCode(clientId: string, redirectUri: string, user: SnUser, challenge?: string): string {
      const code = randomToken().slice(0, 32);
      codes.set(code, { code, clientId, redirectUri, challenge, user, expiresAt: clock.now() + CODE_LIFETIME_SEC * 1000, used: false, issued: [] });
      return code;
    },

    /**
     * authorization_code grant. Single use: a code is spent by its first exchange attempt, right or wrong,
     * and replaying a spent code revokes what it produced (RFC 6749 §4.1.2).
     */
    exchangeCode(client: OAuthClient, code: string, redirectUri: string | null, verifier: string | null): TokenAnswer | undefined {
      const c = codes.get(code);
      if (!c) return undefined;
      if (c.used) {
        for (const t of c.issued) {
          const rec = tokens.get(t);
          if (rec) rec.revoked = true;
        }
        return undefined;
      }
      c.used = true;
      if (c.clientId !== client.client_id || c.expiresAt <= clock.now() || c.redirectUri !== redirectUri) return undefined;
      if (c.challenge !== undefined && (!verifier || s256(verifier) !== c.challenge)) return undefined;
      const answer = issue(client, c.user);
      c.issued.push(answer.access_token, ...(answer.refresh_token ? [answer.refresh_token] : []));
      return answer;
    },

    /** refresh_token grant; with rotation the presented token dies and a new one is returned */
    refresh(client: OAuthClient, token: string, rotate: boolean): TokenAnswer | undefined {
      const rec = live(tokens.get(token), 'refresh');
      if (!rec || rec.clientId !== client.client_id) return undefined;
      if (rotate) {
        rec.revoked = true;
        return issue(client, rec.user);
      }
      return issue(client, rec.user, rec);
    },

    /** RFC 7009: unknown tokens are not an error; revoking a refresh token ends its access tokens too */
    revoke(token: string): boolean {
      const rec = tokens.get(token);
      if (!rec) return false;
      rec.revoked = true;
      if (rec.kind === 'refresh') for (const t of tokens.values()) if (t.refresh === token) t.revoked = true;
      return true;
    },

    /** the user behind a live access token */
    userFor: (token: string) => live(tokens.get(token), 'access')?.user,

    /** tokens for tests that skip the browser dance */
    issueFor: (client: OAuthClient, user: SnUser) => issue(client, user),

    expireAll(includeRefresh: boolean): void {
      const past = clock.now() - 1;
      for (const t of tokens.values()) if (t.kind === 'access' || includeRefresh) t.expiresAt = Math.min(t.expiresAt, past);
    },

    stats: () => ({
      issuedAccess,
      issuedRefresh,
      revoked: [...tokens.values()].filter((t) => t.revoked).length,
      live: [...tokens.values()].filter((t) => !t.revoked && t.expiresAt > clock.now()).length,
    }),
  };
}

export type Grants = ReturnType<typeof createGrants>;
