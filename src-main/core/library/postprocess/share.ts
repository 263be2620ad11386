// A recordings folder on a network share (NFS, SMB, sshfs...). Writing live to a share is the fragile
// part: a share that goes away under ffmpeg takes the open segment with it. So segments go to local
// scratch in the data folder when the recordings folder is a network file system (or always, by
// setting), and a finished recording whose share does not answer is finished into scratch too; the
// `move` job brings it over when the share answers again.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { claimFreePath, ensureDirInside, releaseClaim, removeEmptyParents } from '../naming';

/** statfs f_type of network and remote file systems (Linux magic numbers, linux/magic.h). */
const NETWORK_FS_TYPES = new Map<number, string>([
  [0x6969, 'nfs'],
  [0x517b, 'smb'],
  [0xff534d42, 'cifs'],
  [0xfe534d42, 'smb2'],
  [0x65735546, 'fuse'], // sshfs, rclone mount, s3fs...
  [0x01021997, '9p'],
  [0x5346414f, 'afs'],
  [0x00c36400, 'ceph'],
  [0x73757245, 'coda'],
  [0x564c, 'ncp'],
  [0x01161970, 'gfs2'],
  [0x7461636f, 'ocfs2'],
  [0x47504653, 'gpfs'],
  [0x0bd00bd0, 'lustre'],
]);

/** The network file system a statfs type names, or null for a local one. */
export function networkFsName(type: number): string | null {
  return NETWORK_FS_TYPES.get(type >>> 0) ?? null;
}

/** Errors that mean "the share is not there" rather than "this file is wrong". */
const SHARE_GONE = new Set(['ENOENT', 'EIO', 'ENOTCONN', 'ESTALE', 'EHOSTDOWN', 'EHOSTUNREACH', 'ETIMEDOUT']);

export function isShareGone(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code !== undefined && (SHARE_GONE.has(code) || code === 'EROFS' || code === 'EACCES');
}

/** A hung NFS mount can block a stat for minutes: a check that takes longer than this is "no". */
const CHECK_TIMEOUT_MS = 5_000;

export interface ShareCheck {
  answers: boolean;
  network: boolean;
  /** Why it does not answer (ENOENT, EIO, a timeout...). */
  reason: string | null;
}

export type ScratchMode = 'auto' | 'always' | 'never';

export class Share {
  private last: ShareCheck = { answers: true, network: false, reason: null };

  constructor(
    private readonly recordingsDir: () => string,
    readonly scratchDir: string,
    private readonly mode: () => ScratchMode,
  ) {}

  /** Where finished recordings wait for the share. */
  get finishedDir(): string {
    return path.join(this.scratchDir, 'finished');
  }

  lastCheck(): ShareCheck {
    return this.last;
  }

  /**
   * Does the recordings folder answer: it exists (it is never re-created here: a share that is not
   * mounted must not turn into an empty local folder under its mount point), is a folder, takes a file.
   */
  async check(): Promise<ShareCheck> {
    const root = this.recordingsDir();
    const probe = async (): Promise<ShareCheck> => {
      const stat = await fs.stat(root);
      if (!stat.isDirectory()) return { answers: false, network: false, reason: 'not a folder' };
      const type = await fs.statfs(root).then(
        (s) => s.type,
        () => 0,
      );
      const marker = path.join(root, `.tapedeck-check-${process.pid}`);
      await fs.writeFile(marker, '');
      await fs.rm(marker, { force: true });
      return { answers: true, network: networkFsName(type) !== null, reason: null };
    };
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<ShareCheck>((resolve) => {
      timer = setTimeout(
        () => resolve({ answers: false, network: true, reason: `no answer in ${CHECK_TIMEOUT_MS / 1000} s` }),
        CHECK_TIMEOUT_MS,
      );
    });
    const result = await Promise.race([
      probe().catch((error: NodeJS.ErrnoException): ShareCheck => ({
        answers: false,
        network: this.last.network,
        reason: error.code ?? error.message,
      })),
      timeout,
    ]);
    clearTimeout(timer);
    this.last = result;
    return result;
  }

  /** The root under which a capture writes its next segment: scratch or the recordings folder. */
  async segmentRoot(): Promise<string> {
    const mode = this.mode();
    if (mode === 'always') return this.scratchDir;
    const check = await this.check();
    if (mode === 'never') return this.recordingsDir();
    return check.answers && !check.network ? this.recordingsDir() : this.scratchDir;
  }

  /** Where a finished file goes now: the recordings folder, or scratch while the share is away. */
  async outputRoot(): Promise<string> {
    if (this.mode() === 'never') return this.recordingsDir();
    return (await this.check()).answers ? this.recordingsDir() : this.finishedDir;
  }

  /** Is this finished file waiting in scratch? */
  isWaiting(file: string | null): boolean {
    if (!file) return false;
    const relative = path.relative(this.finishedDir, file);
    return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  }

  /**
   * Moves a finished file (and the sidecars beside it that share its name: the EDL) from scratch to the
   * same place under the recordings folder. Copies to a temporary name, checks the size, renames, and
   * only then removes the scratch copy. Throws (the job retries) while the share does not answer.
   */
  async moveToShare(file: string): Promise<{ path: string; moved: string[] }> {
    const check = await this.check();
    if (!check.answers) throw new ShareAwayError(check.reason ?? 'the recordings folder does not answer');
    const relative = path.relative(this.finishedDir, file);
    const root = this.recordingsDir();
    const wanted = path.join(root, relative);
    await ensureDirInside(root, path.dirname(wanted));
    const stem = path.basename(file, path.extname(file));
    const siblings = (await fs.readdir(path.dirname(file))).filter(
      (name) => name !== path.basename(file) && name.startsWith(`${stem}.`),
    );
    // Never overwrites what is on the share; "X (2).ts" for a name taken in any letter case (shares are
    // often case-insensitive). The empty claim is replaced by the copy, or released if it fails.
    const target = await claimFreePath(wanted);
    const targetStem = path.basename(target, path.extname(target));
    const moved: string[] = [];
    try {
      for (const [from, to] of [
        [file, target] as const,
        ...siblings.map(
          (name) =>
            [
              path.join(path.dirname(file), name),
              path.join(path.dirname(target), targetStem + name.slice(stem.length)),
            ] as const,
        ),
      ]) {
        await copyVerified(from, to);
        moved.push(to);
      }
    } catch (error) {
      await releaseClaim(target).catch(() => undefined);
      throw error;
    }
    for (const from of [file, ...siblings.map((name) => path.join(path.dirname(file), name))]) {
      await fs.rm(from, { force: true });
    }
    await removeEmptyParents(this.finishedDir, path.dirname(file));
    return { path: target, moved };
  }
}

export class ShareAwayError extends Error {}

/** Copy through a temporary name (a rename on the same disk when possible), size checked. */
async function copyVerified(from: string, to: string): Promise<void> {
  const partial = `${to}.partial`;
  try {
    await fs.copyFile(from, partial);
    const [a, b] = await Promise.all([fs.stat(from), fs.stat(partial)]);
    if (a.size !== b.size) throw new Error(`copied ${b.size} of ${a.size} bytes to ${to}`);
    await fs.rename(partial, to);
  } catch (error) {
    await fs.rm(partial, { force: true }).catch(() => undefined);
    throw error;
  }
}
