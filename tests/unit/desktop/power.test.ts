// The power service with fakes of powerSaveBlocker and powerMonitor: one blocker however many
// recordings overlap (and in the minutes before the next one), a sleep reported to the core on resume
// (with the real core: a window that passed asleep is missed "the computer was asleep"), and an OS
// shutdown turned into the app's clean quit.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dvr } from '../../../src-main/core/dvr';
import { AWAKE_BEFORE_MS, PowerService, type PowerSaveBlockerLike } from '../../../src-main/desktop/power';
import { openTempDvr, waitForStatus } from '../../support/temp-dvr';
import { FakeEmitter, preventable } from './fakes';

function fakeBlocker() {
  let next = 40;
  const active = new Set<number>();
  const log: string[] = [];
  const blocker: PowerSaveBlockerLike = {
    start: (type) => {
      const id = next++;
      active.add(id);
      log.push(`start ${type} ${id}`);
      return id;
    },
    stop: (id) => {
      if (!active.delete(id)) throw new Error(`stop of unknown blocker ${id}`);
      log.push(`stop ${id}`);
    },
  };
  return { blocker, active, log };
}

function powerService(
  options: { slept?: (from: number, to: number) => Promise<void>; now?: () => number } = {},
) {
  const { blocker, active, log } = fakeBlocker();
  const monitor = new FakeEmitter();
  const slept = vi.fn(options.slept ?? (() => Promise.resolve()));
  const quit = vi.fn();
  const lines: string[] = [];
  let clock = 1_000_000;
  const power = new PowerService({
    blocker,
    monitor,
    slept,
    now: options.now ?? (() => clock),
    quit,
    log: (line) => lines.push(line),
  });
  power.start();
  return {
    power,
    monitor,
    active,
    log,
    slept,
    quit,
    lines,
    advance: (ms: number) => void (clock += ms),
    now: () => clock,
  };
}

describe('power save blocker', () => {
  it('holds exactly one blocker across overlapping recordings, released when the last ends', () => {
    const { power, active, log } = powerService();
    const nothingNext = { nextStartAt: null };
    power.update({ recordingNow: 0, ...nothingNext });
    expect(active.size).toBe(0);
    power.update({ recordingNow: 1, ...nothingNext }); // A starts
    power.update({ recordingNow: 2, ...nothingNext }); // B starts while A runs
    power.update({ recordingNow: 1, ...nothingNext }); // A ends, B goes on
    expect(log).toEqual(['start prevent-app-suspension 40']);
    expect(power.blocking).toBe(true);
    power.update({ recordingNow: 0, ...nothingNext }); // B ends
    expect(log).toEqual(['start prevent-app-suspension 40', 'stop 40']);
    expect(active.size).toBe(0);
    power.update({ recordingNow: 0, ...nothingNext });
    expect(log).toHaveLength(2);
    power.update({ recordingNow: 1, ...nothingNext });
    expect(log.at(-1)).toBe('start prevent-app-suspension 41');
  });

  it('keeps the machine awake in the minutes before the next recording, not earlier', () => {
    const { power, active, now } = powerService();
    power.update({ recordingNow: 0, nextStartAt: now() + AWAKE_BEFORE_MS + 60_000 });
    expect(active.size).toBe(0);
    power.update({ recordingNow: 0, nextStartAt: now() + AWAKE_BEFORE_MS });
    expect(active.size).toBe(1);
    // It starts, overlaps another, then all end with nothing next.
    power.update({ recordingNow: 2, nextStartAt: null });
    expect(active.size).toBe(1);
    power.update({ recordingNow: 0, nextStartAt: null });
    expect(active.size).toBe(0);
  });

  it('lets the machine sleep again when the app stops', () => {
    const { power, active } = powerService();
    power.update({ recordingNow: 1, nextStartAt: null });
    power.stop();
    expect(active.size).toBe(0);
    expect(power.blocking).toBe(false);
  });
});

describe('sleep and shutdown', () => {
  it('reports the sleep from suspend to resume to the core, once', () => {
    const { monitor, slept, advance, now, lines } = powerService();
    const from = now();
    monitor.emit('suspend');
    advance(90_000);
    monitor.emit('resume');
    expect(slept).toHaveBeenCalledWith(from, from + 90_000);
    expect(lines).toContain('woke up after 90 s asleep: reconciling');
    // A resume without a suspend seen (the app started asleep?) reports nothing.
    monitor.emit('resume');
    expect(slept).toHaveBeenCalledTimes(1);
  });

  it('logs a failed reconcile instead of throwing', async () => {
    const { monitor, lines } = powerService({ slept: () => Promise.reject(new Error('database closed')) });
    monitor.emit('suspend');
    monitor.emit('resume');
    await vi.waitFor(() => expect(lines).toContain('after sleep: Error: database closed'));
  });

  it('quits the clean way when the OS shuts down, delaying the shutdown meanwhile', () => {
    const { monitor, quit } = powerService();
    const event = preventable();
    monitor.emit('shutdown', event);
    expect(event.prevented).toBe(true);
    expect(quit).toHaveBeenCalledTimes(1);
    monitor.emit('shutdown');
    expect(quit).toHaveBeenCalledTimes(2);
  });
});

describe('resume with the core', () => {
  let dvr: Dvr;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dvr, cleanup } = await openTempDvr());
  });
  afterAll(async () => cleanup?.());

  it('a window that passed while asleep is missed with the reason "the computer was asleep"', async () => {
    // The fake clock says the machine slept two minutes up to now; the window lay inside that sleep.
    let clock = Date.now() - 120_000;
    const { monitor } = powerService({ slept: (from, to) => dvr.systemSlept(from, to), now: () => clock });
    monitor.emit('suspend');
    const now = Date.now();
    const recording = dvr.store.create(
      {
        title: 'Slept through',
        channelId: null,
        url: 'http://127.0.0.1:9/never.ts',
        startAt: now - 60_000,
        endAt: now - 30_000,
        padBeforeMs: 0,
        padAfterMs: 0,
        container: 'ts',
      },
      'scheduled by the test',
    );
    clock = now;
    monitor.emit('resume');
    const missed = await waitForStatus(dvr, recording.id, ['failed'], 10_000);
    expect(missed.error).toBe('missed: the computer was asleep');
    // Let the reconcile that creating the recording queued finish before the core shuts down (the
    // scheduler does not cancel a queued reconcile on stop: a core race, reported, not this test's).
    await new Promise((resolve) => setImmediate(resolve));
    await dvr.scheduler.reconcile();
  });
});
