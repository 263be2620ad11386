// @vitest-environment jsdom
// A recording's timeline: the geometry (pages/recordings/logic/timeline.ts) and the component's
// accessible list of segments and gaps with their reasons (details/Timeline.tsx).
import { cleanup, render, screen, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { Timeline } from '../../../src-renderer/pages/recordings/details/Timeline';
import {
  MIN_WIDTH,
  timelineEntries,
  timelineGeometry,
} from '../../../src-renderer/pages/recordings/logic/timeline';
import { recording, segment } from './recordings-fixtures';

// Each test renders into a fresh document (no vitest globals, so Testing Library cannot do it).
afterEach(cleanup);

const T0 = new Date(2026, 11, 5, 20, 0).getTime();
const min = (n: number) => T0 + n * 60_000;

describe('timelineGeometry', () => {
  const base = {
    windowStart: min(0),
    windowEnd: min(100),
    programmeStart: min(10),
    programmeEnd: min(90),
    now: min(200),
  };

  it('places segments and gaps as percentages of the window, with marks for the programme', () => {
    const t = timelineGeometry({
      ...base,
      segments: [
        segment({ index: 0, startedAt: min(0), endedAt: min(40), endReason: 'stream-ended' }),
        segment({ index: 1, startedAt: min(50), endedAt: min(100), endReason: 'window-end' }),
      ],
      gaps: [{ start: min(40), end: min(50), cause: 'stream-ended: Connection reset by peer' }],
    });
    expect(t.start).toBe(min(0));
    expect(t.end).toBe(min(100));
    expect(t.segments.map((s) => [s.left, s.width])).toEqual([
      [0, 40],
      [50, 50],
    ]);
    expect(t.gaps.map((g) => [g.left, g.width, g.cause])).toEqual([
      [40, 10, 'stream-ended: Connection reset by peer'],
    ]);
    expect(t.marks.map((m) => [m.label, m.left])).toEqual([
      ['programme start', 10],
      ['programme end', 90],
    ]);
    // Now is past the window: no "now" line.
    expect(t.now).toBeNull();
  });

  it('widens the bar to a capture that began before the window (a start lead)', () => {
    const t = timelineGeometry({
      ...base,
      programmeStart: min(0),
      segments: [segment({ index: 0, startedAt: min(-25), endedAt: min(100), endReason: 'window-end' })],
      gaps: [],
    });
    expect(t.start).toBe(min(-25));
    expect(t.segments[0]!.left).toBe(0);
    expect(t.segments[0]!.width).toBe(100);
    // The programme's start is inside the widened bar now: 25 of 125 minutes in.
    expect(t.marks[0]).toMatchObject({ label: 'programme start', left: 20 });
  });

  it('draws an open segment up to now, and shows where now is', () => {
    const t = timelineGeometry({
      ...base,
      now: min(30),
      segments: [segment({ index: 0, startedAt: min(0) })],
      gaps: [],
    });
    expect(t.segments[0]).toMatchObject({ open: true, left: 0, width: 30 });
    expect(t.now).toBe(30);
  });

  it('keeps a blip visible without running past the right edge', () => {
    const t = timelineGeometry({
      ...base,
      segments: [segment({ index: 0, startedAt: min(0), endedAt: min(100), endReason: 'window-end' })],
      gaps: [{ start: min(100) - 1000, end: min(100), cause: 'stalled' }],
    });
    const gap = t.gaps[0]!;
    expect(gap.width).toBe(MIN_WIDTH);
    expect(gap.left + gap.width).toBeLessThanOrEqual(100);
  });

  it('lists segments and gaps in time order', () => {
    const t = timelineGeometry({
      ...base,
      segments: [
        segment({ index: 1, startedAt: min(50), endedAt: min(100) }),
        segment({ index: 0, startedAt: min(5), endedAt: min(40) }),
      ],
      gaps: [
        { start: min(40), end: min(50), cause: 'stalled' },
        { start: min(0), end: min(5), cause: 'started late' },
      ],
    });
    expect(timelineEntries(t).map((e) => `${e.kind}@${(e.start - T0) / 60_000}`)).toEqual([
      'gap@0',
      'segment@5',
      'gap@40',
      'segment@50',
    ]);
  });
});

describe('Timeline', () => {
  it('says what each part of the window got, gaps with their reasons in words', () => {
    const r = recording({
      id: 1,
      startAt: min(0),
      endAt: min(60),
      expectedMs: 3600_000,
      capturedMs: 3000_000,
      segments: [
        segment({
          index: 0,
          startedAt: min(0),
          endedAt: min(20),
          mediaMs: 1200_000,
          endReason: 'source-error',
          error: 'http://x.example/live/1.ts: Server returned 502 Bad Gateway',
        }),
        segment({
          index: 1,
          startedAt: min(30),
          endedAt: min(60),
          mediaMs: 1800_000,
          endReason: 'window-end',
        }),
      ],
      gaps: [
        {
          start: min(20),
          end: min(30),
          cause: 'source-error: http://x.example/live/1.ts: Server returned 502 Bad Gateway',
        },
      ],
    });
    render(<Timeline recording={r} now={min(120)} />);
    const list = screen.getByRole('list', { name: 'Segments and gaps' });
    const items = within(list)
      .getAllByRole('listitem')
      .map((li) => li.textContent);
    expect(items).toEqual([
      '0:00–20:00Captured 20 min · the source failed (Server returned 502 Bad Gateway)',
      '20:00–30:00Gap of 10 min: The source failed (Server returned 502 Bad Gateway)',
      '30:00–1:00:00Captured 30 min · the window ended',
    ]);
  });

  it('says when nothing was captured', () => {
    render(
      <Timeline
        recording={recording({ id: 2, status: 'scheduled', segments: [], capturedMs: null })}
        now={T0}
      />,
    );
    expect(screen.getByText('Nothing captured yet: it has not started.')).toBeTruthy();
  });
});
