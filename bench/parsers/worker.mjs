// One benchmark run in a fresh process:
//   node worker.mjs <contender> <file> <bundles-json>
// Prints one JSON line { ms, maxRssMB, items, checks }. Time covers reading
// the file (peers need it as one string, we stream it) and parsing, not
// loading the contender's modules.
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { createGunzip, gunzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { TextDecoder } from 'node:util';
import { PEERS } from './lib.mjs';

const [contender, file, bundlesJson] = process.argv.slice(2);
const bundles = JSON.parse(bundlesJson);
const peerRequire = createRequire(join(PEERS, 'package.json'));
const isGz = file.endsWith('.gz');
const CHUNK = 64 * 1024;

function readText() {
  const buf = readFileSync(file);
  return (isGz ? gunzipSync(buf) : buf).toString('utf8');
}

/** Title check: '&amp;' must come out as '&' (the generator writes '&amp;' in some titles). */
function ampCounter() {
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

const contenders = {
  async 'm3u:ours'() {
    const { parseM3u } = await import(bundles.m3u);
    await ready();
    const kinds = { live: 0, vod: 0, series: 0 };
    const r = await parseM3u(createReadStream(file, { highWaterMark: CHUNK }), (e) => {
      kinds[e.kind]++;
    });
    return {
      items: r.entries,
      checks: `live ${kinds.live} / vod ${kinds.vod} / series ${kinds.series}, ${r.problemCount} problems`,
    };
  },
  async 'm3u:ours-iter'() {
    const { streamM3u } = await import(bundles.m3u);
    await ready();
    let n = 0;
    for await (const e of streamM3u(createReadStream(file, { highWaterMark: CHUNK }))) if (e.url) n++;
    return { items: n, checks: 'for-await API' };
  },
  async 'm3u:iptv-playlist-parser'() {
    const parser = peerRequire('iptv-playlist-parser');
    await ready();
    return { items: parser.parse(readText()).items.length };
  },
  async 'm3u:@iptv/playlist'() {
    const { parseM3U } = await import(join(PEERS, 'node_modules/@iptv/playlist/dist/playlist.js'));
    await ready();
    return { items: parseM3U(readText()).channels.length };
  },
  async 'xmltv:ours'() {
    const { parseXmltv, gunzipIfNeeded } = await import(bundles.xmltv);
    await ready();
    // Nothing is retained: a streaming consumer stores and forgets.
    const amp = ampCounter();
    const r = await parseXmltv(gunzipIfNeeded(createReadStream(file, { highWaterMark: CHUNK })), {
      programme(p) {
        amp.add(p.title);
      },
    });
    if (r.stopped) throw new Error(`stopped: ${r.stopped}`);
    return { items: r.programmes, checks: `${amp.result}, ${r.problemCount} problems` };
  },
  async 'xmltv:ours-iter'() {
    const { streamXmltv, gunzipIfNeeded } = await import(bundles.xmltv);
    await ready();
    let n = 0;
    for await (const item of streamXmltv(gunzipIfNeeded(createReadStream(file, { highWaterMark: CHUNK })))) {
      if (item.type === 'programme') n++;
    }
    return { items: n, checks: 'for-await API' };
  },
  async 'xmltv:saxes-raw'() {
    // Tokenizing only: the same saxes build as ours, no-op handlers, same
    // options (xmlns: false, position: false), streaming UTF-8 decode.
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
    if (isGz) src = src.pipe(createGunzip({ chunkSize: CHUNK }));
    for await (const chunk of src) p.write(dec.decode(chunk, { stream: true }));
    p.close();
    return { items: n };
  },
  async 'xmltv:@iptv/xmltv'() {
    const { parseXmltv } = await import(join(PEERS, 'node_modules/@iptv/xmltv/dist/xmltv.js'));
    await ready();
    const r = parseXmltv(readText());
    const titles = () => r.programmes.map((p) => String(p.title?.[0]?._value ?? ''));
    return { items: r.programmes.length, checks: ampCheck(titles) };
  },
  async 'xmltv:epg-parser'() {
    const epg = peerRequire('epg-parser');
    await ready();
    const r = epg.parse(readText());
    const titles = () => r.programs.map((p) => String(p.title?.[0]?.value ?? ''));
    return { items: r.programs.length, checks: ampCheck(titles) };
  },
};

const fn = contenders[contender];
if (!fn) {
  console.error(`unknown contender ${contender}`);
  process.exit(2);
}
// The clock starts when a contender has loaded its code (ready()), so module
// loading is not counted for anyone.
let t0 = 0;
async function ready() {
  t0 = performance.now();
}
const res = await fn();
const ms = performance.now() - t0;
console.log(JSON.stringify({ ms, maxRssMB: process.resourceUsage().maxRSS / 1024, ...res }));
