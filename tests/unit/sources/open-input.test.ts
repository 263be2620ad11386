import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openInput } from '../../../src-main/core/import/open-input';
import { tempDir } from '../../support/temp-dvr';
import { waitFor } from '../../support/wait';
import { closedPort, tempFile } from './helpers';

let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/stall') {
      res.writeHead(200);
      res.write('#EXTM3U\n');
      return; // never ends
    }
    if (req.url === '/bomb') {
      const body = gzipSync(Buffer.alloc(8 * 1024 * 1024, 32));
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': body.length });
      return res.end(body);
    }
    if (req.url === '/ok') {
      res.writeHead(200, { 'Content-Length': 5 });
      return res.end('hello');
    }
    res.writeHead(404, 'Not Found');
    res.end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

async function readAll(location: string, options: Parameters<typeof openInput>[1]): Promise<string> {
  const input = await openInput(location, options);
  const parts: Buffer[] = [];
  for await (const chunk of input.chunks) parts.push(Buffer.from(chunk));
  return Buffer.concat(parts).toString();
}

describe('openInput', () => {
  it('reads files and URLs, with sizes and progress', async () => {
    const seen: number[] = [];
    expect(await readAll(`${base}/ok`, { maxBytes: 100, onBytes: (d) => seen.push(d) })).toBe('hello');
    expect(seen).toEqual([5]);
    const file = tempFile('a.txt', 'x'.repeat(1000));
    expect((await readAll(file, { maxBytes: 2000, chunkSize: 64 })).length).toBe(1000);
    expect(
      (await readAll(`file://${file}`, { maxBytes: 2000, reuseBuffer: true, chunkSize: 64 })).length,
    ).toBe(1000);
  });

  it('says what went wrong in words', async () => {
    await expect(openInput('/no/such/file.m3u', { maxBytes: 10 })).rejects.toThrow(
      'file not found: /no/such/file.m3u',
    );
    await expect(openInput(tempDir(), { maxBytes: 10 })).rejects.toThrow(/is not a file/);
    await expect(openInput(`${base}/missing`, { maxBytes: 10 })).rejects.toThrow(
      /answered HTTP 404 Not Found/,
    );
    await expect(openInput(`http://127.0.0.1:${await closedPort()}/x`, { maxBytes: 10 })).rejects.toThrow(
      /cannot reach 127.0.0.1:\d+: ECONNREFUSED/,
    );
  });

  it('stops a stalled download after the idle timeout instead of hanging', async () => {
    const started = Date.now();
    await expect(readAll(`${base}/stall`, { maxBytes: 1000, idleTimeoutMs: 200 })).rejects.toThrow(
      /stopped sending data/,
    );
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('caps what a Content-Encoding: gzip body inflates to', async () => {
    await expect(readAll(`${base}/bomb`, { maxBytes: 1024 * 1024 })).rejects.toThrow(/larger than 1 MiB/);
  });

  it('stops on abort', async () => {
    const controller = new AbortController();
    const input = await openInput(`${base}/stall`, { maxBytes: 1000, signal: controller.signal });
    let received = 0;
    const reading = (async () => {
      for await (const chunk of input.chunks) received += chunk.length;
    })();
    // Abort mid-transfer: the first line has arrived and the server sends nothing more.
    await waitFor(() => received > 0, { timeoutMs: 5_000, what: 'the first bytes of the stalled transfer' });
    controller.abort();
    await expect(reading).rejects.toThrow(/stopped/);
    expect(received).toBe('#EXTM3U\n'.length);
  });
});
