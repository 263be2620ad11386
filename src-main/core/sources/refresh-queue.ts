// Runs refreshes one at a time (an import is CPU- and IO-heavy; two at once would only slow both and
// double the memory), never the same target twice at once (a second request joins the running one),
// and stops them all on shutdown.

export type RefreshTarget = { target: 'source' | 'guide'; id: number };

export function targetKey(t: RefreshTarget): string {
  return `${t.target}:${t.id}`;
}

interface Task {
  promise: Promise<void>;
  controller: AbortController;
}

export class RefreshQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private readonly tasks = new Map<string, Task>();
  private stopped = false;

  /** Queues `work` for the target unless it is already queued or running; resolves when it ends. */
  run(
    target: RefreshTarget,
    work: (signal: AbortSignal) => Promise<void>,
    onQueued?: () => void,
  ): Promise<void> {
    const key = targetKey(target);
    const existing = this.tasks.get(key);
    if (existing) return existing.promise;
    if (this.stopped) return Promise.reject(new Error('Tapedeck is shutting down'));
    const controller = new AbortController();
    const waiting = this.tail;
    if (this.tasks.size !== 0) onQueued?.();
    const promise = waiting
      .then(() => {
        if (controller.signal.aborted) throw new Error('the refresh was cancelled');
        return work(controller.signal);
      })
      .finally(() => {
        if (this.tasks.get(key)?.promise === promise) this.tasks.delete(key);
      });
    this.tasks.set(key, { promise, controller });
    // The chain must go on whatever this task does.
    this.tail = promise.catch(() => undefined);
    return promise;
  }

  isActive(target: RefreshTarget): boolean {
    return this.tasks.has(targetKey(target));
  }

  /** Cancels one target's refresh (before a remove) and waits until it has let go. */
  async cancel(target: RefreshTarget): Promise<void> {
    const task = this.tasks.get(targetKey(target));
    if (!task) return;
    task.controller.abort();
    await task.promise.catch(() => undefined);
  }

  /** Aborts everything (shutdown). */
  stop(): void {
    this.stopped = true;
    for (const task of this.tasks.values()) task.controller.abort();
  }
}
