// What a launch asks for, from its arguments: tapedeck:// links (open the app there) and playlist or
// guide files opened with the app (add them). Used for the first launch, for a second launch handed
// over by the single-instance lock, and for macOS's open-url / open-file events.
import path from 'node:path';
import { safeAppLink } from './window';

export const LINK_SCHEME = 'tapedeck';

export interface LaunchFile {
  path: string;
  kind: 'playlist' | 'guide';
}

export interface LaunchRequest {
  routes: string[];
  files: LaunchFile[];
}

const PLAYLIST = /\.m3u8?$/i;
const GUIDE = /\.(?:xml|xmltv)(?:\.gz)?$/i;

export function fileKind(file: string): LaunchFile['kind'] | null {
  if (PLAYLIST.test(file)) return 'playlist';
  if (GUIDE.test(file)) return 'guide';
  return null;
}

/**
 * tapedeck://recordings/12 (or tapedeck:///recordings/12) -> "/recordings/12"; tapedeck://open -> "/".
 * Anything that is not a plain route of the app is null.
 */
export function routeFromLink(link: string): string | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== `${LINK_SCHEME}:` || url.username || url.password || url.port) return null;
  const host = url.hostname === 'open' ? '' : url.hostname;
  const route = `/${[host, ...url.pathname.split('/')].filter(Boolean).join('/')}${url.search}`;
  return safeAppLink(route);
}

/** Links and files in an argument list (Chromium's own switches and our flags are skipped). */
export function parseLaunchArgs(argv: readonly string[], cwd: string): LaunchRequest {
  const request: LaunchRequest = { routes: [], files: [] };
  for (const arg of argv) {
    if (arg.toLowerCase().startsWith(`${LINK_SCHEME}:`)) {
      const route = routeFromLink(arg);
      if (route) request.routes.push(route);
      continue;
    }
    if (arg.startsWith('-')) continue;
    const kind = fileKind(arg);
    if (kind) request.files.push({ path: path.resolve(cwd, arg), kind });
  }
  return request;
}
