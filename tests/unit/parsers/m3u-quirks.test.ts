// Playlists from the wild that used to pass silently wrong (issue 8, items 7 and 9): each quirk is
// either read correctly or reported, never stored wrong without a word.
import { describe, expect, it } from 'vitest';
import { parseM3uText, type M3uEntry } from '../../../src-main/core/sources/parse/m3u';
import { fixture } from './helpers';

const urls = (entries: M3uEntry[]) => entries.map((e) => e.url);

describe('#EXTINF without its colon (item 7.2)', () => {
  it.each([
    ['#EXTINF-1 tvg-id="a.uk" group-title="News",Alpha', -1],
    ['#EXTINF -1 tvg-id="a.uk" group-title="News",Alpha', -1],
    ['#EXTINF 0 tvg-id="a.uk" group-title="News",Alpha', 0],
    ['#EXTINF :-1 tvg-id="a.uk" group-title="News",Alpha', -1],
    ['#extinf-1 tvg-id="a.uk" group-title="News",Alpha', -1],
  ])('reads %j like #EXTINF:', (line, duration) => {
    const r = parseM3uText(`#EXTM3U\n${line}\nhttp://s.example.org/a.ts\n`);
    expect(r.items).toHaveLength(1);
    expect(r.items[0]).toMatchObject({
      title: 'Alpha',
      duration,
      group: 'News',
      attrs: { 'tvg-id': 'a.uk', 'group-title': 'News' },
    });
  });

  it('does not take other directives that start the same way for one', () => {
    const r = parseM3uText('#EXTINFO:x\n#EXTINF:-1,A\nhttp://s.example.org/a.ts\n');
    expect(r.items.map((e) => e.title)).toEqual(['A']);
  });
});

describe('relative stream URLs (item 7.3)', () => {
  const text = [
    '#EXTM3U',
    '#EXTINF:-1,Same folder',
    'live/x.ts',
    '#EXTINF:-1,Parent',
    '../up/y.m3u8',
    '#EXTINF:-1,Root',
    '/abs/z.ts?token=1',
    '#EXTINF:-1,Dot',
    './here.mp4',
    '#EXTINF:-1,Absolute stays',
    'rtmp://live.example.org/app/s',
    '',
  ].join('\n');

  it('resolves them against the playlist URL', () => {
    const r = parseM3uText(text, { base: 'http://h.example.org:8080/lists/pl.m3u?user=u' });
    expect(urls(r.items)).toEqual([
      'http://h.example.org:8080/lists/live/x.ts',
      'http://h.example.org:8080/up/y.m3u8',
      'http://h.example.org:8080/abs/z.ts?token=1',
      'http://h.example.org:8080/lists/here.mp4',
      'rtmp://live.example.org/app/s',
    ]);
    expect(r.problems).toEqual([]);
    // Classified on the resolved URL: /live/ is Xtream's live path.
    expect(r.items[0]?.kind).toBe('live');
  });

  it("resolves them against a playlist file's folder, as file:// URLs", () => {
    const r = parseM3uText(text, { base: 'file:///srv/media/lists/pl.m3u' });
    expect(urls(r.items)).toEqual([
      'file:///srv/media/lists/live/x.ts',
      'file:///srv/media/up/y.m3u8',
      'file:///abs/z.ts?token=1',
      'file:///srv/media/lists/here.mp4',
      'rtmp://live.example.org/app/s',
    ]);
  });

  it('never lets a remote playlist point at local files', () => {
    const r = parseM3uText('#EXTINF:-1,Local\nfile:///etc/x.ts\n#EXTINF:-1,Ok\nhttp://s.example.org/a.ts\n', {
      base: 'https://h.example.org/pl.m3u',
    });
    expect(r.items.map((e) => e.title)).toEqual(['Ok']);
    expect(r.problems).toEqual([
      { line: 2, message: 'a local file in a remote playlist, skipped' },
      { line: 1, message: 'entry without URL skipped' },
    ]);
  });
});

describe('HLS playlists given as channel lists (item 7.3)', () => {
  it.each([
    ['a master playlist', '#EXTM3U\n#EXT-X-STREAM-INF:BANDWIDTH=1280000\nstream_0.m3u8\n', 'master'],
    [
      'a media playlist',
      '#EXTM3U\n#EXT-X-TARGETDURATION:6\n#EXTINF:6.0,\nseg0.ts\n#EXTINF:6.0,\nseg1.ts\n',
      'media',
    ],
    [
      'a media playlist (sequence first)',
      '#EXTM3U\n#EXT-X-MEDIA-SEQUENCE:7\n#EXTINF:6.0,\nseg7.ts\n',
      'media',
    ],
  ])('recognises %s and yields no channels', (_what, text, kind) => {
    const r = parseM3uText(text, { base: 'http://h.example.org/hls/index.m3u8' });
    expect(r.hls).toBe(kind);
    expect(r.items).toEqual([]);
    expect(r.problems).toEqual([
      { line: 2, message: `an HLS ${kind} playlist (a stream), not a channel list` },
    ]);
  });

  it('is not fooled by a channel list that starts with a copied media playlist tag', () => {
    const r = parseM3uText(
      '#EXTM3U\n#EXT-X-TARGETDURATION:10\n#EXTINF:-1 tvg-id="a",A\nhttp://s.example.org/a.ts\n#EXTINF:-1,B\nhttp://s.example.org/b.ts\n',
    );
    expect(r.hls).toBeNull();
    expect(r.items.map((e) => e.title)).toEqual(['A', 'B']);
  });

  it('is not fooled by a stray HLS tag after the channels', () => {
    const r = parseM3uText('#EXTM3U\n#EXTINF:-1,A\nhttp://s.example.org/a.ts\n#EXT-X-TARGETDURATION:6\n');
    expect(r.hls).toBeNull();
    expect(r.items).toHaveLength(1);
  });
});

describe('stream headers (item 7.4)', () => {
  it('reads user agent and referrer attributes of #EXTINF, in all their spellings', () => {
    const r = parseM3uText(
      [
        '#EXTINF:-1 user-agent="UA/1" referrer="http://r1.example/",A',
        'http://s.example.org/a.ts',
        '#EXTINF:-1 http-user-agent="UA/2" http-referrer="http://r2.example/",B',
        'http://s.example.org/b.ts',
        '#EXTINF:-1 HTTP-USER-AGENT="UA/3" http-referer="http://r3.example/",C',
        'http://s.example.org/c.ts',
        '#EXTINF:-1 referer="http://r4.example/",D',
        'http://s.example.org/d.ts',
        '#EXTINF:-1,None',
        'http://s.example.org/e.ts',
      ].join('\n'),
    );
    expect(r.items.map((e) => e.headers)).toEqual([
      { 'User-Agent': 'UA/1', Referer: 'http://r1.example/' },
      { 'User-Agent': 'UA/2', Referer: 'http://r2.example/' },
      { 'User-Agent': 'UA/3', Referer: 'http://r3.example/' },
      { Referer: 'http://r4.example/' },
      null,
    ]);
  });

  it('splits Kodi-style URL|Header=value&… off the URL, decoding the values', () => {
    const r = parseM3uText(
      [
        '#EXTINF:-1,Kodi',
        'https://cdn.example.org/video.mp4?a=1|User-Agent=Mozilla%2F5.0%20(X11)&Referer=https%3A%2F%2Fsite.example%2F&X-Token=abc%3D',
        '#EXTINF:-1,Lower-case names',
        'http://s.example.org/b.ts|user-agent=UA%2F9&referrer=http://r.example/&origin=http://o.example',
      ].join('\n'),
    );
    expect(r.items[0]).toMatchObject({
      url: 'https://cdn.example.org/video.mp4?a=1',
      headers: {
        'User-Agent': 'Mozilla/5.0 (X11)',
        Referer: 'https://site.example/',
        'X-Token': 'abc=',
      },
      kind: 'vod',
    });
    expect(r.items[1]).toMatchObject({
      url: 'http://s.example.org/b.ts',
      headers: { 'User-Agent': 'UA/9', Referer: 'http://r.example/', Origin: 'http://o.example' },
    });
    expect(r.problems).toEqual([]);
  });

  it('strips the quotes around #EXTVLCOPT values and reads #KODIPROP stream headers', () => {
    const r = parseM3uText(
      [
        '#EXTINF:-1,Quoted',
        '#EXTVLCOPT:http-user-agent="Quoted UA/1.0"',
        "#EXTVLCOPT:http-referrer='http://q.example/'",
        'http://s.example.org/a.ts',
        '#EXTINF:-1,Kodiprop',
        '#KODIPROP:inputstream.adaptive.stream_headers=User-Agent=KP%2F1&Referer=http%3A%2F%2Fkp.example%2F',
        'http://s.example.org/b.mpd',
      ].join('\n'),
    );
    expect(r.items.map((e) => e.headers)).toEqual([
      { 'User-Agent': 'Quoted UA/1.0', Referer: 'http://q.example/' },
      { 'User-Agent': 'KP/1', Referer: 'http://kp.example/' },
    ]);
  });

  it('lets the most specific source win: the URL, then options, then attributes', () => {
    const r = parseM3uText(
      [
        '#EXTINF:-1 user-agent="attr" referrer="attr-ref",A',
        '#EXTVLCOPT:http-user-agent=opt',
        'http://s.example.org/a.ts|User-Agent=url',
      ].join('\n'),
    );
    expect(r.items[0]?.headers).toEqual({ 'User-Agent': 'url', Referer: 'attr-ref' });
  });

  it('drops header names and values that could inject into a request, and says so', () => {
    const r = parseM3uText(
      '#EXTINF:-1,A\nhttp://s.example.org/a.ts|User-Agent=x%0D%0AHost:%20evil&Bad%20Name=1&Referer=http://ok.example/\n',
    );
    expect(r.items[0]).toMatchObject({
      url: 'http://s.example.org/a.ts',
      headers: { Referer: 'http://ok.example/' },
    });
    expect(r.problems.map((p) => p.message)).toEqual([
      'stream header with a line break in its value ignored',
      'stream header with an invalid name ignored',
    ]);
  });
});

describe('lines that are not stream URLs (item 9)', () => {
  const passwd = [
    'root:x:0:0:root:/root:/bin/bash',
    'daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin',
    'sync:x:4:65534:sync:/bin:/bin/sync',
    'hunter2secret',
    'plugin://plugin.video.youtube/play/?video_id=abc',
    '/bin/bash',
    'mms://old.example.org/stream',
    '',
  ].join('\n');

  it('are skipped and reported, never turned into channels', () => {
    const r = parseM3uText(passwd, { base: 'file:///etc/passwd' });
    expect(r.items).toEqual([]);
    expect(r.problemCount).toBe(7);
  });

  it('are reported without quoting what the file holds', () => {
    const r = parseM3uText(passwd, { base: 'file:///etc/passwd' });
    const said = r.problems.map((p) => p.message).join('\n');
    for (const secret of ['root', 'daemon', 'bash', 'hunter2', 'nologin', 'youtube', 'old.example'])
      expect(said).not.toContain(secret);
    const garbage = parseM3uText(fixture('m3u/garbage.m3u'));
    expect(garbage.problems.map((p) => p.message).join('\n')).not.toMatch(/stray|words|PNG/);
  });

  it('still accepts every scheme ffmpeg may record, and relative media paths', () => {
    const r = parseM3uText(
      [
        'http://a.example/1.ts',
        'https://a.example/2.m3u8',
        'udp://@239.0.0.1:1234',
        'rtp://239.0.0.2:5004',
        'rtsp://cam.example/live',
        'rtmp://live.example/app/s',
        'HTTP://A.EXAMPLE/3.ts',
        'media/clip.ts',
        '',
      ].join('\n'),
    );
    expect(r.items).toHaveLength(8);
    expect(r.problems).toEqual([]);
  });
});
