// Issue 8, item 3: ffmpeg's arguments (readable by every local user through `ps` and
// /proc/<pid>/cmdline) never hold a stream's credentials. ffmpeg gets a local handoff URL that
// answers 302 with the real one (src-main/core/record/stream-handoff.ts). Real ffmpeg, run with the
// argument arrays capture uses (buildCaptureArgs), against the test stream server: an MPEG-TS live
// stream, an HLS playlist with relative segment URLs (resolved against the redirected URL), and a
// refused stream whose error line must still say what failed without the password.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawnChild } from '../../src-main/core/record/child';
import { buildCaptureArgs } from '../../src-main/core/record/ffmpeg-args';
import {
  prepareCaptureUrl,
  StreamHandoff,
  streamHandoff,
  uidFromProcNetTcp,
} from '../../src-main/core/record/stream-handoff';
import { redactText } from '../../src-main/core/redact';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { tempDir } from '../support/temp-dvr';
import { FFMPEG, probeDuration } from '../support/test-media';

const PASSWORD = 'pw-Zq81x';
const LIVE = `/live/alice/${PASSWORD}/123.ts`;
const HLS = `/live/alice/${PASSWORD}/456.m3u8`;
const REFUSED = `/live/alice/${PASSWORD}/401.ts`;
let streams: StreamServer;
let dir: string;

beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive(LIVE);
  streams.addHls(HLS, { segmentSeconds: 2 });
  streams.addLive(REFUSED, { status: 401 });
  await streams.ready();
  dir = tempDir('tapedeck-handoff-');
}, 120_000);

afterAll(async () => {
  await streamHandoff().close();
  await streams?.close();
});

/** Runs ffmpeg as capture does, reading its command line whenever it reports progress. */
async function capture(realUrl: string, output: string, seconds: number) {
  const prepared = await prepareCaptureUrl(realUrl, {
    'User-Agent': 'Tapedeck-test',
    Referer: 'http://ref.example/',
  });
  const args = buildCaptureArgs({
    url: prepared.url,
    output,
    maxSeconds: seconds,
    headers: prepared.headers,
  });
  const child = spawnChild(FFMPEG, args);
  const pid = child.process.pid!;
  const cmdlines = [readFileSync(`/proc/${pid}/cmdline`, 'utf8')];
  child.process.stdout.on('data', () => {
    try {
      cmdlines.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8'));
    } catch {
      // Exited between the output and the read.
    }
  });
  const exit = await child.exited;
  prepared.release();
  // Empty while the child is between fork and exec, or exited and not yet reaped.
  return { prepared, args, exit, cmdlines: cmdlines.filter(Boolean) };
}

describe.runIf(process.platform === 'linux')('stream handoff with real ffmpeg', () => {
  it('records an MPEG-TS live stream without the password in ffmpeg’s arguments', async () => {
    const output = path.join(dir, 'live.ts');
    const { prepared, args, exit, cmdlines } = await capture(streams.url(LIVE), output, 4);
    expect(exit.code, exit.stderrTail).toBe(0);
    expect(prepared.handedOff).toBe(true);
    expect(prepared.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/h\/[0-9a-f]{32}\.ts$/);
    // The upstream server saw the real, credentialled path...
    expect(streams.connections(LIVE)).toBe(1);
    expect(Math.abs((await probeDuration(output)) - 4)).toBeLessThan(1);
    // ...while no process listing ever showed it.
    expect(cmdlines.length).toBeGreaterThan(2);
    for (const cmdline of cmdlines) {
      expect(cmdline).not.toContain(PASSWORD);
      expect(cmdline.split('\0')).toContain(prepared.url);
    }
    expect(args.join(' ')).not.toContain(PASSWORD);
    // The protocol whitelist stays as strict as before: no `file`.
    expect(args[args.indexOf('-protocol_whitelist') + 1]).not.toMatch(/(^|,)file(,|$)/);
  }, 30_000);

  it('records HLS with relative segment URLs, resolved against the redirected URL', async () => {
    const output = path.join(dir, 'hls.ts');
    const before = streams.log.length;
    const redirectsBefore = streamHandoff().counts.redirected;
    const { exit, cmdlines } = await capture(streams.url(HLS), output, 6);
    expect(exit.code, exit.stderrTail).toBe(0);
    const served = streams.log.slice(before).filter((e) => e.event === 'connect');
    // Segments came from the real folder (relative to the real playlist), not from the handoff.
    const segments = served.filter((e) => new RegExp(`^/live/alice/${PASSWORD}/456-\\d+\\.ts$`).test(e.path));
    expect(segments.length).toBeGreaterThanOrEqual(3);
    // The live playlist was reloaded at its real address: the local URL was asked once.
    expect(served.filter((e) => e.path === HLS).length).toBeGreaterThanOrEqual(2);
    expect(streamHandoff().counts.redirected - redirectsBefore).toBe(1);
    expect(await probeDuration(output)).toBeGreaterThan(4);
    for (const cmdline of cmdlines) expect(cmdline).not.toContain(PASSWORD);
  }, 40_000);

  it('a refused stream’s error line names the real URL, redacted, not the local one', async () => {
    const { prepared, exit } = await capture(streams.url(REFUSED), path.join(dir, 'refused.ts'), 2);
    expect(exit.code).not.toBe(0);
    expect(exit.stderrTail).toContain(prepared.url);
    const shown = redactText(exit.stderrTail);
    expect(shown).toContain(`${streams.url('/live/***/***/401.ts')}: Server returned 401`);
    expect(shown).not.toContain(PASSWORD);
    expect(shown).not.toContain('/h/');
  }, 20_000);
});

describe('the handoff server', () => {
  it('redirects while registered, then answers 404; unknown tokens and other hosts get 404', async () => {
    const handoff = new StreamHandoff();
    try {
      const real = 'http://provider.example:8080/live/alice/s3cret/1.ts';
      const { localUrl, release } = await handoff.register(real);
      const first = await fetch(localUrl, { redirect: 'manual' });
      expect(first.status).toBe(302);
      expect(first.headers.get('location')).toBe(real);
      const other = new URL(localUrl);
      expect(
        (await fetch(localUrl.replace(other.pathname, `/h/${'0'.repeat(32)}.ts`), { redirect: 'manual' }))
          .status,
      ).toBe(404);
      expect((await fetch(localUrl.replace('127.0.0.1', 'localhost'), { redirect: 'manual' })).status).toBe(
        404,
      );
      release();
      expect((await fetch(localUrl, { redirect: 'manual' })).status).toBe(404);
      expect(handoff.counts).toEqual({ redirected: 1, refused: 3 });
    } finally {
      await handoff.close();
    }
  });

  it('percent-encodes what an HTTP header cannot carry', async () => {
    const handoff = new StreamHandoff();
    try {
      const { localUrl } = await handoff.register('http://p.example/live/ä b/x/1.ts');
      const answer = await fetch(localUrl, { redirect: 'manual' });
      expect(answer.headers.get('location')).toBe('http://p.example/live/%C3%A4%20b/x/1.ts');
    } finally {
      await handoff.close();
    }
  });

  it('passes non-HTTP URLs through: they cannot be redirected', async () => {
    const prepared = await prepareCaptureUrl('rtmp://u:p@host/app/stream', {});
    expect(prepared).toMatchObject({ url: 'rtmp://u:p@host/app/stream', handedOff: false });
  });

  it('finds the owner of a loopback connection in /proc/net/tcp', async () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:9C40 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 1 1',
      '   1: 0100007F:D431 0100007F:9C40 01 00000000:00000000 00:00000000 00000000  1000        0 2 1',
      '   2: 0100007F:9C40 0100007F:D431 01 00000000:00000000 00:00000000 00000000     0        0 3 1',
    ].join('\n');
    expect(await uidFromProcNetTcp(0x9c40, 0xd431, table)).toBe(1000);
    expect(await uidFromProcNetTcp(0x9c40, 0x1234, table)).toBeNull();
  });

  // Needs root to connect as another user; a developer machine skips it.
  it.runIf(process.platform === 'linux' && process.getuid?.() === 0)(
    'refuses another user’s process, which can see the local URL in `ps`',
    async () => {
      const handoff = new StreamHandoff();
      try {
        const { localUrl } = await handoff.register('http://provider.example/live/alice/s3cret/1.ts');
        const script =
          "fetch(process.argv[1],{redirect:'manual'}).then(r=>console.log(r.status,r.headers.get('location')))";
        const asUser = (uid: number) =>
          new Promise<string>((resolve, reject) =>
            execFile(
              process.execPath,
              ['-e', script, localUrl],
              { uid, gid: uid, cwd: '/' },
              (error, stdout) => (error ? reject(error) : resolve(stdout.trim())),
            ),
          );
        expect(await asUser(65534)).toBe('404 null');
        expect(await asUser(0)).toBe('302 http://provider.example/live/alice/s3cret/1.ts');
      } finally {
        await handoff.close();
      }
    },
  );
});
