import { describe, expect, it } from 'vitest';
import { base64Url, createPkce, createState, isValidVerifier, pkceChallenge, randomUrlSafe } from './pkce';

const URL_SAFE = /^[A-Za-z0-9_-]+$/;

describe('base64Url', () => {
  it('uses the URL-safe alphabet without padding', () => {
    expect(base64Url(new Uint8Array([0xfb, 0xff, 0xfe]))).toBe('-__-');
    expect(base64Url(new Uint8Array([0x66]))).toBe('Zg');
    expect(base64Url(new Uint8Array([]))).toBe('');
  });
});

describe('randomUrlSafe', () => {
  it('gives 43 URL-safe characters for the default 32 bytes', () => {
    const s = randomUrlSafe();
    expect(s).toHaveLength(43);
    expect(s).toMatch(URL_SAFE);
  });

  it('is random', () => {
    const seen = new Set(Array.from({ length: 100 }, () => randomUrlSafe()));
    expect(seen.size).toBe(100);
  });

  it('scales with the byte count', () => {
    expect(randomUrlSafe(96)).toHaveLength(128);
    expect(randomUrlSafe(16)).toHaveLength(22);
  });

  it('refuses weak or impossible sizes', () => {
    expect(() => randomUrlSafe(8)).toThrow(RangeError);
    expect(() => randomUrlSafe(1.5 as number)).toThrow(RangeError);
    expect(() => randomUrlSafe(70_000)).toThrow(RangeError);
  });
});

describe('pkce', () => {
  it('matches the RFC 7636 appendix B test vector', async () => {
    expect(await pkceChallenge('dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk')).toBe(
      'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
    );
  });

  it('creates a valid verifier, its S256 challenge and the method', async () => {
    const p = await createPkce();
    expect(p.method).toBe('S256');
    expect(p.verifier.length).toBeGreaterThanOrEqual(43);
    expect(p.verifier.length).toBeLessThanOrEqual(128);
    expect(p.verifier).toMatch(/^[A-Za-z0-9\-._~]+$/);
    expect(p.challenge).toBe(await pkceChallenge(p.verifier));
    expect(p.challenge).toMatch(URL_SAFE);
    expect(p.challenge).toHaveLength(43);
  });

  it('gives a fresh verifier each time', async () => {
    const [a, b] = await Promise.all([createPkce(), createPkce()]);
    expect(a.verifier).not.toBe(b.verifier);
    expect(a.challenge).not.toBe(b.challenge);
  });

  it('rejects verifiers outside RFC 7636 without echoing them', async () => {
    expect(isValidVerifier('a'.repeat(42))).toBe(false);
    expect(isValidVerifier('a'.repeat(129))).toBe(false);
    expect(isValidVerifier('a'.repeat(42) + '+')).toBe(false);
    expect(isValidVerifier('A1-._~'.repeat(8))).toBe(true);
    const secret = 'secret-' + 'x'.repeat(30) + '/';
    await expect(pkceChallenge(secret)).rejects.toThrow(RangeError);
    await pkceChallenge(secret).catch((e: Error) => expect(e.message).not.toContain(secret));
  });
});

describe('createState', () => {
  it('is URL-safe, long and unique', () => {
    const a = createState();
    expect(a).toMatch(URL_SAFE);
    expect(a).toHaveLength(43);
    expect(createState()).not.toBe(a);
  });
});
