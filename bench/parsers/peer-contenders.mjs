// The npm peers' runs, shared by both benchmark workers (bench/parsers and bench/import): each parses
// the same file the same way wherever it is compared. Used inside a worker process only.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { TextDecoder } from 'node:util';
import { PEERS } from './lib.mjs';

const CHUNK = 64 * 1024;
const peerRequire = createRequire(join(PEERS, 'package.json'));

/** The whole file as one string: the peers parse strings, not streams. */
export function readText(file) {
  const buf = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
}

/** Title check: '&amp;' must come out as '&' (the generator writes '&amp;' in some titles). */
export function ampCounter() {
  let withAmp = 0;
  let raw = 0;
  return {
    add(t) {
      if (t.includes('&amp;')) raw++;
      else if (t.includes('&')) withAmp++;
    },
    get result() {
      return raw === 0 && withAmp > 0
        ? `&amp; decoded (${withAmp} titles with &)`
        : `&amp; NOT decoded (${raw} raw)`;
    },
  };
}

function ampCheck(titles) {
  const c = ampCounter();
  for (const t of titles()) c.add(t);
  return c.result;
}

/**
 * The peer contenders for `file`. `ready()` starts the clock once a contender's code is loaded;
 * `checks` adds the XMLTV peers' '&amp;' check (a pass over every title, inside the timed part).
 */
export function peerContenders(file, bundles, ready, { checks }) {
  return {
    async 'm3u:iptv-playlist-parser'() {
      const parser = peerRequire('iptv-playlist-parser');
      await ready();
      return { items: parser.parse(readText(file)).items.length };
    },
    async 'm3u:@iptv/playlist'() {
      const { parseM3U } = await import(join(PEERS, 'node_modules/@iptv/playlist/dist/playlist.js'));
      await ready();
      return { items: parseM3U(readText(file)).channels.length };
    },
    async 'xmltv:saxes-raw'() {
      // The raw tokenizer (the one our parser used to be built on): no-op handlers, the options we used
      // (xmlns: false, position: false), streaming UTF-8 decode. Bundled like ours.
      const { SaxesParser } = await import(bundles.saxes);
      await ready();
      const p = new SaxesParser({ xmlns: false, position: false });
      let n = 0;
      p.on('opentag', (t) => {
        if (t.name === 'programme') n++;
      });
      p.on('closetag', () => {});
      p.on('text', () => {});
      p.on('cdata', () => {});
      p.on('error', () => {});
      const dec = new TextDecoder();
      let src = createReadStream(file, { highWaterMark: CHUNK });
      if (file.endsWith('.gz')) src = src.pipe(createGunzip({ chunkSize: CHUNK }));
      for await (const chunk of src) p.write(dec.decode(chunk, { stream: true }));
      p.close();
      return { items: n };
    },
    async 'xmltv:@iptv/xmltv'() {
      const { parseXmltv } = await import(join(PEERS, 'node_modules/@iptv/xmltv/dist/xmltv.js'));
      await ready();
      const r = parseXmltv(readText(file));
      if (!checks) return { items: r.programmes.length };
      const titles = () => r.programmes.map((p) => String(p.title?.[0]?._value ?? ''));
      return { items: r.programmes.length, checks: ampCheck(titles) };
    },
    async 'xmltv:epg-parser'() {
      const epg = peerRequire('epg-parser');
      await ready();
      const r = epg.parse(readText(file));
      if (!checks) return { items: r.programs.length };
      const titles = () => r.programs.map((p) => String(p.title?.[0]?.value ?? ''));
      return { items: r.programs.length, checks: ampCheck(titles) };
    },
  };
}
