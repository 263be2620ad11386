// Progress events of one refresh: every phase change, and within a phase at most a few per second (a
// 100,000-entry import would otherwise flood every client with events).
import type { RefreshPhase, SourceProgress } from '../../../src-shared/domain-sources';
import type { Clock, EventBus } from '../events';

const MIN_INTERVAL_MS = 250;

export class ProgressReporter {
  private phase: RefreshPhase | null = null;
  private lastAt = 0;

  constructor(
    private readonly bus: EventBus,
    private readonly clock: Clock,
    private readonly target: SourceProgress['target'],
    private readonly id: number,
  ) {}

  report(phase: RefreshPhase, done: number, total: number | null, message?: string): void {
    const now = this.clock.now();
    const final = phase === 'done' || phase === 'failed';
    if (phase === this.phase && !final && now - this.lastAt < MIN_INTERVAL_MS) return;
    this.phase = phase;
    this.lastAt = now;
    const payload: SourceProgress = { target: this.target, id: this.id, phase, done, total };
    if (message !== undefined) payload.message = message;
    this.bus.emit('sources.progress', payload);
  }
}
