#!/usr/bin/env node
// M3U parser benchmark: ours vs iptv-playlist-parser and @iptv/playlist on a
// generated 100,000-entry playlist (~28 MB).
//   node bench/parsers/m3u.mjs [--runs 3] [--entries 100000] [--strict]
// Peers live in bench/parsers/peers (npm ci --prefix bench/parsers/peers).
// Targets: ≥ 3× faster than iptv-playlist-parser, peak RSS < 150 MB.
import { loadavg } from 'node:os';
import { bundle, fileMB, generated, measureAll, peersInstalled, printTable, target } from './lib.mjs';

const argv = process.argv.slice(2);
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const runs = opt('runs', 3);
const entries = opt('entries', 100000);

const bundles = { m3u: await bundle('m3u', { entry: 'src-main/core/sources/parse/m3u.ts' }) };
const file = await generated('m3u.mjs', ['--entries', String(entries)], '.m3u');
const missing = peersInstalled(['iptv-playlist-parser', '@iptv/playlist']);

const contenders = [
  { label: 'ours (callback)', name: 'm3u:ours', file },
  { label: 'ours (for-await)', name: 'm3u:ours-iter', file },
];
if (!missing.includes('iptv-playlist-parser'))
  contenders.push({ label: 'iptv-playlist-parser', name: 'm3u:iptv-playlist-parser', file });
if (!missing.includes('@iptv/playlist'))
  contenders.push({ label: '@iptv/playlist', name: 'm3u:@iptv/playlist', file });

console.log(
  `\nM3U: ${entries} entries, ${fileMB(file).toFixed(1)} MB, ${runs} runs each (node ${process.version}, load avg ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
);
const summary = await measureAll(contenders, runs, { bundles });
console.log('');
printTable(summary, { default: fileMB(file) });

console.log('\nTargets:');
const ours = summary.get('ours (callback)');
const peer = summary.get('iptv-playlist-parser');
let ok = true;
if (ours?.error) {
  ok = target('our parser ran', false, ours.error);
} else {
  if (peer && !peer.error) {
    const ratio = peer.ms / ours.ms;
    ok = target('≥ 3× faster than iptv-playlist-parser', ratio >= 3, `${ratio.toFixed(2)}×`) && ok;
  } else {
    console.log('  SKIP  speed ratio: iptv-playlist-parser not available');
  }
  ok = target('peak RSS < 150 MB', ours.maxRssMB < 150, `${ours.maxRssMB.toFixed(0)} MB`) && ok;
  const iter = summary.get('ours (for-await)');
  if (iter && !iter.error) {
    console.log(
      `  info  for-await API costs ${((iter.ms / ours.ms - 1) * 100).toFixed(0)} % over the callback API`,
    );
  }
}
if (argv.includes('--strict') && !ok) process.exit(1);
