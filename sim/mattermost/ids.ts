import { createHash, randomBytes } from 'node:crypto';

/** The real server's id alphabet: unpadded base32 with this letter order (model.NewId). */
export const ID_ALPHABET = 'ybndrfg8ejkmcpqxot1uwisza345h769';

function encode(bytes: Uint8Array, length: number): string {
  let out = '';
  let bits = 0;
  let value = 0;
  for (const b of bytes) {
    value = (value << 8) | b;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += ID_ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
    value &= 0xff;
  }
  return out;
}

/** A fresh random 26-char id (16 random bytes, as model.NewId). */
export function newId(): string {
  return encode(randomBytes(17), 26);
}

/** A random string of `length` chars over the id alphabet (OAuth codes are 52 chars). */
export function randomToken(length: number): string {
  return encode(randomBytes(Math.ceil((length * 5) / 8) + 1), length);
}

/** A stable id derived from a label: seeded objects keep their ids across runs and seeds. */
export function stableId(label: string): string {
  return encode(createHash('sha256').update(label).digest(), 26);
}

/** An id drawn from a seeded PRNG (deterministic seeds). */
export function idFrom(rand: () => number): string {
  let out = '';
  for (let i = 0; i < 26; i++) out += ID_ALPHABET[Math.floor(rand() * 32)];
  return out;
}

/** model.IsValidId: exactly 26 ASCII letters or digits. */
export function isValidId(s: unknown): s is string {
  return typeof s === 'string' && /^[a-zA-Z0-9]{26}$/.test(s);
}
