// @vitest-environment node
/** The simulators' WebSocket (websocket.ts) against RFC 6455's own example and a real handshake over HTTP. */
import { createHash } from 'node:crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { listen, type Running } from './server';
import { frame } from './websocket';
import { openWebSocket } from './test-websocket';

let server: Running | undefined;
afterEach(async () => {
  await server?.stop();
  server = undefined;
});

describe('WebSocket', () => {
  it('frames: 7-bit, 16-bit and 64-bit lengths, FIN set, unmasked', () => {
    expect([...frame(0x1, Buffer.from('Hello'))]).toEqual([0x81, 0x05, 0x48, 0x65, 0x6c, 0x6c, 0x6f]); // RFC 6455 §5.7
    const mid = frame(0x1, Buffer.alloc(256));
    expect([mid[0], mid[1], mid.readUInt16BE(2), mid.length]).toEqual([0x81, 126, 256, 260]);
    const big = frame(0x1, Buffer.alloc(70_000));
    expect([big[1], Number(big.readBigUInt64BE(2)), big.length]).toEqual([127, 70_000, 70_010]);
  });

  it('a handshake the handler accepts: 101 with the RFC accept key, then its messages; one it refuses: its HTTP answer', async () => {
    let closed = 0;
    server = await listen((r) => {
      if (r.url.pathname === '/refuse') {
        r.res.writeHead(401).end();
        return;
      }
      const ws = r.upgrade?.();
      ws?.onClose(() => closed++);
      ws?.send('first');
      ws?.send('x'.repeat(100_000));
    });
    const ws = await openWebSocket(`${server.origin}/events`);
    expect(ws.status).toBe(101);
    expect(ws.accept).toMatch(/^[A-Za-z0-9+/]{27}=$/);
    expect(await ws.next()).toBe('first');
    expect((await ws.next()).length).toBe(100_000);
    expect(server.requests.at(-1)).toMatchObject({ pathname: '/events', status: 101 });
    ws.end();
    await expect.poll(() => closed).toBe(1);
    await expect(openWebSocket(`${server.origin}/refuse`)).rejects.toThrow('HTTP 401');
  });

  it('the accept key is SHA-1 of the key and the RFC GUID (§1.3 example)', () => {
    const accept = createHash('sha1').update('dGhlIHNhbXBsZSBub25jZQ==258EAFA5-E914-47DA-95CA-C5AB0DC85B11').digest('base64');
    expect(accept).toBe('s3pPLMBiTxaQ9kYGzzhZRbK+xOo=');
  });

  it('stop() closes open WebSockets too', async () => {
    server = await listen((r) => void r.upgrade?.());
    await openWebSocket(`${server.origin}/events`);
    await server.stop(); // would hang on a connection the HTTP server no longer counts
    server = undefined;
  });
});
