#!/usr/bin/env node
// Reconnect-latency benchmark for the recording engine, end to end through `tapedeck serve`.
//   npm run build && node bench/capture/reconnect.mjs [--seconds 60] [--routes 12] [--refuse 1]
//       [--flap 2] [--flap-every 5] [--bitrate 1500] [--lead 5] [--strict]
//
// One `tapedeck serve` records, all at once for `seconds`, live MPEG-TS routes of the bundled test
// stream server in three scenarios (distinct paths, so each drop is tied to one recording):
//   clean   `routes` recordings, each dropped once (dropAfterSec staggered ~3 s apart, 10 s .. ~40 s
//           into the stream); the source answers again at once.
//   refuse  the same, offset by half a step, but after the drop the source refuses every request
//           for --refuse seconds (the socket is destroyed on arrival: ffmpeg sees a reset).
//   flap    --flap recordings whose source drops every --flap-every seconds (dropOnce: false), no
//           refusal: shows how the engine's backoff behaves under repeated short drops.
//
// For every 'drop' the server logs on a path we measure (wall clock, Date.now(), same machine):
//   drop → connect     the next request the server accepted on that path ('connect'; refused
//                      attempts are counted, not accepted). Stream time in between is never
//                      received: this is the media lost per drop.
//   drop → first byte  the server wrote the first body bytes of that connection (a 'first-byte'
//                      entry stream-host.mjs adds by wrapping res.write; ≈ connect on loopback).
//   drop → on disk     the new segment file first had a non-zero size (the bench polls the
//                      segment folder every 100 ms; ffmpeg writes after probing its input).
// and, from the engine's own segment rows (recordings.get after completion), its breakdown:
//   detect   drop → the dropped segment's endedAt (ffmpeg exits, the engine closes the segment)
//   backoff  endedAt → the next kept segment's startedAt (retry delay, DB writes, refused attempts)
//   start    that startedAt (just before spawn) → the server's 'connect' (ffmpeg start-up, TCP, HTTP)
// Drops whose reconnect would fall after the window end are not counted.
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import {
  fmt,
  machineInfo,
  median,
  parseArgs,
  pct,
  percentile,
  printTable,
  saveResults,
  secs,
  sleep,
  startServe,
  startStreamHost,
  target,
  tempDataDir,
  waitFinal,
  requireBuild,
} from './lib.mjs';

const opts = parseArgs({
  seconds: 60,
  routes: 12,
  refuse: 1,
  flap: 2,
  'flap-every': 5,
  bitrate: 1500,
  lead: 5,
  strict: false,
});
const TARGET_MEDIAN_MS = 2000;

requireBuild();
if (opts.seconds < 30)
  throw new Error('--seconds must be at least 30 (drops are spread over 10 s .. seconds − 15 s)');
const startedAt = new Date();
const info = machineInfo();
console.log(
  `capture reconnect: ${opts.seconds} s recordings at ${opts.bitrate} kbit/s; ${opts.routes} clean drops, ${opts.routes} drops + ${opts.refuse} s refusal, ` +
    `${opts.flap} × drop every ${opts['flap-every']} s (node ${process.version}, ${info.cpus} cores, load ${info.loadavg.map((x) => x.toFixed(1)).join(' ')})`,
);

const host = await startStreamHost();
const media = { seconds: Math.max(90, opts.seconds + 30), bitrateKbps: opts.bitrate };
await host.media(media);

const tag = Date.now().toString(36);
const step = (opts.seconds - 25) / opts.routes;
const scenarios = [
  {
    key: 'clean',
    label: 'drop, source back at once',
    routes: Array.from({ length: opts.routes }, (_, i) => ({
      path: `/rc-${tag}/clean${String(i).padStart(2, '0')}.ts`,
      behaviour: { media, dropAfterSec: +(10 + i * step).toFixed(2) },
    })),
  },
  {
    key: 'refuse',
    label: `drop, then ${opts.refuse} s refusing`,
    routes: Array.from({ length: opts.routes }, (_, i) => ({
      path: `/rc-${tag}/refuse${String(i).padStart(2, '0')}.ts`,
      behaviour: { media, dropAfterSec: +(10 + (i + 0.5) * step).toFixed(2), refuseForSec: opts.refuse },
    })),
  },
  {
    key: 'flap',
    label: `flapping: drop every ${opts['flap-every']} s`,
    routes: Array.from({ length: opts.flap }, (_, i) => ({
      path: `/rc-${tag}/flap${i}.ts`,
      behaviour: { media, dropAfterSec: opts['flap-every'], dropOnce: false },
    })),
  },
];
for (const s of scenarios) for (const r of s.routes) await host.addLive(r.path, r.behaviour);
await host.ready();

const dataDir = tempDataDir('reconnect');
const serve = await startServe(dataDir);
const segRoot = join(dataDir, 'recordings', '.tapedeck-segments');

// Starts are staggered by `stagger` ms (in scheduling order) so the drops are not measured in the
// shadow of a start-up storm (many simultaneous starts are what concurrency.mjs measures).
const stagger = 300;
const start = Math.ceil((Date.now() + opts.lead * 1000) / 1000) * 1000;
const recs = []; // { id, path, scenario, windowStart, windowEnd }
for (const s of scenarios) {
  for (const r of s.routes) {
    const windowStart = start + recs.length * stagger;
    const rec = await serve.api('recordings.schedule', {
      url: host.url(r.path),
      start: windowStart,
      durationMs: opts.seconds * 1000,
      title: `bench reconnect ${r.path.split('/').pop()}`,
    });
    recs.push({
      id: rec.id,
      path: r.path,
      scenario: s.key,
      windowStart,
      windowEnd: windowStart + opts.seconds * 1000,
    });
  }
}
const windowEnd = recs[recs.length - 1].windowEnd;

// First moment each segment file had bytes on disk: key `${id}/${file}` -> Date.now().
const onDisk = new Map();
const poll = setInterval(() => {
  const now = Date.now();
  for (const r of recs) {
    let files;
    try {
      files = readdirSync(join(segRoot, String(r.id)));
    } catch {
      continue;
    }
    for (const f of files) {
      const key = `${r.id}/${f}`;
      if (!f.startsWith('segment-') || onDisk.has(key)) continue;
      try {
        if (statSync(join(segRoot, String(r.id), f)).size > 0) onDisk.set(key, now);
      } catch {
        /* gone: a run that captured nothing */
      }
    }
  }
}, 100);

console.log(`\nrecording ${recs.length} streams for ${opts.seconds} s …`);
await sleep(windowEnd - Date.now() + 1000);
clearInterval(poll);
const final = await waitFinal(
  serve,
  recs.map((r) => r.id),
  windowEnd + 120_000,
);
await serve.stop();
rmSync(dataDir, { recursive: true, force: true });
const log = (await host.log(0)).filter((e) => e.path.startsWith(`/rc-${tag}/`));
await host.close();

// ---------------------------------------------------------------------------------------------
// Per drop

const drops = [];
const skipped = [];
const perRecording = [];
for (const r of recs) {
  const rec = final.get(r.id);
  const ev = log.filter((e) => e.path === r.path).sort((a, b) => a.at - b.at);
  const segs = [...rec.segments].sort((a, b) => a.index - b.index);
  // Gaps between segments (what a drop costs in the engine's own accounting), not a late start.
  const gapMs = rec.gaps.filter((g) => g.cause !== 'started late').reduce((s, g) => s + (g.end - g.start), 0);
  const firstConnect = ev.find((e) => e.event === 'connect');
  const lostInDropsMs = ev
    .filter((e) => e.event === 'drop')
    .reduce((sum, d) => {
      const next = ev.find((e) => e.event === 'connect' && e.at > d.at);
      return sum + (Math.min(next ? next.at : r.windowEnd, r.windowEnd) - d.at);
    }, 0);
  const lostMs = rec.expectedMs - (rec.capturedMs ?? 0);
  const lostAtStartMs = firstConnect ? firstConnect.at - r.windowStart : null;
  perRecording.push({
    id: r.id,
    path: r.path,
    scenario: r.scenario,
    status: rec.status,
    error: rec.error,
    ratio: rec.capturedMs !== null ? rec.capturedMs / rec.expectedMs : 0,
    capturedMs: rec.capturedMs,
    expectedMs: rec.expectedMs,
    segments: segs.length,
    engineGapMs: gapMs,
    gaps: rec.gaps,
    lostMs,
    lostAtStartMs,
    lostInDropsMs,
    // Captured time missing beyond the late first connect and the drop → connect outages: what
    // is lost at segment boundaries (e.g. data the dropped ffmpeg had not written, or the
    // difference between probed duration and wall time).
    unexplainedMs: lostAtStartMs !== null ? lostMs - lostAtStartMs - lostInDropsMs : null,
  });
  let seq = 0;
  for (const d of ev.filter((e) => e.event === 'drop')) {
    const next = ev.find((e) => e.event === 'connect' && e.at > d.at);
    if (!next || next.at > r.windowEnd - 1000) {
      skipped.push({
        path: r.path,
        at: d.at,
        reason: next ? 'reconnected after the window end' : 'no reconnect',
      });
      continue;
    }
    const refused = ev.filter((e) => e.event === 'refused' && e.at > d.at && e.at < next.at).length;
    const firstByte = ev.find((e) => e.event === 'first-byte' && e.at >= next.at);
    const prevSeg = segs.filter((s) => s.startedAt < d.at).pop() ?? null;
    const nextSeg = segs.find((s) => s.startedAt > d.at && s.startedAt <= next.at) ?? null;
    const diskAt = nextSeg ? onDisk.get(`${r.id}/${nextSeg.path.split('/').pop()}`) : undefined;
    drops.push({
      scenario: r.scenario,
      path: r.path,
      seq: seq++,
      dropAt: d.at,
      refused,
      connectMs: next.at - d.at,
      firstByteMs: firstByte ? firstByte.at - d.at : null,
      onDiskMs: diskAt !== undefined ? diskAt - d.at : null,
      detectMs: prevSeg?.endedAt != null ? prevSeg.endedAt - d.at : null,
      backoffMs: prevSeg?.endedAt != null && nextSeg ? nextSeg.startedAt - prevSeg.endedAt : null,
      startMs: nextSeg ? next.at - nextSeg.startedAt : null,
      prevEndReason: prevSeg?.endReason ?? null,
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Report

const stat = (xs) => ({
  median: median(xs),
  p95: percentile(xs, 95),
  max: xs.length ? Math.max(...xs) : null,
  n: xs.length,
});
const summary = {};
for (const s of scenarios) {
  const ds = drops.filter((d) => d.scenario === s.key);
  const rs = perRecording.filter((r) => r.scenario === s.key);
  const pick = (k) => ds.map((d) => d[k]).filter((x) => x !== null);
  summary[s.key] = {
    label: s.label,
    drops: ds.length,
    skipped: skipped.filter((x) => s.routes.some((r) => r.path === x.path)).length,
    connect: stat(pick('connectMs')),
    firstByte: stat(pick('firstByteMs')),
    onDisk: stat(pick('onDiskMs')),
    detect: stat(pick('detectMs')),
    backoff: stat(pick('backoffMs')),
    start: stat(pick('startMs')),
    refusedPerDrop: ds.length ? ds.reduce((a, d) => a + d.refused, 0) / ds.length : null,
    lostMs: ds.reduce((a, d) => a + d.connectMs, 0),
    engineGapMs: rs.reduce((a, r) => a + r.engineGapMs, 0),
    captured: { min: Math.min(...rs.map((r) => r.ratio)), median: median(rs.map((r) => r.ratio)) },
    lostPerRecording: {
      medianMs: median(rs.map((r) => r.lostMs)),
      atStartMedianMs: median(rs.map((r) => r.lostAtStartMs)),
      inDropsMedianMs: median(rs.map((r) => r.lostInDropsMs)),
      unexplainedMedianMs: median(rs.map((r) => r.unexplainedMs)),
    },
    completed: rs.filter((r) => r.status === 'completed').length,
    recordings: rs.length,
  };
}

const ms3 = (x) => `${secs(x.median)} / ${secs(x.p95)} / ${secs(x.max)}`;
console.log('\nDrop → reconnect (median / p95 / max over the drops of each scenario)\n');
printTable([
  [
    'scenario',
    'drops',
    'drop → connect (lost)',
    'drop → first byte',
    'drop → on disk',
    'refused / drop',
    'captured min / median',
    'completed',
  ],
  ...scenarios.map((s) => {
    const x = summary[s.key];
    return [
      x.label,
      `${x.drops}${x.skipped ? ` (+${x.skipped} late)` : ''}`,
      ms3(x.connect),
      ms3(x.firstByte),
      ms3(x.onDisk),
      fmt(x.refusedPerDrop, 1),
      `${pct(x.captured.min, 1)} / ${pct(x.captured.median, 1)}`,
      `${x.completed}/${x.recordings}`,
    ];
  }),
]);
console.log(
  "\nWhere the time goes (medians), and the engine's own gap figure vs the stream time really lost\n",
);
printTable([
  [
    'scenario',
    'detect (drop → segment end)',
    'backoff (end → next spawn)',
    'start (spawn → connect)',
    'lost in drops, sum',
    'gaps the engine reports, sum',
  ],
  ...scenarios.map((s) => {
    const x = summary[s.key];
    return [
      x.label,
      secs(x.detect.median),
      secs(x.backoff.median),
      secs(x.start.median),
      secs(x.lostMs, 1),
      secs(x.engineGapMs, 1),
    ];
  }),
]);
console.log(
  '\nCaptured time missing per recording (medians): expected − captured = late first connect + drop outages + the rest\n',
);
printTable([
  [
    'scenario',
    'expected − captured',
    'first connect after window start',
    'drop → connect outages',
    'unexplained (segment boundaries)',
  ],
  ...scenarios.map((s) => {
    const x = summary[s.key].lostPerRecording;
    return [
      summary[s.key].label,
      secs(x.medianMs),
      secs(x.atStartMedianMs),
      secs(x.inDropsMedianMs),
      secs(x.unexplainedMedianMs),
    ];
  }),
]);
const flapPaths = scenarios.find((s) => s.key === 'flap').routes.map((r) => r.path);
if (flapPaths.length) {
  console.log('\nFlapping source, drop → connect for each successive drop (s):');
  for (const p of flapPaths) {
    const seqs = drops.filter((d) => d.path === p).map((d) => (d.connectMs / 1000).toFixed(2));
    console.log(`  ${p.split('/').pop()}: ${seqs.join('  ')}`);
  }
}

const notCompleted = perRecording.filter((r) => r.status !== 'completed');
for (const r of notCompleted) console.log(`\n  ${r.path} ended ${r.status}: ${r.error ?? '-'}`);

console.log('\nTargets:');
let ok = true;
for (const s of scenarios) {
  const x = summary[s.key];
  if (x.drops < 10) console.log(`  note  ${x.label}: only ${x.drops} drops measured (want ≥ 10)`);
  ok =
    target(
      `${x.label}: every recording completed`,
      x.completed === x.recordings,
      `${x.completed}/${x.recordings}`,
    ) && ok;
  ok =
    target(
      `${x.label}: median drop → connect ≤ ${TARGET_MEDIAN_MS / 1000} s`,
      x.connect.median !== null && x.connect.median <= TARGET_MEDIAN_MS,
      `median ${secs(x.connect.median)}, p95 ${secs(x.connect.p95)}, n=${x.drops}`,
    ) && ok;
}

const file = saveResults('capture-reconnect', {
  date: startedAt.toISOString(),
  machine: info,
  options: opts,
  media,
  scenarios: scenarios.map((s) => ({ key: s.key, label: s.label, routes: s.routes })),
  summary,
  drops,
  skipped,
  recordings: perRecording,
});
console.log(`\nresults: ${file}`);
if (opts.strict && !ok) process.exit(1);
process.exit(0);
