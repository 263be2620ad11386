// The one connection to the core (preload bridge or WebSocket) and the fan-out of its events: stores
// register handlers by event name here instead of each subscribing to the client.
import { create } from 'zustand';
import type { EventMap, EventName, TapedeckEvent } from '../../src-shared/contract';
import type { AppClient, MediaOrigin } from '../client';

type Handler<K extends EventName> = (payload: EventMap[K]) => void;

interface ConnectionState {
  client: AppClient | null;
  mediaOrigin: MediaOrigin | null;
  connect(client: AppClient): void;
}

const handlers = new Map<EventName, Set<(payload: unknown) => void>>();

export const useConnection = create<ConnectionState>((set) => ({
  client: null,
  mediaOrigin: null,
  connect(client) {
    set({ client });
    client.subscribe((event: TapedeckEvent) => {
      for (const handler of handlers.get(event.name) ?? []) {
        // One broken screen must not stop the others from hearing the event.
        try {
          handler(event.payload);
        } catch (error) {
          console.error(`handling ${event.name} failed`, error);
        }
      }
    });
    void client.media().then((mediaOrigin) => set({ mediaOrigin }));
  },
}));

/** Runs `handler` for every event of this name; returns the unsubscribe function. */
export function onEvent<K extends EventName>(name: K, handler: Handler<K>): () => void {
  let set = handlers.get(name);
  if (!set) handlers.set(name, (set = new Set()));
  const wrapped = handler as (payload: unknown) => void;
  set.add(wrapped);
  return () => set.delete(wrapped);
}

/** The client, for actions (the app renders nothing until it is connected). */
export function api(): AppClient {
  const client = useConnection.getState().client;
  if (!client) throw new Error('not connected to Tapedeck');
  return client;
}
