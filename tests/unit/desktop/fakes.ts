// Fakes of the Electron objects the desktop services take (the Electron binary cannot run here).
// Each records what the app did with it, so a test asserts what the user would see.

type Listener = (...args: never[]) => unknown;

/** on / once / emit, like Node's EventEmitter, typed loosely: the services' own interfaces check the shapes. */
export class FakeEmitter {
  private readonly listeners = new Map<string, Array<{ fn: Listener; once: boolean }>>();

  on(event: string, fn: Listener): this {
    this.list(event).push({ fn, once: false });
    return this;
  }

  once(event: string, fn: Listener): this {
    this.list(event).push({ fn, once: true });
    return this;
  }

  emit(event: string, ...args: unknown[]): number {
    const entries = [...this.list(event)];
    this.listeners.set(
      event,
      this.list(event).filter((entry) => !entry.once),
    );
    for (const entry of entries) (entry.fn as (...a: unknown[]) => unknown)(...args);
    return entries.length;
  }

  count(event: string): number {
    return this.list(event).length;
  }

  private list(event: string) {
    let list = this.listeners.get(event);
    if (!list) this.listeners.set(event, (list = []));
    return list;
  }
}

/** An event with preventDefault, recording whether it was called. */
export function preventable<T extends object>(
  extra: T = {} as T,
): T & { preventDefault(): void; prevented: boolean } {
  const event = {
    ...extra,
    prevented: false,
    preventDefault() {
      event.prevented = true;
    },
  };
  return event;
}
