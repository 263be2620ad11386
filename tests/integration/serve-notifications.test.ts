// Headless parity: `tapedeck serve` writes each notification to its log (one line) and POSTs it to the
// webhook set in the settings; binding beyond loopback is warned about.
import { mkdirSync, symlinkSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exposureWarnings, isLoopbackHost, notificationLine, serve } from '../../src-main/server/serve';
import { MIGRATIONS, tempDir } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

let receiver: http.Server;
let base = '';
const hooks: unknown[] = [];
const hookAnswers = [503, 204];

beforeAll(async () => {
  // One local server: a stream that answers 404, and a webhook that fails once, then takes it.
  receiver = http.createServer((req, res) => {
    if (req.url === '/stream.ts') return void res.writeHead(404).end('no such channel');
    let data = '';
    req.on('data', (chunk: Buffer) => (data += chunk.toString()));
    req.on('end', () => {
      hooks.push(JSON.parse(data) as unknown);
      res.writeHead(hookAnswers.length > 1 ? hookAnswers.shift()! : hookAnswers[0]!).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => receiver.close(() => resolve())));

describe('tapedeck serve', () => {
  it('logs a notification in one line and delivers it to the webhook after a retry', async () => {
    const appDir = tempDir('tapedeck-app-');
    mkdirSync(path.join(appDir, 'renderer'));
    symlinkSync(MIGRATIONS, path.join(appDir, 'migrations'));
    const lines: string[] = [];
    const warnings: string[] = [];
    const running = await serve({
      dataDir: tempDir(),
      host: '127.0.0.1',
      port: 0,
      appDir,
      log: (line) => lines.push(line),
      warn: (line) => warnings.push(line),
    });
    try {
      const url = new URL(running.url);
      const token = new URLSearchParams(url.hash.slice(1)).get('token')!;
      const call = async (name: string, input: unknown) => {
        const response = await fetch(`${url.origin}/api/call/${name}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(input),
        });
        const body = (await response.json()) as { ok: boolean; result: { id: number } };
        expect(body.ok, JSON.stringify(body)).toBe(true);
        return body.result;
      };
      await call('settings.update', {
        webhookUrl: `${base}/hook/s3cr3t-topic`,
        maxFailedAttempts: 1,
        retryBaseSec: 0.1,
      });
      const recording = await call('recordings.schedule', {
        url: `${base}/stream.ts`,
        start: Date.now(),
        durationMs: 30_000,
        title: 'Broken channel',
      });
      const line = await waitFor(() => lines.find((l) => l.startsWith('notification failed:')), {
        timeoutMs: 30_000,
        what: () => `a failed notification in the log (log: ${lines.join(' | ')})`,
      });
      expect(line).toMatch(
        new RegExp(
          `^notification failed: Recording failed: Broken channel: .+ \\(/recordings/${recording.id}\\)$`,
        ),
      );
      await waitFor(() => hooks.length === 2, { timeoutMs: 20_000, what: 'the webhook to be tried twice' });
      expect(hooks[1]).toMatchObject({
        app: 'tapedeck',
        kind: 'failed',
        link: `/recordings/${recording.id}`,
      });
      // The serve process logs the delivery once the hook's answer reaches it, a moment after the hook
      // server saw the request: wait for the line, not just the request.
      await waitFor(
        () =>
          lines.some((l) =>
            /^webhook: failed:\S+ delivered to http:\/\/127\.0\.0\.1:\d+\/… \(attempt 2\)$/.test(l),
          ),
        { timeoutMs: 10_000, what: () => `the delivery in the log (log: ${lines.join(' | ')})` },
      );
      expect(lines.join('\n')).not.toContain('s3cr3t');
      expect(warnings).toEqual([]);
    } finally {
      await running.stop();
    }
  }, 60_000);
});

describe('notification lines and exposure warnings', () => {
  it('keeps control sequences from guide titles out of the log line', () => {
    expect(
      notificationLine({
        kind: 'completed',
        key: 'k',
        title: 'Recording finished',
        body: 'News\u001b[2J\nat ten: 100 %',
        link: '/recordings/3',
        at: 0,
      }),
    ).toBe('notification completed: Recording finished: News at ten: 100 % (/recordings/3)');
  });

  it('warns when the host is not loopback, and says when the Host checks are off', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]']) {
      expect(isLoopbackHost(host), host).toBe(true);
      expect(exposureWarnings(host, 8080)).toEqual([]);
    }
    expect(exposureWarnings('192.168.1.5', 8080)).toEqual([
      expect.stringMatching(
        /^warning: --host 192\.168\.1\.5 is not a loopback address: .*port 8080.*plain HTTP.*docs\/headless\.md/,
      ),
    ]);
    const all = exposureWarnings('0.0.0.0', 8080);
    expect(all).toHaveLength(2);
    expect(all[1]).toMatch(/Host and Origin checks are off/);
    expect(exposureWarnings('::', 1)).toHaveLength(2);
    expect(isLoopbackHost('1270.0.0.1')).toBe(false);
    expect(isLoopbackHost('tv.example.com')).toBe(false);
  });
});
