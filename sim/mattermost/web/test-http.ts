/**
 * A fake SimRequest for driving createWebApp without sockets: the unit tests (and the page tests'
 * fetch/WebSocket stand-ins) call the handler directly and read what it wrote.
 */
import { EventEmitter } from 'node:events';
import type { SimRequest } from '../../server';
import type { WebSocketConnection } from '../../websocket';

/** The server's side of a fake WebSocket: what it sent, in order; `close()` is the page going away. */
export class FakeSocket implements WebSocketConnection {
  sent: string[] = [];
  private listeners: (() => void)[] = [];
  private open = true;
  constructor(private readonly deliver?: (text: string) => void) {}
  send(text: string): void {
    if (!this.open) return;
    this.sent.push(text);
    this.deliver?.(text);
  }
  onClose(listener: () => void): void {
    if (this.open) this.listeners.push(listener);
    else listener();
  }
  close(): void {
    this.open = false;
    for (const l of this.listeners.splice(0)) l();
  }
}

export class FakeResponse extends EventEmitter {
  statusCode = 0;
  headers: Record<string, string> = {};
  body = '';
  ended = false;
  writeHead(status: number, headers: Record<string, string | number> = {}): this {
    this.statusCode = status;
    for (const [k, v] of Object.entries(headers)) this.headers[k.toLowerCase()] = String(v);
    return this;
  }
  setHeader(k: string, v: string | number): this {
    this.headers[k.toLowerCase()] = String(v);
    return this;
  }
  write(chunk: string): boolean {
    this.body += chunk;
    this.emit('chunk', chunk);
    return true;
  }
  end(chunk?: string): this {
    if (chunk) this.body += chunk;
    this.ended = true;
    return this;
  }
  /** the page went away */
  close(): void {
    this.emit('close');
  }
}

export function fakeRequest(
  method: string,
  url: string,
  opts: { cookie?: string; origin?: string; body?: string; socket?: FakeSocket } = {},
): { r: SimRequest; res: FakeResponse } {
  const origin = opts.origin ?? 'https://chat.example.test';
  const res = new FakeResponse();
  const req = { method, url, headers: { host: new URL(origin).host, ...(opts.cookie ? { cookie: opts.cookie } : {}) }, on() {} };
  const socket = opts.socket;
  const r = { req, res, method, url: new URL(url, origin), body: opts.body ?? '', publicOrigin: origin, ...(socket ? { upgrade: () => socket } : {}) } as unknown as SimRequest;
  return { r, res };
}
