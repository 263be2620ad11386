import { describe, expect, it } from 'vitest';
import { parseInput } from '../../../src-shared/contract';
import { shouldRetire } from '../../../src-main/core/sources/m3u/m3u-import';

const err = (name: Parameters<typeof parseInput>[0], input: unknown) => {
  try {
    parseInput(name, input);
    return null;
  } catch (error) {
    return (error as Error).message;
  }
};

describe('sources contract inputs', () => {
  it('accepts files and http(s) URLs as locations, nothing else', () => {
    expect(err('sources.add', { kind: 'm3u', location: '/home/me/list.m3u' })).toBeNull();
    expect(err('sources.add', { kind: 'm3u', location: 'C:\\lists\\a.m3u' })).toBeNull();
    expect(err('sources.add', { kind: 'm3u', location: 'https://h.example/a.m3u' })).toBeNull();
    expect(err('sources.add', { kind: 'm3u', location: 'file:///tmp/a.m3u' })).toBeNull();
    expect(err('sources.add', { kind: 'm3u', location: 'relative/a.m3u' })).toMatch(/absolute file path/);
    expect(err('sources.add', { kind: 'm3u', location: 'ftp://h/a.m3u' })).toMatch(/http\(s\) URL/);
    expect(err('guides.add', { location: 'javascript:alert(1)' })).toMatch(/absolute file path/);
  });

  it('checks each kind its own way', () => {
    expect(err('sources.add', { kind: 'xtream', server: 'h.example', username: 'u', password: 'p' })).toMatch(
      /http:\/\//,
    );
    expect(err('sources.add', { kind: 'xtream', server: 'http://h', username: 'u', password: '' })).toMatch(
      /password is empty/,
    );
    expect(
      err('sources.add', { kind: 'xtream', server: 'http://h', username: 'u', password: 'a\nb' }),
    ).toMatch(/line break/);
    expect(err('sources.add', { kind: 'hdhomerun', address: '192.168.1.20' })).toBeNull();
    expect(err('sources.add', { kind: 'hdhomerun', address: 'http://10.0.0.2:5004' })).toBeNull();
    expect(err('sources.add', { kind: 'hdhomerun', address: 'a b' })).toMatch(/device address/);
    expect(err('sources.add', { kind: 'carrier-pigeon' })).toMatch(/kind/);
    expect(err('sources.add', { kind: 'm3u', location: '/a.m3u', maxConnections: 0 })).toMatch(/at least 1/);
    expect(err('sources.add', { kind: 'm3u', location: '/a.m3u', extra: 1 })).toMatch(/extra/);
  });

  it('guide offsets are whole hours; windows are bounded', () => {
    expect(err('guides.add', { location: '/g.xml', offsetHours: 1.5 })).toMatch(/whole hours/);
    expect(err('guides.add', { location: '/g.xml', offsetHours: 30 })).toMatch(/over 23/);
    expect(err('guide.query', { from: 0, to: 15 * 24 * 3600 * 1000 })).toMatch(/14 days/);
    expect(err('guide.query', { from: 5, to: 5 })).toMatch(/after the start/);
    expect(parseInput('channels.search', undefined)).toMatchObject({
      kinds: ['live'],
      includeMissing: false,
      limit: 500,
    });
    expect(err('channels.map', { channelId: 1, to: 'maybe' })).not.toBeNull();
  });
});

describe('shouldRetire', () => {
  it('trusts a clean file, and a file with problems that did not shrink by half', () => {
    expect(shouldRetire([], 0, 10, 100)).toBe(true);
    expect(shouldRetire([{ line: 3, message: 'x' }], 1, 60, 100)).toBe(true);
    expect(shouldRetire([{ line: 3, message: 'x' }], 1, 40, 100)).toBe(false);
    expect(shouldRetire([{ line: 9, message: 'entry without URL skipped (end of file)' }], 1, 100, 100)).toBe(
      false,
    );
  });
});
