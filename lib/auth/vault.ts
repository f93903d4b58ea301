import { createStore, keys, promisifyRequest, type UseStore } from 'idb-keyval';
import type { z } from 'zod';

/**
 * Encrypted secret store for the background worker (never import from a content script: idb-keyval there would
 * open the *page's* IndexedDB).
 *
 * Records are AES-GCM encrypted under one 256-bit key that WebCrypto created non-extractable; the CryptoKey object
 * itself is kept in IndexedDB (structured clone preserves non-extractability), so neither the key material nor a
 * plaintext secret is ever readable from storage or from JS. The record id is the additional authenticated data,
 * so a ciphertext moved to another id fails to decrypt.
 *
 * Nothing here logs, and errors never include values: secrets must not end up in logs or error text.
 */

export interface Vault {
  /** The value, or undefined when absent, undecryptable or invalid (such a record is deleted). */
  get<T>(id: string, schema: z.ZodType<T>): Promise<T | undefined>;
  /** Stores any JSON value; `undefined` deletes. */
  set(id: string, value: unknown): Promise<void>;
  /**
   * Read-modify-write. Serialised per id within this vault, and compare-and-swap against other contexts, so `fn`
   * may run more than once under contention: keep it pure. Returning undefined deletes.
   */
  update<T>(id: string, schema: z.ZodType<T>, fn: (old: T | undefined) => T | undefined): Promise<T | undefined>;
  delete(id: string): Promise<void>;
  /** Deletes every id starting with `prefix` (e.g. all secrets of one connection), in one transaction. */
  deletePrefix(prefix: string): Promise<void>;
  ids(): Promise<string[]>;
}

export const VAULT_DB = 'nowbridge-vault';
export const VAULT_STORE = 'secrets';
/**
 * The CryptoKey lives in the same object store under an array key: record ids are strings, and IndexedDB never
 * treats a string and an array as the same key, so no id can collide with it. (A second store in the same DB
 * is not an option with idb-keyval: createStore only creates its store when the DB is first created.)
 */
export const KEY_SLOT: IDBValidKey = ['vault-key', 1];

interface SealedRecord {
  v: 1;
  iv: Uint8Array<ArrayBuffer>;
  data: ArrayBuffer;
}

/** Upper bound on compare-and-swap retries; only reached if another context rewrites the same id non-stop. */
const MAX_CAS_ATTEMPTS = 10;

function isSealed(r: unknown): r is SealedRecord {
  if (typeof r !== 'object' || r === null) return false;
  const o = r as Record<string, unknown>;
  return o.v === 1 && o.iv instanceof Uint8Array && o.iv.length === 12 && o.data instanceof ArrayBuffer;
}

function isAesKey(k: unknown): k is CryptoKey {
  if (typeof k !== 'object' || k === null) return false;
  const key = k as CryptoKey;
  return key.type === 'secret' && key.algorithm?.name === 'AES-GCM' && Array.isArray(key.usages);
}

/** Same stored version: every write uses a fresh random IV, so the IV identifies the version. */
function sameVersion(a: unknown, b: unknown): boolean {
  if (a === undefined || b === undefined) return a === b;
  // Two unreadable values: replacing or deleting either loses nothing.
  if (!isSealed(a) || !isSealed(b)) return !isSealed(a) && !isSealed(b);
  return a.iv.every((x, i) => x === b.iv[i]);
}

const aad = (id: string) => new TextEncoder().encode(`nowbridge-vault/v1/${id}`);

export function openVault(opts: { dbName?: string; crypto?: Crypto } = {}): Vault {
  const store: UseStore = createStore(opts.dbName ?? VAULT_DB, VAULT_STORE);
  const cryptoImpl = opts.crypto ?? globalThis.crypto;
  const subtle = cryptoImpl.subtle;

  let keyPromise: Promise<CryptoKey> | undefined;

  /**
   * The first use generates a candidate key, then keeps whatever key is stored by then (check and put in one
   * readwrite transaction). Two contexts racing on first use both end up with the one key that won.
   */
  async function loadOrCreateKey(): Promise<CryptoKey> {
    const existing = await store('readonly', (s) => promisifyRequest(s.get(KEY_SLOT)));
    if (isAesKey(existing)) return existing;
    const candidate = await subtle.generateKey({ name: 'AES-GCM', length: 256 }, false, ['encrypt', 'decrypt']);
    return store('readwrite', async (s) => {
      const current: unknown = await promisifyRequest(s.get(KEY_SLOT));
      if (isAesKey(current)) return current;
      // Absent, or something that is not our key: every record under the old slot is unreadable anyway.
      s.put(candidate, KEY_SLOT);
      await promisifyRequest(s.transaction);
      return candidate;
    });
  }

  function key(): Promise<CryptoKey> {
    keyPromise ??= loadOrCreateKey().catch((e: unknown) => {
      keyPromise = undefined; // a transient IDB failure must not poison the vault for the worker's lifetime
      throw e;
    });
    return keyPromise;
  }

  async function seal(id: string, value: unknown): Promise<SealedRecord> {
    let json: string | undefined;
    try {
      json = JSON.stringify(value);
    } catch {
      json = undefined; // the native message may quote property names; say nothing about the value
    }
    if (json === undefined) throw new TypeError('vault: value is not JSON-serialisable');
    const iv = cryptoImpl.getRandomValues(new Uint8Array(12));
    const data = await subtle.encrypt({ name: 'AES-GCM', iv, additionalData: aad(id) }, await key(), new TextEncoder().encode(json));
    return { v: 1, iv, data };
  }

  /** undefined for anything that isn't a record we wrote for this id under this key, or fails the schema. */
  async function open<T>(id: string, raw: unknown, schema: z.ZodType<T>): Promise<T | undefined> {
    if (!isSealed(raw)) return undefined;
    try {
      const plain = await subtle.decrypt({ name: 'AES-GCM', iv: raw.iv, additionalData: aad(id) }, await key(), raw.data);
      const parsed = schema.safeParse(JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plain)));
      return parsed.success ? parsed.data : undefined;
    } catch {
      // Tampered, moved between ids, written under a lost key, or not JSON. Swallowed on purpose: the error
      // of JSON.parse quotes the plaintext.
      return undefined;
    }
  }

  const readRaw = (id: string) => store('readonly', (s) => promisifyRequest<unknown>(s.get(id)));

  /** Writes `next` (or deletes when undefined) only if the stored version is still `expected`. */
  function compareAndSwap(id: string, expected: unknown, next: SealedRecord | undefined): Promise<boolean> {
    return store('readwrite', async (s) => {
      const current: unknown = await promisifyRequest(s.get(id));
      if (!sameVersion(current, expected)) return false;
      if (next) s.put(next, id);
      else if (current !== undefined) s.delete(id);
      await promisifyRequest(s.transaction);
      return true;
    });
  }

  // Per-id queue so updates within this context don't spin against each other's compare-and-swap.
  const queues = new Map<string, Promise<unknown>>();
  function serialise<R>(id: string, task: () => Promise<R>): Promise<R> {
    const prev = queues.get(id) ?? Promise.resolve();
    const run = prev.then(task, task);
    const tail = run.catch(() => undefined);
    queues.set(id, tail);
    void tail.then(() => {
      if (queues.get(id) === tail) queues.delete(id);
    });
    return run;
  }

  const vault: Vault = {
    async get(id, schema) {
      const raw = await readRaw(id);
      if (raw === undefined) return undefined;
      const value = await open(id, raw, schema);
      // Drop the bad record, but only that version: a good one written meanwhile must survive.
      if (value === undefined) await compareAndSwap(id, raw, undefined);
      return value;
    },

    async set(id, value) {
      if (value === undefined) return vault.delete(id);
      const sealed = await seal(id, value);
      await store('readwrite', (s) => {
        s.put(sealed, id);
        return promisifyRequest(s.transaction);
      });
    },

    update(id, schema, fn) {
      return serialise(id, async () => {
        for (let attempt = 0; attempt < MAX_CAS_ATTEMPTS; attempt++) {
          const raw = await readRaw(id);
          const old = raw === undefined ? undefined : await open(id, raw, schema);
          const next = fn(old);
          const sealed = next === undefined ? undefined : await seal(id, next);
          if (await compareAndSwap(id, raw, sealed)) return next;
        }
        throw new Error('vault: update gave up after repeated concurrent writes');
      });
    },

    async delete(id) {
      await store('readwrite', (s) => {
        s.delete(id);
        return promisifyRequest(s.transaction);
      });
    },

    async deletePrefix(prefix) {
      // An empty prefix would wipe every secret; that is never what a caller cleaning up one connection means.
      if (!prefix) throw new RangeError('vault: deletePrefix needs a non-empty prefix');
      await store('readwrite', async (s) => {
        const all = await promisifyRequest(s.getAllKeys());
        for (const k of all) if (typeof k === 'string' && k.startsWith(prefix)) s.delete(k);
        await promisifyRequest(s.transaction);
      });
    },

    async ids() {
      return (await keys(store)).filter((k): k is string => typeof k === 'string');
    },
  };
  return vault;
}
