/**
 * The server half of a WebSocket (RFC 6455), as much as a simulator's live page needs: the opening handshake and
 * text messages from the server; from the client only a close (or a ping) is expected. Mattermost's web app keeps
 * one WebSocket per tab for its events (webapp/platform/client/src/websocket.ts, served at
 * /api/v4/websocket); browsers pool WebSockets apart from HTTP/1.1's six connections per host, so twenty open
 * tabs still load — an event stream over plain HTTP (Server-Sent Events) would hold one of those six per tab.
 */
import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';

/** RFC 6455 §1.3: the key's answer is SHA-1 of the key and this GUID, in base64. */
const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** A live channel to one page: the server's side of its event stream. */
export interface EventChannel {
  send(text: string): void;
  /** called once, when the page goes away (closed, navigated, or the server stopped) */
  onClose(listener: () => void): void;
}

export interface WebSocketConnection extends EventChannel {
  close(): void;
}

/** The answer to a WebSocket opening handshake, or undefined when `req` is not one (then answer it over HTTP). */
export function acceptWebSocket(req: IncomingMessage, socket: Duplex): WebSocketConnection | undefined {
  const key = req.headers['sec-websocket-key'];
  if (typeof key !== 'string' || req.headers.upgrade?.toLowerCase() !== 'websocket' || req.headers['sec-websocket-version'] !== '13') return undefined;
  const accept = createHash('sha1').update(key + GUID).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const listeners: (() => void)[] = [];
  let open = true;
  const closed = () => {
    if (!open) return;
    open = false;
    for (const l of listeners.splice(0)) l();
  };
  socket.on('close', closed);
  // the page's side closed (an HTTP server's sockets stay half-open until told)
  socket.on('end', () => {
    socket.end();
    closed();
  });
  socket.on('error', () => socket.destroy());
  socket.on('data', (buf: Buffer) => {
    // Client frames are masked (§5.3); only the opcode matters here: 0x8 close, 0x9 ping.
    const opcode = (buf[0] ?? 0) & 0x0f;
    if (opcode === 0x8) {
      if (open) socket.end(frame(0x8, Buffer.alloc(0)));
      closed();
    } else if (opcode === 0x9) socket.write(frame(0xa, Buffer.alloc(0)));
  });
  return {
    send(text) {
      if (open) socket.write(frame(0x1, Buffer.from(text, 'utf8')));
    },
    onClose(listener) {
      if (open) listeners.push(listener);
      else listener();
    },
    close() {
      if (open) socket.end(frame(0x8, Buffer.alloc(0)));
      closed();
    },
  };
}

/** One unmasked, final frame (§5.2): FIN + opcode, then the payload length in 7, 7+16 or 7+64 bits. */
export function frame(opcode: number, payload: Buffer): Buffer {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n]) : n < 65_536 ? Buffer.alloc(4) : Buffer.alloc(10);
  if (n >= 126 && n < 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 126;
    head.writeUInt16BE(n, 2);
  } else if (n >= 65_536) {
    head[0] = 0x80 | opcode;
    head[1] = 127;
    head.writeBigUInt64BE(BigInt(n), 2);
  }
  return Buffer.concat([head, payload]);
}
