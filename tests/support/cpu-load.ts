// A busy machine on demand: N child processes that spin until stopped, so real-time tests and benches
// prove they hold with the CPU loaded (the brief's "two CPU-bound processes per core").
import { spawn, type ChildProcess } from 'node:child_process';
import os from 'node:os';

/** Spins in 50 ms slices and ends by itself when its parent is gone (a crashed test leaves none). */
const SPINNER = `
const parent = process.ppid;
(function spin() {
  const until = Date.now() + 50;
  while (Date.now() < until) Math.sqrt(Math.random());
  try { process.kill(parent, 0); } catch { process.exit(0); }
  setImmediate(spin);
})();`;

export interface CpuLoad {
  readonly processes: number;
  stop(): Promise<void>;
}

export function loadCpu(perCore = 2): CpuLoad {
  const n = Math.max(1, os.availableParallelism() * perCore);
  const children: ChildProcess[] = [];
  for (let i = 0; i < n; i++) {
    children.push(spawn(process.execPath, ['-e', SPINNER], { stdio: 'ignore' }));
  }
  return {
    processes: n,
    async stop() {
      await Promise.all(
        children.map(
          (child) =>
            new Promise<void>((resolve) => {
              if (child.exitCode !== null || child.signalCode !== null) return resolve();
              child.once('exit', () => resolve());
              child.kill('SIGKILL');
            }),
        ),
      );
    },
  };
}
