// `tapedeck serve`: the core plus the HTTP/WebSocket host, until SIGINT/SIGTERM.
import path from 'node:path';
import { Dvr } from '../core/dvr';
import { startHttpServer } from './http-server';
import { loadOrCreateToken, writeInstanceFile } from './instance-file';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  /** Folder of the built app (dist/): migrations and renderer live under it. */
  appDir: string;
  log: (line: string) => void;
}

export async function serve(options: ServeOptions): Promise<{ url: string; stop: () => Promise<void> }> {
  const dvr = await Dvr.open({
    dataDir: options.dataDir,
    migrationsFolder: path.join(options.appDir, 'migrations'),
    host: 'tapedeck serve',
  });
  const token = loadOrCreateToken(options.dataDir);
  let server;
  try {
    server = await startHttpServer({
      dvr,
      host: options.host,
      port: options.port,
      token,
      rendererDir: path.join(options.appDir, 'renderer'),
    });
  } catch (error) {
    await dvr.shutdown();
    throw error;
  }
  const removeInstanceFile = writeInstanceFile(options.dataDir, { url: server.url, token, pid: process.pid });
  const url = `${server.url}/#token=${token}`;
  options.log(url);
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      removeInstanceFile();
      await server.close();
      await dvr.shutdown();
    })());
  return { url, stop };
}
