// The HTTP and WebSocket API at its edges: whatever a client sends, it gets one clear
// `{ ok: false, error: { code, message } }` back and the connection keeps working.
import http from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import type { Dvr } from '../../src-main/core/dvr';
import { startHttpServer, type RunningServer } from '../../src-main/server/http-server';
import { openTempDvr } from '../support/temp-dvr';

let dvr: Dvr;
let server: RunningServer;
let cleanup: () => Promise<void>;
const token = 'test-token-0123456789abcdef0123456789';

beforeAll(async () => {
  ({ dvr, cleanup } = await openTempDvr());
  server = await startHttpServer({ dvr, host: '127.0.0.1', port: 0, token, rendererDir: null });
});

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

interface WsResult {
  type: 'result';
  id: number | string | null;
  ok: boolean;
  result?: unknown;
  error?: { code: string; message: string };
}

/** A WebSocket client that hands out the results in the order they arrive. */
async function openSocket(): Promise<{
  send: (raw: string) => void;
  next: () => Promise<WsResult>;
  close: () => void;
}> {
  const ws = new WebSocket(`${server.url.replace(/^http/, 'ws')}/api/ws?token=${token}`);
  const results: WsResult[] = [];
  const waiting: Array<(r: WsResult) => void> = [];
  ws.on('message', (data) => {
    const message = JSON.parse(String(data)) as { type: string };
    if (message.type !== 'result') return;
    const waiter = waiting.shift();
    if (waiter) waiter(message as WsResult);
    else results.push(message as WsResult);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  return {
    send: (raw) => ws.send(raw),
    next: () => {
      const ready = results.shift();
      if (ready) return Promise.resolve(ready);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no answer within 5 s')), 5_000);
        waiting.push((r) => {
          clearTimeout(timer);
          resolve(r);
        });
      });
    },
    close: () => ws.close(),
  };
}

/** A raw POST, so the body and the path go out exactly as given (fetch would normalise them). */
function post(
  pathname: string,
  body: Buffer | string,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: unknown }> {
  return new Promise((resolve, reject) => {
    const req = http.request(
      `${server.url}${pathname}`,
      {
        method: 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json', ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text) as unknown;
          } catch {
            /* keep the text */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

describe('WebSocket messages', () => {
  it('answers null, a non-object and malformed JSON with an error, and keeps answering', async () => {
    const socket = await openSocket();
    for (const raw of ['null', '42', '"recordings.list"', '[1,2]', '{"id": 1,', 'not json at all']) {
      socket.send(raw);
      const reply = await socket.next();
      expect(reply, raw).toMatchObject({ type: 'result', id: null, ok: false });
      expect(reply.error?.code, raw).toBe('invalid_input');
      expect(reply.error?.message, raw).toMatch(/JSON|object/);
    }
    socket.send(JSON.stringify({ id: 7, name: 42 }));
    expect(await socket.next()).toMatchObject({ id: 7, ok: false, error: { code: 'not_found' } });
    socket.send(JSON.stringify({ id: 8, name: 'recordings.list', input: { status: 'nope' } }));
    expect(await socket.next()).toMatchObject({ id: 8, ok: false, error: { code: 'invalid_input' } });
    socket.send(JSON.stringify({ id: 'nine', name: 'recordings.list', input: {} }));
    expect(await socket.next()).toMatchObject({ id: 'nine', ok: true, result: [] });
    socket.close();
  });
});

describe('HTTP calls', () => {
  it('answers a body over 1 MiB with 413, not a reset connection', async () => {
    const big = Buffer.alloc(1024 * 1024 + 1, 0x20);
    const reply = await post('/api/call/recordings.list', big);
    expect(reply.status).toBe(413);
    expect(reply.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((reply.body as { error: { message: string } }).error.message).toMatch(/1 MiB/);
    // chunked, without a Content-Length up front
    const chunked = await post('/api/call/recordings.list', big, { 'Transfer-Encoding': 'chunked' });
    expect(chunked.status).toBe(413);
    // and the server is fine afterwards
    expect((await post('/api/call/recordings.list', '{}')).status).toBe(200);
  });

  it('answers a broken %-escape in the command name with 400', async () => {
    const reply = await post('/api/call/%E0%A4%A', '{}');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('answers malformed JSON with 400 and says so', async () => {
    const reply = await post('/api/call/recordings.list', '{"status":');
    expect(reply.status).toBe(400);
    expect(reply.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect((reply.body as { error: { message: string } }).error.message).toMatch(/JSON/);
  });
});
