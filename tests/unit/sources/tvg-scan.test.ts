import { describe, expect, it } from 'vitest';
import { countTvgIds, TvgIdCounter } from '../../../src-main/core/sources/m3u/tvg-scan';

const text = [
  '#EXTM3U x-tvg-url="http://g.example/tvg-id=nope"',
  '#EXTINF:-1 tvg-id="one" tvg-name="One",One',
  'http://s/1.ts',
  '#EXTINF:-1 tvg-id=two group-title="G",Two',
  'http://s/2.ts?tvg-id=fake',
  '#EXTINF:-1 TVG-ID="dup",Dup A',
  'http://s/3.ts',
  "#EXTINF:-1 tvg-id='dup',Dup B",
  'http://s/4.ts',
  '#EXTINF:-1 x-tvg-id="other",Not counted',
  'http://s/5.ts',
  '#EXTINF:-1 tvg-id="",Empty',
  'http://s/6.ts',
].join('\n');

describe('tvg-id pre-scan', () => {
  it('counts tvg-ids of #EXTINF lines only, quoted or not, either case', async () => {
    const counter = await countTvgIds([Buffer.from(text)]);
    expect(Object.fromEntries(counter.counts)).toEqual({ one: 1, two: 1, dup: 2 });
    expect(counter.isUnique('one')).toBe(true);
    expect(counter.isUnique('dup')).toBe(false);
    expect(counter.isUnique('missing')).toBe(false);
  });

  it('gives the same counts whatever the chunking', async () => {
    const whole = Object.fromEntries((await countTvgIds([Buffer.from(text)])).counts);
    for (const size of [1, 2, 7, 64]) {
      const chunks: Buffer[] = [];
      for (let i = 0; i < text.length; i += size) chunks.push(Buffer.from(text.slice(i, i + size)));
      expect(Object.fromEntries((await countTvgIds(chunks)).counts), `chunks of ${size}`).toEqual(whole);
    }
  });

  it('claim() hands a unique id out once', () => {
    const counter = new TvgIdCounter();
    counter.push(Buffer.from('#EXTINF:-1 tvg-id="a",A\nu\n'));
    counter.end();
    expect(counter.claim('a')).toBe(true);
    expect(counter.claim('a')).toBe(false);
    expect(counter.claim('b')).toBe(false);
  });
});
