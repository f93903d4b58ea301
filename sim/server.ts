import { createServer as createHttpServer, type IncomingMessage, type Server, ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { applyBefore, createNetworkFaults, loseAnswer, type NetworkFaults } from './network-faults';
import { acceptWebSocket, type WebSocketConnection } from './websocket';

/** One request as the simulator saw it; tests read these to count calls and inspect bodies. */
export interface LoggedRequest {
  method: string;
  /** path + query, as sent */
  url: string;
  pathname: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
  body: string;
  status: number;
  at: number;
  /** a network fault met this request (network-faults.ts): `after` means the server did its work */
  fault?: { kind: string; when: 'before' | 'after' };
}

export interface ListenOptions {
  /** 0 (default) picks a free port */
  port?: number;
  host?: string;
  /** serve HTTPS with this key/cert; plain HTTP when absent */
  tls?: { key: string; cert: string };
}

export interface Running {
  origin: string;
  port: number;
  requests: LoggedRequest[];
  stop(): Promise<void>;
  /** faults below HTTP aimed at one request (network-faults.ts) */
  network: NetworkFaults;
  /**
   * The server goes away as a restarting process does: open connections close, new ones are refused for `downMs`,
   * then it listens again on the same port with everything it held (a restart of a server whose data is in a database).
   */
  restart(downMs: number): Promise<void>;
}

export interface SimRequest {
  req: IncomingMessage;
  res: ServerResponse;
  method: string;
  url: URL;
  body: string;
  /** the origin the client used (Host header), e.g. https://acme.service-now.com */
  publicOrigin: string;
  /**
   * On a WebSocket opening handshake: accepts it (undefined if the request is not a valid one). A handler that
   * does not call it answers over HTTP as usual (a 401, say) and the connection closes.
   */
  upgrade?: () => WebSocketConnection | undefined;
}

export type Handler = (r: SimRequest) => void | Promise<void>;

const MAX_BODY = 8 * 1024 * 1024;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) {
        reject(new Error('body too large'));
        req.destroy();
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Starts an HTTP(S) server that logs every request (with its final status) into `requests`. */
export async function listen(handler: Handler, opts: ListenOptions = {}): Promise<Running> {
  const requests: LoggedRequest[] = [];
  const network = createNetworkFaults();
  const scheme = opts.tls ? 'https' : 'http';
  const upgraded = new Set<Duplex>();
  const serve = async (req: IncomingMessage, res: ServerResponse, socket?: Duplex) => {
    const host = req.headers.host ?? 'localhost';
    const url = new URL(req.url ?? '/', `${scheme}://${host}`);
    let body = '';
    try {
      // a handshake has no body, and its request never ends: the socket leaves the HTTP parser
      if (!socket) body = await readBody(req);
    } catch {
      res.writeHead(413).end();
      return;
    }
    const entry: LoggedRequest = {
      method: req.method ?? 'GET',
      url: req.url ?? '/',
      pathname: url.pathname,
      query: url.searchParams,
      headers: req.headers,
      body,
      status: 0,
      at: Date.now(),
    };
    requests.push(entry);
    res.on('finish', () => {
      entry.status = res.statusCode;
    });
    // faults are aimed at API calls; a page's event stream is never one
    const fault = socket ? undefined : network.pick(req, url.pathname);
    if (fault) entry.fault = { kind: fault.fault.kind, when: fault.when };
    if (fault?.fault.kind === 'slow') await sleep(fault.fault.ms);
    else if (fault?.when === 'before' && applyBefore(fault.fault, res, network.hold)) return;
    else if (fault) loseAnswer(fault.fault, res, network.hold);
    const upgrade = socket
      ? () => {
          const ws = acceptWebSocket(req, socket);
          if (ws) {
            entry.status = 101;
            upgraded.add(socket);
            ws.onClose(() => upgraded.delete(socket));
          }
          return ws;
        }
      : undefined;
    try {
      await handler({ req, res, method: entry.method, url, body, publicOrigin: `${scheme}://${host}`, ...(upgrade ? { upgrade } : {}) });
      if (socket && !upgraded.has(socket) && !res.headersSent) res.writeHead(426, { 'Content-Type': 'text/plain' }).end('Upgrade not accepted here');
    } catch (err) {
      if (!res.headersSent) res.writeHead(500, { 'Content-Type': 'text/plain' });
      res.end(String(err instanceof Error ? err.stack : err));
    }
  };
  const onRequest = (req: IncomingMessage, res: ServerResponse) => void serve(req, res);
  const server: Server = opts.tls
    ? createHttpsServer({ key: opts.tls.key, cert: opts.tls.cert }, onRequest)
    : createHttpServer(onRequest);
  // A WebSocket handshake: answered by the same handler, over a response on the bare socket until it is accepted.
  server.on('upgrade', (req: IncomingMessage, socket: Duplex) => {
    const res = new ServerResponse(req);
    res.assignSocket(socket as never);
    res.on('finish', () => {
      if (!upgraded.has(socket)) socket.end();
    });
    void serve(req, res, socket);
  });
  const listenOn = (p: number) =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      // listening, the failure handler goes: a server restarted many times (a fault suite) keeps none behind
      server.listen(p, opts.host ?? '127.0.0.1', () => (server.off('error', reject), resolve()));
    });
  await listenOn(opts.port ?? 0);
  const port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      network.releaseHung();
      for (const socket of upgraded) socket.destroy(); // an HTTP server no longer counts an upgraded connection as its own
      upgraded.clear();
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return {
    origin: `${scheme}://${opts.host ?? '127.0.0.1'}:${port}`,
    port,
    requests,
    network,
    stop: close,
    async restart(downMs) {
      await close();
      await sleep(downMs);
      await listenOn(port);
    },
  };
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Deterministic PRNG (mulberry32) so seeds give the same data on every run. */
export function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export function parseCookies(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim()] = decodeURIComponent(part.slice(i + 1).trim());
  }
  return out;
}
