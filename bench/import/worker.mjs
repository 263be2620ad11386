// One benchmark run in a fresh process:  node worker.mjs <contender> <file> <bundles-json>
// Prints one JSON line { ms, maxRssMB, items, checks, extra }. Module loading is not timed; each
// contender starts its clock with ready() once its code is loaded (and, for ours, the database open).
import { createReadStream } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { peerContenders } from '../parsers/peer-contenders.mjs';
import { MIGRATIONS } from './lib.mjs';

const [contender, file, bundlesJson] = process.argv.slice(2);
const bundles = JSON.parse(bundlesJson);
let t0 = 0;
const ready = () => {
  t0 = performance.now();
};

const contenders = {
  ...peerContenders(file, bundles, ready, { checks: false }),
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
  async 'xmltv:import'() {
    const h = await import(bundles.harness);
    return h.importXmltv(MIGRATIONS, file, ready);
  },
  async 'xmltv:refresh'() {
    const h = await import(bundles.harness);
    return h.refreshXmltv(MIGRATIONS, file, ready);
  },
  async 'guide:query'() {
    const h = await import(bundles.harness);
    return h.queryGuide(MIGRATIONS, file, ready, { ...bundles.query, details: false });
  },
  async 'guide:search'() {
    const h = await import(bundles.harness);
    return h.searchGuide(MIGRATIONS, file, ready, bundles.search);
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
