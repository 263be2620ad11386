// Shared plumbing for the recording-engine benchmarks (bench/capture/concurrency.mjs, reconnect.mjs).
//
// - The test stream server (tests/support/stream-server.ts) is bundled with esbuild into a temp .mjs
//   and runs in its own child process (stream-host.mjs), so its CPU is measured apart from ours and
//   from the recorder's.
// - `tapedeck serve` is the built CLI (npm run build), started as `node bin/tapedeck serve` so the
//   child's pid is the serve Node process itself.
// - CPU figures come from /proc/<pid>/stat (utime, stime, cutime, cstime; clock ticks, 10 ms).
// Everything listens on and talks to 127.0.0.1 only.
import { execFileSync, fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = join(HERE, '..', '..');
export const WORK = join(tmpdir(), 'tapedeck-capture-bench');
export const FFMPEG = process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg';
export const FFPROBE = process.env.FFPROBE_BIN ?? join(dirname(FFMPEG), 'ffprobe');
mkdirSync(WORK, { recursive: true });

const require = createRequire(join(ROOT, 'package.json'));

// ---------------------------------------------------------------------------------------------
// Command line, cleanup, small helpers

/** `--name value` options; `--no-name` sets name=false. Defaults decide the type. */
export function parseArgs(defaults) {
  const argv = process.argv.slice(2);
  const out = { ...defaults };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) continue;
    const name = a.slice(2);
    if (name.startsWith('no-') && typeof defaults[name.slice(3)] === 'boolean') {
      out[name.slice(3)] = false;
      continue;
    }
    if (!(name in defaults)) throw new Error(`unknown option --${name}`);
    const def = defaults[name];
    if (typeof def === 'boolean') {
      out[name] = true;
      continue;
    }
    const value = argv[++i];
    if (value === undefined) throw new Error(`--${name} needs a value`);
    out[name] = Array.isArray(def)
      ? value.split(',').map(Number)
      : typeof def === 'number'
        ? Number(value)
        : value;
  }
  return out;
}

const cleanups = [];
/** Runs at exit, also on Ctrl-C / SIGTERM: kills our children and removes temp data. */
export function onCleanup(fn) {
  cleanups.push(fn);
}
function runCleanups() {
  while (cleanups.length) {
    try {
      cleanups.pop()();
    } catch {
      /* best effort */
    }
  }
}
process.on('exit', runCleanups);
for (const sig of ['SIGINT', 'SIGTERM']) {
  process.on(sig, () => {
    console.error(`\n${sig}: cleaning up`);
    runCleanups();
    process.exit(130);
  });
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));

export function median(xs) {
  return percentile(xs, 50);
}

/** Nearest-rank percentile; null for an empty list. */
export function percentile(xs, p) {
  const v = xs.filter((x) => Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const rank = Math.max(1, Math.ceil((p / 100) * v.length));
  return v[Math.min(v.length, rank) - 1];
}

export const fmt = (x, digits = 2) =>
  x === null || x === undefined || Number.isNaN(x) ? '-' : x.toFixed(digits);
export const pct = (x, digits = 2) =>
  x === null || x === undefined ? '-' : `${(x * 100).toFixed(digits)} %`;
export const secs = (ms, digits = 2) =>
  ms === null || ms === undefined ? '-' : `${(ms / 1000).toFixed(digits)} s`;

// The table and target printers are the parser benchmarks' (one format for every bench/ output).
export { printRows as printTable, target } from '../parsers/lib.mjs';

export function machineInfo() {
  let ffmpegVersion = null;
  try {
    ffmpegVersion = readFfmpegVersion();
  } catch {
    /* reported as null */
  }
  return {
    node: process.version,
    cpus: cpus().length,
    cpuModel: cpus()[0]?.model ?? null,
    loadavg: loadavg(),
    ffmpeg: FFMPEG,
    ffmpegVersion,
  };
}

function readFfmpegVersion() {
  const out = execFileSync(FFMPEG, ['-version'], { encoding: 'utf8' });
  return out.split('\n')[0];
}

/** Writes bench/results/<name>-<timestamp>.json (git-ignored); returns the path. */
export function saveResults(name, data) {
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify(data, null, 2) + '\n');
  return file;
}

export function requireBuild() {
  if (!existsSync(join(ROOT, 'dist', 'cli', 'cli.cjs'))) {
    console.error('tapedeck is not built: run `npm run build` first');
    process.exit(2);
  }
  if (!existsSync(FFMPEG)) {
    console.error(`ffmpeg not found at ${FFMPEG} (set FFMPEG_BIN)`);
    process.exit(2);
  }
}

// ---------------------------------------------------------------------------------------------
// esbuild

/** Bundles a TS entry of the repo with esbuild into WORK; returns the .mjs path. */
export async function bundle(name, entry) {
  const esbuild = require('esbuild');
  const outfile = join(WORK, `${name}.bundle.mjs`);
  await esbuild.build({
    entryPoints: [join(ROOT, entry)],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile,
    logLevel: 'warning',
  });
  return outfile;
}

// ---------------------------------------------------------------------------------------------
// /proc

/** Fields of /proc/<pid>/stat we use, CPU in seconds; null when the process is gone. */
export function procStat(pid) {
  let text;
  try {
    text = readFileSync(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return null;
  }
  const close = text.lastIndexOf(')');
  const comm = text.slice(text.indexOf('(') + 1, close);
  // After ") ": state(3) ppid(4) ... utime(14) stime(15) cutime(16) cstime(17) ... starttime(22)
  const f = text.slice(close + 2).split(' ');
  const tick = 100; // sysconf(_SC_CLK_TCK) is 100 on Linux x86_64/arm64
  return {
    comm,
    ppid: Number(f[1]),
    utime: Number(f[11]) / tick,
    stime: Number(f[12]) / tick,
    cutime: Number(f[13]) / tick,
    cstime: Number(f[14]) / tick,
    starttime: Number(f[19]),
  };
}

/** CPU seconds (utime+stime) of each thread of `pid`, summed by thread name (main thread: 'main'). */
export function threadCpu(pid) {
  const out = {};
  let tids;
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    const st = procStat(`${pid}/task/${tid}`);
    if (!st) continue;
    const name = tid === String(pid) ? 'main' : st.comm;
    out[name] = +((out[name] ?? 0) + st.utime + st.stime).toFixed(2);
  }
  return out;
}

/** Aggregate CPU counters of the machine (/proc/stat first line), in ticks. */
export function systemCpu() {
  const line = readFileSync('/proc/stat', 'utf8').split('\n')[0];
  const v = line.trim().split(/\s+/).slice(1).map(Number);
  const idle = v[3] + (v[4] ?? 0);
  const total = v.reduce((a, b) => a + b, 0);
  return { idle, total };
}

/** Fraction of all cores busy between two systemCpu() samples. */
export function busyBetween(a, b) {
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : null;
}

/**
 * Samples the CPU of every child of `ppid` (found by scanning /proc for ppid) every `everyMs`.
 * A child's figure is its utime+stime at the last sample before it exited, so it misses at most
 * `everyMs` of its life (a lower bound); short-lived children (ffprobe, ~50 ms) can be missed
 * entirely. Exact totals come from the parent's cutime+cstime instead; this gives the breakdown.
 */
export class ChildSampler {
  constructor(ppid, everyMs = 500) {
    this.ppid = ppid;
    this.everyMs = everyMs;
    this.children = new Map(); // key pid:starttime -> { pid, comm, capture, cpu, firstSeen, lastSeen }
    this.timer = null;
  }

  start() {
    this.sample();
    this.timer = setInterval(() => this.sample(), this.everyMs);
    return this;
  }

  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    this.sample();
    return this;
  }

  sample() {
    const now = Date.now();
    let entries;
    try {
      entries = readdirSync('/proc');
    } catch {
      return;
    }
    for (const name of entries) {
      const pid = Number(name);
      // Children are forked after the parent, so (without pid wrap-around) have larger pids.
      if (!Number.isInteger(pid) || pid <= this.ppid) continue;
      const st = procStat(pid);
      if (!st || st.ppid !== this.ppid) continue;
      const key = `${pid}:${st.starttime}`;
      let c = this.children.get(key);
      if (!c) {
        c = { pid, comm: st.comm, capture: false, cpu: 0, firstSeen: now, lastSeen: now };
        this.children.set(key, c);
      }
      // Between fork and exec the child is still called "node"; classify once it is ffmpeg.
      if (c.comm !== st.comm || (st.comm === 'ffmpeg' && !c.classified)) {
        c.comm = st.comm;
        if (st.comm === 'ffmpeg') {
          c.classified = true;
          try {
            c.capture = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes('-progress');
          } catch {
            /* exited */
          }
        }
      }
      c.cpu = st.utime + st.stime;
      c.lastSeen = now;
    }
  }

  summary() {
    const all = [...this.children.values()];
    const capture = all.filter((c) => c.capture);
    const other = all.filter((c) => !c.capture);
    return {
      captureProcesses: capture.length,
      captureCpuS: capture.reduce((s, c) => s + c.cpu, 0),
      otherProcesses: other.length,
      otherCpuS: other.reduce((s, c) => s + c.cpu, 0),
      otherComms: [...new Set(other.map((c) => c.comm))],
    };
  }
}

// ---------------------------------------------------------------------------------------------
// The stream server, in its own process

/**
 * Starts bench/capture/stream-host.mjs (the bundled test stream server). Returns an RPC handle:
 * addLive(path, behaviour), ready(), cpu() -> seconds, log(from) -> entries, close().
 */
export async function startStreamHost() {
  const server = await bundle('stream-server', 'tests/support/stream-server.ts');
  const media = await bundle('test-media', 'tests/support/test-media.ts');
  const child = fork(join(HERE, 'stream-host.mjs'), [server, media], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  onCleanup(() => child.exitCode === null && child.kill('SIGKILL'));
  let nextId = 1;
  const waiting = new Map();
  child.on('message', (msg) => {
    const w = waiting.get(msg.id);
    if (!w) return;
    waiting.delete(msg.id);
    if (msg.ok) w.resolve(msg.result);
    else w.reject(new Error(`stream host: ${msg.error}`));
  });
  child.on('exit', (code) => {
    for (const w of waiting.values()) w.reject(new Error(`stream host exited (${code})`));
    waiting.clear();
  });
  const call = (op, ...args) =>
    new Promise((resolve, reject) => {
      const id = nextId++;
      waiting.set(id, { resolve, reject });
      child.send({ id, op, args });
    });
  const port = await call('port');
  return {
    pid: child.pid,
    port,
    url: (p) => `http://127.0.0.1:${port}${p}`,
    addLive: (p, behaviour) => call('addLive', p, behaviour),
    ready: () => call('ready'),
    /** process.cpuUsage() of the stream server process, user+system seconds. */
    cpu: () => call('cpu'),
    log: (from = 0) => call('log', from),
    media: (spec) => call('media', spec),
    async close() {
      await call('close').catch(() => undefined);
      child.disconnect?.();
      await new Promise((resolve) => (child.exitCode !== null ? resolve() : child.once('exit', resolve)));
    },
  };
}

// ---------------------------------------------------------------------------------------------
// tapedeck serve

/**
 * Starts `node bin/tapedeck serve --data-dir <dir> --port 0`; resolves once it printed its URL.
 * `nodeArgs` go before the script (e.g. ['--cpu-prof', '--cpu-prof-dir', dir] to profile serve).
 * Returns { pid, base, token, api(command, body), stop(), stderr() }.
 */
export function startServe(dataDir, { nodeArgs = [] } = {}) {
  const child = spawn(
    process.execPath,
    [...nodeArgs, join(ROOT, 'bin', 'tapedeck'), 'serve', '--data-dir', dataDir, '--port', '0'],
    {
      env: { ...process.env, FFMPEG_BIN: FFMPEG },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  onCleanup(() => child.exitCode === null && child.kill('SIGKILL'));
  let stderr = '';
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => (stderr = (stderr + d).slice(-20000)));
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 30_000);
    child.once('exit', (code) => reject(new Error(`serve exited with ${code}: ${stderr}`)));
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d) => {
      if (out.includes('\n')) return;
      out += d;
      if (!out.includes('\n')) return;
      clearTimeout(timer);
      const printed = new URL(out.split('\n')[0].trim());
      const token = new URLSearchParams(printed.hash.slice(1)).get('token');
      const base = printed.origin;
      const api = async (command, body = {}) => {
        const res = await fetch(`${base}/api/call/${command}`, {
          method: 'POST',
          headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
          body: JSON.stringify(body),
        });
        const json = await res.json();
        if (!json.ok) throw new Error(`${command}: ${json.error?.code}: ${json.error?.message}`);
        return json.result;
      };
      resolve({
        pid: child.pid,
        base,
        token,
        api,
        stderr: () => stderr,
        stop: () =>
          new Promise((done) => {
            if (child.exitCode !== null || child.signalCode !== null) return done();
            const kill = setTimeout(() => child.kill('SIGKILL'), 20_000);
            child.once('exit', () => {
              clearTimeout(kill);
              done();
            });
            child.kill('SIGTERM');
          }),
      });
    });
  });
}

/** A fresh temp data folder, removed at exit if still there. */
export function tempDataDir(prefix) {
  const dir = join(WORK, `${prefix}-${process.pid}-${Date.now()}`);
  mkdirSync(dir, { recursive: true });
  onCleanup(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Polls recordings.list until every recording in `ids` is final; returns them by id. */
export async function waitFinal(serve, ids, deadline, everyMs = 1000) {
  const want = new Set(ids);
  for (;;) {
    const list = await serve.api('recordings.list', {});
    const mine = list.filter((r) => want.has(r.id));
    if (
      mine.length === want.size &&
      mine.every((r) => ['completed', 'failed', 'cancelled'].includes(r.status))
    ) {
      return new Map(mine.map((r) => [r.id, r]));
    }
    if (Date.now() > deadline) {
      const open = mine.filter((r) => !['completed', 'failed', 'cancelled'].includes(r.status));
      throw new Error(
        `timed out waiting for recordings ${open.map((r) => `${r.id}:${r.status}`).join(', ')}`,
      );
    }
    await sleep(everyMs);
  }
}

/** Container duration (s) of a media file, via ffprobe; null if unreadable. */
export async function probeSeconds(file) {
  const res = await runCollect(FFPROBE, [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    file,
  ]);
  const d = Number(res.out.trim());
  return res.code === 0 && Number.isFinite(d) ? d : null;
}

export function runCollect(cmd, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, out, err }));
  });
}
