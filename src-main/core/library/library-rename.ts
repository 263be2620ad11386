// Moves finished recordings to the names their templates give now, with their sidecars, when the user
// asks (`library.rename`): a template change by itself never moves a file (docs/library.md). Each file is
// moved on its own; one that cannot be moved is reported and left where it is, with its row unchanged.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import type { Recording } from '../../../src-shared/domain';
import type { RenameOutcome } from '../../../src-shared/domain-library';
import type { RecordingStore } from '../recordings/store';
import { libraryPath } from './library-path';
import {
  claimFreePath,
  ensureDirInside,
  isInside,
  nameKey,
  releaseClaim,
  removeEmptyParents,
} from './naming';
import { sidecarFiles, stemOf } from './sidecar-paths';
import type { NamingTemplates } from '../../../src-shared/settings-library';

export interface RenameDeps {
  root: string;
  store: RecordingStore;
  naming: NamingTemplates;
  zone: string;
  film: (recording: Recording) => boolean | undefined;
}

export async function renameRecording(deps: RenameDeps, recording: Recording): Promise<RenameOutcome> {
  const from = recording.outputPath;
  const base = { id: recording.id, title: recording.title, from, to: null, sidecars: 0 };
  if (!from || recording.status !== 'completed')
    return { ...base, state: 'skipped', detail: 'not a finished recording' };
  if (!isInside(deps.root, from))
    return { ...base, state: 'skipped', detail: 'outside the recordings folder' };
  if (recording.fileMissing || !(await fs.stat(from).catch(() => null))?.isFile())
    return { ...base, state: 'skipped', detail: 'the file is missing' };
  const film = deps.film(recording);
  const wanted = (
    await libraryPath(deps.root, recording, {
      naming: deps.naming,
      zone: deps.zone,
      ...(film !== undefined ? { film } : {}),
    })
  ).file;
  if (sameName(from, wanted)) return { ...base, state: 'skipped', detail: 'already named so' };
  let to: string | null = null;
  try {
    await ensureDirInside(deps.root, path.dirname(wanted));
    to = await claimFreePath(wanted);
    await fs.rename(from, to);
  } catch (error) {
    if (to) await releaseClaim(to).catch(() => undefined);
    return { ...base, state: 'failed', detail: (error as Error).message };
  }
  // The row follows the file at once: a file never sits where its row does not point.
  deps.store.update(recording.id, { outputPath: to }, `renamed by its template: ${from} -> ${to}`);
  const sidecars = await moveSidecars(from, to);
  // The show's old folders, when the move left them empty (never the recordings folder itself).
  await removeEmptyParents(deps.root, path.dirname(from));
  return { ...base, to, sidecars, state: 'moved', detail: null };
}

/** X.nfo, X-thumb.jpg... beside `from` go beside `to` under the same roles; returns how many moved. */
async function moveSidecars(from: string, to: string): Promise<number> {
  const olds = sidecarFiles(from);
  const news = sidecarFiles(to);
  let moved = 0;
  for (let i = 0; i < olds.length; i++) {
    const ok = await fs.rename(olds[i]!, news[i]!).then(
      () => true,
      () => false,
    );
    if (ok) moved++;
  }
  return moved;
}

/** `wanted` itself or a collision-suffixed form of it ("X (2).ts"): renaming would only churn. */
function sameName(current: string, wanted: string): boolean {
  if (nameKey(path.dirname(current)) !== nameKey(path.dirname(wanted))) return false;
  const ext = path.extname(wanted);
  const stem = nameKey(path.basename(stemOf(wanted)));
  const name = nameKey(path.basename(current));
  return (
    name === nameKey(path.basename(wanted)) ||
    (name.startsWith(`${stem} (`) &&
      /^ \(\d+\)$/.test(name.slice(stem.length, name.length - ext.length)) &&
      name.endsWith(ext.toLowerCase()))
  );
}
