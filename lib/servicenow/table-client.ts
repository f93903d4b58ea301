/**
 * The ServiceNow Table API client (ServiceNow docs, "Table API"), for the background worker only: content scripts
 * never hold a connection's fetch.
 *
 * Every read asks for `sysparm_display_value=all` (render `display_value`, decide on `value`),
 * `sysparm_exclude_reference_link=true` (links only cost bytes) and an explicit `sysparm_fields`
 * (never the whole record). Answers are validated with zod; failures are HttpErrors whose messages
 * are safe to show. Identical reads in flight share one HTTP request.
 */
import { z } from 'zod';
import { type Fetch, HttpError, isJson, readJson, request, retryAfterMs } from '../http';
import { isTableName } from './record-url';

/** A field as the Table API sends it: a plain string, or `{display_value, value}` with display_value=all. */
export type RawValue = string | { display_value: string; value: string };
export type RawRow = Record<string, RawValue>;
/** A field's stored value ('' when absent), whichever shape it came in. */
export const valueOf = (v: RawValue | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : v.value);
/** A field's display value ('' when absent); a plain string is both. */
export const displayOf = (v: RawValue | undefined): string => (v === undefined ? '' : typeof v === 'string' ? v : v.display_value);

export type DisplayValueMode = 'all' | 'true' | 'false';

export interface ListOptions {
  /** an encoded query (ServiceNow docs, "Encoded query strings"); escape values with escapeQueryValue */
  query?: string;
  /** required: the Table API would otherwise send every field */
  fields: string | readonly string[];
  /** default 100; the server's default (10000) is never what we want */
  limit?: number;
  offset?: number;
  displayValue?: DisplayValueMode;
  signal?: AbortSignal;
  /** retries after a 429, instead of the client's; 0 for a caller that schedules its own (watch-poller.ts) */
  retries?: number;
}

export interface ListPage {
  rows: RawRow[];
  /** X-Total-Count: counts rows the user cannot read too (ServiceNow docs, "Table API") */
  total: number | undefined;
  /** offset of the next page, from Link rel="next" (or X-Total-Count when there is no Link) */
  nextOffset: number | undefined;
  /** the server's clock (its Date header, epoch ms), when it sent one: watching measures gaps with it */
  serverTime?: number;
}

export interface TableClient {
  /** the instance base, without a trailing slash */
  readonly base: string;
  list(table: string, opts: ListOptions): Promise<ListPage>;
  /** 404 (missing or hidden by ACL, which ServiceNow does not tell apart) → HttpError 'not-found' */
  get(table: string, sys_id: string, fields: string | readonly string[], signal?: AbortSignal): Promise<RawRow>;
  /** a write: never shared with other calls; retried only on 429, which the server refused before acting */
  patch(table: string, sys_id: string, body: Record<string, string>, fields: string | readonly string[], signal?: AbortSignal): Promise<RawRow>;
  /**
   * An insert (POST, answered 201 with the new record: ServiceNow docs, "Table API" POST). Like patch: actual values,
   * never shared, retried only on 429; a 403's detail (data policy, ACL) surfaces as a TableApiError (write-refusal.ts).
   */
  create(table: string, body: Record<string, string>, fields: string | readonly string[], signal?: AbortSignal): Promise<RawRow>;
}

export interface TableClientOptions {
  timeoutMs?: number;
  /** retries after a 429; default 2 */
  maxRetries?: number;
  /** longest wait we accept before a retry; a longer Retry-After fails at once (default 10 s) */
  maxWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
  now?: () => number;
}

export { escapeQueryValue, withoutScriptPrefix } from './query-value';

// Values are strings on a real instance (ServiceNow docs, "Table API"); anything scalar is accepted and turned into one.
const scalar = z
  .union([z.string(), z.number(), z.boolean(), z.null()])
  .transform((v) => (v === null ? '' : String(v)));
const rawValue = z.union([
  scalar,
  z
    .object({ display_value: scalar.optional(), value: scalar.optional() })
    .transform((o) => ({ display_value: o.display_value ?? '', value: o.value ?? '' })),
]);
const rawRow = z.record(z.string(), rawValue);
const listBody = z.object({ result: z.array(rawRow) });
const recordBody = z.object({ result: rawRow });
const errorEnvelope = z
  .object({ error: z.object({ message: z.string().optional(), detail: z.string().nullish() }).loose() })
  .loose();

/**
 * A Table API failure whose envelope carried a `detail`: what a 403 really means ("Data Policy Exception: …",
 * "ACL Exception …", a business rule's abort; records-and-watch-contracts.md A.4). The detail is server text:
 * classify it (write-refusal.ts) or render it as text, never as markup.
 */
export class TableApiError extends HttpError {
  constructor(err: HttpError, message: string, readonly detail: string) {
    super(err.kind, message, err.status, err.retryAfterMs, err.errorId);
  }
}

const WHAT = 'ServiceNow Table';
const DEFAULT_LIMIT = 100;

/** A shared read: one HTTP request, any number of callers, aborted only when every caller has left. */
interface InFlight {
  promise: Promise<unknown>;
  controller: AbortController;
  callers: number;
}

export function createTableClient(fetchImpl: Fetch, base: string, opts: TableClientOptions = {}): TableClient {
  const root = base.replace(/\/+$/, '');
  const host = new URL(root).host;
  const maxRetries = opts.maxRetries ?? 2;
  const maxWaitMs = opts.maxWaitMs ?? 10_000;
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
  const now = opts.now ?? Date.now;
  const inFlight = new Map<string, InFlight>();
  /**
   * Until when the instance said it is rate-limiting this user (its last 429's Retry-After or X-RateLimit-Reset).
   * Every caller of this client waits for it instead of asking again: a request during the limit only spends the
   * user's quota (ServiceNow counts each one against the hourly rule, records-and-watch-contracts.md C.4), and
   * the client is one per instance (clients.ts), so every tab, the popup and watching share it.
   */
  let limitedUntil = 0;

  /** One HTTP exchange. A failed response's body is kept (cloned) to read ServiceNow's error envelope. */
  async function once(url: string, init: RequestInit, signal: AbortSignal): Promise<Response> {
    let failed: Response | undefined;
    const keep: Fetch = async (input, i) => {
      const res = await fetchImpl(input, i);
      if (!res.ok) failed = res.clone();
      return res;
    };
    try {
      return await request(keep, url, { ...init, signal, ...(opts.timeoutMs ? { timeoutMs: opts.timeoutMs } : {}) });
    } catch (err) {
      throw err instanceof HttpError && failed ? await explain(err, failed) : err;
    }
  }

  /** request()'s classification, sharpened with what only ServiceNow's answer tells. */
  async function explain(err: HttpError, res: Response): Promise<HttpError> {
    const s = res.status;
    const json = isJson(res);
    // Read the kept copy once (or release it): an unread clone holds its body in memory.
    const body: unknown = json ? await res.json().catch(() => undefined) : void (await res.body?.cancel().catch(() => {}));
    // A web page with a 4xx is a wrong address or a proxy, not a Table API verdict on a record.
    // 401 stays (the connection's business) and 429 stays (a proxy's plain-text limit is still a limit).
    if (!json && s >= 400 && s < 500 && s !== 401 && s !== 429) {
      return new HttpError('not-json', `${host} answered with a web page instead of the ${WHAT} API. Is this the right address?`, s);
    }
    if (s === 429) {
      // Recomputed with our clock: X-RateLimit-Reset is an epoch.
      const wait = retryAfterMs(res.headers, now()) ?? err.retryAfterMs;
      if (wait !== undefined) limitedUntil = Math.max(limitedUntil, now() + wait);
      return rateLimited(wait, err.errorId);
    }
    // 404's envelope ("No Record found") adds nothing to "not found or no access"; 401 belongs to the connection.
    if (s === 404 || s === 401) return err;
    const said = errorEnvelope.safeParse(body);
    const message = said.success ? safeText(said.data.error.message ?? '') : '';
    const detail = said.success ? (said.data.error.detail ?? '') : '';
    const shown = message ? `${err.message} ServiceNow says: “${message}”` : err.message;
    if (detail) return new TableApiError(err, shown, detail);
    return message ? new HttpError(err.kind, shown, s, err.retryAfterMs, err.errorId) : err;
  }

  function rateLimited(wait: number | undefined, errorId?: string): HttpError {
    const s = wait === undefined ? 0 : Math.ceil(wait / 1000);
    const when = wait === undefined ? 'shortly' : s <= 90 ? `in ${s} s` : `in ${Math.ceil(s / 60)} min`;
    return new HttpError('rate-limited', `${host} is rate-limiting requests; try again ${when}.`, 429, wait, errorId);
  }

  /** Retries 429s while the server's wait is one we accept; `signal` ends waiting too. */
  async function withRetries(url: string, init: RequestInit, signal: AbortSignal, retries = maxRetries): Promise<Response> {
    // A limit already announced: wait for its end like a retry would, or fail at once, without asking again.
    const left = limitedUntil - now();
    if (left > 0) {
      if (retries === 0 || left > maxWaitMs) throw rateLimited(left);
      await sleep(left);
      signal.throwIfAborted();
    }
    for (let attempt = 0; ; attempt++) {
      try {
        return await once(url, init, signal);
      } catch (err) {
        if (!(err instanceof HttpError) || err.kind !== 'rate-limited' || attempt >= retries) throw err;
        const wait = err.retryAfterMs ?? 1000 * 2 ** attempt;
        // Waiting 10 s and asking again when the server said "in an hour" only spends more quota.
        if (wait > maxWaitMs) throw err;
        await sleep(wait);
        signal.throwIfAborted();
      }
    }
  }

  /**
   * A GET whose parsed, validated result is shared by identical concurrent calls. Each caller gets its own
   * copy (structuredClone) so one caller's changes never reach another; a caller's abort only detaches it.
   */
  function sharedRead<T>(url: string, parse: (res: Response) => Promise<T>, signal?: AbortSignal, retries?: number): Promise<T> {
    signal?.throwIfAborted();
    let entry = inFlight.get(url);
    if (!entry) {
      const controller = new AbortController();
      const promise = withRetries(url, { method: 'GET', headers: { Accept: 'application/json' } }, controller.signal, retries).then(parse);
      const created: InFlight = { promise, controller, callers: 0 };
      const forget = () => {
        if (inFlight.get(url) === created) inFlight.delete(url);
      };
      promise.then(forget, forget);
      inFlight.set(url, created);
      entry = created;
    }
    const shared = entry;
    shared.callers++;
    return new Promise<T>((resolve, reject) => {
      let done = false;
      const leave = () => {
        if (done) return;
        done = true;
        signal?.removeEventListener('abort', onAbort);
        shared.callers--;
      };
      const onAbort = () => {
        leave();
        reject(signal!.reason);
        if (shared.callers === 0) {
          if (inFlight.get(url) === shared) inFlight.delete(url);
          shared.controller.abort(signal!.reason);
        }
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      shared.promise.then(
        (v) => {
          if (done) return;
          leave();
          resolve(structuredClone(v) as T);
        },
        (e: unknown) => {
          if (done) return;
          leave();
          reject(e);
        },
      );
    });
  }

  const tableUrl = (table: string, sys_id?: string) => {
    if (!isTableName(table)) throw new HttpError('http', `“${safeText(table)}” is not a ServiceNow table name.`);
    return `${root}/api/now/table/${table}${sys_id === undefined ? '' : `/${encodeURIComponent(sys_id)}`}`;
  };

  return {
    base: root,

    async list(table, o) {
      const offset = Math.max(0, Math.floor(o.offset ?? 0));
      const limit = Math.max(1, Math.floor(o.limit ?? DEFAULT_LIMIT));
      const url = withParams(tableUrl(table), [
        ['sysparm_query', o.query ?? ''],
        ['sysparm_fields', fieldList(o.fields)],
        ['sysparm_display_value', o.displayValue ?? 'all'],
        ['sysparm_exclude_reference_link', 'true'],
        ['sysparm_limit', String(limit)],
        ['sysparm_offset', String(offset)],
      ]);
      return sharedRead(
        url,
        async (res) => {
          const body = await readJson(res, listBody, WHAT);
          const date = Date.parse(res.headers.get('date') ?? '');
          return {
            rows: body.result,
            total: totalCount(res.headers),
            nextOffset: nextOffset(res.headers, offset, limit),
            ...(Number.isNaN(date) ? {} : { serverTime: date }),
          };
        },
        o.signal,
        o.retries,
      );
    },

    async get(table, sys_id, fields, signal) {
      const url = withParams(tableUrl(table, sys_id), [
        ['sysparm_fields', fieldList(fields)],
        ['sysparm_display_value', 'all'],
        ['sysparm_exclude_reference_link', 'true'],
      ]);
      return sharedRead(url, async (res) => (await readJson(res, recordBody, WHAT)).result, signal);
    },

    patch: (table, sys_id, body, fields, signal) => write('PATCH', tableUrl(table, sys_id), body, fields, signal),

    create: (table, body, fields, signal) => write('POST', tableUrl(table), body, fields, signal),
  };

  /** A write: the answer is the record as written, in the read shape (display_value=all). */
  async function write(method: 'PATCH' | 'POST', target: string, body: Record<string, string>, fields: string | readonly string[], signal?: AbortSignal): Promise<RawRow> {
    const url = withParams(target, [
      ['sysparm_fields', fieldList(fields)],
      ['sysparm_display_value', 'all'],
      ['sysparm_exclude_reference_link', 'true'],
      // values are actual values (sys_ids, choice values), never display names: "John Smith" may be two people (A.7)
      ['sysparm_input_display_value', 'false'],
    ]);
    const init = { method, headers: { Accept: 'application/json', 'Content-Type': 'application/json' }, body: JSON.stringify(body) };
    const res = await withRetries(url, init, signal ?? new AbortController().signal);
    return (await readJson(res, recordBody, WHAT)).result;
  }
}

/** Comma-joined, de-duplicated, order kept; blanks dropped. */
function fieldList(fields: string | readonly string[]): string {
  const list = typeof fields === 'string' ? fields.split(',') : fields;
  return [...new Set(list.map((f) => f.trim()).filter(Boolean))].join(',');
}

/** Fixed parameter order, so identical reads have identical URLs (the in-flight key). Empty values are left out. */
function withParams(url: string, params: ReadonlyArray<readonly [string, string]>): string {
  const q = params.filter(([, v]) => v !== '').map(([k, v]) => `${k}=${encodeURIComponent(v)}`);
  return q.length ? `${url}?${q.join('&')}` : url;
}

function totalCount(headers: Headers): number | undefined {
  const raw = headers.get('x-total-count');
  return raw !== null && /^\d+$/.test(raw.trim()) ? Number(raw) : undefined;
}

/**
 * The next page's offset. The limit applies before ACLs (ServiceNow docs, "Table API"), so a short page proves nothing: only
 * Link rel="next" (or, without a Link header, offset+limit < X-Total-Count) says more rows exist.
 */
export function nextOffset(headers: Headers, offset: number, limit: number): number | undefined {
  const link = headers.get('link');
  if (link !== null) {
    const next = /<([^>]*)>\s*;\s*rel="?next"?/i.exec(link);
    if (!next) return undefined;
    try {
      const off = new URL(next[1]!, 'https://link.invalid').searchParams.get('sysparm_offset');
      if (off !== null && /^\d+$/.test(off)) return Number(off);
    } catch {
      // an unreadable link still says there is a next page
    }
    return offset + limit;
  }
  const total = totalCount(headers);
  return total !== undefined && offset + limit < total ? offset + limit : undefined;
}

/** Server text shown to the user: one line, no control characters, bounded. */
function safeText(s: string): string {
  const line = s.replace(/[\p{Cc}\p{Cf}]+/gu, ' ').replace(/\s+/g, ' ').trim();
  return line.length > 160 ? `${line.slice(0, 159)}…` : line;
}
