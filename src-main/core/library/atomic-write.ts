// Sidecars are written whole or not at all: into a hidden temporary file in the same folder (a media
// server scanning the folder never sees half a file), then renamed over the target in one step.
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';

/** A temporary name beside `file`: hidden (leading dot), unique per process and call. */
export function tempBeside(file: string, ext = '.tmp'): string {
  return path.join(path.dirname(file), `.tapedeck-${process.pid}-${randomBytes(6).toString('hex')}${ext}`);
}

/** Writes `data` to `file` atomically (temp + rename); an existing file is replaced. */
export async function writeFileAtomic(file: string, data: string | Buffer): Promise<void> {
  const temp = tempBeside(file);
  try {
    await fs.writeFile(temp, data);
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}

/**
 * Writes `data` to `file` only if no file is there (tvshow.nfo: written once, never over the user's own).
 * The temp file is hard-linked to the name, which fails when it exists, so two writers cannot both win.
 * Returns false when the file was already there.
 */
export async function writeFileOnce(file: string, data: string | Buffer): Promise<boolean> {
  const temp = tempBeside(file);
  try {
    await fs.writeFile(temp, data);
    await fs.link(temp, file);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    // File systems without hard links (FAT, some network shares): exclusive create, then write.
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS' || code === 'EOPNOTSUPP') {
      return fs.writeFile(file, data, { flag: 'wx' }).then(
        () => true,
        (again: NodeJS.ErrnoException) => {
          if (again.code === 'EEXIST') return false;
          throw again;
        },
      );
    }
    throw error;
  } finally {
    await fs.rm(temp, { force: true });
  }
}

/** Moves a finished temporary file into place (the temp must be in the same folder). */
export async function replaceWith(temp: string, file: string): Promise<void> {
  try {
    await fs.rename(temp, file);
  } catch (error) {
    await fs.rm(temp, { force: true });
    throw error;
  }
}
