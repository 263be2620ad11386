// A local S3-compatible server for the upload tests: s3rver (files in a temporary folder, its default
// S3RVER/S3RVER credentials) on 127.0.0.1. It can be started on a port chosen in advance, so a test can
// point Tapedeck at it while nothing listens yet (the failure) and start it later (the retry).
import { createRequire } from 'node:module';
import net from 'node:net';
import { tempDir } from './temp-dvr';

interface S3rverInstance {
  run(): Promise<{ port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: Record<string, unknown>) => S3rverInstance;
// s3rver ships no types: its constructor and the two methods used here, as its README documents them.
const S3rver = createRequire(__filename)('s3rver') as S3rverClass;

export const S3_TEST_CREDENTIALS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

/** A port that was free a moment ago (nothing listens on it until `start`). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export class S3TestServer {
  private server: S3rverInstance | null = null;
  readonly directory = tempDir('tapedeck-s3rver-');

  constructor(
    readonly port: number,
    readonly buckets: readonly string[],
  ) {}

  get endpoint(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.server) return;
    const server = new S3rver({
      address: '127.0.0.1',
      port: this.port,
      silent: true,
      directory: this.directory,
      configureBuckets: this.buckets.map((name) => ({ name })),
    });
    await server.run();
    this.server = server;
  }

  async stop(): Promise<void> {
    const server = this.server;
    this.server = null;
    await server?.close();
  }
}
