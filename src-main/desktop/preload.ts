// Runs in the sandboxed renderer before the page. Exposes one named function per contract command
// and an event subscription — never ipcRenderer itself, never the raw IpcRendererEvent.
import { contextBridge, ipcRenderer } from 'electron';
import { COMMAND_NAMES, type TapedeckEvent } from '../../src-shared/contract';
import type { PreloadBridge } from '../../src-shared/bridge';

const commands: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of COMMAND_NAMES) {
  commands[name] = (input: unknown) => ipcRenderer.invoke(`tapedeck:call:${name}`, input);
}

const bridge: PreloadBridge = {
  commands,
  onEvent(listener: (event: TapedeckEvent) => void) {
    const handler = (_event: unknown, payload: TapedeckEvent) => listener(payload);
    ipcRenderer.on('tapedeck:event', handler);
    return () => ipcRenderer.removeListener('tapedeck:event', handler);
  },
  mediaBase: () => ipcRenderer.invoke('tapedeck:media-base') as Promise<{ url: string; token: string }>,
};

contextBridge.exposeInMainWorld('tapedeck', bridge);
