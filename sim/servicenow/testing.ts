/**
 * Test harness for the data side: the Table API behind a plain-HTTP listen() with no auth. The user is
 * picked per request by the `X-Test-User` header (a user_name; beth.anglin by default). Tests only.
 */
import { request } from 'node:http';
import { listen, type Running } from '../server';
import { createStore, type SimStore } from './store';
import { createTableApi } from './table-api';

/** fixed clock for writes, so created/updated stamps are predictable */
export const TEST_NOW_MS = Date.UTC(2025, 5, 2, 8, 0, 0);

export interface TestApi extends Running {
  store: SimStore;
  /** fetch with Accept: application/json and the given user */
  call(path: string, init?: { method?: string; user?: string; body?: unknown; headers?: Record<string, string> }): Promise<Response>;
}

/** `now`: the clock for writes (default TEST_NOW_MS, fixed); a test that needs writes in order moves its own */
export async function startTestApi(seed = 1, opts: { now?: () => number } = {}): Promise<TestApi> {
  const store = createStore(seed, { now: opts.now ?? (() => TEST_NOW_MS) });
  const api = createTableApi(store);
  const running = await listen((r) => {
    const name = r.req.headers['x-test-user'];
    const user = store.userByName(typeof name === 'string' ? name : 'beth.anglin');
    if (!user) throw new Error(`unknown test user ${String(name)}`);
    return api(r, user);
  });
  return {
    ...running,
    store,
    call(path, init = {}) {
      const headers: Record<string, string> = { Accept: 'application/json', 'X-Test-User': init.user ?? 'beth.anglin', ...init.headers };
      let body: string | undefined;
      if (init.body !== undefined) {
        body = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
        headers['Content-Type'] ??= 'application/json';
      }
      return fetch(`${running.origin}${path}`, { method: init.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
    },
  };
}

/** A raw request with exactly these headers (fetch always adds an Accept header, so it can't test a missing one). */
export function rawRequest(
  origin: string,
  path: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin}${path}`, { method: opts.method ?? 'GET', headers: opts.headers ?? {} }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
