// The one redaction (src-main/core/redact.ts): credentials out of URLs and out of free text such as
// ffmpeg's stderr lines and error messages, and out of what the transports and the CLI print.
import { describe, expect, it } from 'vitest';
import { TapedeckError } from '../../src-shared/contract';
import { redactError, redactText, redactUrl, registerSecret } from '../../src-main/core/redact';
import { toWireError } from '../../src-main/core/wire';

describe('redactText', () => {
  it('masks Xtream path credentials in every stream kind', () => {
    for (const kind of ['live', 'movie', 'series', 'timeshift']) {
      expect(redactText(`http://panel.example:8080/${kind}/alice/s3cret/123.ts`)).toBe(
        `http://panel.example:8080/${kind}/***/***/123.ts`,
      );
    }
    expect(redactText('http://p.example/timeshift/alice/s3cret/120/2026-01-01:20-00/42.ts')).toBe(
      'http://p.example/timeshift/***/***/120/2026-01-01:20-00/42.ts',
    );
    // The bare form Xtream servers also answer.
    expect(redactText('http://p.example:25461/alice/s3cret/123')).toBe('http://p.example:25461/***/***/123');
    expect(redactText('http://p.example:25461/alice/s3cret/123.m3u8')).toBe(
      'http://p.example:25461/***/***/123.m3u8',
    );
    // An error line cut off inside the password.
    expect(redactText('http://p.example/live/alice/s3c')).toBe('http://p.example/live/***/***');
  });

  it('leaves ordinary stream paths alone', () => {
    for (const url of [
      'http://127.0.0.1:8080/live/ch1.ts',
      'http://cdn.example/live/news/hd.ts',
      'http://cdn.example/hls/ch1.m3u8',
      'http://cdn.example/a/b/c/d/1.ts',
      '/home/me/live/list.m3u',
    ]) {
      expect(redactText(url)).toBe(url);
    }
  });

  it('masks user:password@ and secret-looking query and fragment values, keeping everything else', () => {
    expect(redactText('rtmp://bob:pw@host/app/key')).toBe('rtmp://bob:***@host/app/key');
    expect(redactText('http://bob@host/x.ts')).toBe('http://bob@host/x.ts');
    expect(redactText('http://h/get.php?username=alice&password=s3cret&type=m3u_plus&output=ts')).toBe(
      'http://h/get.php?username=***&password=***&type=m3u_plus&output=ts',
    );
    expect(
      redactText('https://cdn/x.m3u8?Token=abc&sig=1&Signature=2&key=3&auth=4&pass=5&wmsAuthSign=6&q=ok'),
    ).toBe(
      'https://cdn/x.m3u8?Token=***&sig=***&Signature=***&key=***&auth=***&pass=***&wmsAuthSign=***&q=ok',
    );
    expect(redactText('http://127.0.0.1:4000/#token=abcdef')).toBe('http://127.0.0.1:4000/#token=***');
    // No re-serialisation: odd but harmless characters stay as written.
    expect(redactText('http://h/a%20b/{x}?v=%7B&token=t')).toBe('http://h/a%20b/{x}?v=%7B&token=***');
  });

  it('finds URLs inside ffmpeg stderr lines and error messages, sparing the punctuation after them', () => {
    expect(
      redactText(
        'http://127.0.0.1:33585/live/alice/s3cret/123.ts: Server returned 401 Unauthorized (authorization failed)',
      ),
    ).toBe(
      'http://127.0.0.1:33585/live/***/***/123.ts: Server returned 401 Unauthorized (authorization failed)',
    );
    expect(redactText("Opening 'https://u:p@h/x.m3u8?token=abc' for reading")).toBe(
      "Opening 'https://u:***@h/x.m3u8?token=***' for reading",
    );
    expect(redactText('failover: http://a/live/u/p/1.ts -> http://b/x.ts?password=zz.')).toBe(
      'failover: http://a/live/***/***/1.ts -> http://b/x.ts?password=***.',
    );
    expect(redactText('nothing to see here: 401 Unauthorized')).toBe('nothing to see here: 401 Unauthorized');
  });

  it('is idempotent', () => {
    const once = redactText('x http://u:p@h/live/a/b/1.ts?token=t y');
    expect(redactText(once)).toBe(once);
  });

  it('replaces registered secrets anywhere, raw and URL-encoded, until they are forgotten', () => {
    const forget = registerSecret('hunter2/xyz');
    expect(redactText('login failed for hunter2/xyz')).toBe('login failed for ***');
    expect(redactText('http://h/s/hunter2%2Fxyz/index.m3u8')).toBe('http://h/s/***/index.m3u8');
    forget();
    expect(redactText('hunter2/xyz')).toBe('hunter2/xyz');
    // Too short to mask everywhere (it would garble ordinary words).
    const short = registerSecret('abc');
    expect(redactText('abc')).toBe('abc');
    short();
  });

  it('replaces an alias by what it stands for (a local hand-off URL by the redacted real one)', () => {
    const forget = registerSecret('http://127.0.0.1:5/h/0123456789abcdef.ts', 'http://p/live/***/***/1.ts');
    expect(redactText('http://127.0.0.1:5/h/0123456789abcdef.ts: Server returned 404 Not Found')).toBe(
      'http://p/live/***/***/1.ts: Server returned 404 Not Found',
    );
    forget();
  });

  it('redactUrl is the same redaction, for URLs that are shown', () => {
    expect(redactUrl('http://user:pw@h/list.m3u')).toBe('http://user:***@h/list.m3u');
    expect(redactUrl('/home/me/list.m3u')).toBe('/home/me/list.m3u');
  });
});

describe('errors that leave the process', () => {
  it('toWireError redacts command errors and internal errors', () => {
    expect(
      toWireError(new TapedeckError('unavailable', 'cannot reach http://h/get.php?username=a&password=b')),
    ).toEqual({ code: 'unavailable', message: 'cannot reach http://h/get.php?username=***&password=***' });
    const original = console.error;
    const logged: unknown[] = [];
    console.error = (...args: unknown[]) => logged.push(...args);
    try {
      expect(toWireError(new Error('boom at http://h/live/alice/s3cret/9.ts'))).toEqual({
        code: 'internal',
        message: 'boom at http://h/live/***/***/9.ts',
      });
    } finally {
      console.error = original;
    }
    expect(JSON.stringify(logged)).not.toContain('s3cret');
    expect(JSON.stringify(logged)).toContain('/live/***/***/9.ts');
  });

  it('redactError keeps the stack but not the secret', () => {
    const text = redactError(new Error('at rtsp://cam:pw123@10.0.0.2/stream'));
    expect(text).toContain('rtsp://cam:***@10.0.0.2/stream');
    expect(text).toContain('redact.test.ts');
    expect(text).not.toContain('pw123');
  });
});
