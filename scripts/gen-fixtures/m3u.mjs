#!/usr/bin/env node
// Deterministic M3U playlist generator for benchmarks and size tests.
//   node scripts/gen-fixtures/m3u.mjs --entries 100000 --out /tmp/big.m3u [--seed 1]
// ~250 bytes per entry (100,000 entries ≈ 25 MB): Xtream-style live channels
// mixed with VOD movies and series episodes, realistic attributes, a few
// #EXTGRP / #EXTVLCOPT lines, UTF-8 titles, and titles with commas/quotes.
import { pick, int, rng, parseArgs, openOut } from './lib.mjs';

const args = parseArgs(process.argv.slice(2), { entries: 100000, out: '', seed: 1 });
if (!args.out) {
  console.error('usage: m3u.mjs --entries N --out FILE [--seed S]');
  process.exit(2);
}

const rand = rng(args.seed);
const host = 'http://line.provider.example.com:8080';
const user = 'demoUser42';
const pass = 'S3cretPass';
const countries = ['UK', 'US', 'DE', 'FR', 'ES', 'IT', 'NL', 'PL', 'PT', 'GR', 'TR', 'AR'];
const liveGroups = [
  'Entertainment',
  'News',
  'Sports',
  'Kids',
  'Documentary',
  'Music',
  'Movies 24/7',
  'Regional',
];
const words = [
  'Morning',
  'Prime',
  'One',
  'Two',
  'Plus',
  'HD',
  'Max',
  'Gold',
  'Action',
  'Drama',
  'Comedy',
  'Life',
  'World',
  'Nature',
  'Café',
  'Télé',
  'Ελλάδα',
  'Noticias',
  'Sport',
  'Cinema',
  'Family',
  'Junior',
];
const genres = ['Action', 'Comedy', 'Drama', 'Horror', 'Thriller', 'Sci-Fi', 'Animation', 'Documentary'];

function name(n) {
  let s = pick(rand, words);
  for (let i = 1; i < n; i++) s += ' ' + pick(rand, words);
  return s;
}

const out = openOut(args.out);
await out.write(
  `#EXTM3U url-tvg="http://epg.provider.example.com/xmltv.php?username=${user}&password=${pass}" x-tvg-url="http://epg.example.org/a.xml.gz,http://epg.example.org/b.xml.gz"\n`,
);

let streamId = 100000;
for (let i = 0; i < args.entries; i++) {
  const r = rand();
  streamId += int(rand, 1, 7);
  if (r < 0.6) {
    const cc = pick(rand, countries);
    const grp = `${cc} | ${pick(rand, liveGroups)}`;
    const title = `${cc}: ${name(int(rand, 1, 3))}${rand() < 0.3 ? ' FHD' : ''}`;
    const id = `${title.toLowerCase().replace(/[^a-z0-9]+/g, '')}.${cc.toLowerCase()}`;
    const catchup = rand() < 0.25 ? ` catchup="xc" catchup-days="${int(rand, 1, 7)}"` : '';
    if (rand() < 0.02) await out.write(`#EXTGRP:${grp}\n`);
    await out.write(
      `#EXTINF:-1 tvg-id="${id}" tvg-name="${title}" tvg-logo="http://logos.provider.example.com/picons/${id}-${streamId}.png" tvg-chno="${i + 1}" group-title="${grp}"${catchup},${title}\n`,
    );
    if (rand() < 0.03)
      await out.write(
        '#EXTVLCOPT:http-user-agent=Mozilla/5.0 (SmartTV; Tizen 6.0)\n#EXTVLCOPT:http-referrer=http://portal.provider.example.com/\n',
      );
    await out.write(`${host}/live/${user}/${pass}/${streamId}.ts\n`);
  } else if (r < 0.9) {
    const year = int(rand, 1960, 2024);
    // Some titles carry commas and quotes on purpose: the title is everything
    // after the first comma that is outside an attribute value.
    const title =
      rand() < 0.1 ? `"${name(2)}", Part ${int(rand, 1, 3)} (${year})` : `${name(int(rand, 1, 4))} (${year})`;
    const ext = pick(rand, ['mkv', 'mp4', 'mp4', 'avi']);
    await out.write(
      `#EXTINF:-1 tvg-id="" tvg-name="${title.replace(/"/g, "'")}" tvg-logo="http://image.tmdb.example.org/t/p/w600_and_h900_bestv2/${streamId.toString(36)}Xq9.jpg" group-title="VOD | ${pick(rand, genres)}",${title}\n`,
    );
    await out.write(`${host}/movie/${user}/${pass}/${streamId}.${ext}\n`);
  } else {
    const show = name(int(rand, 1, 3));
    const s = int(rand, 1, 12);
    const e = int(rand, 1, 24);
    const title = `${show} S${String(s).padStart(2, '0')} E${String(e).padStart(2, '0')}`;
    await out.write(
      `#EXTINF:-1 tvg-id="" tvg-name="${title}" tvg-logo="http://image.tmdb.example.org/t/p/w600/${streamId.toString(36)}S.jpg" group-title="Series | ${pick(rand, genres)}",${title}\n`,
    );
    await out.write(`${host}/series/${user}/${pass}/${streamId}.mp4\n`);
  }
}
const bytes = await out.close();
console.log(`wrote ${args.entries} entries, ${bytes} bytes to ${args.out}`);
