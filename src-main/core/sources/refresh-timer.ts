// The refresh timer: sleeps until the next source or guide falls due (refresh-schedule.ts says when), then
// queues every due one. It sleeps at most maxSleepMs at a time, so a changed clock is noticed.
import type { Clock } from '../events';
import type { GuideStore } from '../guide/guide-store';
import type { RefreshQueue, RefreshTarget } from './refresh-queue';
import { dueAt } from './refresh-schedule';
import type { SourceStore } from './source-store';
import { redactError } from '../redact';

export interface RefreshTimerDeps {
  clock: Clock;
  store: SourceStore;
  guides: GuideStore;
  queue: RefreshQueue;
  /** Longest sleep between two schedule checks. */
  maxSleepMs: number;
  /** True once the service is stopping: the timer is then never armed again. */
  stopping: () => boolean;
  /** Runs one refresh (failures are recorded on the row and announced; the promise may be ignored). */
  refresh: (target: RefreshTarget) => Promise<void>;
}

export class RefreshTimer {
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly deps: RefreshTimerDeps) {}

  /** (Re)arms the timer for the next due refresh; when it fires, due targets are queued. */
  arm(delayMs?: number): void {
    if (this.deps.stopping()) return;
    if (this.timer) clearTimeout(this.timer);
    const wait = delayMs ?? this.nextWait();
    this.timer = setTimeout(() => {
      this.timer = null;
      this.runDue();
    }, wait);
    this.timer.unref();
  }

  /** Clears a pending timer (on stop). */
  clear(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private nextWait(): number {
    const now = this.deps.clock.now();
    let next = now + this.deps.maxSleepMs;
    for (const t of this.targets()) {
      if (!this.deps.queue.isActive(t.target)) next = Math.min(next, t.due);
    }
    return Math.min(this.deps.maxSleepMs, Math.max(1000, next - now));
  }

  private targets(): Array<{ target: RefreshTarget; due: number }> {
    const out: Array<{ target: RefreshTarget; due: number }> = [];
    for (const row of this.deps.store.rows()) {
      if (row.kind !== 'manual') out.push({ target: { target: 'source', id: row.id }, due: dueAt(row) });
    }
    for (const row of this.deps.guides.rows())
      out.push({ target: { target: 'guide', id: row.id }, due: dueAt(row) });
    return out;
  }

  private runDue(): void {
    if (this.deps.stopping()) return;
    const now = this.deps.clock.now();
    try {
      for (const t of this.targets()) {
        if (t.due <= now && !this.deps.queue.isActive(t.target)) {
          // Failures are recorded on the row and announced by events; nothing to do with them here.
          this.deps.refresh(t.target).catch(() => undefined);
        }
      }
    } catch (error) {
      console.error('sources: scheduling refreshes failed:', redactError(error));
    }
    this.arm();
  }
}
