import { randomBytes } from 'node:crypto';

/** Secrets (tokens, codes, g_ck, session ids) come from the OS CSPRNG, never from the seed. */
export const randomHex = (bytes: number) => randomBytes(bytes).toString('hex');

/** OAuth tokens: long opaque strings, like the real instance's. */
export const randomToken = () => randomBytes(48).toString('base64url');
