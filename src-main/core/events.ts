// A typed event bus: the core emits, hosts (IPC, WebSocket, tray, notifications) subscribe.
import type { EventMap, EventName, TapedeckEvent } from '../../src-shared/contract';
import { redactError } from './redact';

export type EventListener = (event: TapedeckEvent) => void;

export class EventBus {
  private readonly listeners = new Set<EventListener>();

  subscribe(listener: EventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  emit<K extends EventName>(name: K, payload: EventMap[K]): void {
    const event = { name, payload } as TapedeckEvent;
    for (const listener of this.listeners) {
      // A broken subscriber (a closed socket, a UI bug) must never break the recorder.
      try {
        listener(event);
      } catch (error) {
        console.error(`event listener failed on ${name}:`, redactError(error));
      }
    }
  }
}

export interface Clock {
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };
