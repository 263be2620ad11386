// `tapedeck serve`: the core plus the HTTP/WebSocket host, until SIGINT/SIGTERM. Without a desktop,
// the notifications the core raises go to the log (one line each) and, when set, to the webhook.
import { isIP } from 'node:net';
import path from 'node:path';
import type { AppNotification } from '../../src-shared/contract-system';
import { Dvr } from '../core/dvr';
import { WebhookSender } from '../core/notify/webhook';
import { terminalSafe } from './cli-context';
import { startHttpServer } from './http-server';
import { loadOrCreateToken, writeInstanceFile } from './instance-file';

export interface ServeOptions {
  dataDir: string;
  host: string;
  port: number;
  /** Folder of the built app (dist/): migrations and renderer live under it. */
  appDir: string;
  /** The URL (first line), then one line per notification and webhook delivery problem. */
  log: (line: string) => void;
  /** Warnings about the setup (a host that is not loopback); default: log. */
  warn?: (line: string) => void;
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
  for (const line of exposureWarnings(options.host, server.port)) (options.warn ?? options.log)(line);
  const unlog = dvr.bus.subscribe((event) => {
    if (event.name === 'notification') options.log(notificationLine(event.payload as AppNotification));
  });
  const webhook = new WebhookSender({
    subscribe: (listener) => dvr.bus.subscribe(listener),
    url: () => dvr.settings.all().webhookUrl,
    log: (line) => options.log(terminalSafe(line)),
  });
  webhook.start();
  let stopping: Promise<void> | null = null;
  const stop = () =>
    (stopping ??= (async () => {
      removeInstanceFile();
      webhook.stop();
      unlog();
      await server.close();
      await dvr.shutdown();
    })());
  return { url, stop };
}

/** One line a log keeps: "notification failed: Recording failed: News: HTTP error 404 (/recordings/12)". */
export function notificationLine(n: AppNotification): string {
  // Titles and reasons come from guides and playlists: no control sequences reach the terminal or log.
  return terminalSafe(`notification ${n.kind}: ${n.title}: ${n.body} (${n.link})`);
}

/** Loopback addresses: only this machine can connect, and the Host and Origin checks stand. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, '').toLowerCase();
  if (bare === 'localhost') return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || /^::ffff:127\./.test(bare);
}

/** What binding to a non-loopback address opens up, said once at start. */
export function exposureWarnings(host: string, port: number): string[] {
  if (isLoopbackHost(host)) return [];
  const lines = [
    `warning: --host ${host} is not a loopback address: any machine that reaches port ${port} can try the token, ` +
      'and the token, the UI and recordings travel as plain HTTP. Put a TLS reverse proxy in front ' +
      '(docs/headless.md) or bind 127.0.0.1.',
  ];
  if (host === '0.0.0.0' || host === '::' || host === '[::]') {
    lines.push(
      'warning: bound to every interface, the Host and Origin checks are off (any host name reaches the API); only the token guards it.',
    );
  }
  return lines;
}
