// Domain types of the library: what rescans, imports and sidecar writes report, and the addresses TV apps
// use. Pure TypeScript; instants are UTC epoch milliseconds.
import type { Sidecar } from './settings-library';

/** What `library.rescan` found: recordings whose file went missing, and ones whose file came back. */
export interface RescanReport {
  /** Finished recordings with a file that were looked at. */
  checked: number;
  /** Newly missing: the file is not where the recording says (moved or deleted outside the app). */
  missing: Array<{ id: number; title: string; path: string }>;
  /** Missing before, found again at the same place. */
  back: Array<{ id: number; title: string; path: string }>;
  /** Were missing and still are. */
  stillMissing: number;
  at: number;
}

/** What `library.import` did with each media file of a folder. */
export interface ImportFolderReport {
  dir: string;
  /** New completed recordings, one per file. */
  imported: Array<{ id: number; path: string; title: string }>;
  /** A recording whose file was missing, found again here (same name and size): it points here now. */
  relinked: Array<{ id: number; path: string; title: string }>;
  /** Files left alone: already a recording's file, or not .ts/.mkv/.mp4. */
  skipped: Array<{ path: string; reason: string }>;
  /** Media files ffprobe could not read (or that hold no audio or video). */
  unreadable: Array<{ path: string; error: string }>;
  /** True when the folder held more media files than one import takes (the rest were not looked at). */
  truncated: boolean;
}

/** One sidecar of one recording: written (where), left out (why), or failed (why). */
export interface SidecarOutcome {
  sidecar: Sidecar | 'tvshow';
  state: 'written' | 'off' | 'kept' | 'failed';
  path: string | null;
  /** For an image: "from the guide" or "a frame at 10 %"; for a failure or "off": why. */
  detail: string | null;
}

export interface SidecarReport {
  recordingId: number;
  outcomes: SidecarOutcome[];
}

/** Addresses for TV apps and media servers (`library.links`). */
export interface LibraryLinks {
  /** The base the links use: settings.library.strmBaseUrl, else this instance's loopback address. */
  baseUrl: string | null;
  /** The M3U of finished recordings, with the media token. */
  m3u: string | null;
  /** XMLTV metadata of the same recordings. */
  xmltv: string | null;
  /** The read-only token media URLs, STRM files and the playlist carry (it opens /media/ only). */
  mediaToken: string;
}

/** A sidecar that could not be written (the recording itself is never affected). */
export interface LibraryProblem {
  recordingId: number;
  sidecar: Sidecar | 'tvshow';
  message: string;
  at: number;
}

/** What `library.rename` did with one recording. */
export interface RenameOutcome {
  id: number;
  title: string;
  /** moved: file and sidecars are at `to`; skipped: nothing to do (`detail` says why); failed: left as it was. */
  state: 'moved' | 'skipped' | 'failed';
  from: string | null;
  to: string | null;
  /** Sidecars moved with it (tvshow.nfo stays in the show's folder). */
  sidecars: number;
  detail: string | null;
}

export interface RenameReport {
  outcomes: RenameOutcome[];
}
