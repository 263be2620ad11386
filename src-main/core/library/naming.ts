// Builds file names and paths for recordings from untrusted titles, always inside the recordings root.
import { promises as fs } from 'node:fs';
import path from 'node:path';

const WINDOWS_RESERVED = /^(con|prn|aux|nul|com[0-9]|lpt[0-9])(\..*)?$/i;
const MAX_NAME_BYTES = 120;

/** Turns an arbitrary title into one safe path component (never empty, never "." or ".."). */
export function sanitizeName(raw: string, fallback = 'Recording'): string {
  let name = raw
    .normalize('NFC')
    // control characters (C0, C1) and characters that are illegal or special on some file system
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f<>:"/\\|?*]/g, ' ')
    // bidi overrides, isolates and marks: they make a name display as something it is not
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    // leading dots hide files or climb directories; trailing dots and spaces break Windows
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  name = truncateUtf8(name, MAX_NAME_BYTES).replace(/[. ]+$/, '');
  return name || fallback;
}

function truncateUtf8(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value) <= maxBytes) return value;
  let out = '';
  for (const char of value) {
    if (Buffer.byteLength(out + char) > maxBytes) break;
    out += char;
  }
  return out;
}

/** Resolves `parts` under `root` and refuses anything that would land outside it. */
export function safeJoin(root: string, ...parts: string[]): string {
  const base = path.resolve(root);
  const target = path.resolve(base, ...parts);
  const relative = path.relative(base, target);
  if (
    relative === '' ||
    relative === '..' ||
    relative.startsWith(`..${path.sep}`) ||
    path.isAbsolute(relative)
  ) {
    throw new Error(`refusing a path outside the recordings folder: ${target}`);
  }
  return target;
}

/**
 * Creates `dir` (a path under `root`) and checks that, with every symbolic link resolved, it is still
 * inside `root`: a link planted in the recordings folder must not send a recording somewhere else.
 */
export async function ensureDirInside(root: string, dir: string): Promise<void> {
  safeJoin(root, path.relative(root, dir));
  await fs.mkdir(dir, { recursive: true });
  const [realRoot, realDir] = await Promise.all([fs.realpath(root), fs.realpath(dir)]);
  const relative = path.relative(realRoot, realDir);
  if (relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
    throw new Error(
      `refusing to write outside the recordings folder: ${path.relative(root, dir)} is a link to ${realDir}`,
    );
  }
}

function stamp(at: number): string {
  const d = new Date(at);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}.${pad(d.getMinutes())}`;
}

/**
 * `<root>/<Title>/<Title> (YYYY-MM-DD HH.mm).<ext>` in local time, the shape media servers
 * (Plex, Jellyfin, Kodi) recognise as a dated recording of a show.
 */
export function recordingFilePath(root: string, title: string, startAt: number, ext: string): string {
  const name = sanitizeName(title);
  return safeJoin(root, name, `${name} (${stamp(startAt)}).${ext}`);
}

/** Where a recording's raw segments live while it records: same file system as the final file. */
export function segmentDir(root: string, recordingId: number): string {
  return safeJoin(root, '.tapedeck-segments', String(recordingId));
}

export function segmentFileName(index: number): string {
  return `segment-${String(index).padStart(4, '0')}.ts`;
}
