// A playlist's lines, from text fed in pieces of any size (a line may straddle several): each whole
// line is handed on as a range of the piece it lies in, without copying, and only a line's unfinished
// tail is kept between pieces. Memory stays bounded by the piece plus one line: a line longer than
// `maxLine` is reported as over-long and skipped to its end, never buffered whole.

const CR = 13;

export interface LineSink {
  /** A whole line: `text[s, e)`, without its LF or a CR before it. */
  line(text: string, s: number, e: number): void;
  /** A line longer than the cap starting at `text[s]` (what follows is skipped). */
  overlong(text: string, s: number): void;
}

export class LineSplitter {
  private readonly sink: LineSink;
  private readonly maxLine: number;
  /** The unfinished last line of what was written so far. */
  private carry = '';
  /** Inside a line that exceeded maxLine: drop text until the next LF. */
  private skipping = false;

  constructor(sink: LineSink, maxLine: number) {
    this.sink = sink;
    this.maxLine = maxLine;
  }

  write(text: string): void {
    let pos = 0;
    if (this.skipping) {
      const nl = text.indexOf('\n');
      if (nl < 0) return;
      this.skipping = false;
      pos = nl + 1;
    }
    if (this.carry.length !== 0) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) {
        this.carry += text.slice(pos);
        if (this.carry.length > this.maxLine) this.startSkipping(this.carry);
        return;
      }
      const line = this.carry + text.slice(pos, nl);
      this.carry = '';
      this.line(line, 0, line.length);
      pos = nl + 1;
    }
    for (;;) {
      const nl = text.indexOf('\n', pos);
      if (nl < 0) break;
      this.line(text, pos, nl);
      pos = nl + 1;
    }
    if (pos < text.length) {
      const rest = text.slice(pos);
      if (rest.length > this.maxLine) this.startSkipping(rest);
      else this.carry = rest;
    }
  }

  /** The input ended: a last line without a newline is still a line (often the last URL). */
  end(): void {
    if (this.carry.length !== 0) {
      const line = this.carry;
      this.carry = '';
      this.line(line, 0, line.length);
    }
    this.skipping = false;
  }

  /** An over-long line without its end yet: report it, drop what we hold, and skip to its end. */
  private startSkipping(head: string): void {
    this.carry = '';
    this.skipping = true;
    this.sink.overlong(head, 0);
  }

  private line(text: string, s: number, e: number): void {
    if (e > s && text.charCodeAt(e - 1) === CR) e--;
    if (e - s > this.maxLine) this.sink.overlong(text, s);
    else this.sink.line(text, s, e);
  }
}
