#!/usr/bin/env node
// The Guide screen in Chromium against a real `tapedeck serve` holding 2,000 channels × 14 days (and,
// for comparison, 200 channels × 14 days): time from the programmes' arrival to the first painted
// cell, DOM size at several scroll positions, frames dropped during a scripted 10 s scroll, and the
// renderer's JS heap after 60 s of scrolling. Figures, printed as a table; `--strict` exits 1 when a
// target is missed. What each figure is, exactly: bench/README.md, "Guide grid".
//
//   npm run build && node bench/ui/guide-grid.mjs [--quick] [--channels 2000] [--small 200] [--days 14]
//     [--scroll-seconds 10] [--soak-seconds 60] [--paint-runs 5] [--strict]
//
// Uses /usr/bin/chromium (or $CHROMIUM_PATH), never a downloaded browser. Data files are generated
// deterministically (scripts/gen-fixtures/xmltv.mjs for the guide, a matching playlist here) and cached
// in $TMPDIR/tapedeck-parser-bench/; serve's data folders are temporary and deleted.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright';
import { parseArgs } from '../../scripts/gen-fixtures/lib.mjs';
import { generated, ROOT, WORK } from '../import/lib.mjs';
import { benchPage, measurePaint, measureScroll, nodeCounts, soak } from './guide-page.mjs';

const args = parseArgs(process.argv.slice(2), {
  channels: 2000,
  small: 200,
  days: 14,
  'scroll-seconds': 10,
  'soak-seconds': 60,
  'paint-runs': 5,
  quick: false,
  strict: false,
});
if (args.quick) args['soak-seconds'] = Math.min(args['soak-seconds'], 15);

const DAY = 86_400_000;
const BIN = join(ROOT, 'bin', 'tapedeck');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// playwright.config.ts's flags (a .ts file an .mjs cannot import): headless, off the closed network.
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// The guide starts yesterday at 00:00 UTC, so "now" (where the Guide opens) is inside it on any day;
// the date is an argument of the generator, so each day has its own cached (deterministic) file.
const START = new Date(Math.floor(Date.now() / DAY) * DAY - DAY).toISOString();

/** A playlist whose tvg-ids are the generated guide's channel ids (ch0001.example.org, ...). */
function playlist(channels) {
  const file = join(WORK, `ui-bench-${channels}.m3u`);
  if (existsSync(file)) return file;
  const groups = ['Entertainment', 'News', 'Sports', 'Kids', 'Documentary', 'Music', 'Lifestyle', 'Regional'];
  const lines = ['#EXTM3U'];
  for (let c = 1; c <= channels; c++) {
    const id = `ch${String(c).padStart(4, '0')}.example.org`;
    lines.push(
      `#EXTINF:-1 tvg-id="${id}" tvg-chno="${c}" group-title="${groups[c % groups.length]}",Channel ${c}`,
      `http://127.0.0.1:9/bench/${c}.ts`,
    );
  }
  writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

function startServe() {
  const dataDir = mkdtempSync(join(os.tmpdir(), 'tapedeck-ui-bench-'));
  const child = spawn(process.execPath, [BIN, 'serve', '--data-dir', dataDir, '--port', '0'], {
    env: { ...process.env, FFMPEG_BIN: process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  const stop = () =>
    new Promise((done) => {
      const clean = () => {
        rmSync(dataDir, { recursive: true, force: true });
        done();
      };
      if (child.exitCode !== null) return clean();
      child.once('exit', clean);
      child.kill('SIGTERM');
    });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.stdout.on('data', (d) => {
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      const url = new URL(out.split('\n')[0].trim());
      resolve({
        url: url.href,
        origin: url.origin,
        token: new URLSearchParams(url.hash.slice(1)).get('token'),
        stop,
      });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
  });
}

async function call(serve, name, input) {
  const res = await fetch(`${serve.origin}/api/call/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${serve.token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = await res.json();
  if (!body.ok) throw new Error(`${name}: ${body.error.message}`);
  return body.result;
}

/** One serve with `channels` × days imported, one browser page on its Guide: every figure. */
async function runFor(browser, channels, { full }) {
  const guide = await generated(
    'xmltv.mjs',
    ['--channels', String(channels), '--days', String(args.days), '--start', START],
    '.xml',
  );
  const serve = await startServe();
  try {
    const t0 = performance.now();
    await call(serve, 'sources.add', { kind: 'm3u', location: playlist(channels), name: 'Bench TV' });
    await call(serve, 'guides.add', { location: guide, offsetHours: 0, name: 'Bench guide' });
    const mapped = (await call(serve, 'channels.search', { mapped: true, limit: 1 })).total;
    console.log(
      `${channels} channels: imported in ${((performance.now() - t0) / 1000).toFixed(1)} s, ${mapped} with a guide`,
    );
    if (mapped !== channels) throw new Error(`expected ${channels} channels with a guide, got ${mapped}`);

    const context = await browser.newContext({ viewport: { width: 1440, height: 900 } });
    const page = await benchPage(context, serve);
    const result = { channels };
    // Each run a fresh load of /guide; the median is the figure (the machine is shared).
    const paints = [];
    for (let i = 0; i < args['paint-runs']; i++) paints.push(await measurePaint(page));
    const byTime = [...paints].sort((a, b) => a.dataToPaint - b.dataToPaint);
    result.paint = { ...byTime[Math.floor(byTime.length / 2)], all: paints.map((p) => p.dataToPaint) };
    result.nodes = await nodeCounts(page);
    if (full) {
      result.scroll = await measureScroll(page, args['scroll-seconds']);
      result.memory = await soak(page, args['soak-seconds']);
    }
    await context.close();
    return result;
  } finally {
    await serve.stop();
  }
}

const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
let big;
let small;
try {
  console.log(
    `load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} on ${os.cpus().length} cores`,
  );
  small = await runFor(browser, args.small, { full: false });
  big = await runFor(browser, args.channels, { full: true });
} finally {
  await browser.close();
}

// ---- the figures ----
const ms = (v) => `${v.toFixed(0)} ms`;
const MB = (v) => `${(v / 1048576).toFixed(1)} MB`;
console.log(
  `\nDOM elements (document / grid) at each scroll position, ${args.small} vs ${args.channels} channels:`,
);
for (let i = 0; i < big.nodes.length; i++) {
  const a = small.nodes[i];
  const b = big.nodes[i];
  console.log(
    `  ${b.where.padEnd(28)} ${String(a.document).padStart(6)} / ${String(a.grid).padStart(5)}   ${String(b.document).padStart(6)} / ${String(b.grid).padStart(5)}`,
  );
}
const runs = (p) => p.all.map((v) => v.toFixed(0)).join(', ');
console.log(
  `\nfirst paint, ${args.small} channels: median ${ms(small.paint.dataToPaint)} of ${runs(small.paint)} (navigation to paint ${ms(small.paint.navToPaint)})`,
);
console.log(
  `first paint, ${args.channels} channels: median ${ms(big.paint.dataToPaint)} of ${runs(big.paint)} (navigation to paint ${ms(big.paint.navToPaint)}; the answer held ${big.paint.rows} rows, ${big.paint.programmes} programmes, ${(big.paint.bytes / 1024).toFixed(0)} KB)`,
);
const s = big.scroll;
console.log(
  `scroll ${s.seconds} s: ${s.frames} frames, ${s.longFrames} longer than 25 ms, ${s.dropped} frames dropped (${(s.droppedShare * 100).toFixed(1)} % of ${s.expected}), worst ${ms(s.worst)}, p95 ${ms(s.p95)}; ${s.rowsScrolled} rows and ${s.hoursScrolled.toFixed(1)} h travelled`,
);
console.log(
  `  standing still for the same ${s.seconds} s: ${s.idleDropped} frames dropped (${((s.idleDropped / s.expected) * 100).toFixed(1)} %); main thread during the scroll: ${s.mainThread.task.toFixed(2)} s busy (script ${s.mainThread.script.toFixed(2)}, layout ${s.mainThread.layout.toFixed(2)}, style ${s.mainThread.style.toFixed(2)}; the rest is paint, GC and other work)`,
);
const m = big.memory;
console.log(
  `JS heap: ${MB(m.before)} before scrolling, ${MB(m.after)} after ${m.seconds} s, ${MB(m.afterGc)} after a GC (DOM nodes alive ${m.nodesAfter}, listeners ${m.listenersAfter})`,
);

const maxNodes = (r) => Math.max(...r.nodes.map((n) => n.document));
const rows = [
  [
    'first grid paint after the data (median)',
    '≤ 300 ms',
    ms(big.paint.dataToPaint),
    big.paint.dataToPaint <= 300,
  ],
  [
    'DOM elements, most at any position',
    `≤ ${args.small}-ch figure × 1.1`,
    `${maxNodes(big)} (${args.small} ch: ${maxNodes(small)})`,
    maxNodes(big) <= maxNodes(small) * 1.1,
  ],
  [
    'frames dropped in the 10 s scroll',
    '≤ 5 %',
    `${s.dropped} (${(s.droppedShare * 100).toFixed(1)} %)`,
    s.droppedShare <= 0.05,
  ],
  [
    `JS heap after ${m.seconds} s of scrolling, after GC`,
    '≤ 64 MB',
    MB(m.afterGc),
    m.afterGc <= 64 * 1048576,
  ],
  [
    'JS heap growth over the soak (after GC)',
    '≤ 10 MB',
    MB(m.afterGc - m.beforeGc),
    m.afterGc - m.beforeGc <= 10 * 1048576,
  ],
];
const w = [44, 22, 26];
console.log(`\n${'figure'.padEnd(w[0])}${'target'.padEnd(w[1])}${'measured'.padEnd(w[2])}result`);
for (const [name, target, measured, ok] of rows) {
  console.log(`${name.padEnd(w[0])}${target.padEnd(w[1])}${measured.padEnd(w[2])}${ok ? 'PASS' : 'FAIL'}`);
}
console.log(
  `load average now ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(' ')}`,
);
if (args.strict && rows.some((r) => !r[3])) process.exitCode = 1;
