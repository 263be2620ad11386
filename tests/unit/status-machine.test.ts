import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RECORDING_STATUSES, type RecordingStatus } from '../../src-shared/domain';
import { canTransition } from '../../src-main/core/recordings/status';
import { RecordingStore } from '../../src-main/core/recordings/store';
import { openDatabase, type Db } from '../../src-main/core/db/open';
import { EventBus } from '../../src-main/core/events';
import { recordings } from '../../src-main/core/db/schema';
import { eq } from 'drizzle-orm';
import { MIGRATIONS, tempDir } from '../support/temp-dvr';
import path from 'node:path';
import type { TapedeckEvent } from '../../src-shared/contract';

const ALLOWED: Array<[RecordingStatus, RecordingStatus]> = [
  ['scheduled', 'recording'],
  ['scheduled', 'cancelled'],
  ['scheduled', 'failed'],
  ['recording', 'completed'],
  ['recording', 'failed'],
  ['recording', 'cancelled'],
  ['failed', 'scheduled'],
  ['failed', 'recording'],
];
const ALL_PAIRS = RECORDING_STATUSES.flatMap((from) =>
  RECORDING_STATUSES.map((to) => [from, to] as [RecordingStatus, RecordingStatus]),
);
const FORBIDDEN = ALL_PAIRS.filter(([f, t]) => !ALLOWED.some(([a, b]) => a === f && b === t));

describe('the recording state machine', () => {
  it('has exactly the documented transitions', () => {
    expect(ALL_PAIRS.filter(([f, t]) => canTransition(f, t)).sort()).toEqual([...ALLOWED].sort());
  });

  let db: Db;
  let store: RecordingStore;
  let events: TapedeckEvent[];
  beforeEach(() => {
    db = openDatabase({ file: path.join(tempDir(), 'test.db'), migrationsFolder: MIGRATIONS });
    const bus = new EventBus();
    events = [];
    bus.subscribe((e) => events.push(e));
    store = new RecordingStore(db, { now: () => 1_000_000 }, bus);
  });
  afterEach(() => db.$client.close());

  function recordingIn(status: RecordingStatus): number {
    const r = store.create(
      {
        title: 't',
        channelId: null,
        url: 'http://x.test/a.ts',
        startAt: 2_000_000,
        endAt: 3_000_000,
        padBeforeMs: 0,
        padAfterMs: 0,
        container: 'ts',
      },
      'test',
    );
    // Put the row straight into the wanted status: this test is about what may follow it.
    db.update(recordings).set({ status }).where(eq(recordings.id, r.id)).run();
    return r.id;
  }

  it.each(ALLOWED)(
    '%s -> %s writes the row, one event-log entry with the reason, and one event',
    (from, to) => {
      const id = recordingIn(from);
      events = [];
      const updated = store.transition(id, to, `because ${from}->${to}`);
      expect(updated.status).toBe(to);
      const log = store.events(id).at(-1)!;
      expect(log).toMatchObject({ fromStatus: from, toStatus: to, reason: `because ${from}->${to}` });
      expect(events).toHaveLength(1);
      expect(events[0]!.name).toBe('recording.updated');
    },
  );

  it.each(FORBIDDEN)('%s -> %s is refused and changes nothing', (from, to) => {
    const id = recordingIn(from);
    const logBefore = store.events(id).length;
    events = [];
    expect(() => store.transition(id, to, 'nope')).toThrow(new RegExp(`is ${from}; it cannot become ${to}`));
    expect(store.get(id).status).toBe(from);
    expect(store.events(id)).toHaveLength(logBefore);
    expect(events).toHaveLength(0);
  });

  it('refuses an unknown recording with not_found', () => {
    expect(() => store.transition(999, 'cancelled', 'x')).toThrow(/recording 999 does not exist/);
  });
});
