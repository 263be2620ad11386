// One benchmark run in a fresh process:
//   node worker.mjs <contender> <file> <bundles-json>
// Prints one JSON line { ms, maxRssMB, items, checks }. Time covers reading
// the file (peers need it as one string, we stream it) and parsing, not
// loading the contender's modules.
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { ampCounter, peerContenders } from './peer-contenders.mjs';

const [contender, file, bundlesJson] = process.argv.slice(2);
const bundles = JSON.parse(bundlesJson);
const CHUNK = 64 * 1024;

const contenders = {
  ...peerContenders(file, bundles, ready, { checks: true }),
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
