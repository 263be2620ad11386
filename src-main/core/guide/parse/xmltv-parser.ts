// The XMLTV state machine: turns the scanner's element events into channels
// and programmes, one at a time, with hard bounds on everything it keeps.
//
//  - encoding detection (BOM / XML declaration) happens before scanning
//    (xmltv-decode.ts); the scanner (xml-scanner.ts) tokenizes and decodes
//    entities, never expanding DTD-declared ones;
//  - bounds: per-field text cap (truncate + report), nesting depth cap
//    (stop + report), and a cap on how much text one unfinished token may
//    hold (a 1 GB attribute or comment would otherwise be buffered whole);
//  - a flat state machine instead of a DOM: only the current channel or
//    programme is kept; everything else is emitted and forgotten.
// Data problems never throw: they are reported, and whatever was complete
// before a fatal one has already been delivered.
import {
  channelChild,
  completeProgramme,
  F_EPNUM,
  F_NONE,
  F_RATING,
  F_RATING_BLOCK,
  F_TITLE,
  newProgramme,
  programmeChild,
  setChannelField,
  setProgrammeField,
} from './xmltv-fields';
import { XmlTextDecoder } from './xmltv-decode';
import { parseXmltvTime } from './xmltv-time';
import { countNewlines, XmlScanner, type XmlAttrs, type XmlSink } from './xml-scanner';
import type { XmltvChannel, XmltvOptions, XmltvProblem, XmltvProgramme, XmltvSummary } from './xmltv-types';

export interface XmltvHandlers {
  channel?(channel: XmltvChannel): void;
  programme?(programme: XmltvProgramme): void;
  problem?(problem: XmltvProblem): void;
}

const IN_NOTHING = 0;
const IN_CHANNEL = 1;
const IN_PROGRAMME = 2;

/**
 * Returns a copy of `s` that does not keep its source alive. The scanner
 * hands out substrings of the text piece it is scanning, and V8 implements
 * substrings as views on the parent: keeping one title keeps the whole
 * piece. Concatenating and slicing forces V8 to flatten into a fresh,
 * right-sized string (strings under 13 characters are copied anyway).
 */
function detach(s: string): string {
  return s.length < 13 ? s : (' ' + s).slice(1);
}

function same(s: string): string {
  return s;
}

const PIECE_BYTES = 64 * 1024;

/** Thrown from inside scanner callbacks to abandon the current write(). */
class StopSignal {}

/** Where a position lies: enough to compute its line only when it is reported. */
interface Mark {
  at: number;
  buf: string;
  bufStart: number;
  bufLines: number;
}

export class XmltvParser implements XmlSink {
  private readonly scanner: XmlScanner;
  private readonly handlers: XmltvHandlers;
  private readonly decoder: XmlTextDecoder;
  private readonly shiftMs: number;
  private readonly maxField: number;
  private readonly maxDepth: number;
  private readonly maxToken: number;
  private readonly maxProblems: number;
  private readonly maxErrors: number;
  /** detach or identity, per options.detachStrings. */
  private readonly keep: (s: string) => string;

  readonly problems: XmltvProblem[] = [];
  problemCount = 0;
  channelCount = 0;
  programmeCount = 0;
  stopped: string | null = null;
  /** The name of the first element (an empty guide is `<tv/>`; anything else is not XMLTV). */
  root: string | null = null;
  private ended = false;
  private errors = 0;

  private depth = 0;
  private item = IN_NOTHING;
  private itemDepth = 0;
  private itemMark: Mark = { at: 0, buf: '', bufStart: 0, bufLines: 0 };
  private prog: XmltvProgramme | null = null;
  private chan: XmltvChannel | null = null;
  /** The language of the programme's first title, for when a second one comes. */
  private readonly titleLang = { first: null as string | null };
  private lastTimeText = '';
  private lastTime: number | null = null;
  private inRating = false;
  private field = F_NONE;
  private fieldDepth = 0;
  private fieldLang: string | null = null;
  private fieldSystem = '';
  private fieldText = '';
  private truncated = false;
  private lastChannelRaw = '';
  private lastChannel = '';

  constructor(handlers: XmltvHandlers = {}, options: XmltvOptions = {}) {
    this.handlers = handlers;
    this.shiftMs = Math.round((options.offsetHours ?? 0) * 3_600_000);
    this.maxField = options.maxFieldLength ?? 64 * 1024;
    this.maxDepth = options.maxDepth ?? 64;
    this.maxToken = options.maxTokenLength ?? 1024 * 1024;
    this.maxProblems = options.maxProblems ?? 1000;
    this.maxErrors = options.maxErrors ?? 10_000;
    this.keep = options.detachStrings === true ? detach : same;
    this.decoder = new XmlTextDecoder((m) => this.report(m, null, 0), this.maxToken);
    this.scanner = new XmlScanner(this);
  }

  get encoding(): string | null {
    return this.decoder.encoding;
  }

  /** Feeds bytes (or already-decoded text). Returns false once parsing has stopped. */
  write(chunk: Uint8Array | string): boolean {
    if (this.stopped !== null || this.ended) return false;
    if (typeof chunk === 'string') {
      if (chunk.length !== 0) this.feed(chunk);
      return this.stopped === null;
    }
    // Decode in pieces of at most 64 KiB: V8 puts strings over ~128 KiB in its large-object space,
    // and allocating those made decoding 5x slower (measured on the bench guide: 256 KiB reads
    // 199 ms, 64 KiB pieces 39 ms).
    for (let at = 0; at < chunk.length && this.stopped === null; at += PIECE_BYTES) {
      const text = this.decoder.push(chunk.subarray(at, Math.min(chunk.length, at + PIECE_BYTES)));
      if (text.length !== 0) this.feed(text);
    }
    return this.stopped === null;
  }

  /** Finishes parsing (also after a stop) and returns the summary. */
  end(): XmltvSummary {
    if (!this.ended) {
      this.ended = true;
      if (this.stopped === null) {
        const text = this.decoder.end();
        if (text.length !== 0) this.feed(text);
        if (this.stopped === null) this.run(() => this.scanner.end());
      }
      if (this.item !== IN_NOTHING) {
        const what = this.item === IN_PROGRAMME ? 'programme' : 'channel';
        this.reportAt(`${what} incomplete at end of input, skipped`, this.itemMark);
        this.item = IN_NOTHING;
      }
      const scanner = this.scanner.references;
      if (scanner.bareAmpersands > 0) {
        this.report(
          `${scanner.bareAmpersands} bare '&' read as text (first here)`,
          null,
          scanner.firstBareAt,
        );
      }
    }
    return {
      channels: this.channelCount,
      programmes: this.programmeCount,
      problems: this.problems,
      problemCount: this.problemCount,
      stopped: this.stopped,
      encoding: this.decoder.encoding,
      root: this.root,
    };
  }

  /** Records an error of the input source itself (I/O, gzip cap) as the reason to stop. */
  fail(message: string): void {
    if (this.stopped === null) this.stopWith(message);
  }

  private feed(text: string): void {
    this.run(() => this.scanner.write(text));
    // The scanner holds an unfinished token (text run, tag, comment, DTD)
    // until it completes: past the cap, one token is that large, so stop
    // instead of buffering on.
    if (this.stopped === null && this.scanner.pending > this.maxToken) {
      this.stopWith(`a single XML token is longer than ${this.maxToken} characters; stopped`);
    }
  }

  private run(step: () => void): void {
    try {
      step();
    } catch (e) {
      if (!(e instanceof StopSignal)) throw e;
    }
  }

  // --- XmlSink -------------------------------------------------------------

  problem(message: string, at: number): void {
    this.reportAt(message, this.markHere(at));
    if (++this.errors >= this.maxErrors) {
      throw this.stopWith(`more than ${this.maxErrors} XML errors; stopped`);
    }
  }

  open(name: string, attrs: XmlAttrs): void {
    const depth = ++this.depth;
    if (depth > this.maxDepth) {
      throw this.stopWith(`elements nested deeper than ${this.maxDepth} levels; stopped`);
    }
    if (this.item === IN_NOTHING) {
      if (depth === 1 && this.root === null) this.root = detach(name);
      if (name === 'programme') this.openProgramme(attrs, depth);
      else if (name === 'channel') this.openChannel(attrs, depth);
      return;
    }
    if (this.field !== F_NONE) return; // markup inside a text field: keep its text only
    if (depth === this.itemDepth + 1) {
      if (this.item === IN_PROGRAMME) this.openProgrammeChild(name, attrs, depth);
      else this.openChannelChild(name, attrs, depth);
    } else if (this.inRating && depth === this.itemDepth + 2 && name === 'value') {
      this.beginField(F_RATING, depth, null);
    }
  }

  close(): void {
    const depth = this.depth--;
    if (this.item === IN_NOTHING) return;
    if (this.field !== F_NONE) {
      if (depth === this.fieldDepth) this.endField();
      return;
    }
    if (depth === this.itemDepth) this.finishItem();
    else if (depth === this.itemDepth + 1) this.inRating = false;
  }

  text(t: string): void {
    if (this.fieldText.length + t.length <= this.maxField) {
      this.fieldText += t;
      return;
    }
    if (!this.truncated) {
      this.truncated = true;
      this.reportAt(`text longer than ${this.maxField} characters truncated`, this.markHere(this.scanner.at));
    }
    const room = this.maxField - this.fieldText.length;
    if (room > 0) this.fieldText += t.slice(0, room);
  }

  // --- reporting -----------------------------------------------------------

  private report(message: string, line: number | null, offset: number): void {
    this.problemCount++;
    const problem: XmltvProblem = { line, offset, message };
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
    this.handlers.problem?.(problem);
  }

  private reportAt(message: string, mark: Mark): void {
    const index = Math.max(0, Math.min(mark.at - mark.bufStart, mark.buf.length));
    this.report(message, mark.bufLines + 1 + countNewlines(mark.buf, index), mark.at);
  }

  private markHere(at: number): Mark {
    const s = this.scanner;
    return { at, buf: s.buf, bufStart: s.bufStart, bufLines: s.bufLines };
  }

  private stopWith(reason: string): StopSignal {
    this.stopped = reason;
    this.reportAt(reason, this.markHere(this.scanner.at));
    return new StopSignal();
  }

  // --- items ---------------------------------------------------------------

  private openProgramme(attrs: XmlAttrs, depth: number): void {
    this.item = IN_PROGRAMME;
    this.itemDepth = depth;
    this.itemMark = this.markHere(this.scanner.at);
    const startAttr = attrs.get('start');
    const stopAttr = attrs.get('stop');
    this.titleLang.first = null;
    this.inRating = false;
    this.prog = newProgramme(
      this.channelId(attrs.get('channel')),
      startAttr === undefined ? Number.NaN : (this.time(startAttr) ?? Number.NaN),
      stopAttr === undefined ? null : this.time(stopAttr),
    );
  }

  /** Programmes come grouped by channel: reuse one detached id per run. */
  private channelId(raw: string | undefined): string {
    if (raw === undefined) return '';
    if (raw !== this.lastChannelRaw) {
      this.lastChannelRaw = raw;
      this.lastChannel = this.keep(raw);
    }
    return this.lastChannel;
  }

  /**
   * Schedules are contiguous: a programme's start is usually the previous
   * one's stop, so remembering the last parsed stop halves the time parsing.
   */
  private time(value: string): number | null {
    if (value === this.lastTimeText) return this.lastTime;
    const t = parseXmltvTime(value, this.shiftMs);
    this.lastTimeText = value;
    this.lastTime = t;
    return t;
  }

  private openChannel(attrs: XmlAttrs, depth: number): void {
    this.item = IN_CHANNEL;
    this.itemDepth = depth;
    this.itemMark = this.markHere(this.scanner.at);
    this.chan = { id: this.keep(attrs.get('id') ?? ''), displayNames: [], icon: null, urls: [] };
  }

  private openProgrammeChild(name: string, attrs: XmlAttrs, depth: number): void {
    const p = this.prog;
    if (p === null) return;
    const field = programmeChild(p, name, attrs, this.keep);
    if (field === F_NONE) return;
    if (field === F_RATING_BLOCK) {
      this.inRating = true;
      return;
    }
    // The DTD's default episode-num system is "onscreen".
    if (field === F_EPNUM) this.fieldSystem = attrs.get('system') ?? 'onscreen';
    this.beginField(field, depth, field === F_TITLE ? (attrs.get('lang') ?? null) : null);
  }

  private openChannelChild(name: string, attrs: XmlAttrs, depth: number): void {
    const c = this.chan;
    if (c === null) return;
    const field = channelChild(c, name, attrs, this.keep);
    if (field !== F_NONE) this.beginField(field, depth, null);
  }

  private beginField(field: number, depth: number, lang: string | null): void {
    this.field = field;
    this.fieldDepth = depth;
    this.fieldLang = lang === null ? null : this.keep(lang);
    this.fieldText = '';
    this.truncated = false;
    this.scanner.wantText = true;
  }

  private endField(): void {
    const field = this.field;
    const value = this.keep(this.fieldText.trim());
    this.field = F_NONE;
    this.fieldText = '';
    this.scanner.wantText = false;
    if (value.length === 0) return;
    const p = this.prog;
    if (this.item === IN_PROGRAMME && p !== null) {
      setProgrammeField(p, field, value, this.fieldLang, this.fieldSystem, this.titleLang);
      return;
    }
    const c = this.chan;
    if (this.item === IN_CHANNEL && c !== null) setChannelField(c, field, value);
  }

  private finishItem(): void {
    const kind = this.item;
    this.item = IN_NOTHING;
    this.inRating = false;
    if (kind === IN_PROGRAMME) {
      const p = this.prog;
      this.prog = null;
      if (p === null) return;
      const missing = completeProgramme(p);
      if (missing !== null) {
        this.reportAt(`programme skipped: missing or invalid ${missing}`, this.itemMark);
        return;
      }
      this.programmeCount++;
      this.handlers.programme?.(p);
    } else if (kind === IN_CHANNEL) {
      const c = this.chan;
      this.chan = null;
      if (c === null) return;
      if (c.id.length === 0) {
        this.reportAt('channel skipped: missing id', this.itemMark);
        return;
      }
      this.channelCount++;
      this.handlers.channel?.(c);
    }
  }
}
