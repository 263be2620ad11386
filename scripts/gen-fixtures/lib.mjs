// Shared helpers for the deterministic fixture generators.
// Determinism matters: benchmarks cache the generated files and tests may
// compare counts, so the same arguments must always produce the same bytes.
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { createGzip } from 'node:zlib';

/** mulberry32: tiny, fast, seedable PRNG (Math.random is not seedable). */
export function rng(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function pick(rand, list) {
  return list[Math.floor(rand() * list.length)];
}

export function int(rand, min, max) {
  return min + Math.floor(rand() * (max - min + 1));
}

/** Minimal `--name value` / `--flag` parser; unknown flags are an error. */
export function parseArgs(argv, spec) {
  const out = {};
  for (const [name, def] of Object.entries(spec)) out[name] = def;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`);
    const name = arg.slice(2);
    if (!(name in spec)) throw new Error(`unknown option --${name}`);
    if (typeof spec[name] === 'boolean') {
      out[name] = true;
    } else {
      const value = argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      out[name] = typeof spec[name] === 'number' ? Number(value) : value;
    }
  }
  return out;
}

/**
 * Buffered writer with backpressure: the generators produce ~100 MB, so they
 * must stream to disk (optionally through gzip) instead of building a string.
 */
export function openOut(path, { gzip = false } = {}) {
  const file = createWriteStream(path);
  const gz = gzip ? createGzip({ level: 6 }) : null;
  if (gz) gz.pipe(file);
  const sink = gz ?? file;
  let parts = [];
  let size = 0;
  let bytes = 0;
  async function flush() {
    if (parts.length === 0) return;
    const buf = Buffer.from(parts.join(''), 'utf8');
    bytes += buf.length;
    parts = [];
    size = 0;
    if (!sink.write(buf)) await once(sink, 'drain');
  }
  return {
    async write(text) {
      parts.push(text);
      size += text.length;
      if (size >= 1 << 20) await flush();
    },
    async writeBytes(buf) {
      await flush();
      bytes += buf.length;
      if (!sink.write(buf)) await once(sink, 'drain');
    },
    async close() {
      await flush();
      const done = once(file, 'close');
      sink.end();
      await done;
      return bytes;
    },
  };
}
