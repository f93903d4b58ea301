import type { Fetch } from '../http';

/**
 * For tests against the simulators: what a token connection's fetch does (lib/connections/authorized-fetch.ts),
 * a bearer token on every request and never the browser's cookies.
 */
export const bearerFetch =
  (token: string): Fetch =>
  (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('Authorization', `Bearer ${token}`);
    return fetch(input, { ...init, headers, credentials: 'omit' });
  };
