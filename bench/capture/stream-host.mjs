// Child process hosting the test stream server (tests/support/stream-server.ts, bundled by lib.mjs)
// for the capture benchmarks, driven over IPC, so its CPU is its own:
//   fork('stream-host.mjs', [streamServerBundle, testMediaBundle])
// Requests: { id, op, args } -> replies { id, ok, result | error }.
//
// Besides the server's own log ('connect' when a request is accepted, 'drop', 'refused', ...) this
// adds a 'first-byte' entry: the moment the server wrote the first body bytes of a 200 response
// (http.ServerResponse.prototype.write is wrapped before the server starts; the live routes send
// their body with res.write, so this sees every live connection; HLS/404 answers use res.end).
import http from 'node:http';
import { pathToFileURL } from 'node:url';

const [serverBundle, mediaBundle] = process.argv.slice(2);

let log = null;
const started = new WeakSet();
const write = http.ServerResponse.prototype.write;
http.ServerResponse.prototype.write = function (...args) {
  if (log && !started.has(this)) {
    started.add(this);
    if (this.statusCode === 200 && this.req) {
      let p = this.req.url ?? '?';
      try {
        p = new URL(p, 'http://127.0.0.1').pathname;
      } catch {
        /* keep the raw url */
      }
      log.push({ at: Date.now(), path: p, event: 'first-byte' });
    }
  }
  return write.apply(this, args);
};

const { startStreamServer } = await import(pathToFileURL(serverBundle).href);
const { ensureTestMedia } = await import(pathToFileURL(mediaBundle).href);
const server = await startStreamServer();
log = server.log;

const ops = {
  port: () => server.port,
  addLive: (p, behaviour) => server.addLive(p, behaviour),
  ready: () => server.ready(),
  cpu: () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1e6;
  },
  log: (from) => server.log.slice(from),
  media: (spec) => ensureTestMedia(spec),
  close: async () => {
    await server.close();
    setTimeout(() => process.exit(0), 50);
  },
};

process.on('message', async ({ id, op, args }) => {
  try {
    const result = await ops[op](...(args ?? []));
    process.send({ id, ok: true, result: result ?? null });
  } catch (error) {
    process.send({ id, ok: false, error: error instanceof Error ? error.message : String(error) });
  }
});
// The parent went away: do not linger serving nobody.
process.on('disconnect', () => {
  void server.close().finally(() => process.exit(0));
});
