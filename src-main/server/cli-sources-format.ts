// Helpers shared by the sources and guide CLI commands: input checks, formatting, live progress.
import path from 'node:path';
import WebSocket from 'ws';
import type { TapedeckEvent } from '../../src-shared/contract';
import {
  type ChannelListing,
  type GuideChannelRow,
  type GuideInfo,
  type GuideProgramme,
  type ImportReport,
  type SourceInfo,
  type SourceProgress,
} from '../../src-shared/domain-sources';
import { parseWhen } from '../../src-shared/time-input';
import { CliError, terminalSafe, type CliContext } from './cli-context';
import { readInstanceFile } from './instance-file';

// ------------------------------------------------------------------------------------------------
// Input helpers

export function positiveId(value: string, what = 'id'): number {
  if (!/^\d+$/.test(value) || Number(value) <= 0) throw new CliError(`"${value}" is not a valid ${what}`);
  return Number(value);
}

export function wholeNumber(value: string, what: string, min: number, max: number): number {
  if (!/^-?\d+$/.test(value)) throw new CliError(`${what} must be a whole number, not "${value}"`);
  const n = Number(value);
  if (n < min || n > max) throw new CliError(`${what} must be between ${min} and ${max}`);
  return n;
}

/** URLs pass as they are; a file path is made absolute here, because the server has another cwd. */
export function location(value: string): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(value)) return value;
  return path.resolve(process.cwd(), value);
}

export function when(value: string, what: string, now: number): number {
  try {
    return parseWhen(value, now);
  } catch (error) {
    throw new CliError(`${what}: ${(error as Error).message}`);
  }
}

// ------------------------------------------------------------------------------------------------
// Output helpers

/** Local time with its UTC offset, e.g. 2026-03-01T20:15:00+01:00 (what `guide` shows). */
export function isoWithOffset(ms: number): string {
  const date = new Date(ms);
  const offset = -date.getTimezoneOffset();
  const sign = offset >= 0 ? '+' : '-';
  const abs = Math.abs(offset);
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}` +
    `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`
  );
}

export function isoOrDash(ms: number | null): string {
  return ms === null ? '-' : isoWithOffset(ms);
}

export function reportLine(report: ImportReport | null): string {
  if (!report) return 'never imported';
  const parts = [`${report.items} read`, `${report.added} new`, `${report.updated} updated`];
  if (report.removed) parts.push(`${report.removed} removed`);
  if (report.tooOld) parts.push(`${report.tooOld} left out as already over`);
  parts.push(`${(report.durationMs / 1000).toFixed(1)} s`);
  if (report.problemCount) parts.push(`${report.problemCount} skipped or repaired`);
  return parts.join(', ');
}

export function problemLines(report: ImportReport | null, max = 5): string[] {
  if (!report || report.problemCount === 0) return [];
  const lines = report.problems.slice(0, max).map((p) => {
    const where = p.line !== null ? `line ${p.line}` : p.offset !== null ? `at ${p.offset}` : '';
    return `    ${where ? `${where}: ` : ''}${p.message}`;
  });
  if (report.problemCount > lines.length) lines.push(`    ... ${report.problemCount - lines.length} more`);
  return lines;
}

export function describeSource(s: SourceInfo): string[] {
  const limit =
    s.maxConnections === null
      ? 'no limit known'
      : `${s.maxConnections}${s.maxConnectionsOverride !== null ? ' (set by you)' : ''}`;
  const lines = [
    `#${s.id} ${s.name} (${s.kind})${s.refreshing ? ' [refreshing]' : ''}`,
    `  location:    ${s.location ?? '-'}`,
    `  channels:    ${s.counts.live} live, ${s.counts.vod} VOD, ${s.counts.series} series${s.counts.missing ? `, ${s.counts.missing} missing` : ''}`,
    `  connections: ${limit}${s.connectionGroup ? `, shared with group "${s.connectionGroup}"` : ''}`,
  ];
  if (s.kind !== 'manual') {
    lines.push(
      `  refreshed:   ${isoOrDash(s.lastRefreshAt)} (every ${s.refreshHours} h): ${reportLine(s.lastImport)}`,
      ...problemLines(s.lastImport),
    );
  }
  if (s.lastError) lines.push(`  last error:  ${s.lastError}`);
  if (s.account) {
    const a = s.account;
    lines.push(
      `  account:     ${a.status}, expires ${a.expiresAt === null ? 'never' : isoWithOffset(a.expiresAt)}, ` +
        `${a.activeConnections ?? '?'}/${a.maxConnections ?? '?'} connections in use, streams as ${a.outputFormat}` +
        (a.catchupChannels ? `, ${a.catchupChannels} with catch-up` : ''),
    );
  }
  if (s.device)
    lines.push(
      `  device:      ${s.device.friendlyName ?? '?'} ${s.device.deviceId ?? ''}, ${s.device.tunerCount ?? '?'} tuners`,
    );
  if (s.credentialProtection) lines.push(`  credentials: kept in ${s.credentialProtection}`);
  for (const url of s.offeredGuides)
    lines.push(`  guide offered: ${url}  (tapedeck epg add "${url}" --source ${s.id})`);
  if (s.guideIds.length) lines.push(`  guides:      ${s.guideIds.map((id) => `#${id}`).join(', ')}`);
  return lines;
}

export function describeGuide(g: GuideInfo): string[] {
  const lines = [
    `#${g.id} ${g.name}${g.refreshing ? ' [refreshing]' : ''}`,
    `  location:   ${g.location}${g.offsetHours ? ` (offset ${g.offsetHours > 0 ? '+' : ''}${g.offsetHours} h)` : ''}`,
    `  content:    ${g.channelCount} channels, ${g.programmeCount} programmes` +
      (g.coverage ? `, ${isoWithOffset(g.coverage.from)} .. ${isoWithOffset(g.coverage.to)}` : ''),
    `  refreshed:  ${isoOrDash(g.lastRefreshAt)} (every ${g.refreshHours} h): ${reportLine(g.lastImport)}`,
    ...problemLines(g.lastImport),
  ];
  if (g.lastImport?.stoppedEarly) lines.push(`  stopped early: ${g.lastImport.stoppedEarly}`);
  if (g.lastError) lines.push(`  last error: ${g.lastError}`);
  if (g.sourceId !== null) lines.push(`  belongs to source #${g.sourceId}`);
  return lines;
}

/** channels --json: each channel with its source and guide mapping. */
export function channelJson(c: ChannelListing): Record<string, unknown> {
  return {
    id: c.id,
    name: c.name,
    number: c.number,
    group: c.group,
    kind: c.kind,
    logo: c.logo,
    tvgId: c.tvgId,
    source: { id: c.sourceId, name: c.sourceName, kind: c.sourceKind },
    guide: c.guide
      ? {
          guideId: c.guide.guideId,
          guideName: c.guide.guideName,
          xmltvId: c.guide.xmltvId,
          displayName: c.guide.displayName,
          match: c.guide.match,
        }
      : null,
    guideManual: c.guideManual,
    catchup: c.catchup,
    missingSince: c.missingSince === null ? null : new Date(c.missingSince).toISOString(),
  };
}

export function channelLine(c: ChannelListing): string {
  const guide = c.guide
    ? `guide ${c.guide.xmltvId} (${c.guide.match})`
    : c.guideManual
      ? 'no guide (by choice)'
      : 'no guide';
  return `#${c.id}  ${c.number ? `${c.number}  ` : ''}${c.name}  [${c.group ?? '-'}] ${c.kind !== 'live' ? `${c.kind} ` : ''}- ${c.sourceName} - ${guide}${c.missingSince !== null ? ' - MISSING' : ''}`;
}

/** guide --json: one programme per item, times in local ISO with offset. */
export function programmeJson(p: GuideProgramme, channel: GuideChannelRow): Record<string, unknown> {
  return {
    id: p.id,
    channelId: channel.channelId,
    channel: channel.name,
    start: isoWithOffset(p.start),
    stop: p.stop === null ? null : isoWithOffset(p.stop),
    title: p.title,
    subTitle: p.subTitle,
    season: p.season,
    episode: p.episode,
    episodeNum: p.episodeNum,
    categories: p.categories,
    new: p.isNew,
    previouslyShown: p.previouslyShown,
    premiere: p.premiere,
    rating: p.rating,
    description: p.description,
  };
}

export function programmeLine(p: GuideProgramme): string {
  const hhmm = (ms: number) => isoWithOffset(ms).slice(11, 16);
  const se =
    p.season !== null || p.episode !== null
      ? ` S${String(p.season ?? '?').padStart(2, '0')}E${String(p.episode ?? '?').padStart(2, '0')}`
      : '';
  const flags = [p.isNew && 'new', p.premiere && 'premiere', p.previouslyShown && 'repeat'].filter(Boolean);
  return `  ${hhmm(p.start)}-${p.stop === null ? '?' : hhmm(p.stop)}  ${p.title}${p.subTitle ? ` - ${p.subTitle}` : ''}${se}${flags.length ? ` (${flags.join(', ')})` : ''}  [#${p.id}]`;
}

// ------------------------------------------------------------------------------------------------
// Progress (terminal only): the instance's event stream over its WebSocket.

export function formatProgress(p: SourceProgress): string {
  const what = `${p.target} #${p.id}`;
  const count =
    p.phase === 'downloading'
      ? `${(p.done / 1e6).toFixed(1)}${p.total !== null ? ` / ${(p.total / 1e6).toFixed(1)}` : ''} MB`
      : p.total !== null
        ? `${p.done} / ${p.total}`
        : p.done
          ? String(p.done)
          : '';
  return `${what}: ${p.phase}${count ? ` ${count}` : ''}`;
}

/** Shows progress events for `target` on stderr while `work` runs; silent unless stderr is a terminal. */
export async function withProgress<T>(
  context: CliContext,
  target: { target: 'source' | 'guide'; id: number | null },
  work: () => Promise<T>,
): Promise<T> {
  const instance = process.stderr.isTTY ? readInstanceFile(context.dataDir()) : null;
  if (!instance) return work();
  let socket: WebSocket | null = null;
  let shown = false;
  try {
    socket = new WebSocket(
      `${instance.url.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(instance.token)}`,
    );
    socket.on('error', () => undefined);
    socket.on('message', (data) => {
      let message: { type?: string; event?: TapedeckEvent };
      try {
        message = JSON.parse(String(data)) as typeof message;
      } catch {
        return;
      }
      if (message.type !== 'event' || message.event?.name !== 'sources.progress') return;
      const p = message.event.payload as SourceProgress;
      // An add does not know its id yet: show the first target of the right kind that reports.
      if (p.target !== target.target) return;
      if (target.id === null) target.id = p.id;
      if (p.id !== target.id) return;
      process.stderr.write(`\r\x1b[2K${terminalSafe(formatProgress(p))}`);
      shown = true;
    });
  } catch {
    // No progress then; the command itself still runs.
  }
  try {
    return await work();
  } finally {
    if (shown) process.stderr.write('\r\x1b[2K');
    socket?.terminate();
  }
}
