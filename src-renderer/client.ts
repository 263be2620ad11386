// The contract-typed client with two transports: the desktop preload bridge, or a WebSocket to
// `tapedeck serve`. Components never know which one they have.
import type { PreloadBridge } from '../src-shared/bridge';
import type {
  CommandInput,
  CommandName,
  CommandOutcome,
  CommandResult,
  ContractClient,
  TapedeckEvent,
} from '../src-shared/contract';

export class ClientError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

/** Builds URLs on the loopback media server (recordings, logos), with the token. */
export interface MediaOrigin {
  /** `path` like `/media/logos/3`; the token is added as a query parameter. */
  url(path: string): string;
}

export interface AppClient extends ContractClient {
  /** A recording's media base URL with the token; `mediaPath` gives the file or playlist under it. */
  mediaUrl(id: number): Promise<string>;
  /** The media server's origin with the token. */
  media(): Promise<MediaOrigin>;
}

function mediaOrigin(base: string, token: string): MediaOrigin {
  return {
    url: (path) => `${base}${path}${path.includes('?') ? '&' : '?'}token=${encodeURIComponent(token)}`,
  };
}

/**
 * A URL under a recording's media base: `index.m3u8` (HLS) or `file.<ext>` (the finished file, with
 * range requests). Each ends in its media extension, which players built on ffmpeg insist on.
 */
export function mediaPath(base: string, leaf: 'index.m3u8' | `file.${string}`): string {
  const [path, query] = base.split('?');
  return `${path}/${leaf}${query ? `?${query}` : ''}`;
}

declare global {
  interface Window {
    tapedeck?: PreloadBridge;
  }
}

function unwrap<R>(outcome: CommandOutcome<R>): R {
  if (outcome.ok) return outcome.result;
  throw new ClientError(outcome.error.code, outcome.error.message);
}

export function ipcClient(bridge: PreloadBridge): AppClient {
  let base: Promise<{ url: string; token: string }> | null = null;
  return {
    async call<K extends CommandName>(name: K, input: CommandInput<K>) {
      const fn = bridge.commands[name];
      if (!fn) throw new ClientError('not_found', `unknown command ${name}`);
      return unwrap((await fn(input)) as CommandOutcome<CommandResult<K>>);
    },
    subscribe: (listener) => bridge.onEvent(listener),
    async mediaUrl(id) {
      base ??= bridge.mediaBase();
      const { url, token } = await base;
      return `${url}/media/recordings/${id}?token=${encodeURIComponent(token)}`;
    },
    async media() {
      base ??= bridge.mediaBase();
      const { url, token } = await base;
      return mediaOrigin(url, token);
    },
  };
}

export function wsClient(origin: string, token: string): AppClient {
  const listeners = new Set<(event: TapedeckEvent) => void>();
  const pending = new Map<number, { resolve: (value: unknown) => void; reject: (error: Error) => void }>();
  let nextId = 1;
  let socket: Promise<WebSocket> | null = null;

  const connect = (): Promise<WebSocket> =>
    (socket ??= new Promise((resolve, reject) => {
      const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/ws?token=${encodeURIComponent(token)}`);
      ws.onopen = () => resolve(ws);
      ws.onerror = () => reject(new ClientError('unavailable', 'cannot reach Tapedeck'));
      ws.onclose = () => {
        socket = null;
        for (const [, p] of pending) p.reject(new ClientError('unavailable', 'connection to Tapedeck lost'));
        pending.clear();
        // Reconnect so events keep flowing after a server restart.
        setTimeout(() => void connect().catch(() => undefined), 1000);
      };
      ws.onmessage = (message: MessageEvent<string>) => {
        const data = JSON.parse(message.data) as
          | { type: 'event'; event: TapedeckEvent }
          | ({ type: 'result'; id: number } & CommandOutcome<unknown>);
        if (data.type === 'event') for (const l of listeners) l(data.event);
        else {
          const p = pending.get(data.id);
          pending.delete(data.id);
          if (!p) return;
          if (data.ok) p.resolve(data.result);
          else p.reject(new ClientError(data.error.code, data.error.message));
        }
      };
    }));

  return {
    async call<K extends CommandName>(name: K, input: CommandInput<K>) {
      const ws = await connect();
      const id = nextId++;
      return new Promise<CommandResult<K>>((resolve, reject) => {
        pending.set(id, { resolve: (v) => resolve(v as CommandResult<K>), reject });
        ws.send(JSON.stringify({ id, name, input }));
      });
    },
    subscribe(listener) {
      listeners.add(listener);
      void connect().catch(() => undefined);
      return () => listeners.delete(listener);
    },
    mediaUrl: (id) => Promise.resolve(`${origin}/media/recordings/${id}?token=${encodeURIComponent(token)}`),
    media: () => Promise.resolve(mediaOrigin(origin, token)),
  };
}

/** Picks the transport: the preload bridge inside Electron, else the token from the URL fragment. */
export function createClient(): AppClient {
  if (window.tapedeck) return ipcClient(window.tapedeck);
  const fromHash = new URLSearchParams(window.location.hash.slice(1)).get('token');
  if (fromHash) {
    sessionStorage.setItem('tapedeck-token', fromHash);
    // Keep the token out of the address bar (and of screenshots and history).
    history.replaceState(null, '', window.location.pathname);
  }
  const token = fromHash ?? sessionStorage.getItem('tapedeck-token') ?? '';
  return wsClient(window.location.origin, token);
}
