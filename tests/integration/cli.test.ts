// The `tapedeck` command end to end, as a user runs it: the built binary, a real `serve` process
// owning a temp data folder, real ffmpeg capturing a local live MPEG-TS stream, real SQLite.
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  apiCall,
  runCli,
  runCliJson,
  runCliWithClosedOutput,
  startServe,
  tempDataDir,
  type CliResult,
  type ServeProcess,
} from '../support/cli-runner';
import { describeLog, servedConnections } from '../support/stream-log';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { fileSeconds } from '../support/recording-progress';
import { probeDuration } from '../support/test-media';
import { waitFor, within } from '../support/wait';

/** What `show --json` (and each item of `list --json`) prints. */
interface ShownRecording {
  id: number;
  title: string;
  status: string;
  channelId: number | null;
  url: string | null;
  scheduledStart: string;
  scheduledEnd: string;
  actualStart: string | null;
  actualEnd: string | null;
  outputPath: string | null;
  sizeBytes: number | null;
  durationSeconds: number | null;
  capturedSeconds: number | null;
  expectedSeconds: number;
  error: string | null;
  attempt: number;
  gaps: Array<{ start: string; end: string; seconds: number; cause: string }>;
  segments: Array<{
    index: number;
    path: string;
    start: string;
    end: string | null;
    bytes: number;
    endReason: string | null;
    error: string | null;
  }>;
}

interface ShownChannel {
  id: number;
  name: string;
  url: string;
}

let streams: StreamServer;
let dataDir: string;
let serve: ServeProcess;
const extraServes: ServeProcess[] = [];

const cli = (...args: string[]): Promise<CliResult> => runCli(args, { dataDir });
const cliJson = <T>(...args: string[]): Promise<T> => runCliJson<T>(args, { dataDir });
const show = (id: number, dir = dataDir): Promise<ShownRecording> =>
  runCliJson<ShownRecording>(['show', String(id), '--json'], { dataDir: dir });
/** `channels --json` prints { total, channels }: the channels of this page. */
const channelList = async (): Promise<ShownChannel[]> =>
  (await cliJson<{ total: number; channels: ShownChannel[] }>('channels', '--json')).channels;
const listIds = async (...args: string[]): Promise<number[]> =>
  (await cliJson<ShownRecording[]>('list', ...args, '--json')).map((r) => r.id);

/** A recording's history (status changes and notes), over the HTTP contract; for failure messages. */
async function history(id: number, instance: ServeProcess = serve): Promise<string> {
  const events = await apiCall(instance.baseUrl, 'recordings.events', { id }, instance.token);
  const rows =
    (events.body as { result?: Array<{ at: number; toStatus: string; reason: string }> }).result ?? [];
  return rows.map((e) => `${new Date(e.at).toISOString()} ${e.toStatus}: ${e.reason}`).join('\n');
}

/** A failed command: non-zero exit, nothing on stdout, and exactly one `tapedeck: <reason>` line on stderr. */
function expectCliError(result: CliResult, reason: RegExp): void {
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).not.toBe(0);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^tapedeck: /);
  expect(lines[0]).toMatch(reason);
}

function waitForStatus(
  id: number,
  statuses: string[],
  timeoutMs: number,
  dir = dataDir,
): Promise<ShownRecording> {
  return waitFor(
    async () => {
      const r = await show(id, dir);
      return statuses.includes(r.status) && r;
    },
    // each check runs the CLI (a process): poll at a moderate pace
    { timeoutMs, what: `recording ${id} to become ${statuses.join(' or ')}`, intervalMs: 500 },
  );
}

/**
 * Waits until segment `index` of recording `id` holds at least `seconds` of media (read from the file
 * on disk: the recording runs in `serve`); resolves with what it holds.
 */
async function segmentHolds(id: number, index: number, seconds: number, dir = dataDir): Promise<number> {
  // The CLI only to learn the segment's file (a process per check), then only the file.
  const file = await waitFor(async () => (await show(id, dir)).segments[index]?.path, {
    timeoutMs: 20_000,
    what: `segment ${index} of recording ${id} to open`,
    intervalMs: 250,
  });
  return waitFor(
    async () => {
      const held = await fileSeconds(file);
      return held >= seconds && held;
    },
    { timeoutMs: 30_000, what: `segment ${index} of recording ${id} to hold ${seconds} s`, intervalMs: 250 },
  );
}

beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/news.ts');
  streams.addLive('/live/404.ts', { status: 404 });
  await streams.ready();
  dataDir = tempDataDir();
  serve = await startServe(dataDir);
}, 120_000);

afterAll(async () => {
  await Promise.all([serve, ...extraServes].map((s) => s?.stop()));
  await streams?.close();
}, 60_000);

describe('tapedeck serve', () => {
  it('prints its URL with the token on the first line, advertises itself, and guards the API with the token', async () => {
    expect(serve.firstLine).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/#token=[A-Za-z0-9_-]{32,}$/);
    const instance = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as {
      url: string;
      token: string;
      pid: number;
    };
    expect(instance).toEqual({ url: serve.baseUrl, token: serve.token, pid: serve.child.pid });

    const anonymous = await apiCall(serve.baseUrl, 'status.get', {}, null);
    expect(anonymous.status).toBe(401);
    expect(anonymous.body).toMatchObject({ ok: false });
    const wrong = await apiCall(serve.baseUrl, 'status.get', {}, 'x'.repeat(serve.token.length));
    expect(wrong.status).toBe(401);

    const authorized = await apiCall(serve.baseUrl, 'status.get', {}, serve.token);
    expect(authorized.status).toBe(200);
    expect(authorized.body).toMatchObject({ ok: true, result: { dataDir, recordingNow: 0 } });
  }, 20_000);

  it('refuses a second serve on the same data folder, and the first one keeps working', async () => {
    const second = await startServe(dataDir).then(
      (s) => {
        extraServes.push(s);
        return null;
      },
      (error: Error) => error,
    );
    expect(second, 'the second serve started on a folder that is in use').toBeInstanceOf(Error);
    expect(second!.message).toMatch(/exited with [1-9]/);
    expect(second!.message).toMatch(/tapedeck: .*data folder .* is in use/);
    expect(second!.message).toContain(dataDir);

    const status = await apiCall(serve.baseUrl, 'status.get', {}, serve.token);
    expect(status.status).toBe(200);
    // server.json still names the first instance
    const instance = JSON.parse(readFileSync(path.join(dataDir, 'server.json'), 'utf8')) as { pid: number };
    expect(instance.pid).toBe(serve.child.pid);
    const list = await cli('list', '--json');
    expect(list.code).toBe(0);
  }, 30_000);

  it('is found through TAPEDECK_DATA_DIR as well as --data-dir', async () => {
    const viaEnv = await runCli(['channels', '--json'], { env: { TAPEDECK_DATA_DIR: dataDir } });
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(JSON.parse(viaEnv.stdout)).toEqual({ total: expect.any(Number), channels: expect.any(Array) });
  }, 20_000);
});

describe('channels and recordings from the command line', () => {
  it('adds a channel and records 6 s of it into a verified file', async () => {
    const added = await cliJson<ShownChannel>(
      'channel',
      'add',
      '--name',
      'News',
      '--url',
      streams.url('/live/news.ts'),
      '--json',
    );
    expect(added.id).toEqual(expect.any(Number));
    expect(added).toMatchObject({ name: 'News', url: streams.url('/live/news.ts') });

    const channels = await channelList();
    expect(channels).toEqual(
      expect.arrayContaining([expect.objectContaining({ id: added.id, name: 'News' })]),
    );

    const recordAt = Date.now();
    const started = await cliJson<ShownRecording>(
      'record',
      '--channel',
      String(added.id),
      '--start',
      'now',
      '--duration',
      '6s',
      '--title',
      'CLI Show',
      '--json',
    );
    expect(started).toMatchObject({
      title: 'CLI Show',
      status: 'recording',
      channelId: added.id,
      expectedSeconds: 6,
    });

    const done = await waitForStatus(started.id, ['completed', 'failed'], 30_000);
    expect(done.error).toBeNull();
    expect(done.status).toBe('completed');
    expect(done.outputPath).toBeTruthy();
    expect(existsSync(done.outputPath!)).toBe(true);
    expect(statSync(done.outputPath!).size).toBe(done.sizeBytes);
    expect(done.durationSeconds).not.toBeNull();
    expect(done.segments.length).toBeGreaterThanOrEqual(1);
    expect(done.segments[done.segments.length - 1]!.endReason).toBe('window-end');
    // The file holds what the stream server sent this recording (its own log, from the `record` on):
    // the window, less however long ffmpeg took to connect, which a busy machine stretches.
    const log = describeLog(streams.log, '/live/news.ts');
    const served = servedConnections(
      streams.log.filter((e) => e.at >= recordAt),
      '/live/news.ts',
    );
    expect(served.length, log).toBeGreaterThanOrEqual(1);
    const servedSec = served.reduce((sum, c) => sum + (c.seconds ?? Number.NaN), 0);
    expect(servedSec, log).toBeLessThanOrEqual(6.5);
    // and the capture went on until the window closed
    expect(served.at(-1)!.endAt! - Date.parse(done.scheduledEnd), log).toBeGreaterThan(-1_000);
    expect(Math.abs(done.durationSeconds! - servedSec), log).toBeLessThanOrEqual(1);
    expect(Math.abs((await probeDuration(done.outputPath!)) - servedSec), log).toBeLessThanOrEqual(1);
    expect(done.segments.every((s) => s.bytes > 0)).toBe(true);

    // The human form of `show` tells the same story.
    const human = await cli('show', String(started.id));
    expect(human.code).toBe(0);
    expect(human.stdout).toContain(`#${started.id} CLI Show`);
    expect(human.stdout).toMatch(/status: +completed/);
    expect(human.stdout).toContain(done.outputPath!);
  }, 45_000);

  it('cancels a future recording, lists it as cancelled, and deletes it', async () => {
    const scheduled = await cliJson<ShownRecording>(
      'record',
      '--url',
      streams.url('/live/news.ts'),
      '--start',
      '+1h',
      '--duration',
      '30m',
      '--json',
    );
    expect(scheduled.status).toBe('scheduled');
    expect(scheduled.expectedSeconds).toBe(1800);
    expect(Date.parse(scheduled.scheduledStart) - Date.now()).toBeGreaterThan(3_500_000);
    expect(await listIds('--status', 'scheduled')).toContain(scheduled.id);

    const cancel = await cli('cancel', String(scheduled.id));
    expect(cancel.code, cancel.stderr).toBe(0);
    expect((await show(scheduled.id)).status).toBe('cancelled');
    expect(await listIds('--status', 'cancelled')).toContain(scheduled.id);
    expect(await listIds('--status', 'scheduled')).not.toContain(scheduled.id);

    // Cancelling twice is a conflict, not a silent success.
    expectCliError(await cli('cancel', String(scheduled.id)), /cancelled/);

    const deleted = await cli('delete', String(scheduled.id));
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(`deleted #${scheduled.id}`);
    expect(await listIds()).not.toContain(scheduled.id);
    expectCliError(
      await cli('show', String(scheduled.id)),
      new RegExp(`${scheduled.id}.*does not exist|not found`, 'i'),
    );
  }, 60_000);

  it('stops a running recording early, keeps what was captured, and deletes it with its file', async () => {
    const started = await cliJson<ShownRecording>(
      'record',
      '--url',
      streams.url('/live/news.ts'),
      '--start',
      'now',
      '--duration',
      '60s',
      '--json',
    );
    expect(started.status).toBe('recording');
    // Stop it once it holds 4 s; it keeps all of that, and no more than came in until the stop.
    const held = await segmentHolds(started.id, 0, 4);
    const heldAt = Date.now();
    const stop = await cli('stop', String(started.id), '--json');
    const sinceSec = (Date.now() - heldAt) / 1000;
    expect(stop.code, stop.stderr).toBe(0);
    const stopped = JSON.parse(stop.stdout) as ShownRecording;
    expect(stopped.status, `${stop.stdout}\n${await history(started.id)}`).toBe('completed');
    expect(stopped.outputPath).toBeTruthy();
    expect(existsSync(stopped.outputPath!)).toBe(true);
    for (const seconds of [await probeDuration(stopped.outputPath!), stopped.durationSeconds!]) {
      expect(seconds).toBeGreaterThanOrEqual(held - 0.5);
      expect(seconds).toBeLessThanOrEqual(held + sinceSec + 1);
    }
    expect(stopped.segments[stopped.segments.length - 1]!.endReason).toBe('stopped');

    // Stopping it again is refused: it is no longer recording.
    expectCliError(await cli('stop', String(started.id)), /completed, not recording/);

    const deleted = await cli('delete', String(started.id));
    expect(deleted.code, deleted.stderr).toBe(0);
    expect(deleted.stdout).toContain(stopped.outputPath!);
    expect(existsSync(stopped.outputPath!)).toBe(false);
    expect(await listIds()).not.toContain(started.id);

    // A recording in progress cannot be deleted.
    const running = await cliJson<ShownRecording>(
      'record',
      '--url',
      streams.url('/live/news.ts'),
      '--start',
      'now',
      '--duration',
      '60s',
      '--json',
    );
    expect(running.status).toBe('recording');
    expectCliError(await cli('delete', String(running.id)), /in progress; stop or cancel it first/);
    expect((await show(running.id)).status).toBe('recording');
    // stopped once it has captured something, it completes (a capture that got nothing would not)
    await segmentHolds(running.id, 0, 1);
    const stop2 = await cli('stop', String(running.id));
    expect(stop2.code, stop2.stderr).toBe(0);
    expect((await show(running.id)).status).toBe('completed');
  }, 90_000);

  it('rejects bad input with one clear line and a non-zero exit, changing nothing', async () => {
    const channels = await channelList();
    expect(channels.length).toBeGreaterThan(0);
    const channelId = String(channels[0]!.id);
    const live = streams.url('/live/news.ts');
    const before = await cliJson<ShownRecording[]>('list', '--json');

    const cases: Array<[string[], RegExp]> = [
      [['record', '--url', live, '--start', '+1h', '--end', '+30m'], /end must be after the start/],
      [['record', '--url', live, '--start', '+1h', '--duration', '0s'], /duration must be more than zero/],
      [['record', '--channel', '9999', '--start', '+1h', '--duration', '5m'], /channel 9999 does not exist/],
      [['record', '--url', 'not a url', '--start', '+1h', '--duration', '5m'], /URL is malformed/],
      [
        ['record', '--url', 'file:///etc/passwd', '--start', '+1h', '--duration', '5m'],
        /URL must use one of: http, https/,
      ],
      [['record', '--url', live, '--start', '+9000h', '--duration', '5m'], /more than a year away/],
      [
        ['record', '--url', live, '--channel', channelId, '--start', '+1h', '--duration', '5m'],
        /either a channel or a URL, not both/,
      ],
      [
        ['record', '--url', live, '--start', '+1h', '--duration', '5 minutes'],
        /"5 minutes" is not a duration: use forms like 90s, 25m, 1h30m/,
      ],
      [['record', '--url', live, '--start', 'tomorrow', '--duration', '5m'], /"tomorrow" is not a time/],
      [['show', 'abc'], /"abc" is not a valid id/],
      [['show', '0'], /"0" is not a valid id/],
    ];
    // Independent and read-only, so they run side by side.
    const results = await Promise.all(cases.map(([args]) => cli(...args)));
    cases.forEach(([args, reason], i) => {
      const result = results[i]!;
      expect(result.code, `${args.join(' ')} -> ${result.stderr}`).not.toBe(0);
      expectCliError(result, reason);
    });

    expect(await cliJson<ShownRecording[]>('list', '--json')).toEqual(before);
    expect(await channelList()).toEqual(channels);
  }, 60_000);

  it('retries a failing source (404), refuses a manual retry while it is recording, and allows one once it failed', async () => {
    const started = await cliJson<ShownRecording>(
      'record',
      '--url',
      streams.url('/live/404.ts'),
      '--start',
      'now',
      '--duration',
      '40s',
      '--json',
    );
    expect(started.status).toBe('recording');
    // Still recording for seconds yet: the default policy gives up only after 8 attempts with a
    // backoff (0.5 s, 0.5 s, 0.5 s, 1 s, ...) of 6.5 s in all. A retry is refused meanwhile.
    expectCliError(await cli('retry', String(started.id)), /only failed recordings can be retried/);

    const failed = await waitForStatus(started.id, ['failed'], 45_000);
    expect(failed.error).toMatch(/404/);
    // Nothing captured: no segment kept, no file.
    expect(failed.segments).toEqual([]);
    expect(failed.outputPath).toBeNull();
    // It did retry, and why each attempt failed is in its history: ffmpeg's own reason, with the status.
    expect(failed.attempt).toBeGreaterThan(1);
    const events = await apiCall(serve.baseUrl, 'recordings.events', { id: started.id }, serve.token);
    expect(events.status).toBe(200);
    const reasons = (events.body as { result: Array<{ reason: string }> }).result.map((e) => e.reason);
    expect(
      reasons.filter((r) => /captured nothing: .*404/.test(r)),
      reasons.join('\n'),
    ).toHaveLength(failed.attempt);

    // A failed recording inside its window can be retried: straight back into recording.
    const retried = await cli('retry', String(started.id), '--json');
    expect(retried.code, retried.stderr).toBe(0);
    expect((JSON.parse(retried.stdout) as ShownRecording).status).toBe('recording');
    // Clean up: cancelling a capture that got nothing leaves it cancelled.
    const cancel = await cli('cancel', String(started.id));
    expect(cancel.code, cancel.stderr).toBe(0);
    expect((await show(started.id)).status).toBe('cancelled');
  }, 90_000);
});

describe('without a running serve', () => {
  it('tells the user to start `tapedeck serve`', async () => {
    const empty = tempDataDir('tapedeck-cli-none-');
    const result = await runCli(['list'], { dataDir: empty });
    expectCliError(result, /no Tapedeck is running for .*: start one with `tapedeck serve`/);
    expect(result.stderr).toContain(empty);
  }, 20_000);

  it('exits rather than spinning when whoever reads its output has gone away (`tapedeck list 2>&1 | true`)', async () => {
    const empty = tempDataDir('tapedeck-cli-none-');
    // The same command with its output read exits 1 at once (above); with nobody reading it must
    // still exit (with any code), not loop on the write error at full CPU.
    expect(await runCliWithClosedOutput(['list'], { dataDir: empty }, 5_000)).not.toBe('hung');
  }, 20_000);
});

describe('stopping serve while recording', () => {
  it('closes the segment on SIGTERM and resumes the recording on the next start', async () => {
    const dir = tempDataDir('tapedeck-cli-sigterm-');
    const first = await startServe(dir);
    extraServes.push(first);
    const started = await runCliJson<ShownRecording>(
      [
        'record',
        '--url',
        streams.url('/live/news.ts'),
        '--start',
        'now',
        '--duration',
        '60s',
        '--title',
        'Interrupted',
        '--json',
      ],
      { dataDir: dir },
    );
    expect(started.status).toBe('recording');
    await segmentHolds(started.id, 0, 2.5, dir);

    const t0 = Date.now();
    first.child.kill('SIGTERM');
    const exit = await within(first.exited, 15_000, () => `serve to exit after SIGTERM: ${first.stderr()}`);
    expect(exit).toBe(0);
    expect(Date.now() - t0).toBeLessThan(15_000);
    // It no longer advertises itself, and the CLI says so.
    expect(existsSync(path.join(dir, 'server.json'))).toBe(false);
    expectCliError(await runCli(['list'], { dataDir: dir }), /start one with `tapedeck serve`/);

    const second = await startServe(dir);
    extraServes.push(second);
    const resumed = await show(started.id, dir);
    const resumedHistory = `${JSON.stringify(resumed, null, 2)}\n${await history(started.id, second)}`;
    // Its window (60 s) is still open: it is recording again.
    expect(resumed.status, resumedHistory).toBe('recording');
    expect(resumed.segments.length).toBeGreaterThanOrEqual(1);
    const first0 = resumed.segments[0]!;
    expect(first0.bytes, resumedHistory).toBeGreaterThan(0);
    expect(first0.endReason).toBe('shutdown');
    // The interrupted segment is still on disk, waiting to be joined with the rest.
    expect(statSync(first0.path).size).toBeGreaterThan(0);
    const beforeSec = await probeDuration(first0.path);
    expect(beforeSec).toBeGreaterThanOrEqual(2);

    // Once the resumed capture holds something too, stop it: the file is both parts.
    const afterSec = await segmentHolds(started.id, 1, 1.5, dir);
    const stop = await runCli(['stop', String(started.id), '--json'], { dataDir: dir });
    expect(stop.code, stop.stderr).toBe(0);
    const done = JSON.parse(stop.stdout) as ShownRecording;
    expect(done.status).toBe('completed');
    expect(done.segments).toHaveLength(2);
    expect(done.segments.map((s) => s.endReason)).toEqual(['shutdown', 'stopped']);
    expect(existsSync(done.outputPath!)).toBe(true);
    expect(done.durationSeconds!).toBeGreaterThanOrEqual(beforeSec + afterSec - 0.5);
    expect(await second.stop()).toBe(0);
  }, 90_000);
});
