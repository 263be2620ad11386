// The M3U / M3U8 push parser: directives (#EXTINF, #EXTM3U, #EXTGRP,
// #EXTVLCOPT, #EXTHTTP, #KODIPROP) and entries, over the lines of
// m3u-lines.ts. The streaming front ends over it live in m3u.ts.
//
// Memory is bounded by the input chunk size plus one line (capped at
// `maxLineBytes`): lines are processed as they complete and nothing but the
// current #EXTINF and its pending options is retained. Problems (skipped
// lines, entries without URL, over-long attributes) are reported, never
// thrown; only errors of the source itself (I/O) propagate.
//
// Strings in entries are V8 substrings of the decoded chunk (~64 KiB), so a
// consumer keeping a sparse few entries for long keeps their chunks too;
// an importer that stores entries and drops them (the intended use) does not.
// Copying every string would add a copy per field to the hot path, for no
// gain in that intended use, so it is not done.
import { scanAttrs, scanDuration } from './m3u-attrs';
import { PlaylistBase } from './m3u-base';
import {
  addHeaderPairs,
  exthttpHeaders,
  headersFromAttrs,
  kodipropHeaders,
  mergeHeaders,
  vlcoptHeaders,
  type Headers,
} from './m3u-headers';
import { classifyEntry } from './m3u-kind';
import { LineSplitter, type LineSink } from './m3u-lines';
import type { M3uEntry, M3uHeader, M3uHls, M3uOptions, M3uProblem, M3uResult } from './m3u-types';
import { classifyUrlLine, isBlank, URL_ABSOLUTE, URL_PROBLEMS, URL_SKIP } from './m3u-url-line';

export const DEFAULT_MAX_LINE = 64 * 1024;
const DEFAULT_MAX_ATTR = 8 * 1024;
const DEFAULT_MAX_PROBLEMS = 1000;

const HASH = 35;
const SPACE = 32;
const TAB = 9;
const BOM = 0xfeff;

interface PendingInfo {
  line: number;
  duration: number;
  title: string;
  attrs: Record<string, string>;
  /** Whether `attrs` names stream headers (checked only then). */
  headerAttrs: boolean;
}

/** HLS tags that only a stream playlist has: a channel list starting with one is not a channel list. */
const HLS_TAGS: ReadonlyArray<[string, M3uHls]> = [
  ['#EXT-X-STREAM-INF', 'master'],
  ['#EXT-X-I-FRAME-STREAM-INF', 'master'],
  ['#EXT-X-TARGETDURATION', 'media'],
  ['#EXT-X-MEDIA-SEQUENCE', 'media'],
];

export interface M3uHandlers {
  entry(entry: M3uEntry): void;
  /** Called after each #EXTM3U line with the merged header so far. */
  header?(header: M3uHeader): void;
  problem?(problem: M3uProblem): void;
}

/**
 * Push parser: feed decoded text with write() (any split, lines may straddle
 * calls), then call end(). Synchronous, so callers decide how to batch.
 */
export class M3uParser implements LineSink {
  readonly header: M3uHeader = { tvgUrls: [], attrs: {} };
  readonly problems: M3uProblem[] = [];
  problemCount = 0;
  entryCount = 0;
  /** Set when the input is an HLS stream playlist (seen before any entry): it then yields no entries. */
  hls: M3uHls | null = null;
  /** An HLS tag came before any entry; decided at the first URL (see decideHls). */
  private hlsSuspect: M3uHls | null = null;
  private hlsLine = 0;
  private lineNo = 0;
  private readonly lines: LineSplitter;
  private pending: PendingInfo | null = null;
  /** The #EXTINF of the next URL was skipped, so that URL must go too. */
  private dropNextUrl = false;
  private pendingGroup: string | null = null;
  /** Headers of the next entry from #EXTVLCOPT, #EXTHTTP and #KODIPROP lines. */
  private optionHeaders: Headers | null = null;
  private readonly base: PlaylistBase;
  private readonly maxLine: number;
  private readonly maxAttr: number;
  private readonly maxProblems: number;
  private readonly handlers: M3uHandlers;
  private readonly reportAtLine = (message: string): void => this.report(this.lineNo, message);

  constructor(handlers: M3uHandlers, options: M3uOptions = {}) {
    this.handlers = handlers;
    this.maxLine = options.maxLineBytes ?? DEFAULT_MAX_LINE;
    this.maxAttr = options.maxAttrBytes ?? DEFAULT_MAX_ATTR;
    this.maxProblems = options.maxProblems ?? DEFAULT_MAX_PROBLEMS;
    this.base = new PlaylistBase(options.base);
    this.lines = new LineSplitter(this, this.maxLine);
  }

  write(text: string): void {
    this.lines.write(text);
  }

  end(): M3uResult {
    this.lines.end();
    if (this.hlsSuspect !== null) this.decideHls();
    if (this.pending && this.hls === null) {
      this.report(this.pending.line, 'entry without URL skipped (end of file)');
      this.pending = null;
    }
    return {
      header: this.header,
      entries: this.entryCount,
      lines: this.lineNo,
      problems: this.problems,
      problemCount: this.problemCount,
      hls: this.hls,
    };
  }

  private report(line: number, message: string): void {
    this.problemCount++;
    const problem = { line, message };
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
    this.handlers.problem?.(problem);
  }

  /** An over-long line (LineSink): reported, and skipped. */
  overlong(text: string, start: number): void {
    this.lineNo++;
    const isExtinf = text.startsWith('#EXTINF', start);
    this.report(this.lineNo, `line longer than ${this.maxLine} bytes skipped${isExtinf ? ' (#EXTINF)' : ''}`);
    if (isExtinf) {
      // Its URL follows on the next line; without the #EXTINF it must not
      // turn into an anonymous entry.
      if (this.pending) this.report(this.pending.line, 'entry without URL skipped');
      this.pending = null;
      this.dropNextUrl = true;
    }
  }

  /** A line (LineSink): a directive, a URL, or blank. */
  line(text: string, s: number, e: number): void {
    this.lineNo++;
    let c = text.charCodeAt(s);
    while (s < e && (c === SPACE || c === TAB || c === BOM)) c = text.charCodeAt(++s);
    if (s >= e) return;
    if (c === HASH) this.directive(text, s, e);
    else this.url(text, s, e);
  }

  private directive(text: string, s: number, e: number): void {
    // Fast path: directives are upper case in practice; fall back to a
    // case-insensitive match only for lines that start with "#e".
    let tag = text;
    let ts = s;
    if (text.charCodeAt(s + 1) === 101 /* e */) {
      tag = text.slice(s, Math.min(e, s + 26)).toUpperCase();
      ts = 0;
    }
    if (tag.startsWith('#EXTINF:', ts)) this.extinf(text, s + 8, e);
    else if (tag.startsWith('#EXTM3U', ts)) this.extm3u(text, s + 7, e);
    else if (tag.startsWith('#EXTGRP:', ts)) {
      const g = text.slice(s + 8, e).trim();
      if (g.length !== 0) this.pendingGroup = g;
    } else if (tag.startsWith('#EXTVLCOPT:', ts)) this.vlcopt(text.slice(s + 11, e));
    else if (tag.startsWith('#EXTHTTP:', ts)) this.exthttp(text.slice(s + 9, e));
    else if (tag.startsWith('#EXTINF', ts)) this.extinfWithoutColon(text, s + 7, e);
    else if (tag.startsWith('#KODIPROP:', ts)) this.kodiprop(text.slice(s + 10, e));
    else if (tag.startsWith('#EXT-X-', ts)) this.hlsTag(tag, ts);
    // Anything else starting with '#' is a comment or a directive we do not
    // use (other #EXT-X-…, #PLAYLIST): legal, silently ignored.
  }

  /**
   * "#EXTINF-1,Name", "#EXTINF -1 tvg-id=…", "#EXTINF :-1,…" are seen in public playlists; ignoring
   * them cost the channel its name and tvg-id, so they read as "#EXTINF:".
   */
  private extinfWithoutColon(text: string, p: number, e: number): void {
    const c = text.charCodeAt(p);
    const lenient = isBlank(c) || c === 45 || c === 43 || c === 44 || (c >= 48 && c <= 57);
    if (!lenient) return; // "#EXTINFO…": some other directive
    while (p < e && isBlank(text.charCodeAt(p))) p++;
    if (text.charCodeAt(p) === 58 /* : */) p++;
    this.extinf(text, p, e);
  }

  private hlsTag(tag: string, ts: number): void {
    // Only before the first entry: a stray tag in a channel list does not make it a stream playlist.
    if (this.hls !== null || this.hlsSuspect !== null || this.entryCount !== 0) return;
    for (const [name, kind] of HLS_TAGS) {
      if (!tag.startsWith(name, ts)) continue;
      this.hlsSuspect = kind;
      this.hlsLine = this.lineNo;
      return;
    }
  }

  /** At the first URL after an HLS tag (or at the end): is this really a stream playlist? */
  private decideHls(): void {
    const kind = this.hlsSuspect as M3uHls;
    this.hlsSuspect = null;
    const p = this.pending;
    // A segment has a positive duration and no attributes. A channel list that merely starts with a
    // copied #EXT-X-TARGETDURATION has the live -1 or tvg-… attributes: it stays a channel list.
    if (kind === 'media' && p !== null && (p.duration <= 0 || Object.keys(p.attrs).length !== 0)) return;
    this.hls = kind;
    this.report(this.hlsLine, `an HLS ${kind} playlist (a stream), not a channel list`);
  }

  private extinf(text: string, s: number, e: number): void {
    if (this.pending) this.report(this.pending.line, 'entry without URL skipped');
    this.dropNextUrl = false;
    const [duration, p] = scanDuration(text, s, e);
    const scan = scanAttrs(text, p, e, this.maxAttr, this.reportAtLine);
    this.pending = {
      line: this.lineNo,
      duration,
      title: scan.title,
      attrs: scan.attrs,
      headerAttrs: scan.headerAttrs,
    };
  }

  private extm3u(text: string, s: number, e: number): void {
    const h = this.header;
    scanAttrs(text, s, e, this.maxAttr, this.reportAtLine, h.attrs);
    for (const key of ['url-tvg', 'x-tvg-url', 'tvg-url']) {
      const v = h.attrs[key];
      if (v === undefined) continue;
      for (const part of v.split(',')) {
        const u = part.trim();
        if (u.length !== 0 && !h.tvgUrls.includes(u)) h.tvgUrls.push(u);
      }
    }
    this.handlers.header?.(h);
  }

  // Option lines set headers of the next entry (m3u-headers.ts). Each is a method of its own so that
  // directive() stays small enough for V8 to inline into line().
  private vlcopt(opt: string): void {
    this.optionHeaders = vlcoptHeaders(this.optionHeaders, opt, this.reportAtLine);
  }

  private exthttp(json: string): void {
    this.optionHeaders = exthttpHeaders(this.optionHeaders, json, this.reportAtLine);
  }

  private kodiprop(prop: string): void {
    this.optionHeaders = kodipropHeaders(this.optionHeaders, prop, this.reportAtLine);
  }

  private url(text: string, s: number, e: number): void {
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    // Kodi: "URL|User-Agent=…&Referer=…"; the part after '|' is headers, never part of the URL. The
    // line is cut out first (a valid one is kept anyway) so that the search stops at its end: on the
    // whole text, it ran on to the next '|' (a group title's "UK | News"), another pass over the file.
    let written = text.slice(s, e);
    const bar = written.indexOf('|');
    const verdict = classifyUrlLine(text, s, bar < 0 ? e : s + bar);
    // The rare cases are handled out of line: this method is the parser's hottest after the
    // attribute scan, and V8 inlines it only while it stays small.
    if (verdict !== URL_ABSOLUTE || this.dropNextUrl || this.hlsSuspect !== null || this.hls !== null) {
      if (!this.admit(verdict)) return;
    }
    if (bar >= 0) written = written.slice(0, bar).trimEnd();
    const url = verdict === URL_ABSOLUTE ? written : this.base.resolve(written, verdict, this.reportAtLine);
    if (url === null) return;
    const info = this.pending;
    let line: number;
    let duration: number;
    let title: string;
    let attrs: Record<string, string>;
    if (info) {
      ({ line, duration, title, attrs } = info);
      if (title.length === 0) title = attrs['tvg-name'] ?? '';
    } else {
      // A bare URL (plain M3U without #EXTINF) is a valid entry.
      line = this.lineNo;
      duration = -1;
      title = written;
      attrs = {};
    }
    const headers =
      this.optionHeaders !== null || bar >= 0 || info?.headerAttrs === true
        ? this.entryHeaders(info, bar < 0 ? null : text.slice(s + bar + 1, e))
        : null;
    const gt = attrs['group-title'];
    const group = gt !== undefined && gt.length !== 0 ? gt : this.pendingGroup;
    const entry: M3uEntry = {
      line,
      duration,
      title,
      attrs,
      group,
      url,
      headers,
      kind: classifyEntry(url, duration, group, title),
    };
    this.resetEntryState();
    this.entryCount++;
    this.handlers.entry(entry);
  }

  /** A URL line that is not simply a stream URL for the pending entry: may it go on to be one? */
  private admit(verdict: number): boolean {
    if (verdict >= URL_SKIP) {
      // Garbage between an #EXTINF and its URL does not cancel the entry. The line itself is never
      // quoted: a file that is no playlist may hold anything.
      this.report(this.lineNo, URL_PROBLEMS[verdict] as string);
      return false;
    }
    if (this.dropNextUrl) {
      this.dropNextUrl = false;
      this.report(this.lineNo, 'URL of a skipped #EXTINF dropped');
      this.resetEntryState();
      return false;
    }
    if (this.hlsSuspect !== null) this.decideHls();
    if (this.hls !== null) {
      // A variant or segment of an HLS playlist, not a channel.
      this.resetEntryState();
      return false;
    }
    return true;
  }

  /** The most specific wins: the URL's own headers, then the entry's options, then its attributes. */
  private entryHeaders(info: PendingInfo | null, urlPairs: string | null): Headers | null {
    let headers = info?.headerAttrs === true ? headersFromAttrs(info.attrs, this.reportAtLine) : null;
    headers = mergeHeaders(headers, this.optionHeaders);
    return urlPairs === null ? headers : addHeaderPairs(headers, urlPairs, this.reportAtLine);
  }

  private resetEntryState(): void {
    this.pending = null;
    this.pendingGroup = null;
    this.optionHeaders = null;
  }
}
