import type { z } from 'zod';

/** Why a request failed, in terms the user can act on. Messages never carry tokens or response bodies. */
export type HttpErrorKind =
  | 'unreachable' // DNS, refused, offline, TLS: the browser does not say which
  | 'no-site-access' // the browser withholds NowBridge's access to the site (withSiteAccess)
  | 'timeout'
  | 'not-json' // an HTML page where the API should answer: wrong address, proxy, or a login page
  | 'unauthorized' // 401
  | 'forbidden' // 403
  | 'not-found' // 404
  | 'rate-limited' // 429
  | 'server' // 5xx
  | 'bad-response' // JSON of the wrong shape
  | 'http'; // any other status

export class HttpError extends Error {
  constructor(
    readonly kind: HttpErrorKind,
    message: string,
    readonly status = 0,
    /** for 429: how long the server asked us to wait */
    readonly retryAfterMs?: number,
    /** a machine-readable id from the error body (Mattermost AppError id), never shown raw */
    readonly errorId?: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

/**
 * There is no connection to use: the site is not configured, or nobody signed in to it yet (as opposed to a
 * connection that stopped working). Its kind stays what it was, so it is handled like any HttpError elsewhere.
 */
export class NotConnectedError extends HttpError {
  constructor(kind: 'http' | 'unauthorized', message: string) {
    super(kind, message);
  }
}

/** A connection's credential was refused: its message says which site and to reconnect (authorized-fetch.ts). */
export class NeedsSignInError extends HttpError {
  constructor(message: string) {
    super('unauthorized', message, 401);
  }
}

/** The sentence for a site the browser no longer lets NowBridge reach; surfaces offer "Allow access" on it. */
const noSiteAccessMessage = (host: string) => `NowBridge no longer has access to ${host}. Allow access, then try again.`;

/** The host a message says NowBridge lost access to (noSiteAccessMessage), or undefined. */
export function hostWithoutAccess(message: string): string | undefined {
  return /^NowBridge no longer has access to ([a-z0-9.-]+(?::\d+)?)\./i.exec(message)?.[1];
}

/** The permission pattern for a host, as origins.ts makes it for a site: http only for this computer. */
export function accessPattern(host: string): string {
  const hostname = host.replace(/:\d+$/, '');
  return `${/^(localhost|127\.0\.0\.1)$/.test(hostname) ? 'http' : 'https'}://${hostname}/*`;
}

/**
 * A fetch that tells "the browser no longer lets NowBridge reach this site" from "unreachable". Chromium lets the
 * user withhold an extension's host access at any time (chrome://extensions › Site access; Chrome's docs, "Declare
 * permissions", runtime host permissions); the worker's request to that site is then an ordinary cross-origin one
 * (Chrome's docs, "Cross-origin network requests": an extension may skip CORS only for hosts it has permission for),
 * which the site's missing CORS headers fail like a dropped network, with a bare TypeError. So a network failure
 * is checked against what is granted, here, once for every request the background makes.
 */
export function withSiteAccess(fetchImpl: Fetch, granted: (originPattern: string) => Promise<boolean>): Fetch {
  return async (input, init) => {
    try {
      return await fetchImpl(input, init);
    } catch (err) {
      if (err instanceof HttpError || init?.signal?.aborted) throw err;
      const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
      if (await granted(accessPattern(url.host)).catch(() => true)) throw err;
      throw new HttpError('no-site-access', noSiteAccessMessage(url.host));
    }
  };
}

export interface JsonRequest extends RequestInit {
  timeoutMs?: number;
}

export type Fetch = typeof fetch;

/**
 * fetch + timeout + error classification. Resolves with the Response only for 2xx; everything else
 * becomes an HttpError whose message says what happened without echoing the server's body.
 */
export async function request(fetchImpl: Fetch, url: string, init: JsonRequest = {}): Promise<Response> {
  const { timeoutMs = 20_000, signal, ...rest } = init;
  const timeout = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, timeout]) : timeout;
  const host = new URL(url).host;
  let res: Response;
  try {
    res = await fetchImpl(url, { ...rest, signal: combined });
  } catch (err) {
    // A connection's own fetch throws HttpErrors that already say what to do (e.g. sign in again).
    if (err instanceof HttpError) throw err;
    if (timeout.aborted) throw new HttpError('timeout', `${host} did not answer within ${Math.round(timeoutMs / 1000)} s.`);
    if (signal?.aborted) throw err;
    throw new HttpError(
      'unreachable',
      `Can't reach ${host}. Check the address and your network; if the site uses a certificate your browser doesn't trust, open it in a tab first.`,
    );
  }
  if (res.ok) return res;
  throw await errorFor(res, host);
}

/** A redirect fetched with `redirect: 'manual'`: opaque in a browser (type `opaqueredirect`, status 0), a 3xx elsewhere. */
export const isRedirect = (res: Response): boolean => res.type === 'opaqueredirect' || (res.status >= 300 && res.status < 400);

/** Seconds or an HTTP date in Retry-After; or an epoch in X-RateLimit-Reset (ServiceNow). */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const ra = headers.get('retry-after');
  if (ra && /^\d+$/.test(ra.trim())) return Number(ra) * 1000;
  if (ra && !Number.isNaN(Date.parse(ra))) return Math.max(0, Date.parse(ra) - now);
  const reset = headers.get('x-ratelimit-reset');
  if (reset && /^\d+$/.test(reset)) {
    const n = Number(reset);
    // ServiceNow sends an epoch, Mattermost seconds-until-reset: an epoch is far larger.
    return n > 1e9 ? Math.max(0, n * 1000 - now) : n * 1000;
  }
  return undefined;
}

async function errorFor(res: Response, host: string): Promise<HttpError> {
  let errorId: string | undefined;
  if (isJson(res)) {
    const body: unknown = await res.json().catch(() => undefined);
    if (body && typeof body === 'object' && 'id' in body && typeof body.id === 'string') errorId = body.id;
  }
  const s = res.status;
  if (s === 401) return new HttpError('unauthorized', `${host} no longer accepts NowBridge's sign-in.`, s, undefined, errorId);
  if (s === 403) return new HttpError('forbidden', `${host} refused: you don't have permission for that.`, s, undefined, errorId);
  if (s === 404) return new HttpError('not-found', `Not found on ${host}, or you don't have access.`, s, undefined, errorId);
  if (s === 429) {
    const wait = retryAfterMs(res.headers);
    return new HttpError('rate-limited', `${host} is rate-limiting requests; try again ${wait ? `in ${Math.ceil(wait / 1000)} s` : 'shortly'}.`, s, wait, errorId);
  }
  if (s >= 500) return new HttpError('server', `${host} had a problem (HTTP ${s}). Try again in a moment.`, s, undefined, errorId);
  return new HttpError('http', `${host} answered HTTP ${s}.`, s, undefined, errorId);
}

/** An HTML page holding a password field: a sign-in form (read up to 64 KB; never shown or kept). */
async function isSignInPage(res: Response): Promise<boolean> {
  if (!/html/i.test(res.headers.get('content-type') ?? '')) return false;
  const text = await res.text().catch(() => '');
  return /<input[^>]+type=["']?password/i.test(text.slice(0, 65_536));
}

export function isJson(res: Response): boolean {
  return /^application\/json\b/i.test(res.headers.get('content-type') ?? '');
}

/** Reads a JSON body and validates its shape; an HTML page or the wrong shape is an HttpError. */
export async function readJson<T>(res: Response, schema: z.ZodType<T>, what: string): Promise<T> {
  const host = new URL(res.url || 'https://unknown.invalid').host;
  if (!isJson(res)) {
    // A sign-in page where data was expected: a single-sign-on proxy or an expired web session stands in front of
    // the API (both answer 200). Anything else HTML is a wrong address.
    if (await isSignInPage(res)) throw new HttpError('not-json', `${host} showed its sign-in page instead of answering. Sign in to ${host} in a tab, then try again.`, res.status);
    throw new HttpError('not-json', `${host} answered with a web page instead of the ${what} API. Is this the right address?`, res.status);
  }
  let body: unknown;
  try {
    body = await res.json();
  } catch (err) {
    // Not JSON is a SyntaxError; anything else is the answer breaking off on its way (a dropped connection, the
    // timeout): the request may well have been done, the answer is what was lost.
    if (!(err instanceof SyntaxError)) {
      if (err instanceof DOMException && err.name === 'TimeoutError') throw new HttpError('timeout', `${host} did not finish answering in time. Try again.`, res.status);
      throw new HttpError('unreachable', `The connection to ${host} broke off before its answer arrived. Try again.`, res.status);
    }
  }
  const parsed = schema.safeParse(body);
  if (!parsed.success) throw new HttpError('bad-response', `${host} sent an answer NowBridge doesn't understand (${what}).`, res.status);
  return parsed.data;
}
