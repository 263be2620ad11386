import { describe, expect, it } from 'vitest';
import { gunzipSync, gzipSync } from 'node:zlib';
import { gunzipIfNeeded, InflateLimitError } from '../../../src-main/core/import/decompress';
import { XmlTextDecoder } from '../../../src-main/core/guide/parse/xmltv-decode';
import { parseOnscreen, parseXmltvNs } from '../../../src-main/core/guide/parse/xmltv-episode';
import { parseXmltvTime } from '../../../src-main/core/guide/parse/xmltv-time';
import { asAsync, chunked } from './helpers';

describe('parseXmltvTime', () => {
  it.each([
    ['20240101120000 +0100', '2024-01-01T11:00:00.000Z'],
    ['20240101120000 -0500', '2024-01-01T17:00:00.000Z'],
    ['20240101120000', '2024-01-01T12:00:00.000Z'],
    ['202401011200', '2024-01-01T12:00:00.000Z'],
    ['2024010112', '2024-01-01T12:00:00.000Z'],
    ['20240101', '2024-01-01T00:00:00.000Z'],
    ['20240229235959 +0000', '2024-02-29T23:59:59.000Z'],
    ['20231231233000 -0100', '2024-01-01T00:30:00.000Z'],
    ['20240101120000+0530', '2024-01-01T06:30:00.000Z'],
    ['20240101120000 +05:30', '2024-01-01T06:30:00.000Z'],
    ['20240101120000 +01', '2024-01-01T11:00:00.000Z'],
    ['20240101120000 GMT', '2024-01-01T12:00:00.000Z'],
    ['  20240101120000.000 Z', '2024-01-01T12:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(new Date(parseXmltvTime(input) ?? Number.NaN).toISOString()).toBe(expected);
  });

  it.each([
    '',
    'garbage',
    '2024011',
    '20241301000000',
    '20240132000000',
    '20240101256000',
    '20240101120000 +2500',
  ])('rejects %j', (input) => {
    expect(parseXmltvTime(input)).toBeNull();
  });

  it('applies the shift', () => {
    expect(parseXmltvTime('20240101000000 +0000', 2 * 3_600_000)).toBe(Date.UTC(2024, 0, 1, 2));
  });
});

describe('episode numbers', () => {
  it.each([
    ['0.4.0/1', 1, 5],
    ['2 . 9 . 0/2', 3, 10],
    ['1/3.0/12.', 2, 1],
    ['.11.', null, 12],
    ['5..', 6, null],
    ['a.b.c', null, null],
    ['3', null, null],
  ])('xmltv_ns %j → S%s E%s', (input, season, episode) => {
    expect(parseXmltvNs(input)).toEqual({ season, episode });
  });

  it.each([
    ['S01E05', 1, 5],
    ['S1 E5', 1, 5],
    ['s02.e10', 2, 10],
    ['1x05', 1, 5],
    ['Season 3, Episode 7', 3, 7],
    ['Season 3 Ep. 7', 3, 7],
    ['E12', null, 12],
    ['Episode 4', null, 4],
    ['Part one', null, null],
  ])('onscreen %j → S%s E%s', (input, season, episode) => {
    expect(parseOnscreen(input)).toEqual({ season, episode });
  });
});

describe('XmlTextDecoder', () => {
  it('emits text cut after ">" and never splits a UTF-8 character', () => {
    const bytes = Buffer.from('<?xml version="1.0"?><a>héllo ☺ wörld</a><b>x</b>', 'utf8');
    const d = new XmlTextDecoder(() => undefined);
    const pieces = chunked(bytes, 1).map((c) => d.push(c));
    pieces.push(d.end());
    expect(pieces.join('')).toBe(bytes.toString('utf8'));
    // Byte by byte, most pushes emit nothing; those that emit text end it at a '>'.
    const emitted = pieces.slice(0, -1).filter((p) => p.length > 0);
    expect(emitted.length).toBeGreaterThan(1);
    expect(emitted.filter((p) => !p.endsWith('>'))).toEqual([]);
    expect(d.encoding).toBe('utf-8');
  });

  it('notes an unknown encoding and falls back to UTF-8', () => {
    const notes: string[] = [];
    const d = new XmlTextDecoder((m) => notes.push(m));
    const text = d.push(Buffer.from('<?xml version="1.0" encoding="x-klingon"?><a/>')) + d.end();
    expect(text).toBe('<?xml version="1.0" encoding="x-klingon"?><a/>');
    expect(notes).toEqual(['unsupported encoding "x-klingon", decoding as UTF-8']);
  });
});

describe('gunzipIfNeeded', () => {
  const collect = async (it: AsyncIterable<Buffer>): Promise<Buffer> => {
    const parts: Buffer[] = [];
    for await (const c of it) parts.push(c);
    return Buffer.concat(parts);
  };

  it('passes plain input through untouched', async () => {
    const data = Buffer.from('<tv>plain</tv>');
    expect(await collect(gunzipIfNeeded(asAsync(chunked(data, 1))))).toEqual(data);
  });

  it('inflates gzip, even when the magic bytes arrive in separate chunks', async () => {
    const data = Buffer.from('<tv>' + 'zipped '.repeat(1000) + '</tv>');
    expect(await collect(gunzipIfNeeded(asAsync(chunked(gzipSync(data), 1))))).toEqual(data);
  });

  it('handles concatenated gzip members', async () => {
    const both = Buffer.concat([gzipSync(Buffer.from('one ')), gzipSync(Buffer.from('two'))]);
    expect((await collect(gunzipIfNeeded(asAsync([both])))).toString()).toBe('one two');
  });

  it('aborts with InflateLimitError once the cap is exceeded', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024));
    expect(gunzipSync(bomb).length).toBe(16 * 1024 * 1024);
    let inflated = 0;
    const run = async (): Promise<void> => {
      for await (const c of gunzipIfNeeded(asAsync([bomb]), { maxBytes: 1024 * 1024 })) inflated += c.length;
    };
    await expect(run()).rejects.toBeInstanceOf(InflateLimitError);
    expect(inflated).toBeLessThanOrEqual(1024 * 1024);
  });

  it('rejects corrupt gzip data', async () => {
    const bad = Buffer.concat([
      gzipSync(Buffer.from('x'.repeat(100))).subarray(0, 12),
      Buffer.from('garbage!'),
    ]);
    await expect(collect(gunzipIfNeeded(asAsync([bad])))).rejects.toThrow();
  });
});
