// What the import benchmarks run (bundled by lib.mjs): a real Dvr on a temporary data folder, driven
// through the contract exactly as the UI and the CLI drive it. Each function times only the import or
// query it is about; opening the data folder (migrations) is not counted.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Dvr } from '../../src-main/core/dvr';
import { settleWriters } from '../../src-main/core/import/sql-writer';
import type { Clock } from '../../src-main/core/events';

export interface Timed {
  ms: number;
  items: number;
  checks?: string;
  extra?: Record<string, number | string>;
}

async function withDvr<T>(
  migrationsFolder: string,
  clock: Clock | undefined,
  fn: (dvr: Dvr, dataDir: string) => Promise<T>,
): Promise<T> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-import-bench-'));
  const dvr = await Dvr.open({
    dataDir,
    migrationsFolder,
    host: 'bench',
    ffmpeg: { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', origin: 'PATH' },
    ...(clock ? { clock } : {}),
  });
  try {
    return await fn(dvr, dataDir);
  } finally {
    await dvr.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The whole M3U import: parse + store + searchable (a search answered from the stored rows). */
export function importM3u(migrations: string, file: string, ready: () => void): Promise<Timed> {
  return withDvr(migrations, undefined, async (dvr) => {
    ready();
    const t0 = performance.now();
    const source = await dvr.call('sources.add', { kind: 'm3u', location: file });
    const found = await dvr.call('channels.search', { search: 'Café', limit: 50 });
    const ms = performance.now() - t0;
    const c = source.counts;
    return {
      ms,
      items: source.lastImport?.items ?? 0,
      checks: `live ${c.live} / vod ${c.vod} / series ${c.series}, search "Café": ${found.total} hits, ${source.lastImport?.problemCount ?? 0} problems`,
    };
  });
}

/** A refresh of the same playlist (every row matched and compared), after an untimed first import. */
export function refreshM3u(migrations: string, file: string, ready: () => void): Promise<Timed> {
  return withDvr(migrations, undefined, async (dvr) => {
    const source = await dvr.call('sources.add', { kind: 'm3u', location: file });
    ready();
    const t0 = performance.now();
    const again = await dvr.call('sources.refresh', { id: source.id });
    return {
      ms: performance.now() - t0,
      items: again.lastImport?.items ?? 0,
      checks: `${again.lastImport?.updated} matched`,
    };
  });
}

/** The guide's generated data starts 2024-01-01; the clock sits there so nothing is pruned as old. */
const GUIDE_EPOCH = Date.UTC(2024, 0, 1);
const guideClock: Clock = { now: () => GUIDE_EPOCH };

function ampCheck(dvr: Dvr): string {
  const row = dvr.db.$client
    .prepare(
      `SELECT SUM(title LIKE '%&amp;%'), SUM(title LIKE '%&%' AND title NOT LIKE '%&amp;%') FROM programmes`,
    )
    .raw()
    .get() as [number, number];
  return row[0] === 0 && row[1] > 0
    ? `&amp; decoded (${row[1]} titles with &)`
    : `&amp; NOT decoded (${row[0]} raw)`;
}

/** The whole XMLTV import: parse + store (programmes and guide channels, committed). */
export function importXmltv(migrations: string, file: string, ready: () => void): Promise<Timed> {
  return withDvr(migrations, guideClock, async (dvr) => {
    ready();
    const t0 = performance.now();
    const guide = await dvr.call('guides.add', { location: file });
    const ms = performance.now() - t0;
    return {
      ms,
      items: guide.programmeCount,
      checks: `${ampCheck(dvr)}, ${guide.channelCount} channels, ${guide.lastImport?.problemCount ?? 0} problems`,
    };
  });
}

/** A refresh of the same guide: every programme matched by identity and updated in place. */
export function refreshXmltv(migrations: string, file: string, ready: () => void): Promise<Timed> {
  return withDvr(migrations, guideClock, async (dvr) => {
    const guide = await dvr.call('guides.add', { location: file });
    ready();
    const t0 = performance.now();
    const again = await dvr.call('guides.refresh', { id: guide.id });
    return {
      ms: performance.now() - t0,
      items: again.programmeCount,
      checks: `${again.lastImport?.updated} updated`,
    };
  });
}

/**
 * Guide queries: a database with the guide imported and a playlist whose channels map to it by tvg-id;
 * then `queries` windows of `hours` hours for `channels` random channels. Reports percentiles.
 */
/** The guide imported and a playlist of its channels, mapped by tvg-id (the grid and search need both). */
async function guideWithPlaylist(
  dvr: Dvr,
  dataDir: string,
  file: string,
  channels: number,
): Promise<{ source: { id: number }; ids: number[] }> {
  await dvr.call('guides.add', { location: file });
  const lines = ['#EXTM3U'];
  for (let c = 1; c <= channels; c++) {
    const id = `ch${String(c).padStart(4, '0')}.example.org`;
    lines.push(
      `#EXTINF:-1 tvg-id="${id}" tvg-chno="${c}" group-title="Bench",Channel ${c}`,
      `http://127.0.0.1/${c}.ts`,
    );
  }
  const playlist = path.join(dataDir, 'bench.m3u');
  writeFileSync(playlist, lines.join('\n') + '\n');
  const source = await dvr.call('sources.add', { kind: 'm3u', location: playlist });
  const ids = (await dvr.call('channels.search', { sourceId: source.id, limit: 5000 })).channels.map(
    (c) => c.id,
  );
  return { source, ids };
}

export function queryGuide(
  migrations: string,
  file: string,
  ready: () => void,
  opts: {
    channels: number;
    hours: number;
    queries: number;
    warmup: number;
    guideChannels: number;
    days: number;
    /** A grid leaves the details out; a listing with each programme's description asks for them. */
    details: boolean;
  },
): Promise<Timed> {
  return withDvr(migrations, guideClock, async (dvr, dataDir) => {
    const { source, ids } = await guideWithPlaylist(dvr, dataDir, file, opts.guideChannels);
    // The imports' writer threads checkpoint after they answered; query the settled database.
    await settleWriters();
    ready();
    let seed = 42;
    const rand = () => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32;
    const times: number[] = [];
    let programmes = 0;
    const t0 = performance.now();
    // The first queries prepare statements and warm up the JIT; they are run but not counted.
    for (let q = 0; q < opts.warmup + opts.queries; q++) {
      const picked = new Set<number>();
      while (picked.size < Math.min(opts.channels, ids.length))
        picked.add(ids[Math.floor(rand() * ids.length)]!);
      const from = GUIDE_EPOCH + Math.floor(rand() * (opts.days * 24 - opts.hours)) * 3600_000;
      const a = performance.now();
      const window = await dvr.call('guide.query', {
        channelIds: [...picked],
        from,
        to: from + opts.hours * 3600_000,
        details: opts.details,
      });
      if (q < opts.warmup) continue;
      times.push(performance.now() - a);
      for (const ch of window.channels) programmes += ch.programmes.length;
    }
    const ms = performance.now() - t0;
    times.sort((x, y) => x - y);
    const pct = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!;
    const mapped = (await dvr.call('channels.search', { sourceId: source.id, mapped: true, limit: 1 })).total;
    return {
      ms,
      items: opts.queries,
      checks: `${mapped} channels mapped, ${Math.round(programmes / opts.queries)} programmes per answer`,
      extra: { p50: pct(50), p95: pct(95), max: times[times.length - 1]! },
    };
  });
}

/**
 * guide.search (the app's search box) and guide.airings (a programme's other airings): each query run
 * `runs` times after one unmeasured run; the median wall and CPU time per query.
 */
export function searchGuide(
  migrations: string,
  file: string,
  ready: () => void,
  opts: { guideChannels: number; runs: number },
): Promise<Timed> {
  return withDvr(migrations, guideClock, async (dvr, dataDir) => {
    await guideWithPlaylist(dvr, dataDir, file, opts.guideChannels);
    await settleWriters();
    ready();
    const DAY = 24 * 3600_000;
    const grid = await dvr.call('guide.query', {
      from: GUIDE_EPOCH,
      to: GUIDE_EPOCH + 3600_000,
      limit: 1,
      details: false,
    });
    const row = grid.channels[0]!;
    const cases: [string, () => Promise<unknown[]>][] = [
      [
        'search: a title word, 7 days',
        () =>
          dvr.call('guide.search', {
            text: 'world',
            from: GUIDE_EPOCH,
            to: GUIDE_EPOCH + 7 * DAY,
            limit: 200,
          }),
      ],
      [
        'search: a word in every description, 7 days',
        () =>
          dvr.call('guide.search', {
            text: 'secret',
            from: GUIDE_EPOCH,
            to: GUIDE_EPOCH + 7 * DAY,
            limit: 200,
          }),
      ],
      [
        'search: nothing found, 7 days',
        () =>
          dvr.call('guide.search', {
            text: 'zzqx',
            from: GUIDE_EPOCH,
            to: GUIDE_EPOCH + 7 * DAY,
            limit: 200,
          }),
      ],
      [
        'search: nothing found, 14 days',
        () =>
          dvr.call('guide.search', {
            text: 'zzqx',
            from: GUIDE_EPOCH,
            to: GUIDE_EPOCH + 14 * DAY,
            limit: 200,
          }),
      ],
      [
        'airings of a programme',
        () => dvr.call('guide.airings', { channelId: row.channelId, programmeId: row.programmes[0]!.id }),
      ],
    ];
    const extra: Record<string, { wall: number; cpu: number; results: number }> = {};
    const t0 = performance.now();
    for (const [label, run] of cases) {
      const results = (await run()).length;
      const wall: number[] = [];
      const cpu: number[] = [];
      for (let i = 0; i < opts.runs; i++) {
        const a = performance.now();
        const c = process.cpuUsage();
        await run();
        const used = process.cpuUsage(c);
        cpu.push((used.user + used.system) / 1000);
        wall.push(performance.now() - a);
      }
      const mid = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
      extra[label] = { wall: mid(wall), cpu: mid(cpu), results };
    }
    return {
      ms: performance.now() - t0,
      items: cases.length * opts.runs,
      checks: `${row.programmes.length} programme in the first row`,
      extra,
    };
  });
}
