// The contract over Electron IPC: one handle per command, the sender checked, the payload validated
// by the core (zod) before anything runs. Results travel as outcomes so error codes survive IPC.
import { COMMAND_NAMES, type CommandOutcome, type TapedeckEvent } from '../../src-shared/contract';
import { toWireError } from '../core/wire';

/** The slice of Electron's ipcMain we use (a fake in tests). */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: { senderFrame: { url: string } | null }, input: unknown) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface ContractHost {
  call(name: (typeof COMMAND_NAMES)[number], input: unknown): Promise<unknown>;
}

export const commandChannel = (name: string) => `tapedeck:call:${name}`;
export const EVENT_CHANNEL = 'tapedeck:event';

/** Only our own pages may call in: the packaged file:// renderer, or the dev server when set. */
export function isTrustedSender(url: string | undefined, rendererUrl: string): boolean {
  if (!url) return false;
  try {
    const sender = new URL(url);
    const ours = new URL(rendererUrl);
    if (ours.protocol === 'file:') return sender.protocol === 'file:' && sender.pathname === ours.pathname;
    return sender.origin === ours.origin;
  } catch {
    return false;
  }
}

export function registerIpc(ipcMain: IpcMainLike, host: ContractHost, rendererUrl: string): () => void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(commandChannel(name), async (event, input): Promise<CommandOutcome<unknown>> => {
      if (!isTrustedSender(event.senderFrame?.url, rendererUrl)) {
        return {
          ok: false,
          error: { code: 'invalid_input', message: 'IPC from an untrusted frame was refused' },
        };
      }
      try {
        return { ok: true, result: await host.call(name, input) };
      } catch (error) {
        return { ok: false, error: toWireError(error) };
      }
    });
  }
  return () => COMMAND_NAMES.forEach((name) => ipcMain.removeHandler(commandChannel(name)));
}

/** Forwards core events to a window's renderer. */
export function forwardEvents(
  subscribe: (listener: (event: TapedeckEvent) => void) => () => void,
  send: (channel: string, event: TapedeckEvent) => void,
): () => void {
  return subscribe((event) => send(EVENT_CHANNEL, event));
}
