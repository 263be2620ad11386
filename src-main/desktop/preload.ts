// Runs in the sandboxed renderer before the page. Exposes one named function per contract command,
// an event subscription and a route subscription — never ipcRenderer itself, never the raw
// IpcRendererEvent. (Sandboxed preloads cannot require our other modules: the channel names are
// repeated from ipc.ts.)
import { contextBridge, ipcRenderer } from 'electron';
import { COMMAND_NAMES, type CommandOutcome, type TapedeckEvent } from '../../src-shared/contract';
import type { PreloadBridge } from '../../src-shared/bridge';

const commands: Record<string, (input: unknown) => Promise<unknown>> = {};
for (const name of COMMAND_NAMES) {
  commands[name] = (input: unknown) => ipcRenderer.invoke(`tapedeck:call:${name}`, input);
}

// A route main sends before the page subscribed (a notification clicked while the window was closed)
// waits here for the first subscriber.
let pendingRoute: string | null = null;
const routeListeners = new Set<(path: string) => void>();
ipcRenderer.on('tapedeck:navigate', (_event: unknown, route: unknown) => {
  if (typeof route !== 'string' || !route.startsWith('/')) return;
  if (routeListeners.size === 0) pendingRoute = route;
  for (const listener of routeListeners) listener(route);
});

const bridge: PreloadBridge = {
  commands,
  onEvent(listener: (event: TapedeckEvent) => void) {
    const handler = (_event: unknown, payload: TapedeckEvent) => listener(payload);
    ipcRenderer.on('tapedeck:event', handler);
    return () => ipcRenderer.removeListener('tapedeck:event', handler);
  },
  async mediaBase() {
    const outcome = (await ipcRenderer.invoke('tapedeck:media-base')) as CommandOutcome<{
      url: string;
      token: string;
    }>;
    if (!outcome.ok) throw new Error(outcome.error.message);
    return outcome.result;
  },
  onNavigate(listener: (path: string) => void) {
    routeListeners.add(listener);
    if (pendingRoute !== null) {
      const route = pendingRoute;
      pendingRoute = null;
      listener(route);
    }
    return () => routeListeners.delete(listener);
  },
};

contextBridge.exposeInMainWorld('tapedeck', bridge);
