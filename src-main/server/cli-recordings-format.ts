// How the CLI shows a recording: `show` and every command that answers with one (record, edit, stop,
// cancel, ...), as lines for a person and as the JSON of `show --json` / `list --json`.
import type { Recording } from '../../src-shared/domain';
import type { ProgrammeRef } from '../../src-shared/domain-rules';
import { formatDuration } from '../../src-shared/time-input';
import { episodeLabel } from './cli-rules-format';

export function iso(ms: number | null): string {
  return ms === null ? '-' : new Date(ms).toISOString();
}

function padding(r: Recording): string {
  if (r.padBeforeMs === 0 && r.padAfterMs === 0) return '';
  const signed = (ms: number) => (ms < 0 ? formatDuration(ms) : `+${formatDuration(ms)}`);
  return ` (padding ${signed(r.padBeforeMs)} before, ${signed(r.padAfterMs)} after)`;
}

/** The first line of a description: enough to tell episodes apart in a terminal. */
export function firstLine(text: string | null): string | null {
  const line = text
    ?.split(/[\r\n]+/)
    .map((l) => l.trim())
    .find(Boolean);
  if (!line) return null;
  return line.length > 100 ? `${line.slice(0, 99)}…` : line;
}

function programmeLines(p: ProgrammeRef): string[] {
  const flags = [p.isNew && 'new', p.premiere && 'premiere', p.previouslyShown && 'repeat'].filter(Boolean);
  const lines = [
    `  programme: ${episodeLabel(p)}${flags.length ? ` (${flags.join(', ')})` : ''}  [guide ${p.guideId} ${p.xmltvChannelId}]`,
  ];
  const about = firstLine(p.description);
  if (about) lines.push(`             ${about}`);
  return lines;
}

/**
 * A recording for a person. `ruleName` when the caller looked it up (show does): a rule-made recording
 * then says which rule, by name.
 */
export function describe(r: Recording, ruleName?: string | null): string[] {
  const health =
    r.capturedMs !== null && r.status === 'completed'
      ? ` (${Math.round((100 * r.capturedMs) / Math.max(1, r.expectedMs))}% captured${r.gaps.length ? `, ${r.gaps.length} gap(s)` : ''})`
      : '';
  const lines = [
    `#${r.id} ${r.title}`,
    `  status:   ${r.status}${health}${r.error ? ` - ${r.error}` : ''}`,
    `  source:   ${r.channelName ?? r.url ?? '-'}`,
    `  window:   ${iso(r.startAt - r.padBeforeMs)} .. ${iso(r.endAt + r.padAfterMs)}${padding(r)}`,
    `  actual:   ${iso(r.actualStartAt)} .. ${iso(r.actualEndAt)}`,
    `  file:     ${r.outputPath ?? '-'}${r.sizeBytes !== null ? ` (${(r.sizeBytes / 1e6).toFixed(1)} MB` + (r.durationMs !== null ? `, ${formatDuration(r.durationMs)})` : ')') : ''}`,
  ];
  if (r.fileMissing)
    lines.push(`  MISSING:  the file is not there since ${iso(r.fileMissingSince)} (moved or deleted?)`);
  if (r.programme) lines.push(...programmeLines(r.programme));
  if (r.ruleId !== null) lines.push(`  rule:     #${r.ruleId}${ruleName ? ` ${ruleName}` : ''}`);
  if (r.conflict) lines.push(`  CONFLICT: ${r.conflict}`);
  if (r.planNote) lines.push(`  note:     ${r.planNote}`);
  if (r.protected) lines.push('  protected: cleanup never deletes it');
  return [
    ...lines,
    ...r.segments.map(
      (s) =>
        `  segment ${s.index}: ${iso(s.startedAt)} .. ${iso(s.endedAt)} ${s.bytes} bytes ${s.endReason ?? 'open'}${s.error ? ` (${s.error})` : ''}`,
    ),
    ...r.gaps.map((g) => `  gap: ${iso(g.start)} .. ${iso(g.end)} (${g.cause})`),
  ];
}

/** One line of `list`: a conflict is marked, since the recording will not happen as it stands. */
export function listLine(r: Recording): string {
  return (
    `#${r.id}  ${r.status.padEnd(9)}  ${iso(r.startAt)}  ${r.title}${r.error ? `  (${r.error})` : ''}` +
    (r.conflict && r.status === 'scheduled' ? `  CONFLICT: ${r.conflict}` : '') +
    (r.fileMissing ? '  FILE MISSING' : '')
  );
}

/** What `show --json` prints: the recording with its health, segments, programme, rule and conflict. */
export function showJson(r: Recording): Record<string, unknown> {
  return {
    id: r.id,
    title: r.title,
    status: r.status,
    channelId: r.channelId,
    url: r.url,
    scheduledStart: iso(r.startAt),
    scheduledEnd: iso(r.endAt),
    padBeforeMs: r.padBeforeMs,
    padAfterMs: r.padAfterMs,
    actualStart: r.actualStartAt === null ? null : iso(r.actualStartAt),
    actualEnd: r.actualEndAt === null ? null : iso(r.actualEndAt),
    outputPath: r.outputPath,
    fileMissing: r.fileMissing,
    fileMissingSince: r.fileMissingSince === null ? null : iso(r.fileMissingSince),
    sizeBytes: r.sizeBytes,
    durationSeconds: r.durationMs === null ? null : r.durationMs / 1000,
    capturedSeconds: r.capturedMs === null ? null : r.capturedMs / 1000,
    expectedSeconds: r.expectedMs / 1000,
    percentCaptured:
      r.capturedMs === null ? null : Math.round((1000 * r.capturedMs) / Math.max(1, r.expectedMs)) / 10,
    error: r.error,
    attempt: r.attempt,
    ruleId: r.ruleId,
    airingKey: r.airingKey,
    conflict: r.conflict,
    planNote: r.planNote,
    protected: r.protected,
    watchedAt: r.watchedAt === null ? null : iso(r.watchedAt),
    programme: r.programme
      ? {
          ...r.programme,
          start: iso(r.programme.start),
          stop: r.programme.stop === null ? null : iso(r.programme.stop),
        }
      : null,
    gaps: r.gaps.map((g) => ({
      start: iso(g.start),
      end: iso(g.end),
      seconds: (g.end - g.start) / 1000,
      cause: g.cause,
    })),
    segments: r.segments.map((s) => ({
      index: s.index,
      path: s.path,
      start: iso(s.startedAt),
      end: s.endedAt === null ? null : iso(s.endedAt),
      bytes: s.bytes,
      endReason: s.endReason,
      error: s.error,
    })),
  };
}
