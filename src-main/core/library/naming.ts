// Builds file names and paths for recordings from untrusted titles, always inside the recordings root.
import { promises as fs } from 'node:fs';
import path from 'node:path';

// Windows device names, with or without an extension: CON, CON.txt, COM1, LPT¹ (superscript digits
// count too), CONIN$ and CONOUT$.
const WINDOWS_RESERVED =
  /^(con|prn|aux|nul|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])(\..*)?$/i;
const MAX_NAME_BYTES = 120;
const segmenter = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

/**
 * Turns an arbitrary title into one safe path component (never empty, never "." or ".."), valid on
 * Linux, macOS and Windows: no separators, reserved or control characters, no bidi controls, no leading
 * dot, no trailing dot or space, no device name, and at most 120 bytes of UTF-8 cut between whole
 * characters (an emoji or an accented letter is never split).
 */
export function sanitizeName(raw: string, fallback = 'Recording'): string {
  let name = raw
    // a lone surrogate is no character at all (and no file system takes it)
    .replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, '')
    .normalize('NFC')
    // control characters (C0, C1), line separators and characters illegal or special on some file system
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    .replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029<>:"/\\|?*]/g, ' ')
    // bidi overrides, isolates and marks: they make a name display as something it is not; BOMs and
    // noncharacters show as nothing or as boxes
    .replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\ufeff\ufffe\uffff]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
    // leading dots hide files or climb directories; trailing dots and spaces break Windows
    .replace(/^[.\s]+/, '')
    .replace(/[.\s]+$/, '');
  if (WINDOWS_RESERVED.test(name)) name = `_${name}`;
  name = truncateUtf8(name, MAX_NAME_BYTES).replace(/[. ]+$/, '');
  return name || fallback;
}

/** The longest prefix of whole graphemes (emoji sequences, letters with their accents) within maxBytes. */
function truncateUtf8(value: string, maxBytes: number): string {
  if (Buffer.byteLength(value) <= maxBytes) return value;
  let out = '';
  let bytes = 0;
  for (const { segment } of segmenter.segment(value)) {
    const size = Buffer.byteLength(segment);
    if (bytes + size > maxBytes) break;
    out += segment;
    bytes += size;
  }
  return out;
}

/** How two names compare on a case-insensitive file system (Windows, macOS): same letters, any case. */
export function nameKey(name: string): string {
  return name.normalize('NFC').toLowerCase();
}

/** Whether `target` lies strictly inside `root` (not `root` itself), as paths, links not resolved. */
export function isInside(root: string, target: string): boolean {
  const relative = path.relative(path.resolve(root), path.resolve(target));
  return (
    relative !== '' &&
    relative !== '..' &&
    !relative.startsWith(`..${path.sep}`) &&
    !path.isAbsolute(relative)
  );
}

/** rmdir up the tree from `dir` while the folder is empty and strictly inside `root` (never `root`). */
export async function removeEmptyParents(root: string, dir: string): Promise<void> {
  const base = path.resolve(root);
  let current = path.resolve(dir);
  for (;;) {
    if (!isInside(base, current)) return;
    try {
      // rmdir refuses a folder that is not empty (another episode, a file the user put there).
      await fs.rmdir(current);
    } catch {
      return;
    }
    current = path.dirname(current);
  }
}

/** Resolves `parts` under `root` and refuses anything that would land outside it. */
export function safeJoin(root: string, ...parts: string[]): string {
  const target = path.resolve(root, ...parts);
  if (!isInside(root, target)) throw new Error(`refusing a path outside the recordings folder: ${target}`);
  return target;
}

/**
 * Creates `dir` (a path under `root`) one folder at a time, checking each with every symbolic link
 * resolved: a link planted in the recordings folder must not send a recording somewhere else, nor make
 * Tapedeck create so much as an empty folder ("Season 01") at the place it points to.
 */
export async function ensureDirInside(root: string, dir: string): Promise<void> {
  const base = path.resolve(root);
  const relative = path.relative(base, safeJoin(root, path.relative(root, dir)));
  await fs.mkdir(base, { recursive: true });
  const realRoot = await fs.realpath(base);
  let current = base;
  for (const part of relative.split(path.sep)) {
    current = path.join(current, part);
    await fs.mkdir(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code !== 'EEXIST') throw error;
    });
    const real = await fs.realpath(current);
    const inside = path.relative(realRoot, real);
    if (inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside)) {
      throw new Error(
        `refusing to write outside the recordings folder: ${path.relative(base, current)} is a link to ${real}`,
      );
    }
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

/**
 * The folders of `parts` under `root`, each one reusing a folder that already exists under another case
 * ("DOCTOR WHO" goes into "Doctor Who"): on a case-insensitive file system they are one folder anyway,
 * and on Linux a media server would otherwise show the show twice.
 */
export async function caseFoldedDir(root: string, parts: readonly string[]): Promise<string> {
  let dir = path.resolve(root);
  for (const part of parts) {
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    const same = entries.find((e) => e.isDirectory() && nameKey(e.name) === nameKey(part));
    dir = safeJoin(root, path.relative(root, dir), same ? same.name : part);
  }
  return dir;
}

/**
 * Claims a free file name for `wanted`: the name itself, else "name (2).ext", "name (3).ext"... A name
 * is taken when any file in the folder has it in any case (two files differing only in case are one file
 * on Windows and macOS). The claim is an empty file created exclusively (O_EXCL), so two finalizes,
 * even in two processes sharing the folder, never pick the same name; the caller renames the real file
 * over it, or releases it (releaseClaim).
 */
export async function claimFreePath(wanted: string): Promise<string> {
  const dir = path.dirname(wanted);
  const ext = path.extname(wanted);
  const stem = path.basename(wanted, ext);
  const taken = new Set((await fs.readdir(dir).catch(() => [] as string[])).map(nameKey));
  for (let n = 1; n < 1000; n++) {
    const name = n === 1 ? `${stem}${ext}` : `${stem} (${n})${ext}`;
    if (taken.has(nameKey(name))) continue;
    const candidate = path.join(dir, name);
    const claimed = await fs.open(candidate, 'wx').then(
      async (handle) => (await handle.close(), true),
      (error: NodeJS.ErrnoException) => {
        if (error.code === 'EEXIST') return false;
        throw error;
      },
    );
    if (claimed) return candidate;
  }
  throw new Error(`no free file name for ${wanted}`);
}

/** Removes a claim that never received its file (an empty file): a finished file is never touched. */
export async function releaseClaim(file: string): Promise<void> {
  const stat = await fs.stat(file).catch(() => null);
  if (stat?.isFile() && stat.size === 0) await fs.rm(file, { force: true });
}
