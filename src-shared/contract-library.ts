// The contract's library part: rescan the recordings' files, import a folder of media files, (re)write a
// recording's sidecars, and the addresses TV apps use. Merged into `commands` by contract.ts.
import { z } from 'zod';
import { command, id } from './contract-kit';
import type {
  ImportFolderReport,
  LibraryLinks,
  LibraryProblem,
  RenameReport,
  RescanReport,
  SidecarReport,
} from './domain-library';

const Empty = z.object({}).strict().default({});

export const libraryCommands = {
  /**
   * Looks for every finished recording's file: one that is gone is marked missing (`fileMissing`, never
   * removed from the list), one that came back is unmarked. Also runs at every start.
   */
  'library.rescan': command(Empty).returns<RescanReport>(),
  /**
   * Imports every .ts, .mkv and .mp4 under an absolute folder as completed recordings (title, season and
   * episode from the file name; files stay where they are). Files already known are skipped; files
   * ffprobe cannot read are reported. The desktop window and the CLI only.
   */
  'library.import': command(
    z.object({ dir: z.string().trim().min(1, 'give a folder').max(4096) }).strict(),
  ).returns<ImportFolderReport>(),
  /** Writes a finished recording's sidecars again, with the settings and its rule's choices as they are now. */
  'library.sidecars': command(z.object({ id }).strict()).returns<SidecarReport>(),
  /**
   * Moves finished recordings (one, or all without `id`) to the names their templates give now, with
   * their sidecars. A template change alone never moves a file; this is the asking.
   */
  'library.rename': command(z.object({ id: id.optional() }).strict().default({})).returns<RenameReport>(),
  /** The M3U and XMLTV addresses of the finished recordings, and the read-only media token. */
  'library.links': command(Empty).returns<LibraryLinks>(),
} as const;

export interface LibraryEventMap {
  /** A sidecar could not be written (the recording is unaffected; its event log says so too). */
  'library.problem': LibraryProblem;
  /** A rescan finished (at start-up or asked for). */
  'library.rescanned': RescanReport;
}
export const LIBRARY_EVENT_NAMES = ['library.problem', 'library.rescanned'] as const;
