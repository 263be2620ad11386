import { describe, expect, it } from 'vitest';
import {
  buildCaptureArgs,
  buildConcatArgs,
  buildRemuxArgs,
  concatListLine,
  PROTOCOL_WHITELIST,
} from '../../src-main/core/record/ffmpeg-args';

function valueAfter(args: string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

describe('capture arguments', () => {
  it('copies every stream into MPEG-TS with progress on stdout', () => {
    const args = buildCaptureArgs({
      url: 'http://example.test/live.ts',
      output: '/rec/seg.ts',
      maxSeconds: 20,
    });
    expect(valueAfter(args, '-i')).toBe('http://example.test/live.ts');
    expect(valueAfter(args, '-c')).toBe('copy');
    expect(valueAfter(args, '-f')).toBe('mpegts');
    expect(valueAfter(args, '-progress')).toBe('pipe:1');
    expect(valueAfter(args, '-t')).toBe('20.000');
    expect(args.at(-1)).toBe('/rec/seg.ts');
    // -y comes before the input so a retry can reuse a name; the output is last.
    expect(args.indexOf('-y')).toBeLessThan(args.indexOf('-i'));
  });

  it('whitelists network protocols only, never file', () => {
    const args = buildCaptureArgs({ url: 'udp://239.0.0.1:1234', output: 'o.ts' });
    const list = valueAfter(args, '-protocol_whitelist')!.split(',');
    expect(list).toEqual(
      expect.arrayContaining(['http', 'https', 'udp', 'rtp', 'rtsp', 'rtmp', 'tcp', 'tls']),
    );
    expect(list).not.toContain('file');
    expect(PROTOCOL_WHITELIST).not.toMatch(/\bfile\b/);
    // the whitelist comes before -i, where it applies to the input
    expect(args.indexOf('-protocol_whitelist')).toBeLessThan(args.indexOf('-i'));
  });

  it('sends playlist headers (user agent, referrer) and refuses header injection', () => {
    const args = buildCaptureArgs({
      url: 'https://example.test/a.m3u8',
      output: 'o.ts',
      headers: { 'User-Agent': 'VLC/3.0', Referer: 'https://portal.test/', 'X-Evil': 'a\r\nHost: other' },
    });
    expect(valueAfter(args, '-user_agent')).toBe('VLC/3.0');
    expect(valueAfter(args, '-headers')).toBe('Referer: https://portal.test/\r\n');
  });

  it('adds HTTP-only options only for HTTP inputs', () => {
    expect(buildCaptureArgs({ url: 'rtsp://cam.test/1', output: 'o.ts' })).not.toContain('-rw_timeout');
    expect(buildCaptureArgs({ url: 'http://x.test/1', output: 'o.ts' })).toContain('-rw_timeout');
  });
});

describe('finalize arguments', () => {
  it('remuxes into the chosen container with stream copy', () => {
    expect(valueAfter(buildRemuxArgs('in.ts', 'out.mkv', 'mkv'), '-f')).toBe('matroska');
    const mp4 = buildRemuxArgs('in.ts', 'out.mp4', 'mp4');
    expect(valueAfter(mp4, '-movflags')).toBe('+faststart');
    expect(valueAfter(mp4, '-c')).toBe('copy');
  });

  it('joins with the concat demuxer reading only local files', () => {
    const args = buildConcatArgs('/seg/list.txt', 'out.ts', 'ts');
    expect(valueAfter(args, '-f')).toBe('concat');
    expect(valueAfter(args, '-protocol_whitelist')).toBe('file,pipe');
    expect(valueAfter(args, '-i')).toBe('/seg/list.txt');
  });

  it('quotes concat list paths with single quotes escaped', () => {
    expect(concatListLine("/r/It's here.ts")).toBe("file '/r/It'\\''s here.ts'");
  });
});
