// Which playlist and guide locations a caller may name. URLs are for anyone; a local file only for a
// trusted caller (the desktop window, the CLI) or from the import folder. Without this, a page holding
// the token could make the server read any file the user can (SSH keys, the token file itself) and
// learn about it from the import's errors and problem lines.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TapedeckError } from '../../../src-shared/contract';
import { filePathOf, isHttpLocation } from '../import/open-input';
import type { Caller } from './handlers';
import { isInside } from '../library/naming';

/** Whether `caller` may import from `location` (a URL, a file:// URL or an absolute path). */
export async function importLocationAllowed(location: string, caller: Caller | undefined): Promise<boolean> {
  if (!caller || caller.trustedPaths || isHttpLocation(location)) return true;
  let file: string;
  try {
    file = path.resolve(filePathOf(location));
  } catch {
    return false; // a file:// URL with a host, or otherwise not a local path
  }
  const root = path.resolve(caller.importDir);
  // Checked on the name first, so a refusal says nothing about whether the file exists.
  if (!isInside(root, file)) return false;
  // Then on the real paths: a link in the folder must not lead out of it. The folder itself may be a
  // link (on macOS /tmp is), so its real path is the one to compare with.
  await fs.mkdir(root, { recursive: true });
  const realRoot = await fs.realpath(root);
  const real = await fs.realpath(file).catch(() => null);
  // A file that does not exist fails the import with "file not found" about a path in the folder.
  return real === null || isInside(realRoot, real);
}

export async function assertImportLocation(location: string, caller: Caller | undefined): Promise<void> {
  if (await importLocationAllowed(location, caller)) return;
  const folder = caller && !caller.trustedPaths ? caller.importDir : 'the import folder';
  throw new TapedeckError(
    'invalid_input',
    `from a browser, playlists and guides on this computer must be in ${folder} or uploaded`,
  );
}
