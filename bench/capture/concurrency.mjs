#!/usr/bin/env node
// Concurrent-recording benchmark for the recording engine, end to end through `tapedeck serve`.
//   npm run build && node bench/capture/concurrency.mjs [--n 1,10,25,50] [--seconds 60]
//       [--lead 5] [--bitrate 5000] [--no-ref] [--strict]
//
// For each N: a fresh `tapedeck serve` (fresh temp data folder) records N live ~5 Mbit/s MPEG-TS
// streams (distinct paths on the bundled test stream server, paced at real time) that all start at
// the same instant (now + lead, on a whole second) for `seconds`; when all are final we read the
// figures, stop serve and delete the data folder (50 × 5 Mbit/s × 60 s is ~1.9 GB).
//
// How CPU is measured (all from /proc, 10 ms ticks):
// - serve (Node) itself: utime+stime of the serve pid, read just before stopping it, minus the same
//   read right after it printed its URL (so start-up and migrations are shown apart). This is
//   "supervision": scheduling, spawning, progress parsing, watchdogs, DB writes, finalize, API.
// - its children: cutime+cstime of the serve pid at the same moment. The kernel adds a child's CPU
//   there when the parent reaps it; every recording is final by then, so every capture ffmpeg and
//   every finalize ffprobe has been reaped: the figure is exact. A /proc sampler (every 500 ms, by
//   ppid) splits it into capture ffmpegs (a lower bound: each misses its last <500 ms) and the rest.
// - the stream server: process.cpuUsage() inside its own process (stream-host.mjs), delta over the run.
// - reference: one bare `ffmpeg -i URL -c copy -t <seconds> -f mpegts out.ts` against the same
//   server, and one with the engine's exact capture arguments (buildCaptureArgs), each run by
//   cpu-of.mjs, whose only child it is, so its cutime+cstime growth is that ffmpeg's CPU.
// Per recording-minute = CPU-s / (N × seconds / 60), using scheduled (not captured) minutes.
//
// Capture quality per recording (recordings.get after completion): capturedMs / expectedMs;
// "first second captured" = first segment startedAt − window start ≤ 1 s and no 'started late' gap
// (as the brief defines it); also, from the stream server's log, when the request really arrived
// ('connect') relative to the window start.
import { rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  ChildSampler,
  HERE,
  ROOT,
  WORK,
  FFMPEG,
  busyBetween,
  bundle,
  fmt,
  machineInfo,
  median,
  parseArgs,
  pct,
  printTable,
  probeSeconds,
  procStat,
  requireBuild,
  runCollect,
  saveResults,
  secs,
  sleep,
  startServe,
  startStreamHost,
  systemCpu,
  threadCpu,
  target,
  tempDataDir,
  waitFinal,
} from './lib.mjs';

const opts = parseArgs({
  n: [1, 10, 25, 50],
  seconds: 60,
  lead: 5,
  bitrate: 5000,
  ref: true,
  strict: false,
  profile: false,
});
const TARGET_CAPTURED = 0.995;
const TARGET_SUPERVISION = 0.1; // CPU-s per recording-minute
const BRIEF_REFERENCE = 0.33; // CPU-s per recording-minute, one `ffmpeg -c copy` recorder
const recMinutesPer = opts.seconds / 60;

requireBuild();
const startedAt = new Date();
console.log(
  `capture concurrency: N = ${opts.n.join(', ')}, ${opts.seconds} s at ${opts.bitrate} kbit/s, start in ${opts.lead} s ` +
    `(node ${process.version}, ${machineInfo().cpus} cores, load ${machineInfo()
      .loadavg.map((x) => x.toFixed(1))
      .join(' ')})`,
);

const host = await startStreamHost();
// Long enough that the served file never loops within one connection (a loop restarts timestamps).
const media = { seconds: Math.max(90, opts.seconds + 30), bitrateKbps: opts.bitrate };
let t = Date.now();
const mediaInfo = await host.media(media);
const mediaKbps = (mediaInfo.bytes * 8) / mediaInfo.seconds / 1000;
console.log(
  `media: ${mediaInfo.path} (${(mediaInfo.bytes / 1e6).toFixed(0)} MB, ${mediaKbps.toFixed(0)} kbit/s actual; ready in ${secs(Date.now() - t, 1)})`,
);

// ---------------------------------------------------------------------------------------------
// Reference: one ffmpeg -c copy recorder, bare and with the engine's arguments

let reference = null;
if (opts.ref) {
  const { buildCaptureArgs } = await import(
    pathToFileURL(await bundle('ffmpeg-args', 'src-main/core/record/ffmpeg-args.ts')).href
  );
  await host.addLive('/ref/bare.ts', { media });
  await host.addLive('/ref/engine.ts', { media });
  await host.ready();
  const bareOut = join(WORK, `ref-bare-${process.pid}.ts`);
  const engineOut = join(WORK, `ref-engine-${process.pid}.ts`);
  const bareArgs = ['-hide_banner', '-nostdin', '-nostats', '-loglevel', 'error', '-y'];
  bareArgs.push(
    '-i',
    host.url('/ref/bare.ts'),
    '-c',
    'copy',
    '-t',
    String(opts.seconds),
    '-f',
    'mpegts',
    bareOut,
  );
  const engineArgs = buildCaptureArgs({
    url: host.url('/ref/engine.ts'),
    output: engineOut,
    maxSeconds: opts.seconds,
  });
  console.log(
    `\nreference: ffmpeg -c copy for ${opts.seconds} s, bare and with the engine's arguments (concurrently) …`,
  );
  const wrap = (args) => runCollect(process.execPath, [join(HERE, 'cpu-of.mjs'), FFMPEG, ...args]);
  const [bare, engine] = await Promise.all([wrap(bareArgs), wrap(engineArgs)]);
  const parse = async (res, out) => {
    const r = JSON.parse(res.out.trim().split('\n').pop());
    const cpuS = r.userS + r.sysS;
    const probed = await probeSeconds(out);
    rmSync(out, { force: true });
    return { ...r, cpuS, perRecMin: cpuS / recMinutesPer, probedSeconds: probed };
  };
  reference = {
    bare: await parse(bare, bareOut),
    engineArgs: await parse(engine, engineOut),
    args: { bareArgs, engineArgs },
  };
  for (const [label, r] of [
    ['bare', reference.bare],
    ['engine args', reference.engineArgs],
  ]) {
    console.log(
      `  ${label.padEnd(12)} ${fmt(r.cpuS)} CPU-s (user ${fmt(r.userS)}, sys ${fmt(r.sysS)}) = ${fmt(r.perRecMin, 3)} per rec-min; ` +
        `wall ${secs(r.wallMs, 1)}, file ${fmt(r.probedSeconds, 1)} s, exit ${r.code}${r.stderrTail ? `, stderr: ${r.stderrTail.slice(0, 200)}` : ''}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// One N

async function runN(N) {
  const prefix = `/n${N}-${Date.now().toString(36)}`;
  const paths = Array.from({ length: N }, (_, i) => `${prefix}/ch${String(i).padStart(2, '0')}.ts`);
  for (const p of paths) await host.addLive(p, { media });
  await host.ready();

  const dataDir = tempDataDir(`concurrency-n${N}`);
  // --profile: a V8 CPU profile of serve per N (diagnosis only: profiling adds overhead).
  const profileDir = join(ROOT, 'bench', 'results', `capture-profile-n${N}-${Date.now()}`);
  const serve = await startServe(dataDir, {
    nodeArgs: opts.profile ? ['--cpu-prof', '--cpu-prof-dir', profileDir] : [],
  });
  const atReady = procStat(serve.pid);
  const threadsAtReady = threadCpu(serve.pid);
  const sampler = new ChildSampler(serve.pid, 500).start();
  const hostCpu0 = await host.cpu();

  const start = Math.ceil((Date.now() + opts.lead * 1000) / 1000) * 1000;
  const windowEnd = start + opts.seconds * 1000;
  const t0 = Date.now();
  const sysT0 = systemCpu();
  const benchCpu0 = process.cpuUsage();
  const ids = [];
  const pathOf = new Map();
  for (let i = 0; i < N; i++) {
    const r = await serve.api('recordings.schedule', {
      url: host.url(paths[i]),
      start,
      durationMs: opts.seconds * 1000,
      title: `bench n${N} ch${String(i).padStart(2, '0')}`,
    });
    ids.push(r.id);
    pathOf.set(r.id, paths[i]);
  }
  const scheduleMs = Date.now() - t0;
  if (Date.now() > start - 500)
    console.log(`  warning: scheduling took ${scheduleMs} ms, past the lead time`);

  await sleep(start - Date.now());
  const sys0 = systemCpu();
  await sleep(windowEnd - Date.now());
  const sys1 = systemCpu();
  await sleep(1000);
  const recs = await waitFinal(serve, ids, windowEnd + 180_000);
  const finalAt = Date.now();
  // Just before stopping: all recordings are final, so every child has been reaped.
  const atEnd = procStat(serve.pid);
  const threadsAtEnd = threadCpu(serve.pid);
  const hostCpu1 = await host.cpu();
  const sysEnd = systemCpu();
  const benchCpu = process.cpuUsage(benchCpu0);
  sampler.stop();
  await serve.stop();
  rmSync(dataDir, { recursive: true, force: true });
  if (opts.profile) console.log(`  serve CPU profile: ${profileDir}`);

  const log = (await host.log(0)).filter((e) => e.path.startsWith(`${prefix}/`));
  const perRec = ids.map((id) => {
    const r = recs.get(id);
    const p = pathOf.get(id);
    const events = log.filter((e) => e.path === p);
    const connects = events.filter((e) => e.event === 'connect');
    const firstByte = events.find((e) => e.event === 'first-byte');
    const seg0 = [...r.segments].sort((a, b) => a.index - b.index)[0];
    const windowStart = r.startAt - r.padBeforeMs;
    const seg0LagMs = seg0 ? seg0.startedAt - windowStart : null;
    const startedLate = r.gaps.some((g) => g.cause === 'started late');
    return {
      id,
      path: p,
      status: r.status,
      error: r.error,
      capturedMs: r.capturedMs,
      expectedMs: r.expectedMs,
      ratio: r.capturedMs !== null ? r.capturedMs / r.expectedMs : 0,
      lostMs: r.expectedMs - (r.capturedMs ?? 0),
      durationMs: r.durationMs,
      sizeBytes: r.sizeBytes,
      segments: r.segments.length,
      gaps: r.gaps,
      seg0LagMs,
      startedLate,
      firstSecond: seg0LagMs !== null && seg0LagMs <= 1000 && !startedLate,
      connectLagMs: connects[0] ? connects[0].at - windowStart : null,
      firstByteLagMs: firstByte ? firstByte.at - windowStart : null,
      connects: connects.length,
      slowClient: events.some((e) => e.event === 'slow-client'),
      finalizedAfterWindowMs: r.actualEndAt !== null ? r.actualEndAt - (r.endAt + r.padAfterMs) : null,
    };
  });

  const recMin = N * recMinutesPer;
  const serveRunCpu = atEnd.utime + atEnd.stime - (atReady.utime + atReady.stime);
  const childrenCpu = atEnd.cutime + atEnd.cstime;
  const sampled = sampler.summary();
  const connectLags = perRec.map((r) => r.connectLagMs).filter((x) => x !== null);
  const result = {
    N,
    recordingMinutes: recMin,
    scheduleMs,
    serve: {
      startupCpuS: atReady.utime + atReady.stime,
      runCpuS: serveRunCpu,
      runUserS: atEnd.utime - atReady.utime,
      runSysS: atEnd.stime - atReady.stime,
      perRecMin: serveRunCpu / recMin,
      // Per thread name, during the run: main (JS, event loop, spawn), libuv-worker (fs, statfs),
      // V8 GC helpers, etc.
      threads: Object.fromEntries(
        Object.entries(threadsAtEnd).map(([k, v]) => [k, +(v - (threadsAtReady[k] ?? 0)).toFixed(2)]),
      ),
    },
    children: {
      cpuS: childrenCpu,
      userS: atEnd.cutime,
      sysS: atEnd.cstime,
      perRecMin: childrenCpu / recMin,
      sampled: { ...sampled, capturePerRecMin: sampled.captureCpuS / recMin },
    },
    streamServer: { cpuS: hostCpu1 - hostCpu0, perRecMin: (hostCpu1 - hostCpu0) / recMin },
    machineBusy: busyBetween(sys0, sys1),
    // Everything else on the machine from scheduling to all-final (the host may be shared).
    othersCpuS:
      (sysEnd.total - sysEnd.idle - (sysT0.total - sysT0.idle)) / 100 -
      (serveRunCpu + childrenCpu + (hostCpu1 - hostCpu0) + (benchCpu.user + benchCpu.system) / 1e6),
    phaseSeconds: (finalAt - t0) / 1000,
    loadavgAtStart: loadavg(),
    captured: {
      min: Math.min(...perRec.map((r) => r.ratio)),
      median: median(perRec.map((r) => r.ratio)),
      below: perRec.filter((r) => r.ratio < TARGET_CAPTURED).length,
      notCompleted: perRec.filter((r) => r.status !== 'completed').length,
      lostMedianMs: median(perRec.map((r) => r.lostMs)),
      lostMaxMs: Math.max(...perRec.map((r) => r.lostMs)),
    },
    firstSecond: {
      ok: perRec.filter((r) => r.firstSecond).length,
      seg0LagMedianMs: median(perRec.map((r) => r.seg0LagMs)),
      seg0LagMaxMs: Math.max(...perRec.map((r) => r.seg0LagMs ?? Infinity)),
      connectLagMedianMs: median(connectLags),
      connectLagMaxMs: connectLags.length ? Math.max(...connectLags) : null,
      connectLagMinMs: connectLags.length ? Math.min(...connectLags) : null,
    },
    reconnects: perRec.reduce((s, r) => s + Math.max(0, r.connects - 1), 0),
    slowClients: perRec.filter((r) => r.slowClient).length,
    finalizedAfterWindowMaxMs: Math.max(...perRec.map((r) => r.finalizedAfterWindowMs ?? Infinity)),
    allFinalAfterWindowMs: finalAt - windowEnd,
    recordings: perRec,
  };
  console.log(
    `  N=${N}: serve ${fmt(result.serve.perRecMin, 3)} CPU-s/rec-min, ffmpeg ${fmt(result.children.perRecMin, 3)}, ` +
      `captured min ${pct(result.captured.min)} median ${pct(result.captured.median)}, first second ${result.firstSecond.ok}/${N}, ` +
      `connect lag ${secs(result.firstSecond.connectLagMedianMs)}..${secs(result.firstSecond.connectLagMaxMs)}`,
  );
  console.log(
    `        serve threads (CPU-s): ${Object.entries(result.serve.threads)
      .filter(([, v]) => v > 0)
      .map(([k, v]) => `${k} ${fmt(v)}`)
      .join(', ')}`,
  );
  return result;
}

const runs = [];
for (const N of opts.n) {
  console.log(`\nN = ${N}: ${N} recordings × ${opts.seconds} s …`);
  runs.push(await runN(N));
}
await host.close();

// ---------------------------------------------------------------------------------------------
// Report

const refPerMin = reference?.bare.perRecMin ?? null;
console.log(
  `\nCPU (seconds; per recording-minute in brackets; ${opts.seconds} s recordings at ${opts.bitrate} kbit/s)\n`,
);
printTable([
  [
    'N',
    'rec-min',
    'serve start-up',
    'serve (Node) during run',
    'ffmpeg children (exact)',
    'of which capture ffmpeg (sampled)',
    'rest (ffprobe, tails)',
    'stream server',
    'machine busy (window)',
    'other processes (cores)',
  ],
  ...runs.map((r) => [
    r.N,
    fmt(r.recordingMinutes, 1),
    fmt(r.serve.startupCpuS),
    `${fmt(r.serve.runCpuS)} [${fmt(r.serve.perRecMin, 3)}]`,
    `${fmt(r.children.cpuS)} [${fmt(r.children.perRecMin, 3)}]`,
    `${fmt(r.children.sampled.captureCpuS)} [${fmt(r.children.sampled.capturePerRecMin, 3)}]`,
    fmt(r.children.cpuS - r.children.sampled.captureCpuS),
    `${fmt(r.streamServer.cpuS)} [${fmt(r.streamServer.perRecMin, 3)}]`,
    pct(r.machineBusy, 0),
    fmt(r.othersCpuS / r.phaseSeconds, 2),
  ]),
]);
if (reference) {
  console.log(
    `\nreference, one ffmpeg -c copy recorder: bare ${fmt(reference.bare.perRecMin, 3)}, with the engine's args ${fmt(reference.engineArgs.perRecMin, 3)} CPU-s per rec-min (brief: ≈ ${BRIEF_REFERENCE})`,
  );
}
console.log(
  `\nCapture (each recording: capturedMs / expectedMs; first second: first segment ≤ 1 s after the window opened, no 'started late' gap)\n`,
);
printTable([
  [
    'N',
    'completed',
    'captured min',
    'median',
    `< ${pct(TARGET_CAPTURED, 1)}`,
    'lost med / max',
    'first second',
    'segment start lag med / max',
    'server connect lag min / med / max',
    'reconnects',
    'slow-client',
    'final after window end',
  ],
  ...runs.map((r) => [
    r.N,
    `${r.N - r.captured.notCompleted}/${r.N}`,
    pct(r.captured.min),
    pct(r.captured.median),
    r.captured.below,
    `${secs(r.captured.lostMedianMs)} / ${secs(r.captured.lostMaxMs)}`,
    `${r.firstSecond.ok}/${r.N}`,
    `${secs(r.firstSecond.seg0LagMedianMs)} / ${secs(r.firstSecond.seg0LagMaxMs)}`,
    `${secs(r.firstSecond.connectLagMinMs)} / ${secs(r.firstSecond.connectLagMedianMs)} / ${secs(r.firstSecond.connectLagMaxMs)}`,
    r.reconnects,
    r.slowClients,
    secs(r.finalizedAfterWindowMaxMs, 1),
  ]),
]);

console.log('\nTargets:');
let ok = true;
const big = runs.filter((r) => r.N >= 50).sort((a, b) => b.N - a.N)[0];
if (big) {
  ok =
    target(
      `${big.N} concurrent, each ≥ ${pct(TARGET_CAPTURED, 1)} captured`,
      big.captured.min >= TARGET_CAPTURED && big.captured.notCompleted === 0,
      `min ${pct(big.captured.min)}, ${big.captured.below} of ${big.N} below, ${big.captured.notCompleted} not completed`,
    ) && ok;
} else {
  console.log('  SKIP  50 concurrent: no N ≥ 50 in this run');
}
for (const r of runs) {
  const errors = {};
  for (const x of r.recordings.filter((x) => x.status !== 'completed')) {
    const k = `${x.status}: ${x.error ?? '-'}`;
    errors[k] = (errors[k] ?? 0) + 1;
  }
  ok =
    target(
      `N=${r.N}: every recording completed`,
      r.captured.notCompleted === 0,
      r.captured.notCompleted === 0
        ? `${r.N}/${r.N}`
        : Object.entries(errors)
            .map(([k, v]) => `${v} × ${k}`)
            .join('; '),
    ) && ok;
}
for (const r of runs) {
  ok =
    target(
      `N=${r.N}: Node supervision ≤ ${TARGET_SUPERVISION} CPU-s per recording-minute`,
      r.serve.perRecMin <= TARGET_SUPERVISION,
      `${fmt(r.serve.perRecMin, 3)}${r.serve.perRecMin > TARGET_SUPERVISION ? `, ${fmt(r.serve.perRecMin / TARGET_SUPERVISION, 1)}× the target` : ''}`,
    ) && ok;
}
for (const r of runs) {
  ok =
    target(
      `N=${r.N}: every recording captured its first second`,
      r.firstSecond.ok === r.N,
      `${r.firstSecond.ok}/${r.N}`,
    ) && ok;
}
for (const r of runs) {
  const vs = refPerMin
    ? `${fmt(r.children.perRecMin / refPerMin, 2)}× the measured bare reference ${fmt(refPerMin, 3)}`
    : 'no reference run';
  console.log(
    `  info  N=${r.N}: ffmpeg children ${fmt(r.children.perRecMin, 3)} CPU-s per rec-min = ${vs} (brief: ≈ ${BRIEF_REFERENCE})`,
  );
}

const file = saveResults('capture-concurrency', {
  date: startedAt.toISOString(),
  machine: machineInfo(),
  options: opts,
  media: { ...media, actualKbps: mediaKbps },
  targets: {
    captured: TARGET_CAPTURED,
    supervisionPerRecMin: TARGET_SUPERVISION,
    briefReferencePerRecMin: BRIEF_REFERENCE,
  },
  reference,
  runs,
});
console.log(`\nresults: ${file}`);
if (opts.strict && !ok) process.exit(1);
process.exit(0);
