// Public shapes yielded by the streaming M3U parser.

export type M3uKind = 'live' | 'vod' | 'series';

export interface M3uEntry {
  /** 1-based line of the #EXTINF (or of the URL when there was none). */
  line: number;
  /** #EXTINF duration in seconds; -1 when absent (the live convention). */
  duration: number;
  title: string;
  /** All attributes of the #EXTINF line, names lower-cased (tvg-id, tvg-name, tvg-logo, tvg-chno, group-title, catchup, …). */
  attrs: Record<string, string>;
  /** group-title, else the preceding #EXTGRP, else null. */
  group: string | null;
  /** The stream URL, resolved against M3uOptions.base when it was relative; Kodi's "|headers" cut off. */
  url: string;
  /**
   * HTTP headers to send with the stream (canonical names: User-Agent, Referer, …), or null: from the
   * URL's Kodi "|Name=value&…" suffix, else #EXTVLCOPT / #EXTHTTP / #KODIPROP stream_headers, else
   * the user-agent / referrer attributes (see m3u-headers.ts).
   */
  headers: Record<string, string> | null;
  kind: M3uKind;
}

/** What an HLS stream playlist given in place of a channel list is: variants (master) or segments (media). */
export type M3uHls = 'master' | 'media';

export interface M3uHeader {
  /** Guide URLs from url-tvg / x-tvg-url / tvg-url, comma lists split, de-duplicated. */
  tvgUrls: string[];
  /** Every attribute of the #EXTM3U line(s). */
  attrs: Record<string, string>;
}

export interface M3uProblem {
  line: number;
  message: string;
}

export interface M3uOptions {
  /**
   * Lines longer than this are skipped and reported (default 64 KiB). The
   * partial-line buffer is bounded in bytes; a complete decoded line is
   * measured in UTF-16 units (the same for ASCII, never more than its bytes).
   */
  maxLineBytes?: number;
  /** Attribute values longer than this (decoded characters) are dropped and reported (default 8 KiB). */
  maxAttrBytes?: number;
  /** How many problems to keep in the result; the rest are only counted (default 1000). */
  maxProblems?: number;
  /**
   * The playlist's own location as a URL (http(s):// or file://). Relative stream URLs are resolved
   * against it (a file's give file:// URLs), and a remote playlist may not name local files. Without
   * it, relative references are kept as written.
   */
  base?: string;
}

export interface M3uResult {
  header: M3uHeader;
  /** Number of entries emitted. */
  entries: number;
  /** Number of lines seen. */
  lines: number;
  /** The first `maxProblems` problems. */
  problems: M3uProblem[];
  /** All problems, including those not kept. */
  problemCount: number;
  /** Set when the input is an HLS stream playlist, not a channel list (it then has no entries). */
  hls: M3uHls | null;
}

/** What the parsers accept: a Readable, any async iterable of chunks, or an array of them. */
export type TextSource = AsyncIterable<Uint8Array | string> | Iterable<Uint8Array | string>;
