// The problems of one XMLTV parse: the first `max` are kept, all are counted, and each goes to the
// caller's handler as it happens. A problem's line is computed when it is reported, from a Mark,
// so the input's lines are never counted up front.
import { countNewlines } from './xml-scanner';
import type { XmltvHandlers, XmltvProblem } from './xmltv-types';

/** Where a position lies: enough to compute its line only when it is reported. */
export interface Mark {
  at: number;
  buf: string;
  bufStart: number;
  bufLines: number;
}

export class XmltvProblems {
  /** The first `max` problems. */
  readonly list: XmltvProblem[] = [];
  /** All problems, including those not kept. */
  count = 0;
  private readonly max: number;
  private readonly handlers: XmltvHandlers;

  constructor(max: number, handlers: XmltvHandlers) {
    this.max = max;
    this.handlers = handlers;
  }

  add(message: string, line: number | null, offset: number): void {
    this.count++;
    const problem: XmltvProblem = { line, offset, message };
    if (this.list.length < this.max) this.list.push(problem);
    this.handlers.problem?.(problem);
  }

  addAt(message: string, mark: Mark): void {
    const index = Math.max(0, Math.min(mark.at - mark.bufStart, mark.buf.length));
    this.add(message, mark.bufLines + 1 + countNewlines(mark.buf, index), mark.at);
  }
}
