import { describe, expect, it } from 'vitest';
import {
  M3uParser,
  classifyEntry,
  parseM3u,
  parseM3uText,
  streamM3u,
  type M3uEntry,
} from '../../../src-main/core/sources/parse/m3u';
import { asAsync, chunked, fixture, jaggedChunks } from './helpers';

function titles(entries: M3uEntry[]): string[] {
  return entries.map((e) => e.title);
}

describe('M3U attributes and titles', () => {
  const r = parseM3uText(fixture('m3u/attrs-quoting.m3u'));

  it('reads the header guide URLs from url-tvg and x-tvg-url, splitting comma lists', () => {
    expect(r.header.tvgUrls).toEqual([
      'http://epg.example.org/a.xml.gz',
      'http://epg.example.org/b.xml',
      'http://epg.example.org/c.xml',
    ]);
    expect(r.header.attrs['tvg-shift']).toBe('1');
  });

  it('parses double-quoted attributes', () => {
    const e = r.items[0] as M3uEntry;
    expect(e).toMatchObject({
      line: 2,
      duration: -1,
      title: 'One HD',
      group: 'UK | General',
      url: 'http://stream.example.org/live/u/p/1.ts',
      kind: 'live',
    });
    expect(e.attrs).toEqual({
      'tvg-id': 'one.uk',
      'tvg-name': 'One HD',
      'tvg-logo': 'http://logo.example.org/1.png',
      'tvg-chno': '101',
      'group-title': 'UK | General',
    });
  });

  it('parses single-quoted values containing double quotes and commas; titles keep commas and quotes', () => {
    const e = r.items[1] as M3uEntry;
    expect(e.attrs['tvg-name']).toBe('Two "The Best"');
    expect(e.attrs['group-title']).toBe('News, Weather');
    expect(e.group).toBe('News, Weather');
    expect(e.title).toBe('Two "The Best", Live');
  });

  it('parses unquoted values, ending them at whitespace or the title comma', () => {
    const e = r.items[2] as M3uEntry;
    expect(e.attrs).toEqual({ 'tvg-id': 'three.uk', 'tvg-chno': '3', 'group-title': 'Sports' });
    expect(e.title).toBe('Three, "quoted", and more');
  });

  it('lower-cases attribute names, keeps unknown attributes and catchup fields', () => {
    const e = r.items[3] as M3uEntry;
    expect(e.duration).toBe(0);
    expect(e.attrs).toEqual({
      'tvg-id': 'four.uk',
      'group-title': 'Kids',
      catchup: 'default',
      'catchup-days': '7',
      'catchup-source': 'http://cu.example.org/{utc}',
      'custom-attr': 'kept',
    });
  });

  it('accepts a comma-less title, an empty title, and falls back to tvg-name', () => {
    expect(titles(r.items.slice(4))).toEqual(['Comma-less title here', '', 'Fallback Name']);
    expect(r.items[4]?.attrs).toEqual({ 'tvg-id': 'five.uk' });
  });

  it('reports nothing for a clean file', () => {
    expect(r.problems).toEqual([]);
    expect(r.entries).toBe(7);
  });
});

describe('M3U directives', () => {
  const r = parseM3uText(fixture('m3u/extgrp-vlcopt.m3u'));
  const [a, b, c, d, e] = r.items;

  it('takes #EXTGRP as group when there is no group-title, and group-title wins over it', () => {
    expect(a?.group).toBe('Group From EXTGRP');
    expect(b?.group).toBe('Attr Group');
  });

  it('reads user agent and referrer from #EXTVLCOPT', () => {
    expect(a?.headers).toEqual({
      'User-Agent': 'Mozilla/5.0 (X11; Linux) Test/1.0',
      Referer: 'http://referer.example.org/',
    });
  });

  it('reads every header of #EXTHTTP JSON, and reports broken JSON without losing the entry', () => {
    expect(c?.headers).toEqual({
      'User-Agent': 'JsonAgent/2.0',
      Referer: 'http://json-ref.example.org/',
      Cookie: 'x=1',
    });
    expect(d?.headers).toEqual({ Referer: 'http://one-r.example.org/' });
    expect(r.problems).toEqual([{ line: 16, message: 'invalid #EXTHTTP JSON ignored' }]);
  });

  it('does not carry per-entry options over to the next entry', () => {
    expect(e?.headers).toBeNull();
    expect(e?.group).toBeNull();
  });

  it('ignores #KODIPROP and other comments', () => {
    expect(r.items).toHaveLength(5);
  });
});

describe('M3U live / VOD / series classification', () => {
  const r = parseM3uText(fixture('m3u/vod-series-mix.m3u'));

  it('classifies by Xtream path, extension, title, duration and group', () => {
    expect(r.items.map((e) => [e.title, e.kind])).toEqual([
      ['Live Xtream', 'live'],
      ['Movie One (2020)', 'vod'],
      ['Show S01 E02', 'series'],
      ['Plain mp4 file', 'vod'],
      ['Episode by title S02E03', 'series'],
      ['Positive duration', 'vod'],
      ['Group says movies', 'vod'],
      ['Group says shows', 'series'],
      ['Loop channel', 'live'],
      ['Xtream live without /live/', 'live'],
      ['Upper-case path', 'vod'],
    ]);
  });

  it('lets an explicit /live/ path win over a positive duration', () => {
    expect(classifyEntry('http://h/live/u/p/1.ts', 3600, 'Movies', 'x')).toBe('live');
    expect(classifyEntry('http://h/hls/1.m3u8', -1, null, 'x')).toBe('live');
    expect(classifyEntry('http://h/v/film.MKV', -1, null, 'x')).toBe('vod');
  });
});

describe('M3U encodings and line endings', () => {
  it('strips a UTF-8 BOM and handles CRLF', () => {
    const r = parseM3uText(fixture('m3u/bom-crlf.m3u'));
    expect(r.header.tvgUrls).toEqual(['http://epg.example.org/guide.xml']);
    expect(r.items.map((e) => [e.title, e.group, e.url])).toEqual([
      ['Télé Première', 'Français', 'http://stream.example.org/tele.ts'],
      ['Ελληνική Τηλεόραση ☺', 'Ελληνικά', 'http://stream.example.org/gr.ts'],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('decodes Latin-1 lines as Latin-1 and UTF-8 lines as UTF-8 in the same file', () => {
    const r = parseM3uText(fixture('m3u/latin1.m3u'));
    expect(titles(r.items)).toEqual(['Télé Café', 'München Süd', 'Crème brûlée (UTF-8)']);
    expect(r.items[0]?.group).toBe('Télévision');
  });

  it('decodes a UTF-16 file with BOM', () => {
    const text = '#EXTM3U\n#EXTINF:-1,Ünïcode\nhttp://s.example.org/1.ts\n';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    expect(titles(parseM3uText(bytes).items)).toEqual(['Ünïcode']);
  });
});

describe('M3U truncated input', () => {
  it('keeps a last URL without a trailing newline', () => {
    const r = parseM3uText(fixture('m3u/truncated.m3u'));
    expect(r.items.map((e) => e.url)).toEqual([
      'http://stream.example.org/a.ts',
      'http://stream.example.org/b.ts',
    ]);
    expect(r.problems).toEqual([]);
  });

  it('reports a dangling #EXTINF at the end of the file', () => {
    const r = parseM3uText(fixture('m3u/truncated-extinf.m3u'));
    expect(r.items).toHaveLength(1);
    expect(r.problems).toEqual([
      { line: 4, message: 'unterminated quote in attribute group-title' },
      { line: 4, message: 'entry without URL skipped (end of file)' },
    ]);
  });
});

describe('M3U garbage tolerance', () => {
  const r = parseM3uText(fixture('m3u/garbage.m3u'));

  it('skips binary and stray lines, keeping the entries around them', () => {
    expect(r.items.map((e) => [e.line, e.title, e.url])).toEqual([
      [2, 'Before garbage', 'http://stream.example.org/a.ts'],
      [7, 'After orphan', 'http://stream.example.org/b.ts'],
      [
        12,
        'rtmp://live.example.org/app/stream-without-extinf',
        'rtmp://live.example.org/app/stream-without-extinf',
      ],
      [15, 'Relative path', 'media/clip.ts'],
    ]);
  });

  it('reports every skipped line with its line number', () => {
    const byLine = r.problems.map((p) => [p.line, p.message.split(':')[0]]);
    expect(byLine).toEqual([
      [3, 'binary garbage line skipped'],
      [5, 'not a stream URL or directive, skipped'],
      [6, 'entry without URL skipped'],
      [9, 'not a stream URL or directive, skipped'],
      [10, 'binary garbage line skipped'],
      [11, 'binary garbage line skipped'],
    ]);
    expect(r.problemCount).toBe(6);
  });

  it('keeps only maxProblems problems but counts all', () => {
    const many = '#EXTM3U\n' + 'junk words here\n'.repeat(50);
    const res = parseM3uText(many, { maxProblems: 10 });
    expect(res.problems).toHaveLength(10);
    expect(res.problemCount).toBe(50);
  });
});

describe('M3U size limits', () => {
  it('drops attributes over 8 KiB and skips lines over 64 KiB (with their URL)', () => {
    const r = parseM3uText(fixture('m3u/huge-attr.m3u'));
    expect(r.items.map((e) => e.title)).toEqual(['Big attribute', 'After huge']);
    expect(r.items[0]?.attrs).toEqual({ 'tvg-id': 'big', 'group-title': 'Kept' });
    expect(r.problems).toEqual([
      { line: 2, message: 'attribute tvg-logo longer than 8192 bytes skipped' },
      { line: 4, message: 'line longer than 65536 bytes skipped (#EXTINF)' },
      { line: 5, message: 'URL of a skipped #EXTINF dropped' },
    ]);
  });

  it('never buffers an endless line: memory stays bounded while streaming', async () => {
    // 64 MiB without a newline, produced lazily; the parser must drop it.
    const piece = Buffer.alloc(1 << 20, 0x61);
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from('#EXTM3U\n#EXTINF:-1,Before\nhttp://s.example.org/1.ts\n');
      for (let i = 0; i < 64; i++) yield piece;
      yield Buffer.from('\n#EXTINF:-1,After\nhttp://s.example.org/2.ts\n');
    }
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const seen: string[] = [];
    const res = await parseM3u(endless(), (e) => {
      seen.push(e.title);
      peak = Math.max(peak, process.memoryUsage().heapUsed - before);
    });
    expect(seen).toEqual(['Before', 'After']);
    expect(res.problems).toEqual([{ line: 4, message: 'line longer than 65536 bytes skipped' }]);
    expect(peak).toBeLessThan(32 * 1024 * 1024);
  });

  it('honours custom limits', () => {
    const r = parseM3uText('#EXTINF:-1 tvg-id="abcdef",T\nhttp://s/1.ts\n', { maxAttrBytes: 3 });
    expect(r.items[0]?.attrs).toEqual({});
    expect(r.problems[0]?.message).toContain('longer than 3 bytes');
  });
});

describe('M3U streaming front ends', () => {
  const files = [
    'm3u/attrs-quoting.m3u',
    'm3u/extgrp-vlcopt.m3u',
    'm3u/vod-series-mix.m3u',
    'm3u/bom-crlf.m3u',
    'm3u/latin1.m3u',
    'm3u/garbage.m3u',
    'm3u/truncated.m3u',
    'm3u/huge-attr.m3u',
  ];

  it.each(files)('gives the same result for %s whatever the chunking', async (file) => {
    const bytes = fixture(file);
    const whole = parseM3uText(bytes);
    for (const chunks of [chunked(bytes, 1), chunked(bytes, 3), jaggedChunks(bytes, 97)]) {
      const got: M3uEntry[] = [];
      const res = await parseM3u(asAsync(chunks), (e) => got.push(e));
      expect(got).toEqual(whole.items);
      expect(res.problems).toEqual(whole.problems);
      expect(res.header).toEqual(whole.header);
    }
  });

  it('streamM3u yields entries with for-await and exposes header and problems', async () => {
    const stream = streamM3u(asAsync(chunked(fixture('m3u/garbage.m3u'), 16)));
    const got: string[] = [];
    for await (const e of stream) got.push(e.title);
    expect(got).toHaveLength(4);
    expect(stream.result?.entries).toBe(4);
    expect(stream.problems).toHaveLength(6);
  });

  it('accepts string chunks', async () => {
    const got: string[] = [];
    await parseM3u(['#EXTM3U\n#EXTINF:-1,A', 'B\nhttp://s/1.ts\n'], (e) => got.push(e.title));
    expect(got).toEqual(['AB']);
  });

  it('the push parser can be driven directly', () => {
    const seen: M3uEntry[] = [];
    const p = new M3uParser({ entry: (e) => seen.push(e) });
    p.write('#EXTINF:-1 tvg-id="x",X\nhttp://s/x');
    expect(seen).toHaveLength(0);
    p.write('.ts\n');
    expect(seen[0]?.url).toBe('http://s/x.ts');
    expect(p.end().entries).toBe(1);
  });

  it('propagates source errors after delivering what came before', async () => {
    async function* failing(): AsyncGenerator<Buffer> {
      yield Buffer.from('#EXTINF:-1,A\nhttp://s/1.ts\n');
      throw new Error('disk on fire');
    }
    const got: string[] = [];
    await expect(parseM3u(failing(), (e) => got.push(e.title))).rejects.toThrow('disk on fire');
    expect(got).toEqual(['A']);
  });
});
