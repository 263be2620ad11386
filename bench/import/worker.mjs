// One benchmark run in a fresh process:  node worker.mjs <contender> <file> <bundles-json>
// Prints one JSON line { ms, maxRssMB, items, checks, extra }. Module loading is not timed; each
// contender starts its clock with ready() once its code is loaded (and, for ours, the database open).
import { createReadStream, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { gunzipSync } from 'node:zlib';
import { MIGRATIONS, PEERS } from './lib.mjs';

const [contender, file, bundlesJson] = process.argv.slice(2);
const bundles = JSON.parse(bundlesJson);
const peerRequire = createRequire(join(PEERS, 'package.json'));
const readText = () => {
  const buf = readFileSync(file);
  return (file.endsWith('.gz') ? gunzipSync(buf) : buf).toString('utf8');
};

let t0 = 0;
const ready = () => {
  t0 = performance.now();
};

const contenders = {
  async 'm3u:import'() {
    const h = await import(bundles.harness);
    return h.importM3u(MIGRATIONS, file, ready);
  },
  async 'm3u:refresh'() {
    const h = await import(bundles.harness);
    return h.refreshM3u(MIGRATIONS, file, ready);
  },
  async 'm3u:parse'() {
    const { parseM3u } = await import(bundles.m3u);
    ready();
    const r = await parseM3u(createReadStream(file, { highWaterMark: 64 * 1024 }), () => {});
    return { items: r.entries };
  },
  async 'm3u:iptv-playlist-parser'() {
    const parser = peerRequire('iptv-playlist-parser');
    ready();
    return { items: parser.parse(readText()).items.length };
  },
  async 'm3u:@iptv/playlist'() {
    const { parseM3U } = await import(join(PEERS, 'node_modules/@iptv/playlist/dist/playlist.js'));
    ready();
    return { items: parseM3U(readText()).channels.length };
  },
  async 'xmltv:import'() {
    const h = await import(bundles.harness);
    return h.importXmltv(MIGRATIONS, file, ready);
  },
  async 'xmltv:refresh'() {
    const h = await import(bundles.harness);
    return h.refreshXmltv(MIGRATIONS, file, ready);
  },
  async 'xmltv:saxes-raw'() {
    // The tokenizer alone, same build and options as ours, no-op handlers, streaming UTF-8 decode.
    const { SaxesParser } = await import(bundles.saxes);
    const { createGunzip } = await import('node:zlib');
    ready();
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
    let src = createReadStream(file, { highWaterMark: 64 * 1024 });
    if (file.endsWith('.gz')) src = src.pipe(createGunzip({ chunkSize: 64 * 1024 }));
    for await (const chunk of src) p.write(dec.decode(chunk, { stream: true }));
    p.close();
    return { items: n };
  },
  async 'xmltv:@iptv/xmltv'() {
    const { parseXmltv } = await import(join(PEERS, 'node_modules/@iptv/xmltv/dist/xmltv.js'));
    ready();
    return { items: parseXmltv(readText()).programmes.length };
  },
  async 'xmltv:epg-parser'() {
    const epg = peerRequire('epg-parser');
    ready();
    return { items: epg.parse(readText()).programs.length };
  },
  async 'guide:query'() {
    const h = await import(bundles.harness);
    return h.queryGuide(MIGRATIONS, file, ready, { ...bundles.query, details: false });
  },
  async 'guide:query-descriptions'() {
    const h = await import(bundles.harness);
    return h.queryGuide(MIGRATIONS, file, ready, { ...bundles.query, details: true });
  },
};

const fn = contenders[contender];
if (!fn) {
  console.error(`unknown contender ${contender}`);
  process.exit(2);
}
const res = await fn();
const ms = res.ms ?? performance.now() - t0;
console.log(JSON.stringify({ ...res, ms, maxRssMB: process.resourceUsage().maxRSS / 1024 }));
