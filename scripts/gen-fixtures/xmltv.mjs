#!/usr/bin/env node
// Deterministic XMLTV guide generator for benchmarks and size tests.
//   node scripts/gen-fixtures/xmltv.mjs --channels 1000 --days 7 --out /tmp/g.xml [--gzip] [--seed 1]
//     [--start 2024-01-01T00:00:00Z]   (default 2024-01-01; 'today' starts at today's 00:00 UTC)
//     [--titles N]                     (N distinct titles; default: the 18 show names alone)
// 1,000 channels × 7 days ≈ 149,000 programmes ≈ 115 MB: titles, sub-titles,
// descriptions, categories, xmltv_ns + onscreen episode numbers, icons,
// ratings, new/previously-shown/premiere flags, and some entities
// (&amp; &#233; &#x263A;) so parsers must decode them.
import { pick, int, rng, parseArgs, openOut } from './lib.mjs';

const args = parseArgs(process.argv.slice(2), {
  channels: 1000,
  days: 7,
  out: '',
  seed: 1,
  gzip: false,
  start: '2024-01-01T00:00:00Z',
  titles: 0,
});
if (!args.out) {
  console.error('usage: xmltv.mjs --channels N --days D --out FILE [--gzip] [--seed S] [--start ISO|today]');
  process.exit(2);
}

const rand = rng(args.seed);
// Fixed by default so the bench files stay identical; 'today' gives a guide a running app keeps.
const START =
  args.start === 'today' ? Math.floor(Date.now() / 86400000) * 86400000 : Date.parse(String(args.start));
if (!Number.isFinite(START)) {
  console.error(`--start: not a date: ${args.start}`);
  process.exit(2);
}
// Average 67.5 minutes → ~21.3 programmes per channel per day.
const DURATIONS = [30, 45, 60, 60, 90, 120];
const OFFSETS = [
  ['+0000', 0],
  ['+0100', 60],
  ['-0500', -300],
  ['+0530', 330],
];
const SHOWS = [
  'Morning News &amp; Weather',
  'The Great Bake Off',
  'Cities of the World',
  'Caf&#233; Society',
  'Late Show',
  'Nature Uncovered',
  'Football Tonight',
  'Kids Club',
  'Crime Files',
  'Happy Hour &#x263A;',
  'Old Movie Matinee',
  'Science Now',
  'Garden &amp; Home',
  'History Hunters',
  'Quiz Time',
  'Music Box',
  'Travel Diaries',
  'The Chef',
];
const CATS = [
  'News',
  'Sports',
  'Movie',
  'Series',
  'Kids',
  'Documentary',
  'Music',
  'Comedy',
  'Drama',
  'Talk',
  'Nature',
];
const WORDS = (
  'the a of and in to presenter visits guests city story team new old season final friends family secret ' +
  'journey history nature food music world night morning live special report week island house garden'
).split(' ');

function sentence(n) {
  let s = pick(rand, WORDS);
  s = s[0].toUpperCase() + s.slice(1);
  for (let i = 1; i < n; i++) s += ' ' + pick(rand, WORDS);
  return s + '.';
}

function fmt(ms, offMin, offStr) {
  const d = new Date(ms + offMin * 60000);
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())} ${offStr}`;
}

const out = openOut(args.out, { gzip: args.gzip });
await out.write('<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n');
await out.write('<tv generator-info-name="tapedeck-gen-fixtures" source-info-name="synthetic">\n');

for (let c = 1; c <= args.channels; c++) {
  const id = `ch${String(c).padStart(4, '0')}.example.org`;
  await out.write(
    `  <channel id="${id}">\n    <display-name lang="en">Channel ${c}</display-name>\n    <display-name>${c}</display-name>\n` +
      `    <icon src="http://logos.example.org/${c}.png" />\n    <url>http://www.example.org/channels/${c}</url>\n  </channel>\n`,
  );
}

// --titles N: N distinct titles (each show name with a running number), as a real guide has thousands;
// 0 keeps the 18 show names alone (the bench files the parser benchmarks were measured on).
function showTitle() {
  const show = pick(rand, SHOWS);
  return args.titles > 0 ? `${show} ${int(rand, 1, Math.ceil(args.titles / SHOWS.length))}` : show;
}

let programmes = 0;
const end = START + args.days * 86400000;
for (let c = 1; c <= args.channels; c++) {
  const id = `ch${String(c).padStart(4, '0')}.example.org`;
  const [offStr, offMin] = OFFSETS[c % OFFSETS.length];
  let t = START;
  while (t < end) {
    const dur = pick(rand, DURATIONS) * 60000;
    const show = showTitle();
    const season = int(rand, 1, 12);
    const episode = int(rand, 1, 26);
    let xml =
      `  <programme start="${fmt(t, offMin, offStr)}" stop="${fmt(t + dur, offMin, offStr)}" channel="${id}">\n` +
      `    <title lang="en">${show}</title>\n`;
    if (rand() < 0.7) xml += `    <sub-title lang="en">${sentence(int(rand, 2, 6))}</sub-title>\n`;
    xml += `    <desc lang="en">${sentence(int(rand, 26, 52))} ${sentence(int(rand, 10, 24))}</desc>\n`;
    xml += `    <category lang="en">${pick(rand, CATS)}</category>\n`;
    if (rand() < 0.5) xml += `    <category lang="en">${pick(rand, CATS)}</category>\n`;
    if (rand() < 0.8) {
      xml += `    <episode-num system="xmltv_ns">${season - 1}.${episode - 1}.0/1</episode-num>\n`;
      xml += `    <episode-num system="onscreen">S${String(season).padStart(2, '0')}E${String(episode).padStart(2, '0')}</episode-num>\n`;
    }
    if (rand() < 0.4) xml += `    <icon src="http://img.example.org/p/${programmes}.jpg" />\n`;
    const f = rand();
    if (f < 0.1) xml += '    <new />\n';
    else if (f < 0.5) xml += '    <previously-shown />\n';
    else if (f < 0.53) xml += '    <premiere />\n';
    if (rand() < 0.3)
      xml += `    <rating system="VCHIP">\n      <value>${pick(rand, ['TV-G', 'TV-PG', 'TV-14'])}</value>\n    </rating>\n`;
    xml += '  </programme>\n';
    await out.write(xml);
    programmes++;
    t += dur;
  }
}
await out.write('</tv>\n');
const bytes = await out.close();
console.log(
  `wrote ${args.channels} channels, ${programmes} programmes, ${bytes} bytes${args.gzip ? ' (uncompressed)' : ''} to ${args.out}`,
);
