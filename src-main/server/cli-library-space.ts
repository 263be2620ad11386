// CLI for the library's space: `cleanup [--days D] [--dry-run] [--json]` (what retention deletes, or
// would), `deletions` (what cleanup deleted), `forecast` (will the next days' recordings fit), and
// `protect ID [--off]` (never deleted by cleanup).
import type { Command } from 'commander';
import type { CleanupResult, DeletionLogEntry, DiskForecast } from '../../src-shared/domain-library-space';
import { SETTING_LIMITS } from '../../src-shared/settings';
import { CliError, type CliContext } from './cli-context';
import { iso } from './cli-recordings-format';
import { positiveId } from './cli-sources-format';

export function registerLibrarySpaceCommands(program: Command, context: CliContext): void {
  program
    .command('cleanup')
    .description('delete what retention says (rules keep the last N, keepDays, keepFreeGiB); protected never')
    .option('--days <d>', 'delete finished recordings older than D days (instead of the keepDays setting)')
    .option('--dry-run', 'list what would be deleted, delete nothing')
    .option('--json', 'print JSON')
    .action(async (opts: { days?: string; dryRun?: boolean; json?: boolean }) => {
      const result = await context.call('library.cleanup', {
        dryRun: Boolean(opts.dryRun),
        ...(opts.days !== undefined
          ? { days: wholeNumber(opts.days, '--days', SETTING_LIMITS.keepDays) }
          : {}),
      });
      context.print(opts.json, result, () => cleanupLines(result));
    });

  program
    .command('deletions')
    .description('what cleanup deleted, newest first, and why')
    .option('--limit <n>', 'at most this many', '50')
    .option('--json', 'print JSON')
    .action(async (opts: { limit: string; json?: boolean }) => {
      const log = await context.call('library.deletions', {
        limit: wholeNumber(opts.limit, '--limit', { min: 1, max: 1000 }),
      });
      context.print(opts.json, log, () => deletionLines(log));
    });

  program
    .command('forecast')
    .description('will the recordings of the next days fit on the disk (with what cleanup frees)?')
    .option('--days <n>', 'how many days ahead (1-14)', '7')
    .option('--json', 'print JSON')
    .action(async (opts: { days: string; json?: boolean }) => {
      const forecast = await context.call('library.forecast', {
        days: wholeNumber(opts.days, '--days', { min: 1, max: 14 }),
      });
      context.print(opts.json, forecast, () => forecastLines(forecast));
    });

  program
    .command('protect <id>')
    .description('never delete this recording in cleanup (--off: cleanup may again)')
    .option('--off', 'remove the protection')
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { off?: boolean; json?: boolean }) => {
      const r = await context.call('recordings.protect', { id: positiveId(id), protected: !opts.off });
      context.print(opts.json, r, () => [
        `#${r.id} ${r.title}: ${r.protected ? 'protected: cleanup never deletes it' : 'not protected'}`,
      ]);
    });
}

function wholeNumber(text: string, option: string, limits: { min: number; max: number }): number {
  const n = Number(text);
  if (!/^\d+$/.test(text.trim()) || n < limits.min || n > limits.max) {
    throw new CliError(`${option} is a whole number from ${limits.min} to ${limits.max} (got "${text}")`);
  }
  return n;
}

/** "0 B", "812 MB", "1.8 GB": decimal units, as disks are sold. */
export function formatBytes(bytes: number): string {
  const abs = Math.abs(bytes);
  if (abs < 1e3) return `${Math.round(bytes)} B`;
  for (const [unit, size] of [
    ['TB', 1e12],
    ['GB', 1e9],
    ['MB', 1e6],
  ] as const) {
    if (abs >= size) return `${(bytes / size).toFixed(abs >= 100 * size ? 0 : 1)} ${unit}`;
  }
  return `${Math.round(bytes / 1e3)} kB`;
}

/** A table: columns padded to their widest cell, the last one as it is. */
function table(rows: string[][]): string[] {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => r[c]!.length)));
  return rows.map((r) =>
    r
      .map((cell, c) => (c === r.length - 1 ? cell : cell.padEnd(widths[c]!)))
      .join('  ')
      .trimEnd(),
  );
}

export function cleanupLines(result: CleanupResult): string[] {
  const p = result.policy;
  const noPolicy = p.keepDays === null && p.keepFreeGiB === null && p.rulesKeepingLast === 0;
  if (result.deleted.length === 0) {
    return [
      noPolicy
        ? "nothing to delete: no retention is set (settings keepDays and keepFreeGiB, a rule's --keep N)"
        : 'nothing to delete',
      ...shortfallLines(result),
    ];
  }
  const count = `${result.deleted.length} recording${result.deleted.length === 1 ? '' : 's'}`;
  const lines = [
    result.dryRun
      ? `would delete ${count}, ${formatBytes(result.freedBytes)} (dry run: nothing deleted)`
      : `deleted ${count}, ${formatBytes(result.freedBytes)} freed`,
    ...table([
      ['ID', 'SIZE', 'REASON', 'TITLE'],
      ...result.deleted.map((d) => [
        `#${d.id}`,
        formatBytes(d.bytes),
        d.reason,
        `${d.title} (${d.detail})${d.error ? ` - files left: ${d.error}` : ''}`,
      ]),
    ]).map((l) => `  ${l}`),
  ];
  return [...lines, ...shortfallLines(result)];
}

function shortfallLines(result: CleanupResult): string[] {
  if (result.shortfallBytes <= 0) return [];
  return [
    `still ${formatBytes(result.shortfallBytes)} short of keepFreeGiB (${result.policy.keepFreeGiB} GiB): what is left is protected, in progress or takes no space`,
  ];
}

function deletionLines(log: DeletionLogEntry[]): string[] {
  if (log.length === 0) return ['cleanup has deleted nothing'];
  return table([
    ['WHEN', 'ID', 'SIZE', 'REASON', 'TITLE'],
    ...log.map((d) => [
      iso(d.at),
      `#${d.recordingId}`,
      formatBytes(d.bytes),
      d.reason,
      `${d.title} (${d.detail})${d.error ? ` - files left: ${d.error}` : ''}`,
    ]),
  ]);
}

export function forecastLines(f: DiskForecast): string[] {
  const lines = [
    `${formatBytes(f.freeBytes)} free, captures stop at ${formatBytes(f.reserveBytes)} (the reserve)`,
    ...table([
      ['DAY', 'FROM', 'RECORDINGS', 'NEEDS', 'CLEANUP FREES', 'FREE AT END', ''],
      ...f.days.map((d, i) => [
        `${i + 1}`,
        iso(d.start),
        `${d.recordings}`,
        formatBytes(d.neededBytes),
        formatBytes(d.cleanupBytes),
        formatBytes(d.freeAtEnd),
        d.fits ? '' : 'SHORT',
      ]),
    ]),
  ];
  lines.push(
    f.fits
      ? `it fits: ${formatBytes(f.neededBytes)} planned${f.cleanupBytes ? `, cleanup frees ${formatBytes(f.cleanupBytes)}` : ''}`
      : `it does NOT fit: the reserve is reached at ${iso(f.fullAt)}, ${formatBytes(f.shortfallBytes)} short`,
  );
  if (f.daysLeft !== null) lines.push(`days left at this schedule: ${f.daysLeft}`);
  for (const s of f.sources) {
    lines.push(
      `  ${s.name}: ${(s.bitsPerSecond / 1e6).toFixed(1)} Mbit/s (${s.learned ? 'learned' : 'default'}), ${formatBytes(s.neededBytes)}`,
    );
  }
  return lines;
}
