// What bench/schedule/plan.mjs runs (bundled with esbuild): a real Dvr on a temporary data folder, a
// playlist carrying every guide channel, the guide imported, N rules, then the planner timed: the first
// evaluation (materialising 14 days) and the one after a guide refresh, each next to that import's time.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { Dvr } from '../../src-main/core/dvr';
import type { RuleConfig } from '../../src-shared/domain-rules';

export interface PlanBenchResult {
  importMs: number;
  programmes: number;
  rules: number;
  materializeMs: number;
  refreshMs: number;
  reevaluateMs: number;
  /** A second evaluation with nothing changed (the steady state every trigger pays). */
  idleMs: number;
  scheduled: number;
  skipped: number;
  conflicts: number;
}

const SHOWS = [
  'Morning News & Weather',
  'The Great Bake Off',
  'Cities of the World',
  'Café Society',
  'Late Show',
  'Nature Uncovered',
  'Football Tonight',
  'Kids Club',
  'Crime Files',
  'Happy Hour ☺',
  'Old Movie Matinee',
  'Science Now',
  'Garden & Home',
  'History Hunters',
  'Quiz Time',
  'Music Box',
  'Travel Diaries',
  'The Chef',
];

/** A deterministic mix like a household's: mostly exact titles, some contains/prefix/regex, filters, time rules. */
function ruleConfigs(count: number, titlesPerShow: number, channels: number[]): RuleConfig[] {
  const out: RuleConfig[] = [];
  for (let i = 0; i < count; i++) {
    const show = SHOWS[i % SHOWS.length]!;
    const n = 1 + ((i * 7) % titlesPerShow);
    const base = {
      kind: 'series' as const,
      keywords: [],
      channels: { scope: 'any' as const },
      days: null,
      after: null,
      before: null,
      minDurationMin: null,
      maxDurationMin: null,
      categories: [],
      newOnly: i % 4 === 0,
      untaggedIsNew: false,
      dedupe: 'episode' as const,
      tz: 'Europe/Berlin',
    };
    if (i % 20 === 19) {
      out.push({
        kind: 'time',
        channelId: channels[i % channels.length]!,
        at: '18:00',
        durationMs: 30 * 60_000,
        days: ['mon', 'tue', 'wed', 'thu', 'fri'],
        tz: 'Europe/Berlin',
        from: null,
        until: null,
        title: null,
      });
    } else if (i % 10 === 1) out.push({ ...base, title: `${show} ${n}`, match: 'contains' });
    else if (i % 10 === 3)
      out.push({ ...base, title: `${show} ${n}`, match: 'prefix', days: ['sat', 'sun'] });
    else if (i % 10 === 5)
      out.push({
        ...base,
        title: `^${show.split(' ')[0]} .* ${n}$`,
        match: 'regex',
        after: '18:00',
        before: '23:00',
      });
    else out.push({ ...base, title: `${show} ${n}`, match: 'exact' });
  }
  return out;
}

export async function planBench(
  migrationsFolder: string,
  guide: string,
  channelCount: number,
  ruleCount: number,
  titlesPerShow: number,
  /** Wraps each timed evaluation (a CPU profile, when diagnosing). */
  around: (run: () => Promise<void>, label: string) => Promise<void> = (run) => run(),
): Promise<PlanBenchResult> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-plan-bench-'));
  const dvr = await Dvr.open({
    dataDir,
    migrationsFolder,
    host: 'bench',
    ffmpeg: { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', origin: 'PATH' },
  });
  try {
    const playlist = path.join(dataDir, 'channels.m3u');
    const lines = ['#EXTM3U'];
    for (let c = 1; c <= channelCount; c++) {
      const id = `ch${String(c).padStart(4, '0')}.example.org`;
      lines.push(`#EXTINF:-1 tvg-id="${id}",Channel ${c}`, `http://127.0.0.1:9/live/${c}.ts`);
    }
    writeFileSync(playlist, lines.join('\n') + '\n');
    await dvr.call('sources.add', { kind: 'm3u', location: playlist, maxConnections: 4 });
    let t0 = performance.now();
    const added = await dvr.call('guides.add', { location: guide, offsetHours: 0 });
    const importMs = performance.now() - t0;
    await dvr.planner.evaluate();
    const channels = (await dvr.call('channels.search', { limit: 1000 })).channels.map((c) => c.id);
    for (const [i, config] of ruleConfigs(ruleCount, titlesPerShow, channels).entries()) {
      dvr.rules.insert(
        {
          name: `rule ${i}`,
          enabled: true,
          priority: i % 5,
          padBeforeMs: null,
          padAfterMs: null,
          keepLast: null,
          container: null,
          config,
        },
        Date.now(),
      );
    }
    t0 = performance.now();
    await around(() => dvr.planner.evaluate(), 'first');
    const materializeMs = performance.now() - t0;
    t0 = performance.now();
    await around(() => dvr.planner.evaluate(), 'idle');
    const idleMs = performance.now() - t0;
    t0 = performance.now();
    await dvr.call('guides.refresh', { id: added.id });
    const refreshMs = performance.now() - t0;
    t0 = performance.now();
    await around(() => dvr.planner.evaluate(), 'after-refresh');
    const reevaluateMs = performance.now() - t0;
    const upcoming = await dvr.call('upcoming.list', {});
    return {
      importMs,
      programmes: added.programmeCount,
      rules: ruleCount,
      materializeMs,
      refreshMs,
      reevaluateMs,
      idleMs,
      scheduled: upcoming.filter((a) => a.state === 'will-record').length,
      skipped: upcoming.filter((a) => a.state === 'skipped').length,
      conflicts: upcoming.filter((a) => a.state === 'conflict').length,
    };
  } finally {
    await dvr.shutdown();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
