// A contract client for component tests: answers commands from handlers, records every call.
import type { AppClient } from '../../../src-renderer/client';
import type { TapedeckEvent } from '../../../src-shared/contract';
import { useConnection } from '../../../src-renderer/state/connection';

export type Handler = (input: unknown) => unknown;

export interface FakeClient extends AppClient {
  calls: Array<{ name: string; input: unknown }>;
  emit(event: TapedeckEvent): void;
  inputsOf(name: string): unknown[];
}

export function fakeClient(handlers: Record<string, Handler>): FakeClient {
  const listeners = new Set<(event: TapedeckEvent) => void>();
  const calls: Array<{ name: string; input: unknown }> = [];
  const client = {
    calls,
    call(name: string, input: unknown) {
      calls.push({ name, input });
      const handler = handlers[name];
      if (!handler) return Promise.reject(new Error(`unknown command ${name}`));
      try {
        return Promise.resolve(handler(input));
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    subscribe(listener: (event: TapedeckEvent) => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    mediaUrl: (id: number) => Promise.resolve(`http://127.0.0.1:1/media/recordings/${id}?token=t`),
    media: () => Promise.resolve({ url: (path: string) => `http://127.0.0.1:4321${path}?token=t` }),
    emit(event: TapedeckEvent) {
      for (const l of listeners) l(event);
    },
    inputsOf(name: string) {
      return calls.filter((c) => c.name === name).map((c) => c.input);
    },
  };
  return client as unknown as FakeClient;
}

/** Connects the renderer's stores to `client` (once per test file is enough; later calls replace it). */
export function connect(client: FakeClient): void {
  useConnection.getState().connect(client);
}
