#!/usr/bin/env node
// M3U import benchmark: 100,000 entries (~28 MB, live mixed with VOD and series).
//   node bench/import/m3u.mjs [--runs 3] [--entries 100000] [--strict]
// Ours: the whole import through the contract (sources.add on a real Dvr: parse + store + a search on
// the stored rows), a refresh of the same playlist, and the parser alone. Peers: iptv-playlist-parser
// and @iptv/playlist parsing the same file (they only parse). Each run is a fresh process.
// Targets: parse ≥ 3× faster than iptv-playlist-parser, whole import < 1.5 s, peak RSS < 150 MB.
import { loadavg } from 'node:os';
import {
  argOf,
  bundle,
  bundleHarness,
  fileMB,
  generated,
  measureAll,
  peersInstalled,
  printTable,
  target,
} from './lib.mjs';

const argv = process.argv.slice(2);
const runs = argOf(argv, 'runs', 3);
const entries = argOf(argv, 'entries', 100_000);

const bundles = {
  harness: await bundleHarness(),
  m3u: await bundle('m3u', { entry: 'src-main/core/sources/parse/m3u.ts' }),
};
const file = await generated('m3u.mjs', ['--entries', String(entries)], '.m3u');
const missing = peersInstalled(['iptv-playlist-parser', '@iptv/playlist']);

const contenders = [
  { label: 'ours: whole import (sources.add)', name: 'm3u:import', file },
  { label: 'ours: refresh, same playlist', name: 'm3u:refresh', file },
  { label: 'ours: parse only', name: 'm3u:parse', file },
];
if (!missing.includes('iptv-playlist-parser'))
  contenders.push({ label: 'iptv-playlist-parser (parse)', name: 'm3u:iptv-playlist-parser', file });
if (!missing.includes('@iptv/playlist'))
  contenders.push({ label: '@iptv/playlist (parse)', name: 'm3u:@iptv/playlist', file });

console.log(
  `\nM3U: ${entries} entries, ${fileMB(file).toFixed(1)} MB, ${runs} runs each (node ${process.version}, load avg ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
);
const summary = await measureAll(contenders, runs, { bundles });
printTable(summary, { default: fileMB(file) });

const get = (label) => {
  const s = summary.get(label);
  return s && !s.error ? s : null;
};
const imp = get('ours: whole import (sources.add)');
const parse = get('ours: parse only');
const peer = get('iptv-playlist-parser (parse)');
console.log('\nTargets:');
let ok = true;
if (parse && peer)
  ok =
    target(
      'parse ≥ 3× faster than iptv-playlist-parser',
      peer.ms / parse.ms >= 3,
      `${(peer.ms / parse.ms).toFixed(2)}×`,
    ) && ok;
if (imp) {
  ok =
    target('whole import (parse + store + searchable) < 1.5 s', imp.ms < 1500, `${imp.ms.toFixed(0)} ms`) &&
    ok;
  ok = target('peak RSS of the import < 150 MB', imp.maxRssMB < 150, `${imp.maxRssMB.toFixed(0)} MB`) && ok;
  if (peer)
    console.log(
      `  info  the whole import takes ${(imp.ms / peer.ms).toFixed(2)}× iptv-playlist-parser's parse alone`,
    );
} else ok = target('our import ran', false, summary.get('ours: whole import (sources.add)')?.error ?? '?');
if (argv.includes('--strict') && !ok) process.exit(1);
