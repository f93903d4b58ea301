/** A WebSocket client for Node 20 tests (it has none built in): the handshake, then the server's text frames. */
import { randomBytes } from 'node:crypto';
import { request } from 'node:http';
import type { Duplex } from 'node:stream';

export interface TestWebSocket {
  /** the next text message (waits for it) */
  next(): Promise<string>;
  end(): void;
  /** the handshake's answer */
  status: number;
  accept: string;
}

export function openWebSocket(url: string, cookie?: string): Promise<TestWebSocket> {
  const key = randomBytes(16).toString('base64');
  return new Promise((resolve, reject) => {
    const req = request(url, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Key': key, 'Sec-WebSocket-Version': '13', ...(cookie ? { cookie } : {}) },
    });
    req.on('response', (res) => reject(new Error(`no upgrade: HTTP ${res.statusCode}`)));
    req.on('error', reject);
    req.on('upgrade', (res, socket: Duplex, head: Buffer) => {
      let buf = head;
      const messages: string[] = [];
      const waiting: ((m: string) => void)[] = [];
      const parse = () => {
        for (;;) {
          if (buf.length < 2) return;
          let n = buf[1]! & 0x7f;
          let at = 2;
          if (n === 126) [n, at] = [buf.readUInt16BE(2), 4];
          else if (n === 127) [n, at] = [Number(buf.readBigUInt64BE(2)), 10];
          if (buf.length < at + n) return;
          const text = buf.subarray(at, at + n).toString('utf8');
          const opcode = buf[0]! & 0x0f;
          buf = buf.subarray(at + n);
          if (opcode !== 0x1) continue;
          const w = waiting.shift();
          if (w) w(text);
          else messages.push(text);
        }
      };
      socket.on('data', (d: Buffer) => {
        buf = Buffer.concat([buf, d]);
        parse();
      });
      parse();
      resolve({
        status: res.statusCode ?? 0,
        accept: String(res.headers['sec-websocket-accept'] ?? ''),
        next: () => new Promise((r) => (messages.length ? r(messages.shift()!) : waiting.push(r))),
        end: () => socket.destroy(),
      });
    });
    req.end();
  });
}
