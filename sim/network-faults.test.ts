import { afterEach, describe, expect, test } from 'vitest';
import { request as httpRequest } from 'node:http';
import { listen, type Running } from './server';

let server: Running | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

/** One request with node:http, answering how it ended: a status and body, or the socket error's code. */
function send(origin: string, method: string, path: string): Promise<{ status?: number; type?: string; body?: string; error?: string }> {
  return new Promise((resolve) => {
    const req = httpRequest(`${origin}${path}`, { method }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode, type: res.headers['content-type'], body }));
      res.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    });
    req.on('error', (e: NodeJS.ErrnoException) => resolve({ error: e.code ?? e.message }));
    req.end(method === 'POST' ? '{}' : undefined);
  });
}

async function counterServer() {
  let writes = 0;
  server = await listen((r) => {
    if (r.method === 'POST') writes += 1;
    r.res.writeHead(201, { 'Content-Type': 'application/json' }).end(JSON.stringify({ writes }));
  });
  return { origin: server.origin, writes: () => writes, network: server.network };
}

describe('network faults (server.ts), aimed at one request', () => {
  test('reset before: the socket closes, the server never sees the write; only the matching request is hit', async () => {
    const s = await counterServer();
    s.network.next({ method: 'POST', path: /^\/api\/posts$/, fault: { kind: 'reset' } });
    expect(await send(s.origin, 'GET', '/api/posts')).toMatchObject({ status: 201 });
    expect(await send(s.origin, 'POST', '/api/posts')).toEqual({ error: 'ECONNRESET' });
    expect(s.writes()).toBe(0);
    expect(await send(s.origin, 'POST', '/api/posts')).toMatchObject({ status: 201, body: '{"writes":1}' });
    expect(s.network.hits.reset).toBe(1);
  });

  test('reset after: the write lands, its answer is lost', async () => {
    const s = await counterServer();
    s.network.next({ method: 'POST', path: /posts/, fault: { kind: 'reset' }, when: 'after' });
    expect(await send(s.origin, 'POST', '/api/posts')).toEqual({ error: 'ECONNRESET' });
    expect(s.writes()).toBe(1);
  });

  test('cut: the write lands, its answer starts (status, headers) and breaks off', async () => {
    const s = await counterServer();
    s.network.next({ method: 'POST', path: /posts/, fault: { kind: 'cut' } });
    const got: { status?: number; type?: string } = {};
    const cut = await new Promise<string>((resolve) => {
      const req = httpRequest(`${s.origin}/api/posts`, { method: 'POST' }, (res) => {
        Object.assign(got, { status: res.statusCode, type: res.headers['content-type'] });
        res.on('data', () => {});
        res.on('aborted', () => resolve('aborted'));
        res.on('error', () => resolve('aborted'));
        res.on('end', () => resolve('complete'));
      });
      req.on('error', (e: NodeJS.ErrnoException) => resolve(e.code ?? 'error'));
      req.end('{}');
    });
    expect(cut).toBe('aborted');
    expect(got).toEqual({ status: 201, type: 'application/json' });
    expect(s.writes()).toBe(1);
    expect(s.network.hits.cut).toBe(1);
  });

  test('an HTML sign-in page with 200 instead of the answer (before: nothing written; after: written)', async () => {
    const s = await counterServer();
    s.network.next({ path: /posts/, fault: { kind: 'html-login' }, times: 2 });
    const a = await send(s.origin, 'POST', '/api/posts');
    expect(a).toMatchObject({ status: 200, type: 'text/html;charset=UTF-8' });
    expect(a.body).toMatch(/^<!DOCTYPE html>.*<input type="password"/);
    await send(s.origin, 'POST', '/api/posts');
    expect(s.writes()).toBe(0);
    s.network.next({ path: /posts/, fault: { kind: 'html-login' }, when: 'after' });
    expect(await send(s.origin, 'POST', '/api/posts')).toMatchObject({ status: 200, type: 'text/html;charset=UTF-8' });
    expect(s.writes()).toBe(1);
  });

  test('a hang never answers until released, which closes the connection; slow answers late', async () => {
    const s = await counterServer();
    s.network.next({ path: /posts/, fault: { kind: 'hang' }, when: 'after' });
    let settled = false;
    const hung = send(s.origin, 'POST', '/api/posts').then((r) => ((settled = true), r));
    await expect.poll(() => s.writes()).toBe(1);
    await new Promise((r) => setTimeout(r, 50));
    expect(settled).toBe(false);
    s.network.releaseHung();
    expect(await hung).toEqual({ error: 'ECONNRESET' });

    s.network.next({ path: /posts/, fault: { kind: 'slow', ms: 120 } });
    const t0 = Date.now();
    expect(await send(s.origin, 'GET', '/api/posts')).toMatchObject({ status: 201 });
    expect(Date.now() - t0).toBeGreaterThanOrEqual(110);
  });

  test('restart: refused while down, then the same port answers again with its state', async () => {
    const s = await counterServer();
    await send(s.origin, 'POST', '/api/posts');
    const restarting = server!.restart(300);
    await new Promise((r) => setTimeout(r, 50));
    expect(await send(s.origin, 'GET', '/')).toEqual({ error: 'ECONNREFUSED' });
    await restarting;
    expect(await send(s.origin, 'POST', '/api/posts')).toMatchObject({ status: 201, body: '{"writes":2}' });
  });

  test('restarted again and again (a fault suite does), it leaves nothing behind: no listener-leak warning', async () => {
    const s = await counterServer();
    const warnings: string[] = [];
    const onWarning = (w: Error) => void warnings.push(w.name);
    process.on('warning', onWarning);
    for (let i = 0; i < 12; i++) await server!.restart(0);
    await new Promise((r) => setImmediate(r));
    process.off('warning', onWarning);
    expect(warnings).toEqual([]);
    expect(await send(s.origin, 'POST', '/api/posts')).toMatchObject({ status: 201 });
  });
});
