#!/usr/bin/env node
// XMLTV parser benchmark on a generated guide: 1,000 channels × 7 days
// (~149,000 programmes, ~115 MB), plain and gzipped.
//   node bench/parsers/xmltv.mjs [--runs 3] [--channels 1000] [--days 7] [--strict]
// Contenders: ours, raw saxes with no-op handlers (the tokenizer's ceiling),
// @iptv/xmltv and epg-parser (peers in bench/parsers/peers; npm ci there).
// Targets: ≥ 60 % of raw saxes throughput, ≥ 2× faster than @iptv/xmltv,
// peak RSS < 200 MB (also from .gz), and '&amp;' decoded to '&'.
import { loadavg } from 'node:os';
import {
  bundle,
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
const opt = (name, def) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? Number(argv[i + 1]) : def;
};
const runs = opt('runs', 3);
const channels = opt('channels', 1000);
const days = opt('days', 7);

const bundles = {
  xmltv: await bundle('xmltv', { entry: 'src-main/core/guide/parse/xmltv.ts' }),
  // Raw saxes from the same bundler pipeline as ours, so both run identical code.
  saxes: await bundle('saxes', { contents: "export { SaxesParser } from 'saxes';" }),
};
const gargs = ['--channels', String(channels), '--days', String(days)];
const plain = await generated('xmltv.mjs', gargs, '.xml');
const gz = await generated('xmltv.mjs', [...gargs, '--gzip'], '.xml.gz');
const missing = peersInstalled(['@iptv/xmltv', 'epg-parser']);

const contenders = [
  { label: 'ours (callback)', name: 'xmltv:ours', file: plain },
  { label: 'ours (for-await)', name: 'xmltv:ours-iter', file: plain },
  { label: 'saxes raw, no-op handlers', name: 'xmltv:saxes-raw', file: plain },
  { label: 'ours (callback) .gz', name: 'xmltv:ours', file: gz },
  { label: 'saxes raw .gz', name: 'xmltv:saxes-raw', file: gz },
];
if (!missing.includes('@iptv/xmltv'))
  contenders.push({ label: '@iptv/xmltv', name: 'xmltv:@iptv/xmltv', file: plain });

const epg = await epgParserContender({
  installed: !missing.includes('epg-parser'),
  channels,
  days,
  plain,
  label: 'epg-parser',
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
if (epg.skip) summary.set('epg-parser', { error: `skipped: ${epg.skip}` });
console.log('\nThroughput is over the uncompressed size.');
printTable(summary, { default: fileMB(plain) });

console.log('\nTargets:');
const get = (label) => {
  const s = summary.get(label);
  return s && !s.error ? s : null;
};
const ours = get('ours (callback)');
const oursGz = get('ours (callback) .gz');
const raw = get('saxes raw, no-op handlers');
const rawGz = get('saxes raw .gz');
const iptv = get('@iptv/xmltv');
let ok = true;
if (!ours) {
  ok = target('our parser ran', false, summary.get('ours (callback)')?.error ?? '?');
} else {
  if (raw)
    ok =
      target(
        '≥ 60 % of raw saxes throughput',
        raw.ms / ours.ms >= 0.6,
        `${((raw.ms / ours.ms) * 100).toFixed(0)} %`,
      ) && ok;
  if (oursGz && rawGz) {
    ok =
      target(
        '≥ 60 % of raw saxes throughput (.gz)',
        rawGz.ms / oursGz.ms >= 0.6,
        `${((rawGz.ms / oursGz.ms) * 100).toFixed(0)} %`,
      ) && ok;
  }
  if (iptv)
    ok =
      target('≥ 2× faster than @iptv/xmltv', iptv.ms / ours.ms >= 2, `${(iptv.ms / ours.ms).toFixed(2)}×`) &&
      ok;
  else console.log('  SKIP  @iptv/xmltv ratio: not available');
  ok = target('peak RSS < 200 MB', ours.maxRssMB < 200, `${ours.maxRssMB.toFixed(0)} MB`) && ok;
  if (oursGz)
    ok = target('peak RSS < 200 MB (.gz)', oursGz.maxRssMB < 200, `${oursGz.maxRssMB.toFixed(0)} MB`) && ok;
  ok =
    target("'&amp;' decoded as '&' in ours", /^&amp; decoded/.test(ours.checks ?? ''), ours.checks ?? '') &&
    ok;
  if (ours.items !== raw?.items)
    console.log(`  note  programme counts differ: ours ${ours.items}, raw ${raw?.items}`);
  const iter = get('ours (for-await)');
  if (iter)
    console.log(
      `  info  for-await API costs ${((iter.ms / ours.ms - 1) * 100).toFixed(0)} % over the callback API`,
    );
}
if (argv.includes('--strict') && !ok) process.exit(1);
