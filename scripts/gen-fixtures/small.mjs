#!/usr/bin/env node
// Writes the small, committed parser fixtures in tests/fixtures/parsers/.
//   node scripts/gen-fixtures/small.mjs [--out tests/fixtures/parsers]
// Several fixtures are deliberately not clean UTF-8 text (BOM, Latin-1 bytes,
// binary garbage, gzip), which is awkward to keep by hand — hence a script.
// Output is deterministic; re-running it must not change committed files.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { parseArgs } from './lib.mjs';

const args = parseArgs(process.argv.slice(2), { out: 'tests/fixtures/parsers' });
const m3uDir = join(args.out, 'm3u');
const xmlDir = join(args.out, 'xmltv');
mkdirSync(m3uDir, { recursive: true });
mkdirSync(xmlDir, { recursive: true });

const utf8 = (s) => Buffer.from(s, 'utf8');
const latin1 = (s) => Buffer.from(s, 'latin1');
const write = (dir, name, data) => writeFileSync(join(dir, name), data);

// --- M3U ---------------------------------------------------------------------

write(
  m3uDir,
  'attrs-quoting.m3u',
  utf8(
    `#EXTM3U url-tvg="http://epg.example.org/a.xml.gz,http://epg.example.org/b.xml" x-tvg-url='http://epg.example.org/c.xml' tvg-shift=1
#EXTINF:-1 tvg-id="one.uk" tvg-name="One HD" tvg-logo="http://logo.example.org/1.png" tvg-chno="101" group-title="UK | General",One HD
http://stream.example.org/live/u/p/1.ts
#EXTINF:-1 tvg-id='two.uk' tvg-name='Two "The Best"' group-title='News, Weather',Two "The Best", Live
http://stream.example.org/live/u/p/2.ts
#EXTINF:-1 tvg-id=three.uk tvg-chno=3 group-title=Sports,Three, "quoted", and more
http://stream.example.org/live/u/p/3.ts
#EXTINF:0 TVG-ID="four.uk" Group-Title="Kids" catchup="default" catchup-days="7" catchup-source="http://cu.example.org/{utc}" custom-attr="kept",Four
http://stream.example.org/live/u/p/4.ts
#EXTINF:-1 tvg-id="five.uk" Comma-less title here
http://stream.example.org/live/u/p/5.ts
#EXTINF:-1,
http://stream.example.org/live/u/p/6.ts
#EXTINF:-1 tvg-name="Fallback Name",
http://stream.example.org/live/u/p/7.ts
`,
  ),
);

write(
  m3uDir,
  'extgrp-vlcopt.m3u',
  utf8(
    `#EXTM3U
#EXTINF:-1 tvg-id="a",Alpha
#EXTGRP:Group From EXTGRP
#EXTVLCOPT:http-user-agent=Mozilla/5.0 (X11; Linux) Test/1.0
#EXTVLCOPT:http-referrer=http://referer.example.org/
#KODIPROP:inputstream=inputstream.adaptive
http://stream.example.org/a.m3u8
#EXTINF:-1 tvg-id="b" group-title="Attr Group",Beta
#EXTGRP:Ignored Because group-title
http://stream.example.org/b.m3u8
#EXTINF:-1 tvg-id="c",Gamma
#EXTHTTP:{"User-Agent":"JsonAgent/2.0","Referer":"http://json-ref.example.org/","Cookie":"x=1"}
http://stream.example.org/c.m3u8
#EXTINF:-1 tvg-id="d",Delta
#EXTVLCOPT:http-referer=http://one-r.example.org/
#EXTHTTP:{broken json
http://stream.example.org/d.m3u8
#EXTINF:-1 tvg-id="e",Epsilon (no options carried over)
http://stream.example.org/e.m3u8
`,
  ),
);

write(
  m3uDir,
  'vod-series-mix.m3u',
  utf8(
    `#EXTM3U
#EXTINF:-1 tvg-id="live1" group-title="UK | News",Live Xtream
http://x.example.org:8080/live/user/pass/1001.ts
#EXTINF:-1 tvg-name="Movie One (2020)" group-title="VOD | Action",Movie One (2020)
http://x.example.org:8080/movie/user/pass/2001.mkv
#EXTINF:-1 tvg-name="Show S01 E02" group-title="Series | Drama",Show S01 E02
http://x.example.org:8080/series/user/pass/3001.mp4
#EXTINF:-1 group-title="Misc",Plain mp4 file
http://cdn.example.org/files/film.mp4?token=abc
#EXTINF:-1 group-title="Misc",Episode by title S02E03
http://cdn.example.org/files/ep.mkv
#EXTINF:5400 group-title="Misc",Positive duration
http://cdn.example.org/files/stream.m3u8
#EXTINF:-1 group-title="Movies",Group says movies
http://cdn.example.org/hls/abc.m3u8
#EXTINF:-1 group-title="TV Shows",Group says shows
http://cdn.example.org/hls/def.m3u8
#EXTINF:-1 group-title="Movies 24/7",Loop channel
http://cdn.example.org/hls/loop.m3u8
#EXTINF:-1 group-title="Entertainment",Xtream live without /live/
http://x.example.org:8080/user/pass/1002
#EXTINF:-1,Upper-case path
http://x.example.org:8080/MOVIE/user/pass/2002.avi
`,
  ),
);

write(
  m3uDir,
  'bom-crlf.m3u',
  Buffer.concat([
    Buffer.from([0xef, 0xbb, 0xbf]),
    utf8(
      '#EXTM3U x-tvg-url="http://epg.example.org/guide.xml"\r\n' +
        '#EXTINF:-1 tvg-id="tele.fr" group-title="Français",Télé Première\r\n' +
        'http://stream.example.org/tele.ts\r\n' +
        '#EXTINF:-1 tvg-id="gr" group-title="Ελληνικά",Ελληνική Τηλεόραση ☺\r\n' +
        'http://stream.example.org/gr.ts\r\n',
    ),
  ]),
);

// Latin-1 bytes (0xE9 = é, 0xFC = ü) with one genuinely UTF-8 line mixed in.
write(
  m3uDir,
  'latin1.m3u',
  Buffer.concat([
    latin1(
      '#EXTM3U\n#EXTINF:-1 tvg-id="tele" group-title="Télévision",Télé Café\nhttp://stream.example.org/1.ts\n',
    ),
    latin1('#EXTINF:-1 tvg-id="muc" group-title="Deutsch",München Süd\nhttp://stream.example.org/2.ts\n'),
    utf8('#EXTINF:-1 tvg-id="utf",Crème brûlée (UTF-8)\nhttp://stream.example.org/3.ts\n'),
  ]),
);

write(
  m3uDir,
  'truncated.m3u',
  utf8(
    '#EXTM3U\n#EXTINF:-1 tvg-id="a",Complete\nhttp://stream.example.org/a.ts\n#EXTINF:-1 tvg-id="b",Last URL has no newline\nhttp://stream.example.org/b.ts',
  ),
);

write(
  m3uDir,
  'truncated-extinf.m3u',
  utf8(
    '#EXTM3U\n#EXTINF:-1 tvg-id="a",Complete\nhttp://stream.example.org/a.ts\n#EXTINF:-1 tvg-id="b" group-title="Cut off mid',
  ),
);

write(
  m3uDir,
  'garbage.m3u',
  Buffer.concat([
    utf8('#EXTM3U\n#EXTINF:-1 tvg-id="a",Before garbage\n'),
    Buffer.from([0x00, 0x01, 0x02, 0xff, 0xfe, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]), // binary line between EXTINF and URL
    utf8('http://stream.example.org/a.ts\n'),
    utf8('just some stray words\n'),
    utf8('#EXTINF:-1 tvg-id="orphan",No URL follows\n'),
    utf8('#EXTINF:-1 tvg-id="b",After orphan\nhttp://stream.example.org/b.ts\n'),
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x0a]), // PNG header bytes
    utf8('rtmp://live.example.org/app/stream-without-extinf\n'),
    utf8('   \n\n'),
    utf8('#EXTINF:-1 tvg-id="c",Relative path\nmedia/clip.ts\n'),
  ]),
);

const bigValue = 'x'.repeat(10 * 1024);
const hugeLine = '#EXTINF:-1 tvg-id="huge" tvg-logo="' + 'y'.repeat(70 * 1024) + '",Huge line';
write(
  m3uDir,
  'huge-attr.m3u',
  utf8(
    `#EXTM3U\n#EXTINF:-1 tvg-id="big" tvg-logo="${bigValue}" group-title="Kept",Big attribute\nhttp://stream.example.org/big.ts\n` +
      `${hugeLine}\nhttp://stream.example.org/huge.ts\n` +
      '#EXTINF:-1 tvg-id="after",After huge\nhttp://stream.example.org/after.ts\n',
  ),
);

// --- XMLTV -------------------------------------------------------------------

const head = '<?xml version="1.0" encoding="UTF-8"?>\n<tv generator-info-name="fixture">\n';
const chan = (id, name) => `  <channel id="${id}"><display-name>${name}</display-name></channel>\n`;

write(
  xmlDir,
  'offsets.xml',
  utf8(
    head +
      chan('a.example', 'A') +
      '  <programme start="20240101120000 +0100" stop="20240101130000 +0100" channel="a.example"><title>Plus one</title></programme>\n' +
      '  <programme start="20240101070000 -0500" stop="20240101080000 -0500" channel="a.example"><title>Minus five</title></programme>\n' +
      '  <programme start="20240101110000" stop="20240101120000" channel="a.example"><title>No offset is UTC</title></programme>\n' +
      '  <programme start="202401011300 +0000" stop="202401011400 +0000" channel="a.example"><title>No seconds</title></programme>\n' +
      '  <programme start="2024010115 +0000" channel="a.example"><title>No minutes, no stop</title></programme>\n' +
      '  <programme start="20240101160000+0200" stop="20240101170000 +02:00" channel="a.example"><title>Offset without space, with colon</title></programme>\n' +
      '  <programme start="20240101170000 Z" stop="garbage" channel="a.example"><title>Z and bad stop</title></programme>\n' +
      '</tv>\n',
  ),
);

write(
  xmlDir,
  'episodes-flags.xml',
  utf8(
    head +
      '  <channel id="b.example">\n    <display-name lang="en">B One</display-name>\n    <display-name>101</display-name>\n' +
      '    <icon src="http://logo.example.org/b.png"/>\n    <url>http://b.example.org/</url>\n  </channel>\n' +
      '  <programme start="20240102200000 +0000" stop="20240102210000 +0000" channel="b.example">\n' +
      '    <title lang="en">The Show</title>\n    <title lang="de">Die Sendung</title>\n' +
      '    <sub-title lang="en">Pilot</sub-title>\n    <desc lang="en">  First episode.  </desc>\n' +
      '    <category>Drama</category><category>Series</category>\n' +
      '    <episode-num system="xmltv_ns">0.4.0/1</episode-num>\n    <episode-num system="onscreen">S01E05</episode-num>\n' +
      '    <icon src="http://img.example.org/show.jpg"/>\n    <new/>\n' +
      '    <rating system="VCHIP"><value>TV-14</value></rating>\n  </programme>\n' +
      '  <programme start="20240102210000 +0000" stop="20240102220000 +0000" channel="b.example">\n' +
      '    <title>Rerun</title>\n    <episode-num system="xmltv_ns"> 2 . 9 . 0/2 </episode-num>\n' +
      '    <previously-shown start="20230101000000 +0000"/>\n  </programme>\n' +
      '  <programme start="20240102220000 +0000" channel="b.example">\n' +
      '    <title>Onscreen only</title>\n    <episode-num system="onscreen">S3 E12</episode-num>\n    <premiere>Season premiere</premiere>\n  </programme>\n' +
      '  <programme start="20240102230000 +0000" channel="b.example">\n' +
      '    <title>Cross format</title>\n    <episode-num>4x07</episode-num>\n  </programme>\n' +
      '  <programme start="20240103000000 +0000" channel="b.example">\n' +
      '    <title>Episode only</title>\n    <episode-num system="xmltv_ns">.11.</episode-num>\n  </programme>\n' +
      '  <programme start="20240103010000 +0000" channel="b.example"><title>Plain</title></programme>\n' +
      '</tv>\n',
  ),
);

write(
  xmlDir,
  'entities.xml',
  utf8(
    head +
      chan('c&amp;d.example', 'C &amp; D') +
      '  <programme start="20240103120000 +0000" channel="c&amp;d.example">\n' +
      '    <title>Tom &amp; Jerry &#233;t&#xE9; &#x263A; &lt;3 &quot;q&quot; &apos;a&apos; &gt;</title>\n' +
      '    <desc><![CDATA[Raw <b>markup</b> & ampersand]]> and text</desc>\n' +
      '    <sub-title>Bare & ampersand, AT&T; and &nbsp;space</sub-title>\n' +
      '    <category>News &amp; Weather</category>\n' +
      '    <!-- a comment with & inside -->\n' +
      '  </programme>\n' +
      '</tv>\n',
  ),
);

write(
  xmlDir,
  'entity-bomb.xml',
  utf8(
    '<?xml version="1.0"?>\n<!DOCTYPE tv [\n' +
      '  <!ENTITY lol "lol">\n' +
      Array.from(
        { length: 9 },
        (_, i) => `  <!ENTITY lol${i + 1} "${`&lol${i === 0 ? '' : i};`.repeat(10)}">\n`,
      ).join('') +
      ']>\n<tv>\n' +
      chan('bomb.example', 'Bomb') +
      '  <programme start="20240104000000 +0000" channel="bomb.example"><title>&lol9;</title></programme>\n' +
      '  <programme start="20240104010000 +0000" channel="bomb.example"><title>After bomb</title></programme>\n' +
      '</tv>\n',
  ),
);

write(
  xmlDir,
  'deep-nesting.xml',
  utf8(
    head +
      chan('deep.example', 'Deep') +
      '  <programme start="20240105000000 +0000" channel="deep.example"><title>Before junk</title></programme>\n' +
      '  <junk>' +
      '<n>'.repeat(100) +
      'deep' +
      '</n>'.repeat(100) +
      '</junk>\n' +
      '  <programme start="20240105010000 +0000" channel="deep.example"><title>Never reached</title></programme>\n' +
      '</tv>\n',
  ),
);

write(
  xmlDir,
  'truncated.xml',
  utf8(
    head +
      chan('t.example', 'T') +
      '  <programme start="20240106000000 +0000" channel="t.example"><title>Complete</title></programme>\n' +
      '  <programme start="20240106010000 +0000" channel="t.example"><title>Cut in the mid',
  ),
);

const gzGuide =
  head +
  chan('gz.example', 'Gz') +
  Array.from({ length: 40 }, (_, i) => {
    const hh = String(Math.floor(i / 2)).padStart(2, '0');
    const mm = i % 2 === 0 ? '00' : '30';
    return `  <programme start="20240107${hh}${mm}00 +0000" channel="gz.example"><title>Gz &amp; ${i}</title></programme>\n`;
  }).join('') +
  '</tv>\n';
write(xmlDir, 'guide.xml.gz', gzipSync(utf8(gzGuide), { level: 9 }));

write(
  xmlDir,
  'latin1.xml',
  latin1(
    '<?xml version="1.0" encoding="ISO-8859-1"?>\n<tv>\n' +
      '  <channel id="fr.example"><display-name>Télé Française</display-name></channel>\n' +
      '  <programme start="20240108200000 +0100" channel="fr.example"><title>Le Journal de 20 h à Paris</title>' +
      '<desc>Météo, économie &amp; société. Prix: 5 £ &#8364;</desc></programme>\n' +
      '</tv>\n',
  ),
);

write(
  xmlDir,
  'missing-fields.xml',
  utf8(
    head +
      '  <channel><display-name>No id</display-name></channel>\n' +
      chan('m.example', 'M') +
      '  <programme start="20240109000000 +0000"><title>No channel</title></programme>\n' +
      '  <programme channel="m.example"><title>No start</title></programme>\n' +
      '  <programme start="not a time" channel="m.example"><title>Bad start</title></programme>\n' +
      '  <programme start="20240109010000 +0000" channel="m.example"><desc>No title</desc></programme>\n' +
      '  <programme start="20240109020000 +0000" channel="m.example"><title>   </title></programme>\n' +
      '  <programme start="20240109030000 +0000" channel="m.example"><title>Good</title></programme>\n' +
      '</tv>\n',
  ),
);

write(
  xmlDir,
  'broken-close.xml',
  utf8(
    head +
      chan('x.example', 'X') +
      '  <programme start="20240110000000 +0000" channel="x.example"><title>Typo</titel><desc>lost</desc></programme>\n' +
      '  <programme start="20240110010000 +0000" channel="x.example"><title>After typo</title></programme>\n' +
      '  <programme start="20240110020000 +0000" channel="x.example"><title>Still fine</title></programme>\n' +
      '</tv>\n',
  ),
);

console.log(`fixtures written to ${args.out}`);
