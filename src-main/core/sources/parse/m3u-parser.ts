// The M3U / M3U8 push parser: line splitting, directives (#EXTINF, #EXTM3U,
// #EXTGRP, #EXTVLCOPT, #EXTHTTP) and entries. The streaming front ends over
// it live in m3u.ts.
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
import { classifyEntry } from './m3u-kind';
import type { M3uEntry, M3uHeader, M3uOptions, M3uProblem, M3uResult } from './m3u-types';
import { checkUrlLine, isBlank, preview } from './m3u-url-line';

export const DEFAULT_MAX_LINE = 64 * 1024;
const DEFAULT_MAX_ATTR = 8 * 1024;
const DEFAULT_MAX_PROBLEMS = 1000;

const HASH = 35;
const CR = 13;
const SPACE = 32;
const TAB = 9;
const BOM = 0xfeff;

interface PendingInfo {
  line: number;
  duration: number;
  title: string;
  attrs: Record<string, string>;
}

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
export class M3uParser {
  readonly header: M3uHeader = { tvgUrls: [], attrs: {} };
  readonly problems: M3uProblem[] = [];
  problemCount = 0;
  entryCount = 0;
  private lineNo = 0;
  private carry = '';
  /** Inside a line that exceeded maxLineBytes: drop text until the next LF. */
  private skipping = false;
  private pending: PendingInfo | null = null;
  /** The #EXTINF of the next URL was skipped, so that URL must go too. */
  private dropNextUrl = false;
  private pendingGroup: string | null = null;
  private userAgent: string | undefined = undefined;
  private referrer: string | undefined = undefined;
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

  end(): M3uResult {
    if (this.carry.length !== 0) {
      // A last line without a newline is still a line (often the last URL).
      const line = this.carry;
      this.carry = '';
      this.line(line, 0, line.length);
    }
    this.skipping = false;
    if (this.pending) {
      this.report(this.pending.line, 'entry without URL skipped (end of file)');
      this.pending = null;
    }
    return {
      header: this.header,
      entries: this.entryCount,
      lines: this.lineNo,
      problems: this.problems,
      problemCount: this.problemCount,
    };
  }

  private report(line: number, message: string): void {
    this.problemCount++;
    const problem = { line, message };
    if (this.problems.length < this.maxProblems) this.problems.push(problem);
    this.handlers.problem?.(problem);
  }

  /** An over-long line: report it, drop what we hold, and skip to its end. */
  private startSkipping(head: string): void {
    this.lineNo++;
    this.carry = '';
    this.skipping = true;
    this.overlong(head, 0);
  }

  private overlong(text: string, start: number): void {
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

  private line(text: string, s: number, e: number): void {
    this.lineNo++;
    if (e > s && text.charCodeAt(e - 1) === CR) e--;
    if (e - s > this.maxLine) {
      this.overlong(text, s);
      return;
    }
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
      tag = text.slice(s, Math.min(e, s + 12)).toUpperCase();
      ts = 0;
    }
    if (tag.startsWith('#EXTINF:', ts)) this.extinf(text, s + 8, e);
    else if (tag.startsWith('#EXTM3U', ts)) this.extm3u(text, s + 7, e);
    else if (tag.startsWith('#EXTGRP:', ts)) {
      const g = text.slice(s + 8, e).trim();
      if (g.length !== 0) this.pendingGroup = g;
    } else if (tag.startsWith('#EXTVLCOPT:', ts)) this.vlcopt(text.slice(s + 11, e));
    else if (tag.startsWith('#EXTHTTP:', ts)) this.exthttp(text.slice(s + 9, e));
    // Anything else starting with '#' is a comment or a directive we do not
    // use (#EXT-X-…, #KODIPROP, #PLAYLIST): legal, silently ignored.
  }

  private extinf(text: string, s: number, e: number): void {
    if (this.pending) this.report(this.pending.line, 'entry without URL skipped');
    this.dropNextUrl = false;
    const [duration, p] = scanDuration(text, s, e);
    const scan = scanAttrs(text, p, e, this.maxAttr, this.reportAtLine);
    this.pending = { line: this.lineNo, duration, title: scan.title, attrs: scan.attrs };
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

  private vlcopt(opt: string): void {
    const eq = opt.indexOf('=');
    if (eq < 0) return;
    const key = opt.slice(0, eq).trim().toLowerCase();
    const value = opt.slice(eq + 1).trim();
    if (value.length === 0) return;
    if (key === 'http-user-agent') this.userAgent = value;
    else if (key === 'http-referrer' || key === 'http-referer') this.referrer = value;
  }

  private exthttp(json: string): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      this.report(this.lineNo, 'invalid #EXTHTTP JSON ignored');
      return;
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return;
    for (const [k, v] of Object.entries(parsed)) {
      if (typeof v !== 'string' || v.length === 0) continue;
      const key = k.toLowerCase();
      if (key === 'user-agent') this.userAgent = v;
      else if (key === 'referer' || key === 'referrer') this.referrer = v;
    }
  }

  private url(text: string, s: number, e: number): void {
    while (e > s && isBlank(text.charCodeAt(e - 1))) e--;
    const verdict = checkUrlLine(text, s, e);
    if (verdict !== null) {
      // Garbage between an #EXTINF and its URL does not cancel the entry.
      this.report(this.lineNo, `${verdict}: ${preview(text, s, e)}`);
      return;
    }
    if (this.dropNextUrl) {
      this.dropNextUrl = false;
      this.report(this.lineNo, 'URL of a skipped #EXTINF dropped');
      this.resetEntryState();
      return;
    }
    const url = text.slice(s, e);
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
      title = url;
      attrs = {};
    }
    const gt = attrs['group-title'];
    const group = gt !== undefined && gt.length !== 0 ? gt : this.pendingGroup;
    const entry: M3uEntry = {
      line,
      duration,
      title,
      attrs,
      group,
      url,
      userAgent: this.userAgent,
      referrer: this.referrer,
      kind: classifyEntry(url, duration, group, title),
    };
    this.resetEntryState();
    this.entryCount++;
    this.handlers.entry(entry);
  }

  private resetEntryState(): void {
    this.pending = null;
    this.pendingGroup = null;
    this.userAgent = undefined;
    this.referrer = undefined;
  }
}
