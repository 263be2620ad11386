// Streaming, bounded-memory XMLTV parser on top of saxes.
//
// Why saxes: a conforming, well-tested XML tokenizer that never expands
// DTD-declared entities (so "billion laughs" bombs stay inert: the reference
// is reported as an undefined entity and kept literally), decodes the five
// predefined entities and numeric character references, and keeps going after
// well-formedness errors, which is what a garbage-tolerant importer wants.
//
// What we add around it:
//  - encoding detection (BOM / XML declaration) and a bare-'&' repair pass
//    (see xmltv-decode.ts), because saxes only takes strings;
//  - hard bounds: per-field text cap (truncate + report), nesting depth cap
//    (stop + report), and a cap on how much text saxes may buffer for one
//    token (a 1 GB attribute or comment would otherwise be held whole);
//  - a flat state machine instead of a DOM: only the current channel or
//    programme is kept; everything else is emitted and forgotten.
// Data problems never throw: they are reported, and whatever was complete
// before a fatal one has already been delivered.
import { SaxesParser, type SaxesTagPlain } from 'saxes';
import { parseOnscreen, parseXmltvNs } from './xmltv-episode';
import { AmpRepairer, XmlTextDecoder } from './xmltv-decode';
import { parseXmltvTime } from './xmltv-time';
import type {
  ByteSource,
  XmltvChannel,
  XmltvItem,
  XmltvOptions,
  XmltvProblem,
  XmltvProgramme,
  XmltvSummary,
} from './xmltv-types';

export type {
  ByteSource,
  XmltvChannel,
  XmltvItem,
  XmltvOptions,
  XmltvProblem,
  XmltvProgramme,
  XmltvSummary,
  XmltvTitle,
} from './xmltv-types';
export { parseXmltvTime } from './xmltv-time';
export { parseOnscreen, parseXmltvNs } from './xmltv-episode';
export { gunzipIfNeeded, InflateLimitError } from './decompress';

export interface XmltvHandlers {
  channel?(channel: XmltvChannel): void;
  programme?(programme: XmltvProgramme): void;
  problem?(problem: XmltvProblem): void;
}

type SaxOptions = { xmlns: false; position: boolean };

// What the element currently being captured feeds into.
const F_NONE = 0;
const F_TITLE = 1;
const F_SUBTITLE = 2;
const F_DESC = 3;
const F_CATEGORY = 4;
const F_EPNUM = 5;
const F_RATING = 6;
const F_DISPLAY_NAME = 7;
const F_URL = 8;

const IN_NOTHING = 0;
const IN_CHANNEL = 1;
const IN_PROGRAMME = 2;

/**
 * Returns a copy of `s` that does not keep its source alive. saxes hands out
 * substrings of the text piece (~64 KiB) it is parsing, and V8 implements
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

/** Thrown from inside saxes callbacks to abandon the current write(). */
class StopSignal {}

// A handful of HTML entities that hand-made guides use as if XML had them.
// A static lookup, not DTD processing: nothing here can expand recursively.
const HTML_ENTITIES: Record<string, string> = {
  nbsp: '\u00a0',
  ndash: '\u2013',
  mdash: '\u2014',
  hellip: '\u2026',
  lsquo: '\u2018',
  rsquo: '\u2019',
  ldquo: '\u201c',
  rdquo: '\u201d',
  laquo: '\u00ab',
  raquo: '\u00bb',
  copy: '\u00a9',
  reg: '\u00ae',
  trade: '\u2122',
  euro: '\u20ac',
};

// saxes errors that repeat once per element after a broken close tag popped
// the root; counting each would trip maxErrors on an otherwise fine file.
const REPEATING_ERRORS = ['documents may contain only one root', 'text data outside of root node'];

export class XmltvParser {
  private readonly sax: SaxesParser<SaxOptions>;
  private readonly handlers: XmltvHandlers;
  private readonly decoder: XmlTextDecoder;
  private readonly amp: AmpRepairer | null;
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
  private ended = false;
  private errors = 0;
  private readonly seenRepeating = new Set<string>();

  private depth = 0;
  /** Characters fed to saxes since its last event (see feed()). */
  private quiet = 0;
  private item = IN_NOTHING;
  private itemDepth = 0;
  private itemOffset = 0;
  private itemPiece = '';
  private itemPieceStart = 0;
  private itemLinesBefore = 0;
  /** The text piece saxes is working on, its offset, and the newlines before it. */
  private piece = '';
  private pieceStart = 0;
  private linesBefore = 0;
  private prog: XmltvProgramme | null = null;
  private chan: XmltvChannel | null = null;
  private firstTitleLang: string | null = null;
  private lastTimeText = '';
  private lastTime: number | null = null;
  private inRating = false;
  private field = F_NONE;
  private fieldDepth = 0;
  private fieldLang: string | null = null;
  private fieldSystem = '';
  private text = '';
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
    this.amp = options.repairAmpersands === false ? null : new AmpRepairer();

    // position: false: saxes' per-character line/column bookkeeping cost
    // ~10-15 % of the parse time (measured on the bench guide). Problems get
    // their line from our own per-piece newline count instead (lineAt()).
    const sax = new SaxesParser<SaxOptions>({ xmlns: false, position: false });
    Object.assign(sax.ENTITIES, HTML_ENTITIES);
    sax.on('opentag', (tag) => this.onOpen(tag));
    sax.on('closetag', () => this.onClose());
    // Always installed, although we only want text inside fields: toggling it
    // per field (so saxes skips the whitespace between elements) measured no
    // faster, and saxes keeps stale text around while no handler is set
    // (e.g. after an unmatched close tag), which then leaks into the next field.
    sax.on('text', (t) => this.onText(t));
    sax.on('cdata', (t) => this.onText(t));
    sax.on('error', (err) => this.onError(err));
    // Comments and the DOCTYPE reset the token watchdog too. Deliberately no
    // more handlers than these seven: saxes stores handlers as properties
    // added after construction, and an eighth (e.g. processinginstruction)
    // pushes the parser object into V8 dictionary mode, which made the whole
    // tokenizer ~5x slower (measured: 2.4 s → 12 s on the 107 MB bench guide).
    const heard = (): void => {
      this.quiet = 0;
    };
    sax.on('comment', heard);
    sax.on('doctype', heard);
    this.sax = sax;
  }

  get encoding(): string | null {
    return this.decoder.encoding;
  }

  /** Feeds bytes (or already-decoded text). Returns false once parsing has stopped. */
  write(chunk: Uint8Array | string): boolean {
    if (this.stopped !== null || this.ended) return false;
    let text = typeof chunk === 'string' ? chunk : this.decoder.push(chunk);
    if (this.amp) text = this.amp.push(text);
    if (text.length !== 0) this.feed(text);
    return this.stopped === null;
  }

  /** Finishes parsing (also after a stop) and returns the summary. */
  end(): XmltvSummary {
    if (!this.ended) {
      this.ended = true;
      if (this.stopped === null) {
        let text = this.decoder.end();
        if (this.amp) text = this.amp.push(text);
        if (text.length !== 0) this.feed(text);
        if (this.stopped === null) {
          try {
            this.sax.close();
          } catch (e) {
            if (!(e instanceof StopSignal)) throw e;
          }
        }
      }
      if (this.item !== IN_NOTHING) {
        const what = this.item === IN_PROGRAMME ? 'programme' : 'channel';
        this.report(`${what} incomplete at end of input, skipped`, this.itemLine(), this.itemOffset);
        this.item = IN_NOTHING;
      }
      if (this.amp && this.amp.fixed > 0) {
        this.report(`${this.amp.fixed} bare '&' escaped as &amp; (first here)`, null, this.amp.firstAt);
      }
    }
    return {
      channels: this.channelCount,
      programmes: this.programmeCount,
      problems: this.problems,
      problemCount: this.problemCount,
      stopped: this.stopped,
      encoding: this.decoder.encoding,
    };
  }

  /** Records an error of the input source itself (I/O, gzip cap) as the reason to stop. */
  fail(message: string): void {
    if (this.stopped === null) this.stopWith(message);
  }

  private feed(text: string): void {
    // saxes holds an unfinished token (text run, attribute, comment, DTD) in
    // memory until it completes. Every event resets `quiet`, so if it grows
    // past the cap, one token is that large: stop instead of buffering on.
    this.quiet += text.length;
    this.piece = text;
    try {
      this.sax.write(text);
    } catch (e) {
      if (e instanceof StopSignal) return;
      throw e;
    }
    this.linesBefore += countNewlines(text);
    this.pieceStart += text.length;
    if (this.quiet > this.maxToken) {
      this.stopWith(`a single XML token is longer than ${this.maxToken} characters; stopped`);
    }
  }

  private report(message: string, line: number | null, offset: number): void {
    this.problemCount++;
    const problem: XmltvProblem = { line, offset, message };
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
    this.handlers.problem?.(problem);
  }

  private reportHere(message: string): void {
    const offset = this.sax.position;
    this.report(message, lineAt(this.piece, this.linesBefore, offset - this.pieceStart), offset);
  }

  private stopWith(reason: string): StopSignal {
    this.stopped = reason;
    this.reportHere(reason);
    return new StopSignal();
  }

  private onError(err: Error): void {
    this.quiet = 0;
    // saxes prefixes "line:column: "; we report the position separately.
    const message = err.message.replace(/^\d+:\d+: /, '');
    const repeating = REPEATING_ERRORS.find((r) => message.includes(r));
    if (repeating !== undefined) {
      if (this.seenRepeating.has(repeating)) return;
      this.seenRepeating.add(repeating);
    }
    this.reportHere(message);
    if (++this.errors >= this.maxErrors) {
      throw this.stopWith(`more than ${this.maxErrors} XML errors; stopped`);
    }
  }

  private onOpen(tag: SaxesTagPlain): void {
    this.quiet = 0;
    const depth = ++this.depth;
    if (depth > this.maxDepth) {
      throw this.stopWith(`elements nested deeper than ${this.maxDepth} levels; stopped`);
    }
    const name = tag.name;
    if (this.item === IN_NOTHING) {
      if (name === 'programme') this.openProgramme(tag.attributes, depth);
      else if (name === 'channel') this.openChannel(tag.attributes, depth);
      return;
    }
    if (this.field !== F_NONE) return; // markup inside a text field: keep its text only
    if (depth === this.itemDepth + 1) {
      if (this.item === IN_PROGRAMME) this.openProgrammeChild(name, tag.attributes, depth);
      else this.openChannelChild(name, tag.attributes, depth);
    } else if (this.inRating && depth === this.itemDepth + 2 && name === 'value') {
      this.beginField(F_RATING, depth, null);
    }
  }

  private onClose(): void {
    this.quiet = 0;
    const depth = this.depth--;
    if (this.item === IN_NOTHING) return;
    if (this.field !== F_NONE) {
      if (depth === this.fieldDepth) this.endField();
      return;
    }
    if (depth === this.itemDepth) this.finishItem();
    else if (depth === this.itemDepth + 1) this.inRating = false;
  }

  private onText(t: string): void {
    this.quiet = 0;
    if (this.field === F_NONE) return;
    if (this.text.length + t.length <= this.maxField) {
      this.text += t;
      return;
    }
    if (!this.truncated) {
      this.truncated = true;
      this.reportHere(`text longer than ${this.maxField} characters truncated`);
    }
    const room = this.maxField - this.text.length;
    if (room > 0) this.text += t.slice(0, room);
  }

  private openProgramme(attrs: Record<string, string>, depth: number): void {
    this.item = IN_PROGRAMME;
    this.itemDepth = depth;
    this.markItem();
    const startAttr = attrs.start;
    const stopAttr = attrs.stop;
    this.firstTitleLang = null;
    this.inRating = false;
    this.prog = {
      channel: this.channelId(attrs.channel),
      start: startAttr === undefined ? Number.NaN : (this.time(startAttr) ?? Number.NaN),
      stop: stopAttr === undefined ? null : this.time(stopAttr),
      title: '',
      titles: undefined,
      subTitle: null,
      desc: null,
      categories: [],
      episodeNum: {},
      season: null,
      episode: null,
      isNew: false,
      previouslyShown: false,
      premiere: false,
      icon: null,
      rating: null,
    };
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

  /** Remembers where the current item starts, for a later "skipped" report. */
  private markItem(): void {
    this.itemOffset = this.sax.position;
    this.itemPiece = this.piece;
    this.itemPieceStart = this.pieceStart;
    this.itemLinesBefore = this.linesBefore;
  }

  private itemLine(): number {
    return lineAt(this.itemPiece, this.itemLinesBefore, this.itemOffset - this.itemPieceStart);
  }

  private openChannel(attrs: Record<string, string>, depth: number): void {
    this.item = IN_CHANNEL;
    this.itemDepth = depth;
    this.markItem();
    this.chan = { id: this.keep(attrs.id ?? ''), displayNames: [], icon: null, urls: [] };
  }

  private openProgrammeChild(name: string, attrs: Record<string, string>, depth: number): void {
    const p = this.prog;
    if (p === null) return;
    switch (name) {
      case 'title':
        this.beginField(F_TITLE, depth, attrs.lang ?? null);
        break;
      case 'desc':
        if (p.desc === null) this.beginField(F_DESC, depth, null);
        break;
      case 'sub-title':
        if (p.subTitle === null) this.beginField(F_SUBTITLE, depth, null);
        break;
      case 'category':
        this.beginField(F_CATEGORY, depth, null);
        break;
      case 'episode-num':
        // The DTD's default system is "onscreen".
        this.fieldSystem = attrs.system ?? 'onscreen';
        this.beginField(F_EPNUM, depth, null);
        break;
      case 'icon':
        if (p.icon === null && attrs.src) p.icon = this.keep(attrs.src);
        break;
      case 'new':
        p.isNew = true;
        break;
      case 'previously-shown':
        p.previouslyShown = true;
        break;
      case 'premiere':
        p.premiere = true;
        break;
      case 'rating':
        if (p.rating === null) this.inRating = true;
        break;
    }
  }

  private openChannelChild(name: string, attrs: Record<string, string>, depth: number): void {
    const c = this.chan;
    if (c === null) return;
    if (name === 'display-name') this.beginField(F_DISPLAY_NAME, depth, null);
    else if (name === 'url') this.beginField(F_URL, depth, null);
    else if (name === 'icon' && c.icon === null && attrs.src) c.icon = this.keep(attrs.src);
  }

  private beginField(field: number, depth: number, lang: string | null): void {
    this.field = field;
    this.fieldDepth = depth;
    this.fieldLang = lang === null ? null : this.keep(lang);
    this.text = '';
    this.truncated = false;
  }

  private endField(): void {
    const field = this.field;
    const value = this.keep(this.text.trim());
    this.field = F_NONE;
    this.text = '';
    if (value.length === 0) return;
    const p = this.prog;
    if (this.item === IN_PROGRAMME && p !== null) {
      switch (field) {
        case F_TITLE:
          if (p.title.length === 0) {
            p.title = value;
            this.firstTitleLang = this.fieldLang;
          } else {
            p.titles ??= [{ lang: this.firstTitleLang, value: p.title }];
            p.titles.push({ lang: this.fieldLang, value });
          }
          break;
        case F_SUBTITLE:
          p.subTitle = value;
          break;
        case F_DESC:
          p.desc = value;
          break;
        case F_CATEGORY:
          p.categories.push(value);
          break;
        case F_EPNUM: {
          const system = this.fieldSystem.toLowerCase();
          if (system === 'xmltv_ns') p.episodeNum.xmltvNs ??= value;
          else if (system === 'onscreen' || system === 'sxxexx') p.episodeNum.onscreen ??= value;
          break;
        }
        case F_RATING:
          p.rating ??= value;
          break;
      }
      return;
    }
    const c = this.chan;
    if (this.item === IN_CHANNEL && c !== null) {
      if (field === F_DISPLAY_NAME) c.displayNames.push(value);
      else if (field === F_URL) c.urls.push(value);
    }
  }

  private finishItem(): void {
    const kind = this.item;
    this.item = IN_NOTHING;
    this.inRating = false;
    if (kind === IN_PROGRAMME) {
      const p = this.prog;
      this.prog = null;
      if (p === null) return;
      const missing: string[] = [];
      if (p.channel.length === 0) missing.push('channel');
      if (Number.isNaN(p.start)) missing.push('start');
      if (p.title.length === 0) missing.push('title');
      if (missing.length !== 0) {
        this.report(
          `programme skipped: missing or invalid ${missing.join(', ')}`,
          this.itemLine(),
          this.itemOffset,
        );
        return;
      }
      const { xmltvNs, onscreen } = p.episodeNum;
      if (xmltvNs !== undefined) {
        const se = parseXmltvNs(xmltvNs);
        p.season = se.season;
        p.episode = se.episode;
      }
      if (onscreen !== undefined && (p.season === null || p.episode === null)) {
        const se = parseOnscreen(onscreen);
        p.season ??= se.season;
        p.episode ??= se.episode;
      }
      this.programmeCount++;
      this.handlers.programme?.(p);
    } else if (kind === IN_CHANNEL) {
      const c = this.chan;
      this.chan = null;
      if (c === null) return;
      if (c.id.length === 0) {
        this.report('channel skipped: missing id', this.itemLine(), this.itemOffset);
        return;
      }
      this.channelCount++;
      this.handlers.channel?.(c);
    }
  }
}

function countNewlines(text: string, end = text.length): number {
  let n = 0;
  let i = text.indexOf('\n');
  while (i >= 0 && i < end) {
    n++;
    i = text.indexOf('\n', i + 1);
  }
  return n;
}

/** 1-based line of `index` in `piece`, given the newlines before the piece. */
function lineAt(piece: string, linesBefore: number, index: number): number {
  return linesBefore + 1 + countNewlines(piece, Math.max(0, Math.min(index, piece.length)));
}

// ---------------------------------------------------------------------------
// Async front ends

/**
 * Parses an XMLTV byte stream (decompress first with gunzipIfNeeded),
 * calling the handlers as items complete. Resolves with the summary; data
 * problems never reject. An error of the source itself is recorded as the
 * stop reason and then rethrown, after everything before it was delivered.
 */
export async function parseXmltv(
  source: ByteSource,
  handlers: XmltvHandlers,
  options: XmltvOptions = {},
): Promise<XmltvSummary> {
  const parser = new XmltvParser(handlers, options);
  try {
    for await (const chunk of source) {
      if (!parser.write(chunk)) break;
    }
  } catch (err) {
    parser.fail(`input error: ${err instanceof Error ? err.message : String(err)}`);
    parser.end();
    throw err;
  }
  return parser.end();
}

export interface XmltvStream extends AsyncIterable<XmltvItem> {
  readonly problems: readonly XmltvProblem[];
  /** The summary, once iteration has finished (also after a source error). */
  readonly result: XmltvSummary | null;
}

/** Async-iterable view: `for await (const item of streamXmltv(src)) …`. */
export function streamXmltv(source: ByteSource, options: XmltvOptions = {}): XmltvStream {
  let batch: XmltvItem[] = [];
  const parser = new XmltvParser(
    {
      channel: (channel) => batch.push({ type: 'channel', channel }),
      programme: (programme) => batch.push({ type: 'programme', programme }),
    },
    options,
  );
  let result: XmltvSummary | null = null;
  async function* run(): AsyncGenerator<XmltvItem> {
    try {
      for await (const chunk of source) {
        const more = parser.write(chunk);
        if (batch.length !== 0) {
          const out = batch;
          batch = [];
          yield* out;
        }
        if (!more) break;
      }
    } catch (err) {
      parser.fail(`input error: ${err instanceof Error ? err.message : String(err)}`);
      result = parser.end();
      throw err;
    }
    result = parser.end();
    const out = batch;
    batch = [];
    yield* out;
  }
  return {
    problems: parser.problems,
    get result() {
      return result;
    },
    [Symbol.asyncIterator]: () => run(),
  };
}

/** Parses a complete document held in memory (tests, small guides). */
export function parseXmltvText(
  input: string | Uint8Array,
  options: XmltvOptions = {},
): XmltvSummary & { channelList: XmltvChannel[]; programmeList: XmltvProgramme[] } {
  const channelList: XmltvChannel[] = [];
  const programmeList: XmltvProgramme[] = [];
  const parser = new XmltvParser(
    { channel: (c) => channelList.push(c), programme: (p) => programmeList.push(p) },
    options,
  );
  parser.write(input);
  return { ...parser.end(), channelList, programmeList };
}
