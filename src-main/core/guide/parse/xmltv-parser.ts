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
  programmeChild,
  setChannelField,
  setProgrammeField,
} from './xmltv-fields';
import type { XmlAttrs } from './xml-attributes';
import { XmlScanner, type XmlSink } from './xml-scanner';
import { XmlTextDecoder } from './xmltv-decode';
import { XmltvProblems, type Mark } from './xmltv-problems';
import { ProgrammeTagReader } from './xmltv-programme-tag';
import type {
  XmltvChannel,
  XmltvHandlers,
  XmltvOptions,
  XmltvProblem,
  XmltvProgramme,
  XmltvSummary,
} from './xmltv-types';

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

export class XmltvParser implements XmlSink {
  private readonly scanner: XmlScanner;
  private readonly handlers: XmltvHandlers;
  private readonly decoder: XmlTextDecoder;
  private readonly log: XmltvProblems;
  private readonly programmeTags: ProgrammeTagReader;
  private readonly maxField: number;
  private readonly maxDepth: number;
  private readonly maxToken: number;
  private readonly maxErrors: number;
  /** detach or identity, per options.detachStrings. */
  private readonly keep: (s: string) => string;

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
  private inRating = false;
  private field = F_NONE;
  private fieldDepth = 0;
  private fieldLang: string | null = null;
  private fieldSystem = '';
  private fieldText = '';
  private truncated = false;

  constructor(handlers: XmltvHandlers = {}, options: XmltvOptions = {}) {
    this.handlers = handlers;
    this.log = new XmltvProblems(options.maxProblems ?? 1000, handlers);
    this.maxField = options.maxFieldLength ?? 64 * 1024;
    this.maxDepth = options.maxDepth ?? 64;
    this.maxToken = options.maxTokenLength ?? 1024 * 1024;
    this.maxErrors = options.maxErrors ?? 10_000;
    this.keep = options.detachStrings === true ? detach : same;
    this.programmeTags = new ProgrammeTagReader(
      Math.round((options.offsetHours ?? 0) * 3_600_000),
      this.keep,
    );
    this.decoder = new XmlTextDecoder((m) => this.log.add(m, null, 0), this.maxToken);
    this.scanner = new XmlScanner(this);
  }

  get encoding(): string | null {
    return this.decoder.encoding;
  }

  /** The first `maxProblems` problems (the same array all along). */
  get problems(): XmltvProblem[] {
    return this.log.list;
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
        this.log.addAt(`${what} incomplete at end of input, skipped`, this.itemMark);
        this.item = IN_NOTHING;
      }
      const scanner = this.scanner.references;
      if (scanner.bareAmpersands > 0) {
        this.log.add(
          `${scanner.bareAmpersands} bare '&' read as text (first here)`,
          null,
          scanner.firstBareAt,
        );
      }
    }
    return {
      channels: this.channelCount,
      programmes: this.programmeCount,
      problems: this.log.list,
      problemCount: this.log.count,
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
    this.log.addAt(message, this.markHere(at));
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
      this.log.addAt(
        `text longer than ${this.maxField} characters truncated`,
        this.markHere(this.scanner.at),
      );
    }
    const room = this.maxField - this.fieldText.length;
    if (room > 0) this.fieldText += t.slice(0, room);
  }

  // --- reporting -----------------------------------------------------------

  private markHere(at: number): Mark {
    const s = this.scanner;
    return { at, buf: s.buf, bufStart: s.bufStart, bufLines: s.bufLines };
  }

  private stopWith(reason: string): StopSignal {
    this.stopped = reason;
    this.log.addAt(reason, this.markHere(this.scanner.at));
    return new StopSignal();
  }

  // --- items ---------------------------------------------------------------

  private openProgramme(attrs: XmlAttrs, depth: number): void {
    this.item = IN_PROGRAMME;
    this.itemDepth = depth;
    this.itemMark = this.markHere(this.scanner.at);
    this.prog = this.programmeTags.read(attrs);
    this.titleLang.first = null;
    this.inRating = false;
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
        this.log.addAt(`programme skipped: missing or invalid ${missing}`, this.itemMark);
        return;
      }
      this.programmeCount++;
      this.handlers.programme?.(p);
    } else if (kind === IN_CHANNEL) {
      const c = this.chan;
      this.chan = null;
      if (c === null) return;
      if (c.id.length === 0) {
        this.log.addAt('channel skipped: missing id', this.itemMark);
        return;
      }
      this.channelCount++;
      this.handlers.channel?.(c);
    }
  }
}
