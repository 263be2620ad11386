import { createReadStream } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import {
  XmltvParser,
  gunzipIfNeeded,
  parseXmltv,
  parseXmltvText,
  streamXmltv,
  type XmltvChannel,
  type XmltvProgramme,
} from '../../../src-main/core/guide/parse/xmltv';
import { asAsync, chunked, fixture, fixturePath, jaggedChunks } from './helpers';

const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());

function byTitle(list: XmltvProgramme[], title: string): XmltvProgramme {
  const p = list.find((x) => x.title === title);
  if (!p) throw new Error(`no programme ${title}`);
  return p;
}

describe('XMLTV times', () => {
  const r = parseXmltvText(fixture('xmltv/offsets.xml'));

  it('converts +0100, -0500 and missing offsets to UTC', () => {
    expect(r.programmeList.map((p) => [p.title, iso(p.start), iso(p.stop)])).toEqual([
      ['Plus one', '2024-01-01T11:00:00.000Z', '2024-01-01T12:00:00.000Z'],
      ['Minus five', '2024-01-01T12:00:00.000Z', '2024-01-01T13:00:00.000Z'],
      ['No offset is UTC', '2024-01-01T11:00:00.000Z', '2024-01-01T12:00:00.000Z'],
      ['No seconds', '2024-01-01T13:00:00.000Z', '2024-01-01T14:00:00.000Z'],
      ['No minutes, no stop', '2024-01-01T15:00:00.000Z', null],
      ['Offset without space, with colon', '2024-01-01T14:00:00.000Z', '2024-01-01T15:00:00.000Z'],
      ['Z and bad stop', '2024-01-01T17:00:00.000Z', null],
    ]);
    expect(r.problems).toEqual([]);
  });

  it('shifts every time by offsetHours', () => {
    const shifted = parseXmltvText(fixture('xmltv/offsets.xml'), { offsetHours: -1.5 });
    expect(shifted.programmeList.map((p) => p.start - 1.5 * -3_600_000)).toEqual(
      r.programmeList.map((p) => p.start),
    );
    expect(iso(shifted.programmeList[0]?.stop ?? null)).toBe('2024-01-01T10:30:00.000Z');
  });
});

describe('XMLTV programme content', () => {
  const r = parseXmltvText(fixture('xmltv/episodes-flags.xml'));

  it('reads channels with display names, icon and urls', () => {
    expect(r.channelList).toEqual<XmltvChannel[]>([
      {
        id: 'b.example',
        displayNames: ['B One', '101'],
        icon: 'http://logo.example.org/b.png',
        urls: ['http://b.example.org/'],
      },
    ]);
  });

  it('reads every field of a full programme', () => {
    expect(r.programmeList[0]).toEqual({
      channel: 'b.example',
      start: Date.UTC(2024, 0, 2, 20),
      stop: Date.UTC(2024, 0, 2, 21),
      title: 'The Show',
      titles: [
        { lang: 'en', value: 'The Show' },
        { lang: 'de', value: 'Die Sendung' },
      ],
      subTitle: 'Pilot',
      desc: 'First episode.',
      categories: ['Drama', 'Series'],
      episodeNum: { xmltvNs: '0.4.0/1', onscreen: 'S01E05' },
      season: 1,
      episode: 5,
      isNew: true,
      previouslyShown: false,
      premiere: false,
      icon: 'http://img.example.org/show.jpg',
      rating: 'TV-14',
    });
  });

  it('parses xmltv_ns with spaces and totals, and onscreen forms', () => {
    const rerun = byTitle(r.programmeList, 'Rerun');
    expect([rerun.season, rerun.episode, rerun.previouslyShown, rerun.isNew]).toEqual([3, 10, true, false]);
    expect(rerun.titles).toBeUndefined();
    const onscreen = byTitle(r.programmeList, 'Onscreen only');
    expect([onscreen.season, onscreen.episode, onscreen.premiere]).toEqual([3, 12, true]);
    const cross = byTitle(r.programmeList, 'Cross format');
    expect([cross.episodeNum.onscreen, cross.season, cross.episode]).toEqual(['4x07', 4, 7]);
    const epOnly = byTitle(r.programmeList, 'Episode only');
    expect([epOnly.season, epOnly.episode]).toEqual([null, 12]);
    const plain = byTitle(r.programmeList, 'Plain');
    expect(plain).toMatchObject({
      season: null,
      episode: null,
      episodeNum: {},
      categories: [],
      desc: null,
      icon: null,
    });
  });
});

describe('XMLTV entities and text', () => {
  const r = parseXmltvText(fixture('xmltv/entities.xml'));
  const p = r.programmeList[0] as XmltvProgramme;

  it('decodes the predefined entities and decimal/hex character references', () => {
    expect(p.title).toBe('Tom & Jerry été ☺ <3 "q" \'a\' >');
    expect(p.categories).toEqual(['News & Weather']);
    expect(r.channelList[0]).toMatchObject({ id: 'c&d.example', displayNames: ['C & D'] });
    expect(p.channel).toBe('c&d.example');
  });

  it('keeps CDATA literally (markup and a raw &) and joins it with the following text', () => {
    expect(p.desc).toBe('Raw <b>markup</b> & ampersand and text');
  });

  it('keeps a bare & as text, maps &nbsp;, and reports an undefined entity without expanding it', () => {
    expect(p.subTitle).toBe('Bare & ampersand, AT&T; and \u00a0space');
    expect(r.problems.map((x) => x.message)).toEqual([
      'undefined entity &T; kept as text',
      "1 bare '&' read as text (first here)",
    ]);
    expect(r.problems[0]?.line).toBe(7);
  });

  it('a bare & does not swallow the markup up to the next ";"', () => {
    const xml =
      '<tv><programme start="20240101000000" channel="c"><title>Tom & Jerry</title></programme>' +
      '<programme start="20240101010000" channel="c"><title>Next; one</title></programme></tv>';
    expect(parseXmltvText(xml).programmeList.map((x) => x.title)).toEqual(['Tom & Jerry', 'Next; one']);
  });
});

describe('XMLTV hostile input', () => {
  it('does not expand a billion-laughs entity bomb and keeps parsing after it', () => {
    const r = parseXmltvText(fixture('xmltv/entity-bomb.xml'));
    expect(r.programmeList.map((x) => x.title)).toEqual(['&lol9;', 'After bomb']);
    expect(r.problems).toEqual([
      { line: 16, offset: expect.any(Number), message: 'undefined entity &lol9; kept as text' },
    ]);
    expect(r.stopped).toBeNull();
  });

  it('stops at the nesting cap with a clear error, keeping what came before', () => {
    const r = parseXmltvText(fixture('xmltv/deep-nesting.xml'));
    expect(r.programmeList.map((x) => x.title)).toEqual(['Before junk']);
    expect(r.channels).toBe(1);
    expect(r.stopped).toBe('elements nested deeper than 64 levels; stopped');
    expect(r.problems).toEqual([{ line: 5, offset: expect.any(Number), message: r.stopped }]);
  });

  it('honours a custom depth cap', () => {
    const r = parseXmltvText(fixture('xmltv/episodes-flags.xml'), { maxDepth: 3 });
    expect(r.stopped).toContain('deeper than 3');
    expect(r.programmes).toBe(0);
  });

  it('reports a truncated file and skips only the incomplete programme', () => {
    const r = parseXmltvText(fixture('xmltv/truncated.xml'));
    expect(r.programmeList.map((x) => x.title)).toEqual(['Complete']);
    expect(r.problems.map((x) => x.message)).toEqual([
      'unclosed tag: title',
      'unclosed tag: programme',
      'unclosed tag: tv',
      'programme incomplete at end of input, skipped',
    ]);
    expect(r.problems[3]?.line).toBe(5);
  });

  it('skips and reports programmes without channel, start or title and channels without id', () => {
    const r = parseXmltvText(fixture('xmltv/missing-fields.xml'));
    expect(r.programmeList.map((x) => x.title)).toEqual(['Good']);
    expect(r.channelList.map((c) => c.id)).toEqual(['m.example']);
    expect(r.problems.map((x) => [x.line, x.message])).toEqual([
      [3, 'channel skipped: missing id'],
      [5, 'programme skipped: missing or invalid channel'],
      [6, 'programme skipped: missing or invalid start'],
      [7, 'programme skipped: missing or invalid start'],
      [8, 'programme skipped: missing or invalid title'],
      [9, 'programme skipped: missing or invalid title'],
    ]);
  });

  it('recovers after a broken close tag', () => {
    const r = parseXmltvText(fixture('xmltv/broken-close.xml'));
    expect(r.programmeList.map((x) => x.title)).toEqual(['Typo', 'After typo', 'Still fine']);
    // The misspelt close tag is read as closing the innermost element, so the
    // rest of that programme (its description) is still parsed.
    expect(r.programmeList[0]?.desc).toBe('lost');
    expect(r.problems.map((x) => [x.line, x.message])).toEqual([
      [4, 'unmatched closing tag: titel (closes title)'],
    ]);
    expect(r.stopped).toBeNull();
  });

  it('truncates over-long text fields and reports it once', () => {
    const long = 'x'.repeat(200);
    const xml = `<tv><programme start="20240101000000" channel="c"><title>T</title><desc>${long}</desc></programme></tv>`;
    const r = parseXmltvText(xml, { maxFieldLength: 50 });
    expect(r.programmeList[0]?.desc).toBe('x'.repeat(50));
    expect(r.problems.map((x) => x.message)).toEqual(['text longer than 50 characters truncated']);
  });

  it('stops when a single token outgrows the buffer cap instead of buffering it', () => {
    const xml = `<tv><programme start="20240101000000" channel="c"><title>T</title></programme><!-- ${'z'.repeat(5000)} --></tv>`;
    const r = new XmltvParser({}, { maxTokenLength: 1000 });
    for (const c of chunked(Buffer.from(xml), 512)) r.write(c);
    const s = r.end();
    expect(s.programmes).toBe(1);
    expect(s.stopped).toBe('a single XML token is longer than 1000 characters; stopped');
  });

  it.each([
    ['text', '<desc>', 0x61],
    ['attribute value', '<icon src="', 0x62],
    ['comment', '<!--', 0x63],
  ])('keeps memory bounded on an endless %s (64 MiB, never terminated)', async (_what, opener, byte) => {
    const piece = Buffer.alloc(1 << 20, byte);
    async function* endless(): AsyncGenerator<Buffer> {
      yield Buffer.from(
        '<tv><programme start="20240101000000" channel="c"><title>Before</title></programme>',
      );
      yield Buffer.from(`<programme start="20240101010000" channel="c"><title>T</title>${opener}`);
      for (let i = 0; i < 64; i++) yield piece;
    }
    const before = process.memoryUsage().heapUsed;
    let peak = 0;
    const titles: string[] = [];
    const res = await parseXmltv(endless(), {
      programme: (p) => titles.push(p.title),
      problem: () => {
        peak = Math.max(peak, process.memoryUsage().heapUsed - before);
      },
    });
    expect(titles).toEqual(['Before']);
    expect(res.stopped).toMatch(/single XML token is longer than 1048576 characters/);
    expect(peak).toBeLessThan(48 * 1024 * 1024);
  });

  it('stops after maxErrors well-formedness errors', () => {
    const xml = '<tv>' + '<a>1 < 2</a>'.repeat(20) + '</tv>';
    const r = parseXmltvText(xml, { maxErrors: 5 });
    expect(r.stopped).toBe('more than 5 XML errors; stopped');
    expect(r.problemCount).toBe(6);
  });
});

describe('XMLTV encodings and compression', () => {
  it('decodes an ISO-8859-1 file per its XML declaration', () => {
    const bytes = fixture('xmltv/latin1.xml');
    expect(bytes.includes(Buffer.from('Télé', 'utf8'))).toBe(false); // really Latin-1 on disk
    const r = parseXmltvText(bytes);
    expect(r.encoding).toBe('windows-1252');
    expect(r.channelList[0]?.displayNames).toEqual(['Télé Française']);
    expect(r.programmeList[0]).toMatchObject({
      title: 'Le Journal de 20 h à Paris',
      desc: 'Météo, économie & société. Prix: 5 £ €',
      start: Date.UTC(2024, 0, 8, 19),
    });
  });

  it('decodes UTF-16 with a BOM', () => {
    const xml =
      '<?xml version="1.0" encoding="UTF-16"?><tv><channel id="ü"><display-name>Ünï</display-name></channel></tv>';
    const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
    const r = parseXmltvText(bytes);
    expect(r.encoding).toBe('utf-16le');
    expect(r.channelList).toEqual([{ id: 'ü', displayNames: ['Ünï'], icon: null, urls: [] }]);
  });

  it('reads a gzipped guide through gunzipIfNeeded', async () => {
    const programmes: XmltvProgramme[] = [];
    const r = await parseXmltv(gunzipIfNeeded(createReadStream(fixturePath('xmltv/guide.xml.gz'))), {
      programme: (p) => programmes.push(p),
    });
    expect(r.programmes).toBe(40);
    expect(programmes[0]?.title).toBe('Gz & 0');
    expect(iso(programmes[39]?.start ?? null)).toBe('2024-01-07T19:30:00.000Z');
    expect(r.problems).toEqual([]);
  });

  it('aborts a gzip bomb at the inflate cap, after delivering what was parsed', async () => {
    const head = '<tv><programme start="20240101000000" channel="c"><title>Early</title></programme><desc>';
    const bomb = gzipSync(Buffer.concat([Buffer.from(head), Buffer.alloc(8 * 1024 * 1024, 0x20)]));
    expect(bomb.length).toBeLessThan(64 * 1024);
    const stream = streamXmltv(gunzipIfNeeded(asAsync([bomb]), { maxBytes: 1024 * 1024 }));
    const titles: string[] = [];
    await expect(
      (async () => {
        for await (const item of stream) if (item.type === 'programme') titles.push(item.programme.title);
      })(),
    ).rejects.toThrow(/more than 1048576 bytes.*gzip bomb/);
    expect(titles).toEqual(['Early']);
    expect(stream.result?.stopped).toMatch(/^input error: gzip input inflates to more than/);
  });
});

describe('XMLTV streaming front ends', () => {
  const files = [
    'xmltv/offsets.xml',
    'xmltv/episodes-flags.xml',
    'xmltv/entities.xml',
    'xmltv/entity-bomb.xml',
    'xmltv/latin1.xml',
    'xmltv/missing-fields.xml',
    'xmltv/broken-close.xml',
    'xmltv/truncated.xml',
  ];

  it.each(files)('gives the same items for %s whatever the chunking', async (file) => {
    const bytes = fixture(file);
    const whole = parseXmltvText(bytes);
    for (const chunks of [chunked(bytes, 1), chunked(bytes, 7), jaggedChunks(bytes, 200)]) {
      const programmes: XmltvProgramme[] = [];
      const channels: XmltvChannel[] = [];
      const res = await parseXmltv(asAsync(chunks), {
        programme: (p) => programmes.push(p),
        channel: (c) => channels.push(c),
      });
      expect(programmes).toEqual(whole.programmeList);
      expect(channels).toEqual(whole.channelList);
      expect(res.problems.map((p) => [p.line, p.message])).toEqual(
        whole.problems.map((p) => [p.line, p.message]),
      );
    }
  });

  it('detachStrings gives identical results', () => {
    for (const file of files) {
      const a = parseXmltvText(fixture(file));
      const b = parseXmltvText(fixture(file), { detachStrings: true });
      expect(b.programmeList).toEqual(a.programmeList);
      expect(b.channelList).toEqual(a.channelList);
    }
  });

  it('streamXmltv yields channels and programmes in document order', async () => {
    const stream = streamXmltv(asAsync(chunked(fixture('xmltv/episodes-flags.xml'), 64)));
    const kinds: string[] = [];
    for await (const item of stream) kinds.push(item.type);
    expect(kinds).toEqual(['channel', ...Array<string>(6).fill('programme')]);
    expect(stream.result).toMatchObject({ channels: 1, programmes: 6, stopped: null, encoding: 'utf-8' });
  });

  it('a consumer can stop early without errors', async () => {
    const stream = streamXmltv(
      createReadStream(fixturePath('xmltv/episodes-flags.xml'), { highWaterMark: 64 }),
    );
    let n = 0;
    for await (const item of stream) {
      if (item.type === 'programme' && ++n === 2) break;
    }
    expect(n).toBe(2);
  });
});
