// The playlist's own location (M3uOptions.base): what its entries may name, and how a relative one
// becomes the URL to store. A remote playlist may not name local files (it would make Tapedeck read
// them); a local one's relative references and drive-letter paths become file:// URLs. Without a
// base, references are kept as written.
import { URL_LOCAL, URL_RELATIVE } from './m3u-url-line';

const BASE_NONE = 0;
const BASE_REMOTE = 1;
const BASE_LOCAL = 2;

export class PlaylistBase {
  private readonly base: string | undefined;
  private readonly kind: number;

  constructor(base: string | undefined) {
    this.base = base;
    const scheme = base === undefined ? '' : base.slice(0, base.indexOf(':') + 1);
    this.kind = /^https?:$/i.test(scheme) ? BASE_REMOTE : /^file:$/i.test(scheme) ? BASE_LOCAL : BASE_NONE;
  }

  /**
   * A relative reference or a local file (`verdict` from classifyUrlLine), made into the URL to store;
   * null when the line is skipped, which is reported.
   */
  resolve(ref: string, verdict: number, report: (message: string) => void): string | null {
    if (verdict === URL_LOCAL) {
      if (this.kind === BASE_REMOTE) {
        report('a local file in a remote playlist, skipped');
        return null;
      }
      // A drive-letter path ("C:\tv\a.ts") as a file URL; a file: URL stays as written.
      return /^[a-z]:/i.test(ref) && this.kind === BASE_LOCAL ? `file:///${ref.replace(/\\/g, '/')}` : ref;
    }
    if (verdict !== URL_RELATIVE || this.kind === BASE_NONE) return ref;
    try {
      return new URL(ref, this.base).href;
    } catch {
      report('relative stream URL that cannot be resolved, skipped');
      return null;
    }
  }
}
