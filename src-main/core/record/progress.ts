// Parses ffmpeg's `-progress pipe:1` output: blocks of key=value lines ending in progress=continue|end.

export interface ProgressSample {
  /** Bytes written to the output so far (null when ffmpeg says N/A). */
  totalSize: number | null;
  /** Media time written so far, in milliseconds. */
  outTimeMs: number | null;
  bitrateKbps: number | null;
  speed: number | null;
  ended: boolean;
}

export class ProgressParser {
  private pending = '';
  private block = new Map<string, string>();

  /** Feeds a chunk of stdout; returns the samples completed by it. */
  push(chunk: string): ProgressSample[] {
    const samples: ProgressSample[] = [];
    this.pending += chunk;
    let newline = this.pending.indexOf('\n');
    while (newline !== -1) {
      const line = this.pending.slice(0, newline).trim();
      this.pending = this.pending.slice(newline + 1);
      newline = this.pending.indexOf('\n');
      const eq = line.indexOf('=');
      if (eq <= 0) continue;
      const key = line.slice(0, eq).trim();
      const value = line.slice(eq + 1).trim();
      this.block.set(key, value);
      if (key === 'progress') {
        samples.push(toSample(this.block));
        this.block = new Map();
      }
    }
    // A line never legitimately grows this long; don't let garbage grow the buffer without bound.
    if (this.pending.length > 64 * 1024) this.pending = '';
    return samples;
  }
}

function toSample(block: Map<string, string>): ProgressSample {
  // out_time_us is authoritative; old ffmpeg builds mislabel microseconds as out_time_ms.
  const outTimeUs = numberOf(block.get('out_time_us') ?? block.get('out_time_ms'));
  const bitrate = block.get('bitrate');
  const speed = block.get('speed');
  return {
    totalSize: numberOf(block.get('total_size')),
    outTimeMs: outTimeUs === null || outTimeUs < 0 ? null : Math.round(outTimeUs / 1000),
    bitrateKbps: bitrate ? numberOf(bitrate.replace(/kbits\/s$/, '')) : null,
    speed: speed ? numberOf(speed.replace(/x$/, '')) : null,
    ended: block.get('progress') === 'end',
  };
}

function numberOf(value: string | undefined): number | null {
  if (value === undefined || value === '' || value === 'N/A') return null;
  const n = Number(value);
  return Number.isFinite(n) ? n : null;
}
