#!/usr/bin/env node
// XMLTV import benchmark: 1,000 channels × 7 days (~149,000 programmes, ~115 MB), plain and gzipped.
//   node bench/import/xmltv.mjs [--runs 3] [--channels 1000] [--days 7] [--strict]
// Ours: the whole import through the contract (guides.add on a real Dvr: download/read, gunzip, parse,
// store in SQLite, committed), and a refresh of the same guide. Peers, same file, same run: raw saxes
// (the tokenizer alone, no-op handlers), @iptv/xmltv and epg-parser (they parse into memory only).
// Targets: the import ≥ 2× faster than @iptv/xmltv's parse alone, at ≥ 60 % of raw saxes' throughput,
// peak RSS < 200 MB (also from .gz), '&amp;' stored as '&'.
import { loadavg } from 'node:os';
import {
  argOf,
  bundle,
  bundleHarness,
  epgParserContender,
  fileMB,
  generated,
  measure,
  measureAll,
  peersInstalled,
  printTable,
  target,
} from './lib.mjs';

const argv = process.argv.slice(2);
const runs = argOf(argv, 'runs', 3);
const channels = argOf(argv, 'channels', 1000);
const days = argOf(argv, 'days', 7);

const bundles = {
  harness: await bundleHarness(),
  saxes: await bundle('saxes', { contents: "export { SaxesParser } from 'saxes';" }),
};
const gargs = ['--channels', String(channels), '--days', String(days)];
const plain = await generated('xmltv.mjs', gargs, '.xml');
const gz = await generated('xmltv.mjs', [...gargs, '--gzip'], '.xml.gz');
const missing = peersInstalled(['@iptv/xmltv', 'epg-parser']);

const contenders = [
  { label: 'ours: whole import (guides.add)', name: 'xmltv:import', file: plain },
  { label: 'ours: whole import, .gz', name: 'xmltv:import', file: gz },
  { label: 'ours: refresh, same guide', name: 'xmltv:refresh', file: plain },
  { label: 'saxes raw, no-op handlers', name: 'xmltv:saxes-raw', file: plain },
  { label: 'saxes raw, .gz', name: 'xmltv:saxes-raw', file: gz },
];
if (!missing.includes('@iptv/xmltv'))
  contenders.push({ label: '@iptv/xmltv (parse)', name: 'xmltv:@iptv/xmltv', file: plain });

const epg = await epgParserContender({
  installed: !missing.includes('epg-parser'),
  channels,
  days,
  plain,
  label: 'epg-parser (parse)',
  measure,
  bundles,
});
if (epg.contender) contenders.push(epg.contender);

console.log(
  `\nXMLTV: ${channels} channels × ${days} days, ${fileMB(plain).toFixed(1)} MB (${fileMB(gz).toFixed(1)} MB gzipped), ${runs} runs each (node ${process.version}, load avg ${loadavg()
    .map((x) => x.toFixed(1))
    .join(' ')})`,
);
const summary = await measureAll(contenders, runs, { bundles });
if (epg.skip) summary.set('epg-parser (parse)', { error: `skipped: ${epg.skip}` });
console.log('\nThroughput is over the uncompressed size.');
printTable(summary, { default: fileMB(plain) });

const get = (label) => {
  const s = summary.get(label);
  return s && !s.error ? s : null;
};
const imp = get('ours: whole import (guides.add)');
const impGz = get('ours: whole import, .gz');
const raw = get('saxes raw, no-op handlers');
const iptv = get('@iptv/xmltv (parse)');
console.log('\nTargets:');
let ok = true;
if (!imp) ok = target('our import ran', false, summary.get('ours: whole import (guides.add)')?.error ?? '?');
else {
  if (iptv)
    ok =
      target(
        'import ≥ 2× faster than @iptv/xmltv parse alone',
        iptv.ms / imp.ms >= 2,
        `${(iptv.ms / imp.ms).toFixed(2)}×`,
      ) && ok;
  if (raw)
    ok =
      target(
        "import ≥ 60 % of saxes' raw throughput",
        raw.ms / imp.ms >= 0.6,
        `${((raw.ms / imp.ms) * 100).toFixed(0)} %`,
      ) && ok;
  ok = target('peak RSS < 200 MB', imp.maxRssMB < 200, `${imp.maxRssMB.toFixed(0)} MB`) && ok;
  if (impGz)
    ok = target('peak RSS < 200 MB (.gz)', impGz.maxRssMB < 200, `${impGz.maxRssMB.toFixed(0)} MB`) && ok;
  ok = target("'&amp;' stored as '&'", /^&amp; decoded/.test(imp.checks ?? ''), imp.checks ?? '') && ok;
}
if (argv.includes('--strict') && !ok) process.exit(1);
