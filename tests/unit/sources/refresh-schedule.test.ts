import { describe, expect, it } from 'vitest';
import { RefreshQueue } from '../../../src-main/core/sources/refresh-queue';
import { dueAt, RETRY_AFTER_FAILURE_MS } from '../../../src-main/core/sources/refresh-schedule';

const H = 3600_000;

describe('dueAt', () => {
  it('is refreshHours after the last success', () => {
    expect(dueAt({ refreshHours: 24, lastRefreshAt: 1000, lastAttemptAt: 1000 })).toBe(1000 + 24 * H);
  });
  it('is now for something never refreshed', () => {
    expect(dueAt({ refreshHours: 24, lastRefreshAt: null, lastAttemptAt: null })).toBe(0);
  });
  it('waits an hour after a failure, never less than the regular schedule', () => {
    expect(dueAt({ refreshHours: 24, lastRefreshAt: 0, lastAttemptAt: 30 * H })).toBe(
      30 * H + RETRY_AFTER_FAILURE_MS,
    );
    expect(dueAt({ refreshHours: 24, lastRefreshAt: 10 * H, lastAttemptAt: 11 * H })).toBe(34 * H);
    expect(dueAt({ refreshHours: 24, lastRefreshAt: null, lastAttemptAt: 5 * H })).toBe(6 * H);
  });
});

describe('RefreshQueue', () => {
  it('runs one task at a time and joins a second request for the same target', async () => {
    const queue = new RefreshQueue();
    const order: string[] = [];
    let release = () => undefined as void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const a = queue.run({ target: 'source', id: 1 }, async () => {
      order.push('a start');
      await gate;
      order.push('a end');
    });
    const again = queue.run({ target: 'source', id: 1 }, async () => {
      order.push('never');
    });
    expect(again).toBe(a);
    let queued = false;
    const b = queue.run(
      { target: 'guide', id: 1 },
      async () => {
        order.push('b');
      },
      () => (queued = true),
    );
    expect(queued).toBe(true);
    expect(queue.isActive({ target: 'guide', id: 1 })).toBe(true);
    release();
    await Promise.all([a, b]);
    expect(order).toEqual(['a start', 'a end', 'b']);
    expect(queue.isActive({ target: 'source', id: 1 })).toBe(false);
  });

  it('a failure does not stop the queue; stop() aborts and refuses new work', async () => {
    const queue = new RefreshQueue();
    const failing = queue.run({ target: 'source', id: 1 }, async () => {
      throw new Error('boom');
    });
    const next = queue.run({ target: 'source', id: 2 }, async () => undefined);
    await expect(failing).rejects.toThrow('boom');
    await expect(next).resolves.toBeUndefined();
    let aborted = false;
    const long = queue.run(
      { target: 'source', id: 3 },
      (signal) =>
        new Promise<void>((resolve) => signal.addEventListener('abort', () => ((aborted = true), resolve()))),
    );
    await new Promise((resolve) => setImmediate(resolve));
    queue.stop();
    await long;
    expect(aborted).toBe(true);
    await expect(queue.run({ target: 'source', id: 4 }, async () => undefined)).rejects.toThrow(
      /shutting down/,
    );
  });
});
