import { z } from 'zod';

/**
 * Token endpoint responses (ServiceNow `/oauth_token.do`, Mattermost `/oauth/access_token`) and the one shape we
 * keep in the vault. Parse errors from these schemas must never be shown as-is: zod issues can carry the input.
 */

const nonEmpty = z.string().min(1);

/** RFC 6749 §5.1: token_type is case-insensitive. Normalised so the rest of the code sees one spelling. */
const bearer = z
  .string()
  .refine((s) => s.toLowerCase() === 'bearer', { message: 'token_type must be Bearer' })
  .transform(() => 'Bearer' as const);

/** Seconds. Some servers send a JSON number, some a numeric string. */
const seconds = z.union([
  z.number().int().nonnegative(),
  z
    .string()
    .regex(/^\d{1,12}$/)
    .transform(Number),
]);

/** An empty refresh token (Mattermost public clients) means "none", not a token to use. */
const optionalToken = z
  .string()
  .optional()
  .transform((s) => (s ? s : undefined));

/** ServiceNow: `{"access_token","refresh_token","scope":"useraccount","token_type":"Bearer","expires_in":1799}`. */
export const serviceNowTokenResponse = z.object({
  access_token: nonEmpty,
  refresh_token: optionalToken,
  token_type: bearer,
  expires_in: seconds.optional(),
  scope: z.string().optional(),
});

/** Mattermost: `{"access_token","token_type":"bearer","expires_in","scope","refresh_token","id_token":""}`. */
export const mattermostTokenResponse = z.object({
  access_token: nonEmpty,
  token_type: bearer,
  expires_in: seconds,
  refresh_token: optionalToken,
  // Present on every current server but unused by us, so their absence is no reason to refuse a login.
  scope: z.string().optional(),
  id_token: z.string().optional(),
});

export type TokenSet = {
  accessToken: string;
  refreshToken?: string;
  /** Epoch ms; absent when the server didn't say (then only a 401 tells us it expired). */
  expiresAt?: number;
  tokenType: 'Bearer';
};

/** What the vault stores; re-validated on every read. */
export const tokenSet: z.ZodType<TokenSet> = z.object({
  accessToken: nonEmpty,
  refreshToken: nonEmpty.optional(),
  expiresAt: z.number().finite().optional(),
  tokenType: z.literal('Bearer'),
});

type TokenResponse = {
  access_token: string;
  refresh_token?: string | undefined;
  expires_in?: number | undefined;
  token_type: 'Bearer';
};

/**
 * `previous` is the set being refreshed: a refresh response without a refresh token keeps the old one (servers
 * that don't rotate may omit it), while one that carries a new token replaces it (rotation must be persisted).
 */
export function toTokenSet(resp: TokenResponse, now: number, previous?: TokenSet): TokenSet {
  const set: TokenSet = { accessToken: resp.access_token, tokenType: 'Bearer' };
  const refreshToken = resp.refresh_token || previous?.refreshToken;
  if (refreshToken) set.refreshToken = refreshToken;
  if (resp.expires_in !== undefined) set.expiresAt = now + resp.expires_in * 1000;
  return set;
}

/** True when the access token is expired or will be within `skewMs` (clock skew plus request time). */
export function isExpiring(set: TokenSet, now: number, skewMs = 60_000): boolean {
  return set.expiresAt !== undefined && now + skewMs >= set.expiresAt;
}
