// kill -9 of `tapedeck serve` mid-recording, then a restart: the recording resumes as a new segment
// within seconds and finalizes as one file with one gap. Runs the built app (npm test builds first).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Recording } from '../../src-shared/domain';
import { startServe, type ServeProcess } from '../e2e/serve-host';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { probeDuration } from '../support/test-media';

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
    const scheduled = await call<Recording>('recordings.schedule', {
      url: streams.url('/live.ts'),
      start: Date.now(),
      durationMs: windowSec * 1000,
      title: 'Crash Test Dummies',
    });
    await new Promise((r) => setTimeout(r, 8_000));
    serve.child.kill('SIGKILL');
    await new Promise<void>((r) => serve!.child.once('exit', () => r()));
    const killedAt = Date.now();
    // ffmpeg ignores SIGPIPE: the orphan keeps capturing until the restart stops it
    expect(ffmpegsFor(dataDir)).toBe(1);
    await new Promise((r) => setTimeout(r, 2_000));

    serve = await startServe(dataDir);
    const restartedAt = Date.now();
    // the new segment opens within seconds of the restart
    let resumed = await call<Recording>('recordings.get', { id: scheduled.id });
    for (let i = 0; i < 50 && resumed.segments.length < 2; i++) {
      await new Promise((r) => setTimeout(r, 100));
      resumed = await call<Recording>('recordings.get', { id: scheduled.id });
    }
    expect(resumed.status).toBe('recording');
    expect(resumed.segments[0]!.endReason).toBe('crashed');
    expect(resumed.segments.length).toBe(2);
    expect(resumed.segments[1]!.startedAt - restartedAt).toBeLessThan(5_000);
    // the orphan was stopped: only the new capture runs
    expect(ffmpegsFor(dataDir)).toBe(1);
    // the orphan kept capturing after the kill, so the first segment reaches past it
    expect(resumed.segments[0]!.endedAt! - killedAt).toBeGreaterThan(1_000);

    let done = resumed;
    for (let i = 0; i < 60 && done.status === 'recording'; i++) {
      await new Promise((r) => setTimeout(r, 1_000));
      done = await call<Recording>('recordings.get', { id: scheduled.id });
    }
    expect(done.status).toBe('completed');
    expect(done.gaps).toHaveLength(1);
    expect(done.gaps[0]!.cause).toMatch(/^crashed/);
    const gapSec = (done.gaps[0]!.end - done.gaps[0]!.start) / 1000;
    expect(gapSec).toBeGreaterThan(0);
    expect(gapSec).toBeLessThan(5);
    const seconds = await probeDuration(done.outputPath!);
    expect(Math.abs(seconds - (windowSec - gapSec))).toBeLessThanOrEqual(2);
    const events = await call<Array<{ reason: string }>>('recordings.events', { id: scheduled.id });
    expect(events.map((e) => e.reason)).toContain('resumed after Tapedeck restarted');
  }, 90_000);
});
