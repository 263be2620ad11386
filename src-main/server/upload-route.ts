// POST /api/upload?name=<file name>: a playlist or guide a browser picked, stored in the import
// folder (the only local files a browser may import) under a cleaned, unused name. Answers
// { ok: true, result: { path, bytes } }; the UI then adds `path` as the location.
import { promises as fs, type WriteStream } from 'node:fs';
import type { IncomingMessage } from 'node:http';
import path from 'node:path';
import { sanitizeName } from '../core/library/naming';

/** Bytes read and dropped after the limit, so a client still sending sees the 413 and not a reset. */
const MAX_DISCARD = 16 * 1024 * 1024;

export type UploadOutcome = { stored: { path: string; bytes: number } } | { tooLarge: true };

export async function receiveUpload(
  req: IncomingMessage,
  importDir: string,
  requestedName: string,
  maxBytes: number,
): Promise<UploadOutcome> {
  const declared = Number(req.headers['content-length']);
  // Nothing read yet: Node drops the unread body after the answer and keeps the connection.
  if (Number.isFinite(declared) && declared > maxBytes) return { tooLarge: true };
  await fs.mkdir(importDir, { recursive: true });
  const { file, out } = await createUnique(importDir, sanitizeName(requestedName, 'upload'));
  try {
    const bytes = await copyBody(req, out, maxBytes);
    if (bytes === null) {
      await fs.rm(file, { force: true });
      return { tooLarge: true };
    }
    return { stored: { path: file, bytes } };
  } catch (error) {
    out.destroy();
    await fs.rm(file, { force: true });
    throw error;
  }
}

/** Opens `<dir>/<name>`, or `<name> (2)`, `(3)`... before the extension: never over an existing file. */
async function createUnique(dir: string, name: string): Promise<{ file: string; out: WriteStream }> {
  const ext = path.extname(name);
  const stem = name.slice(0, name.length - ext.length) || 'upload';
  for (let n = 1; ; n++) {
    const file = path.join(dir, n === 1 ? name : `${stem} (${n})${ext}`);
    try {
      const handle = await fs.open(file, 'wx', 0o600);
      return { file, out: handle.createWriteStream() };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n >= 1000) throw error;
    }
  }
}

/** Writes the body to `out` (with backpressure); null once it passes maxBytes. */
function copyBody(req: IncomingMessage, out: WriteStream, maxBytes: number): Promise<number | null> {
  return new Promise((resolve, reject) => {
    let bytes = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (over) {
        if (bytes > maxBytes + MAX_DISCARD) req.destroy();
        return;
      }
      if (bytes > maxBytes) {
        over = true;
        out.destroy();
        resolve(null);
        return;
      }
      if (!out.write(chunk)) {
        req.pause();
        out.once('drain', () => req.resume());
      }
    });
    req.on('end', () => {
      if (!over) out.end(() => resolve(bytes));
    });
    req.on('close', () => {
      if (!req.complete && !over) reject(new Error('the upload broke off'));
    });
    req.on('error', reject);
    out.on('error', reject);
  });
}
