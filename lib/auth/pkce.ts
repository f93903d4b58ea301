/**
 * PKCE (RFC 7636) and OAuth `state` values. Background worker only: the verifier is a secret until the code
 * exchange, so it never leaves the worker.
 */

/** base64url without padding (RFC 4648 §5), the encoding RFC 7636 requires for the challenge. */
export function base64Url(bytes: Uint8Array): string {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

/**
 * `bytes` random bytes as base64url. 32 bytes give 43 characters and 256 bits of entropy, which is the minimum
 * verifier length RFC 7636 allows, and plenty for `state`.
 */
export function randomUrlSafe(bytes = 32, cryptoImpl: Crypto = globalThis.crypto): string {
  // getRandomValues refuses more than 65,536 bytes; anything below 16 bytes is too weak for a secret.
  if (!Number.isInteger(bytes) || bytes < 16 || bytes > 65_536) throw new RangeError('randomUrlSafe: bytes must be 16..65536');
  return base64Url(cryptoImpl.getRandomValues(new Uint8Array(bytes)));
}

/** RFC 7636 §4.1: 43–128 characters of ALPHA / DIGIT / "-" / "." / "_" / "~". */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;

export function isValidVerifier(verifier: string): boolean {
  return VERIFIER.test(verifier);
}

/** S256 challenge: base64url(SHA-256(ASCII(verifier))). */
export async function pkceChallenge(verifier: string, cryptoImpl: Crypto = globalThis.crypto): Promise<string> {
  // Don't echo the verifier: it is a secret until the exchange.
  if (!isValidVerifier(verifier)) throw new RangeError('pkceChallenge: invalid code verifier');
  const digest = await cryptoImpl.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  return base64Url(new Uint8Array(digest));
}

export interface Pkce {
  verifier: string;
  challenge: string;
  method: 'S256';
}

/** Always S256: `plain` would hand the verifier to anyone who sees the authorize URL. */
export async function createPkce(cryptoImpl: Crypto = globalThis.crypto): Promise<Pkce> {
  const verifier = randomUrlSafe(32, cryptoImpl);
  return { verifier, challenge: await pkceChallenge(verifier, cryptoImpl), method: 'S256' };
}

/** Unguessable `state` for the authorize request; checked on the redirect to stop login CSRF. */
export function createState(cryptoImpl: Crypto = globalThis.crypto): string {
  return randomUrlSafe(32, cryptoImpl);
}
