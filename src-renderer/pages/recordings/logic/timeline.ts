// The geometry of a recording's timeline: its padded window as a bar, the captured segments on it, the
// gaps between them, and marks for the programme's own start and end. Positions are percentages of the
// bar, so the drawing scales with its box and the tests need no layout.
import type { Gap, Segment } from '../../../../src-shared/domain';

export interface TimelineInput {
  windowStart: number;
  windowEnd: number;
  /** The programme without padding (marks on the bar when padding moves the window). */
  programmeStart: number;
  programmeEnd: number;
  segments: readonly Segment[];
  gaps: readonly Gap[];
  /** For a segment still open (capturing), and the "now" mark while the window is open. */
  now: number;
}

export interface Placed {
  start: number;
  end: number;
  /** Percent of the bar from its left edge. */
  left: number;
  /** Percent of the bar; at least MIN_WIDTH so a blip stays visible and hoverable. */
  width: number;
}

export interface PlacedSegment extends Placed {
  index: number;
  /** Still being written. */
  open: boolean;
  segment: Segment;
}

export interface PlacedGap extends Placed {
  cause: string;
}

export interface Mark {
  at: number;
  left: number;
  label: 'programme start' | 'programme end';
}

export interface Timeline {
  /** The bar's extent: the window, widened to any capture outside it (a start lead's pre-roll). */
  start: number;
  end: number;
  segments: PlacedSegment[];
  gaps: PlacedGap[];
  marks: Mark[];
  /** Where "now" is, while it lies on the bar. */
  now: number | null;
}

export const MIN_WIDTH = 0.6;

export function timelineGeometry(input: TimelineInput): Timeline {
  const ordered = [...input.segments].sort((a, b) => a.index - b.index);
  const segEnd = (s: Segment) => s.endedAt ?? Math.max(s.startedAt, input.now);
  const start = Math.min(input.windowStart, ...ordered.map((s) => s.startedAt));
  const end = Math.max(input.windowEnd, ...ordered.map(segEnd), start + 1);
  const span = end - start;
  const pct = (t: number) => Math.min(100, Math.max(0, ((t - start) / span) * 100));
  const place = (from: number, to: number): Placed => {
    const left = pct(from);
    const width = Math.max(MIN_WIDTH, pct(to) - left);
    // A minimum width never pushes past the right edge.
    return { start: from, end: to, left: Math.min(left, 100 - width), width };
  };
  const marks: Mark[] = [];
  if (input.programmeStart > start && input.programmeStart < end) {
    marks.push({ at: input.programmeStart, left: pct(input.programmeStart), label: 'programme start' });
  }
  if (input.programmeEnd > start && input.programmeEnd < end) {
    marks.push({ at: input.programmeEnd, left: pct(input.programmeEnd), label: 'programme end' });
  }
  return {
    start,
    end,
    segments: ordered.map((segment) => ({
      ...place(segment.startedAt, segEnd(segment)),
      index: segment.index,
      open: segment.endedAt === null,
      segment,
    })),
    gaps: [...input.gaps]
      .sort((a, b) => a.start - b.start)
      .map((gap) => ({ ...place(gap.start, gap.end), cause: gap.cause })),
    marks,
    now: input.now > start && input.now < end ? pct(input.now) : null,
  };
}

export type TimelineEntry =
  | { kind: 'segment'; start: number; end: number; item: PlacedSegment }
  | { kind: 'gap'; start: number; end: number; item: PlacedGap };

/** Segments and gaps in time order: the accessible list under the bar. */
export function timelineEntries(timeline: Timeline): TimelineEntry[] {
  const entries: TimelineEntry[] = [
    ...timeline.segments.map((item) => ({
      kind: 'segment' as const,
      start: item.start,
      end: item.end,
      item,
    })),
    ...timeline.gaps.map((item) => ({ kind: 'gap' as const, start: item.start, end: item.end, item })),
  ];
  return entries.sort((a, b) => a.start - b.start || (a.kind === 'gap' ? -1 : 1));
}
