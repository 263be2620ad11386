// Waiting in tests: on a condition, never for a guessed number of milliseconds. A sleep that stands in
// for "until X has happened" fails on a busy machine (X is late) and passes on a broken one (X never
// mattered); a poll with a deadline waits exactly as long as X takes, and names X when it never comes.

/** What a condition returns while it does not hold yet. */
export type NotYet = undefined | null | false;

export interface WaitOptions {
  /** Give up (reject) after this long. */
  timeoutMs: number;
  /**
   * What is being waited for, for the error: "recording 3 to complete". A function is called only on
   * timeout, so it can describe the state it found ("... (is recording, attempt 2)").
   */
  what: string | (() => string | Promise<string>);
  /** Pause between checks (default 20 ms). Make it longer when a check is expensive (a child process). */
  intervalMs?: number;
}

/**
 * Checks `condition` until it returns a value other than undefined, null or false, and resolves with
 * that value. Checks run one at a time (an async check is awaited before the next pause). An error
 * thrown by the condition rejects at once: it is never mistaken for "not yet".
 */
export async function waitFor<T>(
  condition: () => T | NotYet | Promise<T | NotYet>,
  { timeoutMs, what, intervalMs = 20 }: WaitOptions,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await condition();
    if (value !== undefined && value !== null && value !== false) return value;
    const left = deadline - Date.now();
    if (left <= 0) {
      const described = typeof what === 'string' ? what : await what();
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${described}`);
    }
    await new Promise((resolve) => setTimeout(resolve, Math.min(intervalMs, left)));
  }
}

/**
 * Resolves with `promise`'s value, or rejects when it has not settled within `timeoutMs` (the promise
 * itself goes on; the timer does not keep the process alive).
 */
export function within<T>(promise: Promise<T>, timeoutMs: number, what: string | (() => string)): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(
        new Error(`timed out after ${timeoutMs} ms waiting for ${typeof what === 'string' ? what : what()}`),
      );
    }, timeoutMs);
    timer.unref();
    promise.then(
      (value) => {
        clearTimeout(timer);
        resolve(value);
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
