// First pass over a playlist: how often each tvg-id occurs.
//
// A channel's identity is its tvg-id only when that id is unique in the playlist (providers often give
// the HD, SD and +1 variants one tvg-id, and keying them all by it would merge them). Uniqueness is only
// known at the end, and holding 100,000 entries until then would cost ~100 MB, so we read the bytes once
// before the real parse: a byte scan for `tvg-id=` on #EXTINF lines runs at memory speed (~30 ms for
// 28 MB), far cheaper than a second parse or a staging table.
//
// The counts are a hint, not the truth: the importer still never gives two entries the same key, so a
// scan/parse disagreement on some odd line can only make an entry fall back to its name key.

const LF = 10;
const SPACE = 32;
const TAB = 9;
const COMMA = 44;
const DQ = 34;
const SQ = 39;
const NEEDLES = [Buffer.from('tvg-id='), Buffer.from('TVG-ID=')];
const EXTINF = Buffer.from('#EXTINF');
const MAX_CARRY = 64 * 1024;

export class TvgIdCounter {
  /** tvg-id (raw bytes as latin1, which equals the parsed value for ASCII ids) -> occurrences. */
  readonly counts = new Map<string, number>();
  private carry: Buffer | null = null;

  push(chunk: Uint8Array): void {
    let buf = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (this.carry) {
      // Complete the carried line alone (no copy of the whole chunk: that garbage showed in peak RSS).
      const nl = buf.indexOf(LF);
      if (nl < 0) {
        const joined = Buffer.concat([this.carry, buf]);
        this.carry = joined.length > MAX_CARRY ? null : joined;
        return;
      }
      const line = Buffer.concat([this.carry, buf.subarray(0, nl + 1)]);
      this.carry = null;
      this.scan(line, line.length);
      buf = buf.subarray(nl + 1);
    }
    const lastLf = buf.lastIndexOf(LF);
    if (lastLf < 0) {
      this.carry = buf.length > MAX_CARRY ? null : Buffer.from(buf);
      return;
    }
    this.scan(buf, lastLf + 1);
    const rest = buf.length - (lastLf + 1);
    if (rest > 0 && rest <= MAX_CARRY) this.carry = Buffer.from(buf.subarray(lastLf + 1));
  }

  end(): Map<string, number> {
    if (this.carry) this.scan(this.carry, this.carry.length);
    this.carry = null;
    return this.counts;
  }

  /** Is this id (as the parser returned it) known to occur exactly once? */
  isUnique(tvgId: string): boolean {
    return this.counts.get(tvgId) === 1;
  }

  /**
   * Takes a unique id for one entry: true the first time, false after (so even if the scan and the parse
   * ever disagree, two entries never get the same key). Updates an existing key only, so the parser's
   * string, a slice of its text chunk, is never kept.
   */
  claim(tvgId: string): boolean {
    if (this.counts.get(tvgId) !== 1) return false;
    this.counts.set(tvgId, -1);
    return true;
  }

  private scan(buf: Buffer, end: number): void {
    for (const needle of NEEDLES) {
      let at = buf.indexOf(needle, 0);
      while (at >= 0 && at < end) {
        const before = at > 0 ? buf[at - 1] : SPACE;
        if ((before === SPACE || before === TAB) && onExtinfLine(buf, at)) {
          const value = readValue(buf, at + needle.length, end);
          if (value !== null && value.length !== 0) {
            this.counts.set(value, (this.counts.get(value) ?? 0) + 1);
          }
        }
        at = buf.indexOf(needle, at + needle.length);
      }
    }
  }
}

function onExtinfLine(buf: Buffer, at: number): boolean {
  const lineStart = buf.lastIndexOf(LF, at) + 1;
  let s = lineStart;
  while (
    s < at &&
    (buf[s] === SPACE || buf[s] === TAB || buf[s] === 0xef || buf[s] === 0xbb || buf[s] === 0xbf)
  )
    s++;
  if (at - s < EXTINF.length) return false;
  for (let k = 0; k < EXTINF.length; k++) {
    const c = buf[s + k] ?? 0;
    // Case-insensitive, as the parser is.
    if ((c | 0x20) !== ((EXTINF[k] ?? 0) | 0x20)) return false;
  }
  return true;
}

function readValue(buf: Buffer, start: number, end: number): string | null {
  const q = buf[start];
  if (q === DQ || q === SQ) {
    let close = start + 1;
    while (close < end && buf[close] !== q && buf[close] !== LF) close++;
    if (close >= end || buf[close] !== q) return null;
    return buf.toString('latin1', start + 1, close);
  }
  let stop = start;
  while (stop < end) {
    const c = buf[stop];
    if (c === SPACE || c === TAB || c === COMMA || c === LF || c === 13) break;
    stop++;
  }
  return buf.toString('latin1', start, stop);
}

/** Counts tvg-ids over a whole byte stream. */
export async function countTvgIds(
  chunks: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
): Promise<TvgIdCounter> {
  const counter = new TvgIdCounter();
  for await (const chunk of chunks) counter.push(chunk);
  counter.end();
  return counter;
}
