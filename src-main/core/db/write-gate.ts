// Recording writes win over imports.
//
// The app's own connection (main thread) is synchronous: a write that meets a lock held by the import
// writer thread waits inside SQLite's busy handler and freezes the event loop (captures, the API) for as
// long as the other side holds the lock. So the two sides share a counter in a SharedArrayBuffer: the
// main connection raises it around every write it makes, and the import writer checks it between rows
// (a few milliseconds apart): when it is up, the writer commits what it holds and waits until it is down
// again. A main-thread write therefore waits at most for the writer's current handful of rows and its
// commit, never for an import.
//
// One gate per database file, for the whole process; the writer threads get its buffer in workerData.

/** Slot 0: main-thread writes pending or running. */
const WANTED = 0;

export class WriteGate {
  private readonly cells: Int32Array;

  constructor(readonly buffer: SharedArrayBuffer = new SharedArrayBuffer(4)) {
    this.cells = new Int32Array(buffer);
  }

  /** Runs a main-thread write with the gate raised, so the import writer steps aside. */
  hold<T>(write: () => T): T {
    Atomics.add(this.cells, WANTED, 1);
    try {
      return write();
    } finally {
      Atomics.sub(this.cells, WANTED, 1);
      Atomics.notify(this.cells, WANTED);
    }
  }

  /** True while the main thread wants to write (checked by the writer between rows). */
  wanted(): boolean {
    return Atomics.load(this.cells, WANTED) > 0;
  }

  /** Writer thread only: blocks until no main-thread write is pending (call with no transaction open). */
  waitUntilFree(): void {
    for (let seen = Atomics.load(this.cells, WANTED); seen > 0; seen = Atomics.load(this.cells, WANTED)) {
      // A timeout as well as the notify: a count that changed between load and wait is seen next round.
      Atomics.wait(this.cells, WANTED, seen, 20);
    }
  }
}

const gates = new Map<string, WriteGate>();

/** The process-wide gate of one database file (created on first use). */
export function gateFor(file: string): WriteGate {
  let gate = gates.get(file);
  if (!gate) {
    gate = new WriteGate();
    gates.set(file, gate);
  }
  return gate;
}
