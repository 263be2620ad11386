// What the desktop preload puts on `window.tapedeck`.
import type { CommandOutcome, TapedeckEvent } from './contract';

export interface PreloadBridge {
  commands: Record<string, (input: unknown) => Promise<unknown>>;
  onEvent(listener: (event: TapedeckEvent) => void): () => void;
  /** The loopback media server (range requests) that serves recordings to the player. */
  mediaBase(): Promise<{ url: string; token: string }>;
  /**
   * Routes main asks the window to show ('/recordings/12': a notification or a tapedeck:// link was
   * opened). Optional: only the desktop has it.
   */
  onNavigate?(listener: (path: string) => void): () => void;
}

export type BridgeOutcome = CommandOutcome<unknown>;
