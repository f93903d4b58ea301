/** Helpers shared by the simulator's contract tests. */
import { expect } from 'vitest';
import { MM_USERS } from '../fixtures';
import { isValidId } from './ids';

export const BETH_PAT = MM_USERS.agent.token;
export const bearer = (token: string = BETH_PAT) => ({ Authorization: `Bearer ${token}` });

export interface Res {
  status: number;
  headers: Headers;
  text: string;
  json: any;
}

/** fetch that never follows redirects and reads the body once. */
export async function call(url: string, init: RequestInit & { json?: unknown } = {}): Promise<Res> {
  const headers = new Headers(init.headers);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('Content-Type', 'application/json');
    body = JSON.stringify(init.json);
  }
  const r = await fetch(url, { ...init, headers, body, redirect: 'manual' });
  const text = await r.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: r.status, headers: r.headers, text, json };
}

/** An AppError response: exact status, content type and envelope keys. */
export function expectAppError(res: Res, status: number, id: string): void {
  expect(res.status).toBe(status);
  expect(res.headers.get('content-type')).toBe('application/json');
  expect(Object.keys(res.json).sort()).toEqual(['detailed_error', 'id', 'message', 'request_id', 'status_code']);
  expect(res.json.id).toBe(id);
  expect(res.json.status_code).toBe(status);
  expect(isValidId(res.json.request_id)).toBe(true);
  expect(res.json.request_id).toBe(res.headers.get('x-request-id'));
}

/** The hidden fields of the OAuth consent page, to post Allow or Deny back as the browser would. */
export function hiddenFields(html: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of html.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)">/g)) out[m[1]!] = m[2]!.replace(/&amp;/g, '&');
  return out;
}
