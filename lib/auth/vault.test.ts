import { createStore, entries, get as rawGet, set as rawSet } from 'idb-keyval';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { KEY_SLOT, VAULT_DB, VAULT_STORE, openVault } from './vault';

const TOKEN = 'sn-access-TOKEN-7f3a9c1e5b';
const tokenSchema = z.object({ accessToken: z.string(), refreshToken: z.string().optional() });

// fake-indexeddb keeps databases for the whole file, so each test gets its own.
let n = 0;
const freshDb = () => `vault-test-${++n}`;
const raw = (dbName: string) => createStore(dbName, VAULT_STORE);

/** Every leaf of a stored value, so a test can look for the plaintext in strings and in bytes. */
function leaves(v: unknown, out: unknown[] = [], seen = new Set<unknown>()): unknown[] {
  if (typeof v === 'object' && v !== null && !seen.has(v)) {
    seen.add(v);
    if (v instanceof ArrayBuffer || ArrayBuffer.isView(v)) out.push(v);
    else for (const k of Object.keys(v)) leaves((v as Record<string, unknown>)[k], out, seen);
  } else out.push(v);
  return out;
}

function containsBytes(hay: Uint8Array, needle: Uint8Array): boolean {
  outer: for (let i = 0; i + needle.length <= hay.length; i++) {
    for (let j = 0; j < needle.length; j++) if (hay[i + j] !== needle[j]) continue outer;
    return true;
  }
  return false;
}

function bytesOf(v: ArrayBuffer | ArrayBufferView): Uint8Array {
  return v instanceof ArrayBuffer ? new Uint8Array(v) : new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
}

afterEach(() => vi.restoreAllMocks());

describe('openVault', () => {
  it('uses its own database by default', async () => {
    const v = openVault();
    await v.set('probe', { accessToken: TOKEN });
    expect((await entries(raw(VAULT_DB))).map(([k]) => k)).toContainEqual('probe');
    await v.delete('probe');
  });

  it('round-trips values through the schema', async () => {
    const v = openVault({ dbName: freshDb() });
    await v.set('sn:a', { accessToken: TOKEN, refreshToken: 'r' });
    expect(await v.get('sn:a', tokenSchema)).toEqual({ accessToken: TOKEN, refreshToken: 'r' });
    expect(await v.get('missing', tokenSchema)).toBeUndefined();
    await v.set('n', 42);
    expect(await v.get('n', z.number())).toBe(42);
    await v.set('unicode', 'ünïcødé ✓ 🔑');
    expect(await v.get('unicode', z.string())).toBe('ünïcødé ✓ 🔑');
  });

  it('survives a new vault instance (a restarted worker)', async () => {
    const db = freshDb();
    await openVault({ dbName: db }).set('sn:a', { accessToken: TOKEN });
    expect(await openVault({ dbName: db }).get('sn:a', tokenSchema)).toEqual({ accessToken: TOKEN });
  });

  it('stores ciphertext only', async () => {
    const db = freshDb();
    const v = openVault({ dbName: db });
    await v.set('sn:a', { accessToken: TOKEN, refreshToken: TOKEN + '-refresh' });
    await v.set('plain', TOKEN);

    const stored = await entries(raw(db));
    const needle = new TextEncoder().encode(TOKEN);
    const utf16 = new Uint8Array(new Uint16Array([...TOKEN].map((c) => c.charCodeAt(0))).buffer);
    for (const [k, value] of stored) {
      if (k === 'sn:a' || k === 'plain') {
        expect(Object.keys(value as object).sort()).toEqual(['data', 'iv', 'v']);
        expect((value as { iv: Uint8Array }).iv).toBeInstanceOf(Uint8Array);
        expect((value as { iv: Uint8Array }).iv).toHaveLength(12);
        expect((value as { data: ArrayBuffer }).data).toBeInstanceOf(ArrayBuffer);
      }
      for (const leaf of leaves(value)) {
        if (typeof leaf === 'string') expect(leaf).not.toContain(TOKEN);
        if (leaf instanceof ArrayBuffer || ArrayBuffer.isView(leaf)) {
          expect(containsBytes(bytesOf(leaf), needle)).toBe(false);
          expect(containsBytes(bytesOf(leaf), utf16)).toBe(false);
        }
      }
    }
    expect(JSON.stringify(stored)).not.toContain(TOKEN);
  });

  it('keeps the key as a non-extractable CryptoKey', async () => {
    const db = freshDb();
    await openVault({ dbName: db }).set('sn:a', { accessToken: TOKEN });
    const key = await rawGet<CryptoKey>(KEY_SLOT, raw(db));
    expect(key).toBeInstanceOf(CryptoKey);
    expect(key!.extractable).toBe(false);
    expect(key!.algorithm).toMatchObject({ name: 'AES-GCM', length: 256 });
    await expect(crypto.subtle.exportKey('raw', key!)).rejects.toThrow();
    await expect(crypto.subtle.exportKey('jwk', key!)).rejects.toThrow();
  });

  it('uses a fresh IV for every write', async () => {
    const db = freshDb();
    const v = openVault({ dbName: db });
    await v.set('a', TOKEN);
    const first = await rawGet<{ iv: Uint8Array }>('a', raw(db));
    await v.set('a', TOKEN);
    const second = await rawGet<{ iv: Uint8Array }>('a', raw(db));
    expect([...second!.iv]).not.toEqual([...first!.iv]);
  });

  it('refuses ciphertext moved to another id, and deletes it', async () => {
    const db = freshDb();
    const v = openVault({ dbName: db });
    await v.set('mm:a', { accessToken: 'A' });
    await v.set('mm:b', { accessToken: 'B' });
    const a = await rawGet('mm:a', raw(db));
    const b = await rawGet('mm:b', raw(db));
    await rawSet('mm:a', b, raw(db));
    await rawSet('mm:b', a, raw(db));
    expect(await v.get('mm:a', tokenSchema)).toBeUndefined();
    expect(await v.get('mm:b', tokenSchema)).toBeUndefined();
    expect(await v.ids()).toEqual([]);
  });

  it('treats corrupted records as absent and deletes them', async () => {
    const db = freshDb();
    const v = openVault({ dbName: db });
    await v.set('flipped', { accessToken: TOKEN });
    const rec = (await rawGet<{ v: 1; iv: Uint8Array; data: ArrayBuffer }>('flipped', raw(db)))!;
    const data = new Uint8Array(rec.data.slice(0));
    data[0]! ^= 1;
    await rawSet('flipped', { ...rec, data: data.buffer }, raw(db));
    await rawSet('junk', 'not a record', raw(db));
    await rawSet('shortIv', { ...rec, iv: new Uint8Array(4) }, raw(db));
    await rawSet('future', { ...rec, v: 2 }, raw(db));

    const log = vi.spyOn(console, 'log');
    const warn = vi.spyOn(console, 'warn');
    const error = vi.spyOn(console, 'error');
    for (const id of ['flipped', 'junk', 'shortIv', 'future']) expect(await v.get(id, tokenSchema)).toBeUndefined();
    expect(await v.ids()).toEqual([]);
    expect(log).not.toHaveBeenCalled();
    expect(warn).not.toHaveBeenCalled();
    expect(error).not.toHaveBeenCalled();
  });

  it('treats a value that fails the schema as absent and deletes it', async () => {
    const v = openVault({ dbName: freshDb() });
    await v.set('sn:a', { accessToken: 42 });
    expect(await v.get('sn:a', tokenSchema)).toBeUndefined();
    expect(await v.ids()).toEqual([]);
  });

  it('drops records written under a lost key', async () => {
    const db = freshDb();
    await openVault({ dbName: db }).set('a', TOKEN);
    await rawSet(KEY_SLOT, 'garbage', raw(db));
    const v = openVault({ dbName: db });
    expect(await v.get('a', z.string())).toBeUndefined();
    await v.set('b', 'fresh');
    expect(await v.get('b', z.string())).toBe('fresh');
    expect(await rawGet(KEY_SLOT, raw(db))).toBeInstanceOf(CryptoKey);
  });

  it('ends up with one key when two contexts use the vault first at the same time', async () => {
    const db = freshDb();
    // Both contexts must have generated a candidate before either stores one, or this tests nothing.
    let generated = 0;
    let release!: () => void;
    const bothGenerated = new Promise<void>((r) => (release = r));
    const racingCrypto = {
      getRandomValues: crypto.getRandomValues.bind(crypto),
      subtle: new Proxy(crypto.subtle, {
        get(target, prop) {
          if (prop === 'generateKey') {
            return async (...args: Parameters<SubtleCrypto['generateKey']>) => {
              const k = await target.generateKey(...args);
              if (++generated === 2) release();
              await bothGenerated;
              return k;
            };
          }
          const value = Reflect.get(target, prop) as unknown;
          return typeof value === 'function' ? value.bind(target) : value;
        },
      }),
    } as unknown as Crypto;
    const a = openVault({ dbName: db, crypto: racingCrypto });
    const b = openVault({ dbName: db, crypto: racingCrypto });
    await Promise.all([a.set('from-a', 'A'), b.set('from-b', 'B')]);
    expect(generated).toBe(2);

    const stored = await entries(raw(db));
    expect(stored.filter(([, value]) => value instanceof CryptoKey)).toHaveLength(1);
    // Each context can read what the other wrote, so both really use the same key.
    expect(await a.get('from-b', z.string())).toBe('B');
    expect(await b.get('from-a', z.string())).toBe('A');
    expect(await openVault({ dbName: db }).get('from-a', z.string())).toBe('A');
  });

  it('set(undefined) deletes; unserialisable values are refused without echoing them', async () => {
    const v = openVault({ dbName: freshDb() });
    await v.set('a', 'x');
    await v.set('a', undefined);
    expect(await v.ids()).toEqual([]);
    const cyclic: Record<string, unknown> = { secret: TOKEN };
    cyclic.self = cyclic;
    const err = await v.set('c', cyclic).catch((e: unknown) => e as Error);
    expect(err).toBeInstanceOf(TypeError);
    expect(err!.message).not.toContain(TOKEN);
    expect(err!.message).not.toContain('secret');
    await expect(v.set('f', () => TOKEN)).rejects.toThrow(TypeError);
  });

  it('lists string ids only (never the key slot) and deletes by prefix', async () => {
    const v = openVault({ dbName: freshDb() });
    for (const id of ['sn:https://a/token', 'sn:https://a/pkce', 'sn:https://ab/token', 'mm:https://a/token']) await v.set(id, id);
    expect((await v.ids()).sort()).toEqual(['mm:https://a/token', 'sn:https://a/pkce', 'sn:https://a/token', 'sn:https://ab/token']);
    await v.deletePrefix('sn:https://a/');
    expect((await v.ids()).sort()).toEqual(['mm:https://a/token', 'sn:https://ab/token']);
    // The key survived: remaining records still decrypt.
    expect(await v.get('sn:https://ab/token', z.string())).toBe('sn:https://ab/token');
    await v.deletePrefix('nothing-matches');
    expect(await v.ids()).toHaveLength(2);
    await expect(v.deletePrefix('')).rejects.toThrow(RangeError);
    expect(await v.ids()).toHaveLength(2);
    await v.delete('mm:https://a/token');
    await v.delete('never-existed');
    expect(await v.ids()).toEqual(['sn:https://ab/token']);
  });

  describe('update', () => {
    const count = z.number().int();

    it('passes the old value and stores the new one', async () => {
      const v = openVault({ dbName: freshDb() });
      expect(await v.update('c', count, (old) => (old ?? 0) + 1)).toBe(1);
      expect(await v.update('c', count, (old) => (old ?? 0) + 1)).toBe(2);
      expect(await v.get('c', count)).toBe(2);
    });

    it('deletes when fn returns undefined', async () => {
      const v = openVault({ dbName: freshDb() });
      await v.set('c', 5);
      expect(await v.update('c', count, () => undefined)).toBeUndefined();
      expect(await v.ids()).toEqual([]);
    });

    it('hands fn undefined for an invalid record and replaces it', async () => {
      const v = openVault({ dbName: freshDb() });
      await v.set('c', 'not a number');
      const seen: unknown[] = [];
      await v.update('c', count, (old) => (seen.push(old), 7));
      expect(seen).toEqual([undefined]);
      expect(await v.get('c', count)).toBe(7);
    });

    it('loses no increment under concurrency within one context', async () => {
      const v = openVault({ dbName: freshDb() });
      await Promise.all(Array.from({ length: 10 }, () => v.update('c', count, (old) => (old ?? 0) + 1)));
      expect(await v.get('c', count)).toBe(10);
    });

    it('loses no increment across contexts sharing the database', async () => {
      const db = freshDb();
      const a = openVault({ dbName: db });
      const b = openVault({ dbName: db });
      await a.set('c', 0);
      await Promise.all(
        Array.from({ length: 10 }, (_, i) => (i % 2 ? a : b).update('c', count, (old) => (old ?? 0) + 1)),
      );
      expect(await a.get('c', count)).toBe(10);
    });

    it('keeps working for an id after fn throws', async () => {
      const v = openVault({ dbName: freshDb() });
      await expect(
        v.update('c', count, () => {
          throw new Error('boom');
        }),
      ).rejects.toThrow('boom');
      expect(await v.update('c', count, (old) => (old ?? 0) + 1)).toBe(1);
    });
  });
});
