// kill -9 of `tapedeck serve` mid-recording, then a restart: the recording resumes as a new segment
// within seconds and finalizes as one file with one gap. Runs the built app (npm test builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../src-shared/domain';
import { startServe, type ServeProcess } from '../e2e/serve-host';
import { fileSeconds } from '../support/recording-progress';
import { describeLog, servedConnections } from '../support/stream-log';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { probeDuration } from '../support/test-media';
import { waitFor } from '../support/wait';

let streams: StreamServer;
let serve: ServeProcess | null = null;
const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-crash-'));

async function call<T>(name: string, input: unknown): Promise<T> {
  const [base, fragment] = serve!.url.split('/#token=');
  const response = await fetch(`${base}/api/call/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${fragment}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await response.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!body.ok) throw new Error(body.error?.message);
  return body.result;
}

function ffmpegsFor(dir: string): number {
  const out = execFileSync('ps', ['-eo', 'args'], { encoding: 'utf8' });
  return out.split('\n').filter((line) => line.includes('ffmpeg') && line.includes(dir)).length;
}

beforeAll(async () => {
  if (!existsSync(path.resolve(__dirname, '../../dist/cli/cli.cjs')))
    throw new Error('run `npm run build` first');
  streams = await startStreamServer();
  streams.addLive('/live.ts');
  await streams.ready();
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  await streams?.close();
});

describe('crash recovery', () => {
  it('resumes after kill -9 and finalizes one file with one gap', async () => {
    serve = await startServe(dataDir);
    const windowSec = 30;
    const start = Date.now();
    const scheduled = await call<Recording>('recordings.schedule', {
      url: streams.url('/live.ts'),
      start,
      durationMs: windowSec * 1000,
      title: 'Crash Test Dummies',
    });
    // Kill it once it has captured a good part of the programme (on disk, not by the clock).
    const segment0 = await waitFor(
      async () => (await call<Recording>('recordings.get', { id: scheduled.id })).segments[0]?.path,
      { timeoutMs: 10_000, what: 'the first segment to open', intervalMs: 100 },
    );
    await waitFor(async () => (await fileSeconds(segment0)) >= 6, {
      timeoutMs: 20_000,
      what: 'the first segment to hold 6 s',
      intervalMs: 250,
    });
    serve.child.kill('SIGKILL');
    await new Promise<void>((r) => serve!.child.once('exit', () => r()));
    const killedAt = Date.now();
    // ffmpeg ignores SIGPIPE: the orphan keeps capturing until the restart stops it
    expect(ffmpegsFor(dataDir)).toBe(1);
    const atKill = await fileSeconds(segment0);
    await waitFor(async () => (await fileSeconds(segment0)) >= atKill + 1.5, {
      timeoutMs: 10_000,
      what: 'the orphaned ffmpeg to go on writing the first segment',
      intervalMs: 250,
    });

    serve = await startServe(dataDir);
    const restartedAt = Date.now();
    // the new segment opens within seconds of the restart
    const resumed = await waitFor(
      async () => {
        const r = await call<Recording>('recordings.get', { id: scheduled.id });
        return r.segments.length >= 2 && r;
      },
      { timeoutMs: 10_000, what: 'a second segment after the restart', intervalMs: 100 },
    );
    expect(resumed.status).toBe('recording');
    expect(resumed.segments[0]!.endReason).toBe('crashed');
    expect(resumed.segments.length).toBe(2);
    expect(resumed.segments[1]!.startedAt - restartedAt).toBeLessThan(5_000);
    // the orphan was stopped: only the new capture runs
    expect(ffmpegsFor(dataDir)).toBe(1);
    // the orphan kept capturing after the kill, so the first segment reaches past it
    expect(resumed.segments[0]!.endedAt! - killedAt).toBeGreaterThan(1_000);

    const done = await waitFor(
      async () => {
        const r = await call<Recording>('recordings.get', { id: scheduled.id });
        return r.status !== 'recording' && r;
      },
      { timeoutMs: 60_000, what: 'the recording to finish', intervalMs: 250 },
    );
    expect(done.status).toBe('completed');
    expect(done.gaps).toHaveLength(1);
    expect(done.gaps[0]!.cause).toMatch(/^crashed/);
    const gapSec = (done.gaps[0]!.end - done.gaps[0]!.start) / 1000;
    expect(gapSec).toBeGreaterThan(0);
    expect(gapSec).toBeLessThan(5);
    // The crash costs only the gap: the file holds everything the stream server sent to the orphan and
    // then to the resumed capture (by the server's own log), and that capture ran to the window end.
    const log = describeLog(streams.log, '/live.ts');
    expect(log).not.toContain('slow-client');
    const served = servedConnections(streams.log, '/live.ts');
    expect(
      served.map((c) => c.ended),
      log,
    ).toEqual(['close', 'close']);
    const servedSec = served.reduce((sum, c) => sum + c.seconds!, 0);
    const seconds = await probeDuration(done.outputPath!);
    expect(Math.abs(seconds - servedSec), log).toBeLessThanOrEqual(1);
    expect(served[1]!.endAt! - (start + windowSec * 1000), log).toBeGreaterThan(-1_000);
    const events = await call<Array<{ reason: string }>>('recordings.events', { id: scheduled.id });
    expect(events.map((e) => e.reason)).toContain('resumed after Tapedeck restarted');
  }, 90_000);
});
