#!/usr/bin/env node
// Guide search benchmark: the app's search box (guide.search) and a programme's other airings
// (guide.airings) on a database holding 1,000 channels × 14 days of programmes, every channel mapped.
//   node bench/import/guide-search.mjs [--runs 7] [--guide-channels 1000] [--days 14] [--strict]
// Target: every query's median under 300 ms of CPU (the search box answers while typing). Wall time is
// printed beside it: on a shared machine it also holds the waits for a core, which say nothing about
// the query.
import { loadavg } from 'node:os';
import { argOf, bundleHarness, fileMB, generated, measure, target } from './lib.mjs';

const argv = process.argv.slice(2);
const search = { runs: argOf(argv, 'runs', 7), guideChannels: argOf(argv, 'guide-channels', 1000) };
const days = argOf(argv, 'days', 14);
const bundles = { harness: await bundleHarness(), search };
const file = await generated(
  'xmltv.mjs',
  ['--channels', String(search.guideChannels), '--days', String(days)],
  '.xml',
);
console.log(
  `\nGuide search: ${search.guideChannels} channels × ${days} days (${fileMB(file).toFixed(0)} MB guide), median of ${search.runs} runs (node ${process.version}, load avg ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
);
const s = await measure('guide:search', file, { bundles });
if (s.error) {
  console.log(`ERROR: ${s.error}`);
  process.exit(1);
}
console.log('\n| query | results | median wall ms | median CPU ms |\n|---|---|---|---|');
let worst = 0;
for (const [label, f] of Object.entries(s.extra)) {
  console.log(`| ${label} | ${f.results} | ${f.wall.toFixed(1)} | ${f.cpu.toFixed(1)} |`);
  worst = Math.max(worst, f.cpu);
}
console.log('\nTargets:');
const ok = target(
  'every search and airings query: median CPU < 300 ms',
  worst < 300,
  `worst ${worst.toFixed(1)} ms`,
);
if (argv.includes('--strict') && !ok) process.exit(1);
