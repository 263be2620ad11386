// Opens a playlist or guide location (file path, file:// URL, http(s) URL) as a stream of bytes, with
// the bounds an import needs: a cap on the bytes read (Node's fetch inflates Content-Encoding: gzip by
// itself, so a bomb would otherwise go unmetered), a timeout for the response to start, an idle timeout
// between chunks, and abort on shutdown. Errors come out as ImportError with a sentence a user can act on.
import { createReadStream, promises as fs } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ImportError } from './import-error';
import { redactUrl } from '../redact';

export interface OpenOptions {
  signal?: AbortSignal;
  /** Bytes after which reading stops with an error (after decompression by fetch). */
  maxBytes: number;
  /** Read size for files (default 256 KiB: fewer, larger chunks are much cheaper to read and decode). */
  chunkSize?: number;
  /**
   * Files only: read every chunk into the same buffer, so reading a big file makes no garbage. Each
   * chunk is then valid only until the next one is asked for: for consumers that decode or copy what
   * they keep before asking (the M3U passes). Gzip files ignore it (zlib keeps input chunks queued).
   */
  reuseBuffer?: boolean;
  /** Called as bytes arrive (not throttled: the caller throttles). */
  onBytes?: (done: number, total: number | null) => void;
  /** How long to wait for the response headers. */
  connectTimeoutMs?: number;
  /** How long a transfer may stall between two chunks. */
  idleTimeoutMs?: number;
  headers?: Record<string, string>;
}

export interface OpenedInput {
  chunks: AsyncIterable<Uint8Array>;
  /** File size or Content-Length, when known. */
  size: number | null;
  /** The location with any password masked, for messages. */
  shown: string;
  /** Releases the input when it will not be read to the end (an HTTP body would stay open). */
  cancel: () => void;
}

const USER_AGENT = 'Tapedeck/0.1 (+IPTV DVR)';

export function isHttpLocation(location: string): boolean {
  return /^https?:\/\//i.test(location);
}

export function filePathOf(location: string): string {
  return /^file:\/\//i.test(location) ? fileURLToPath(location) : location;
}

export async function openInput(location: string, options: OpenOptions): Promise<OpenedInput> {
  return isHttpLocation(location) ? openHttp(location, options) : openFile(filePathOf(location), options);
}

async function openFile(file: string, options: OpenOptions): Promise<OpenedInput> {
  let size: number;
  try {
    const stat = await fs.stat(file);
    if (!stat.isFile()) throw new ImportError('invalid_input', `${file} is not a file`);
    size = stat.size;
  } catch (error) {
    if (error instanceof ImportError) throw error;
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new ImportError('not_found', `file not found: ${file}`);
    if (code === 'EACCES') throw new ImportError('unavailable', `no permission to read ${file}`);
    throw new ImportError('unavailable', `cannot read ${file}: ${(error as Error).message}`);
  }
  const chunkSize = options.chunkSize ?? 256 * 1024;
  if (options.reuseBuffer && !(await isGzipFile(file))) {
    return {
      chunks: reusedChunks(file, chunkSize, options, size),
      size,
      shown: file,
      cancel: () => undefined,
    };
  }
  async function* chunks(): AsyncGenerator<Uint8Array> {
    const stream = createReadStream(file, { highWaterMark: chunkSize, signal: options.signal });
    let done = 0;
    try {
      for await (const chunk of stream as AsyncIterable<Buffer>) {
        done += chunk.length;
        if (done > options.maxBytes) throw tooBig(file, options.maxBytes);
        options.onBytes?.(done, size);
        yield chunk;
      }
    } catch (error) {
      throw asInputError(error, file);
    } finally {
      stream.destroy();
    }
  }
  return { chunks: chunks(), size, shown: file, cancel: () => undefined };
}

async function isGzipFile(file: string): Promise<boolean> {
  const handle = await fs.open(file, 'r');
  try {
    const head = Buffer.alloc(2);
    const { bytesRead } = await handle.read(head, 0, 2, 0);
    return bytesRead === 2 && head[0] === 0x1f && head[1] === 0x8b;
  } finally {
    await handle.close();
  }
}

async function* reusedChunks(
  file: string,
  chunkSize: number,
  options: OpenOptions,
  size: number,
): AsyncGenerator<Uint8Array> {
  const handle = await fs.open(file, 'r');
  const buffer = Buffer.allocUnsafe(chunkSize);
  let done = 0;
  try {
    for (;;) {
      if (options.signal?.aborted) throw new ImportError('unavailable', 'the import was stopped');
      const { bytesRead } = await handle.read(buffer, 0, chunkSize, null);
      if (bytesRead === 0) return;
      done += bytesRead;
      if (done > options.maxBytes) throw tooBig(file, options.maxBytes);
      options.onBytes?.(done, size);
      yield buffer.subarray(0, bytesRead);
    }
  } catch (error) {
    throw asInputError(error, file);
  } finally {
    await handle.close();
  }
}

async function openHttp(url: string, options: OpenOptions): Promise<OpenedInput> {
  const shown = redactUrl(url);
  const controller = new AbortController();
  const onAbort = () => controller.abort(options.signal?.reason);
  if (options.signal?.aborted) throw new ImportError('unavailable', 'the import was stopped');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  let timedOut: 'connect' | 'idle' | null = null;
  let timer = setTimeout(() => {
    timedOut = 'connect';
    controller.abort();
  }, options.connectTimeoutMs ?? 30_000);
  const cleanup = () => {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  };
  let response: Response;
  try {
    response = await fetch(url, {
      signal: controller.signal,
      redirect: 'follow',
      headers: { 'User-Agent': USER_AGENT, Accept: '*/*', ...options.headers },
    });
  } catch (error) {
    cleanup();
    if (timedOut) throw new ImportError('unavailable', `${hostOf(url)} did not answer within the timeout`);
    if (options.signal?.aborted) throw new ImportError('unavailable', 'the import was stopped');
    throw new ImportError('unavailable', `cannot reach ${hostOf(url)}: ${networkReason(error)}`);
  }
  if (!response.ok) {
    cleanup();
    await response.body?.cancel().catch(() => undefined);
    throw new ImportError(
      response.status === 404 ? 'not_found' : 'unavailable',
      `${hostOf(url)} answered HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`,
    );
  }
  const length = Number(response.headers.get('content-length'));
  // Content-Length counts the encoded bytes; once fetch inflates gzip it is no total for us.
  const encoded = (response.headers.get('content-encoding') ?? 'identity') !== 'identity';
  const size = Number.isFinite(length) && length > 0 && !encoded ? length : null;
  const idleMs = options.idleTimeoutMs ?? 60_000;
  const body = response.body;
  async function* chunks(): AsyncGenerator<Uint8Array> {
    let done = 0;
    const armIdle = () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        timedOut = 'idle';
        controller.abort();
      }, idleMs);
    };
    try {
      if (!body) return;
      armIdle();
      for await (const chunk of body as AsyncIterable<Uint8Array>) {
        armIdle();
        done += chunk.length;
        if (done > options.maxBytes) throw tooBig(shown, options.maxBytes);
        options.onBytes?.(done, size);
        yield chunk;
      }
    } catch (error) {
      if (error instanceof ImportError) throw error;
      if (timedOut === 'idle') throw new ImportError('unavailable', `${hostOf(url)} stopped sending data`);
      if (options.signal?.aborted) throw new ImportError('unavailable', 'the import was stopped');
      throw new ImportError(
        'unavailable',
        `the download from ${hostOf(url)} broke off after ${done} bytes: ${networkReason(error)}`,
      );
    } finally {
      cleanup();
      controller.abort();
    }
  }
  return {
    chunks: chunks(),
    size,
    shown,
    cancel: () => {
      cleanup();
      controller.abort();
    },
  };
}

function tooBig(what: string, max: number): ImportError {
  return new ImportError(
    'invalid_input',
    `${what} is larger than ${Math.round(max / 1024 ** 2)} MiB (after decompression); stopped reading`,
  );
}

function asInputError(error: unknown, what: string): Error {
  if (error instanceof ImportError) return error;
  if ((error as Error).name === 'AbortError') return new ImportError('unavailable', 'the import was stopped');
  return new ImportError('unavailable', `cannot read ${what}: ${(error as Error).message}`);
}

export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return 'the server';
  }
}

/** The errno behind a fetch failure (ECONNREFUSED, ENOTFOUND...), else its innermost message. */
export function networkReason(error: unknown): string {
  let current: unknown = error;
  let message = error instanceof Error ? error.message : String(error);
  for (let depth = 0; depth < 4 && current; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.length) return code;
    if (current instanceof Error && current.message) message = current.message;
    current = (current as { cause?: unknown }).cause;
  }
  return message;
}
