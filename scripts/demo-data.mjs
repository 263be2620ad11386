// Demo data for looking at the UI (scripts/shoot.mjs --seed): a playlist of 40 channels, a guide for
// yesterday to two days ahead with believable programmes, two recordings from the guide and a series
// rule, all through the HTTP contract of a running `tapedeck serve`. Deterministic.
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const NAMES = [
  'BBC One',
  'BBC Two',
  'ITV1',
  'Channel 4',
  'Channel 5',
  'Sky News',
  'CNN International',
  'Al Jazeera',
  'Eurosport 1',
  'Eurosport 2',
  'Sky Sports Main Event',
  'BT Sport 1',
  'Discovery',
  'National Geographic',
  'History',
  'Animal Planet',
  'Comedy Central',
  'E4',
  'More4',
  'Film4',
  'Sky Cinema Premiere',
  'TCM Movies',
  'Cartoon Network',
  'Nickelodeon',
  'CBeebies',
  'MTV',
  'VH1 Classic',
  'Food Network',
  'HGTV',
  'Travel Channel',
  'ARD Das Erste',
  'ZDF',
  'Arte',
  'France 2',
  'TF1',
  'RAI 1',
  'RTL',
  'NPO 1',
  'SVT1',
  'NRK1',
];
const SHOWS = [
  ['Evening News', ['News'], 30],
  ['The Great Bake Off', ['Cooking', 'Reality'], 60],
  ['Planet Earth', ['Nature', 'Documentary'], 60],
  ['Match of the Day', ['Sport'], 90],
  ['Doctor Who', ['Drama', 'Sci-fi'], 50],
  ['Top Gear', ['Motoring'], 60],
  ['University Challenge', ['Quiz'], 30],
  ['Line of Duty', ['Drama', 'Crime'], 60],
  ['Gardeners’ World', ['Home'], 30],
  ['The Late Show', ['Talk'], 45],
  ['Casablanca', ['Movie', 'Classic'], 105],
  ['Blade Runner', ['Movie', 'Sci-fi'], 120],
  ['Weather', ['News'], 10],
  ['Breakfast', ['News'], 120],
  ['Only Connect', ['Quiz'], 30],
  ['Grand Designs', ['Home'], 60],
];

function rng(seed) {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

function xmltvTime(ms) {
  return (
    new Date(ms)
      .toISOString()
      .replace(/[-:]/g, '')
      .replace(/\.\d+Z$/, '')
      .replace('T', '') + ' +0000'
  );
}

const esc = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

export function demoFiles(dir = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-demo-'))) {
  const rand = rng(7);
  const day = 24 * 3600_000;
  const start = Math.floor(Date.now() / day) * day - day;
  const lines = ['#EXTM3U'];
  const xml = ['<?xml version="1.0" encoding="UTF-8"?>', '<tv>'];
  NAMES.forEach((name, i) => {
    const id = `ch${i + 1}.demo`;
    const group =
      i < 8
        ? 'News & Entertainment'
        : i < 12
          ? 'Sport'
          : i < 22
            ? 'Factual & Comedy'
            : i < 30
              ? 'Kids & Music'
              : 'International';
    lines.push(
      `#EXTINF:-1 tvg-id="${id}" tvg-chno="${i + 1}" group-title="${group}",${name}`,
      `http://127.0.0.1:9/demo/${i + 1}.ts`,
    );
    xml.push(`  <channel id="${id}"><display-name>${esc(name)}</display-name></channel>`);
  });
  NAMES.forEach((_, i) => {
    let t = start;
    let episode = 1;
    while (t < start + 4 * day) {
      const [title, categories, minutes] = SHOWS[Math.floor(rand() * SHOWS.length)];
      const stop = t + minutes * 60_000;
      xml.push(`  <programme start="${xmltvTime(t)}" stop="${xmltvTime(stop)}" channel="ch${i + 1}.demo">`);
      xml.push(`    <title>${esc(title)}</title>`);
      if (!categories.includes('Movie') && !categories.includes('News')) {
        xml.push(`    <sub-title>Episode ${episode}</sub-title>`);
        xml.push(
          `    <episode-num system="xmltv_ns">${Math.floor(rand() * 5)}.${episode - 1}.</episode-num>`,
        );
      }
      xml.push(
        `    <desc>${esc(`${title}: a ${categories.join(' and ').toLowerCase()} programme. ${rand() < 0.5 ? 'Featuring guests and a look behind the scenes.' : 'The story continues with a surprising turn.'}`)}</desc>`,
      );
      for (const c of categories) xml.push(`    <category>${esc(c)}</category>`);
      if (rand() < 0.3) xml.push('    <new />');
      else if (rand() < 0.5) xml.push('    <previously-shown />');
      xml.push('  </programme>');
      t = stop;
      episode++;
    }
  });
  xml.push('</tv>', '');
  const playlist = path.join(dir, 'demo.m3u');
  const guide = path.join(dir, 'demo-guide.xml');
  writeFileSync(playlist, lines.join('\n') + '\n');
  writeFileSync(guide, xml.join('\n'));
  return { playlist, guide };
}

export async function seedDemo(origin, token) {
  const call = async (name, input) => {
    const res = await fetch(`${origin}/api/call/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input),
    });
    const body = await res.json();
    if (!body.ok) throw new Error(`${name}: ${body.error.message}`);
    return body.result;
  };
  const { playlist, guide } = demoFiles();
  await call('sources.add', { kind: 'm3u', location: playlist, name: 'Demo TV', maxConnections: 2 });
  await call('guides.add', { location: guide, offsetHours: 0, name: 'Demo guide' });
  await call('rules.add', { config: { kind: 'series', title: 'Doctor Who', newOnly: false } });
  await call('rules.add', { config: { kind: 'series', title: 'Planet Earth' }, priority: 2 });
}
