// Public shapes yielded by the streaming XMLTV parser.

export interface XmltvChannel {
  id: string;
  displayNames: string[];
  /** First <icon src>, null if none. */
  icon: string | null;
  urls: string[];
}

export interface XmltvTitle {
  lang: string | null;
  value: string;
}

export interface XmltvProgramme {
  channel: string;
  /** UTC epoch milliseconds (offsetHours applied). */
  start: number;
  stop: number | null;
  /** The first <title> (XMLTV lists the preferred language first). */
  title: string;
  /** Every <title> with its lang, only when there is more than one. */
  titles?: XmltvTitle[];
  subTitle: string | null;
  desc: string | null;
  categories: string[];
  /** The episode-num systems kept: xmltv_ns, onscreen (also sxxexx) and dd_progid (a programme id). */
  episodeNum: { xmltvNs?: string; onscreen?: string; ddProgid?: string };
  /** One-based, from xmltv_ns (zero-based there) or else onscreen. */
  season: number | null;
  episode: number | null;
  isNew: boolean;
  previouslyShown: boolean;
  premiere: boolean;
  icon: string | null;
  /** Value of the first <rating>. */
  rating: string | null;
}

/** What the parser calls as items complete and problems are found. */
export interface XmltvHandlers {
  channel?(channel: XmltvChannel): void;
  programme?(programme: XmltvProgramme): void;
  problem?(problem: XmltvProblem): void;
}

export type XmltvItem =
  { type: 'channel'; channel: XmltvChannel } | { type: 'programme'; programme: XmltvProgramme };

export interface XmltvProblem {
  /** 1-based line in the decoded text, when known. */
  line: number | null;
  /** Character offset in the decoded text (≈ byte offset for ASCII). */
  offset: number;
  message: string;
}

export interface XmltvOptions {
  /** Shift every time by this many hours (per-guide correction; may be fractional/negative). */
  offsetHours?: number;
  /** Longest kept text per field, in characters; longer is truncated and reported (default 64 Ki). */
  maxFieldLength?: number;
  /** Deepest element nesting accepted; deeper stops parsing (default 64). */
  maxDepth?: number;
  /** Longest single token (text run, tag, comment, DTD) the scanner may hold before we stop (default 1 MiB). */
  maxTokenLength?: number;
  /** How many problems to keep (the rest are only counted; default 1000). */
  maxProblems?: number;
  /** Stop after this many XML well-formedness errors (default 10,000). */
  maxErrors?: number;
  /**
   * Copy every string we hand out so it does not pin the ~64 KiB text piece
   * it was cut from (V8 substrings are views). Off by default: it costs
   * ~10-15 % and a consumer that stores items and lets them go (the normal
   * import) never pins more than its current batch. Turn it on when keeping
   * a sparse selection of a big guide for long.
   */
  detachStrings?: boolean;
}

export interface XmltvSummary {
  channels: number;
  programmes: number;
  /** The first `maxProblems` problems. */
  problems: XmltvProblem[];
  problemCount: number;
  /** Why parsing stopped early, or null if the whole input was read. */
  stopped: string | null;
  /** Encoding used to decode the input (WHATWG name). */
  encoding: string | null;
  /** Name of the root element, null when there was none: `tv` with no items is a valid, empty guide. */
  root: string | null;
}

export type ByteSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
