// Domain types of sources (M3U, Xtream Codes, HDHomeRun), XMLTV guides, channel listings and the guide.
// Pure TypeScript: no node, electron or DOM imports. Instants are UTC epoch milliseconds.
// Nothing here ever carries a password: Xtream credentials stay in the core's secret store.
import type { Source } from './domain';

export const SOURCE_KINDS = ['m3u', 'xtream', 'hdhomerun'] as const;
export type ImportedSourceKind = (typeof SOURCE_KINDS)[number];

export const CHANNEL_KINDS = ['live', 'vod', 'series'] as const;
export type ChannelKind = (typeof CHANNEL_KINDS)[number];

export const XTREAM_OUTPUT_FORMATS = ['ts', 'm3u8'] as const;
export type XtreamOutputFormat = (typeof XTREAM_OUTPUT_FORMATS)[number];

/** Refreshes run on this many hours by default (per source and per guide). */
export const DEFAULT_REFRESH_HOURS = 24;
/** Programmes that ended more than this long ago are pruned. */
export const GUIDE_RETENTION_MS = 2 * 24 * 3600 * 1000;

/** One thing an import skipped or repaired, with where it was (line for M3U, line/offset for XMLTV). */
export interface ImportProblem {
  line: number | null;
  /** Character offset in the decoded text, when the format gives one. */
  offset: number | null;
  message: string;
}

/** What the last import of a source or guide did. */
export interface ImportReport {
  at: number;
  durationMs: number;
  /** Entries (playlist lines, streams, lineup items) or programmes read. */
  items: number;
  added: number;
  updated: number;
  /** Channels no longer listed (kept, marked missing) or programmes removed as replaced. */
  removed: number;
  /** The first problems (capped), and how many there were in all. */
  problems: ImportProblem[];
  problemCount: number;
  /** Set when the import read only part of the input (a cap, a fatal XML error). */
  stoppedEarly: string | null;
  /** Guides: programmes left out because they ended before the retention window. */
  tooOld?: number;
}

export interface XtreamAccount {
  status: string;
  /** Account expiry, null when the provider gives none (unlimited). */
  expiresAt: number | null;
  maxConnections: number | null;
  activeConnections: number | null;
  /** The container streams are built with: ts when the account allows it, else m3u8. */
  outputFormat: XtreamOutputFormat;
  allowedOutputFormats: string[];
  /** Whether the account has catch-up (archive) channels. */
  catchupChannels: number;
  checkedAt: number;
}

export interface HdHomeRunDevice {
  deviceId: string | null;
  model: string | null;
  friendlyName: string | null;
  tunerCount: number | null;
}

export type RefreshPhase =
  'queued' | 'connecting' | 'downloading' | 'importing' | 'finishing' | 'mapping' | 'done' | 'failed';

export interface SourceProgress {
  target: 'source' | 'guide';
  id: number;
  phase: RefreshPhase;
  /** Items handled so far (bytes while downloading). */
  done: number;
  /** The total when known (Content-Length, stream count), else null. */
  total: number | null;
  /** A short human note: the error on failure, the counts on done. */
  message?: string;
}

export interface SourceInfo extends Source {
  kind: Source['kind'];
  /** Playlist path or URL, Xtream server, HDHomeRun address; passwords in URLs are masked. */
  location: string | null;
  /** The limit in force: the user's number if set, else the account's / tuner count. */
  maxConnections: number | null;
  /** The user's own limit, when set (it wins over what the provider reports). */
  maxConnectionsOverride: number | null;
  /** Sources with the same group share one connection limit; null: its own. */
  connectionGroup: string | null;
  refreshHours: number;
  lastRefreshAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  /** Listed live channels, VOD and series entries, and channels missing since the last refresh. */
  counts: { live: number; vod: number; series: number; missing: number };
  lastImport: ImportReport | null;
  /** Guide URLs the playlist header offers (url-tvg / x-tvg-url), not yet added as guides. */
  offeredGuides: string[];
  /** Guides that belong to this source (its Xtream XMLTV, or offered guides the user took). */
  guideIds: number[];
  account: XtreamAccount | null;
  device: HdHomeRunDevice | null;
  /** How the credentials are protected (Xtream only), e.g. "encrypted by the OS keychain". */
  credentialProtection: string | null;
  refreshing: boolean;
}

export interface GuideInfo {
  id: number;
  name: string;
  /** Path or URL (credentials masked; an Xtream guide shows its server's xmltv.php). */
  location: string;
  offsetHours: number;
  sourceId: number | null;
  refreshHours: number;
  lastRefreshAt: number | null;
  lastAttemptAt: number | null;
  lastError: string | null;
  channelCount: number;
  programmeCount: number;
  /** First and last programme start stored. */
  coverage: { from: number; to: number } | null;
  lastImport: ImportReport | null;
  refreshing: boolean;
}

export type GuideMatch = 'manual' | 'tvg-id' | 'name';

export interface ChannelGuideMapping {
  guideId: number;
  guideName: string;
  xmltvId: string;
  displayName: string | null;
  /** How the mapping was made: by the user, by tvg-id, or by normalized name. */
  match: GuideMatch;
}

/** A channel as listed by channels.search: the core Channel plus source, kind and guide mapping. */
export interface ChannelListing {
  id: number;
  sourceId: number;
  sourceName: string;
  sourceKind: Source['kind'];
  name: string;
  number: string | null;
  group: string | null;
  logo: string | null;
  kind: ChannelKind;
  tvgId: string | null;
  /** Null when the channel has no guide; `manual` true with null guide means "no guide, by choice". */
  guide: ChannelGuideMapping | null;
  guideManual: boolean;
  /** Catch-up metadata from the playlist or the Xtream account (kept for later use). */
  catchup: { mode: string; days: number | null; source: string | null } | null;
  /** When a refresh stopped listing it; recordings keep pointing at it. */
  missingSince: number | null;
  /**
   * False when the user turned it off: hidden from the guide grid and guide search, not recorded by
   * series rules that take any channel (rules naming it, time rules and one-off recordings still are).
   */
  enabled: boolean;
  /** The logo through our media server (`/media/logos/<id>`, add the media base and token); null: none. */
  logoUrl: string | null;
}

export interface ChannelPage {
  total: number;
  channels: ChannelListing[];
}

export interface GroupCount {
  group: string | null;
  count: number;
}

export interface GuideChannelInfo {
  guideId: number;
  xmltvId: string;
  displayNames: string[];
  icon: string | null;
  /** How many of our channels are mapped to it. */
  mappedChannels: number;
}

export interface GuideProgramme {
  id: number;
  channelId: number;
  guideId: number;
  xmltvChannelId: string;
  start: number;
  /** Null when the guide gave no stop and no later programme follows. */
  stop: number | null;
  title: string;
  subTitle: string | null;
  season: number | null;
  episode: number | null;
  isNew: boolean;
  previouslyShown: boolean;
  premiere: boolean;
  // The details: absent from a grid answer (guide.query with details: false).
  description?: string | null;
  categories?: string[];
  episodeNum?: string | null;
  icon?: string | null;
  rating?: string | null;
}

export interface GuideChannelRow {
  channelId: number;
  name: string;
  number: string | null;
  /** The logo URL as the playlist gives it (remote: show `logoUrl`, which the core fetched and keeps). */
  logo: string | null;
  logoUrl: string | null;
  programmes: GuideProgramme[];
}

/** The media path of a channel's logo (media-routes.ts), or null when the channel has no logo URL. */
export function logoUrlOf(channelId: number, logo: string | null): string | null {
  return logo ? `/media/logos/${channelId}` : null;
}

/** One airing of a programme on one of our channels (guide.airings; guide.search's hits add a snippet). */
export interface GuideAiring {
  channelId: number;
  channelName: string;
  channelNumber: string | null;
  logoUrl: string | null;
  /** The grid's fields (as guide.query with details: false); guide.programme gives the rest. */
  programme: GuideProgramme;
}

export interface GuideSearchHit extends GuideAiring {
  /** Where the text was found: the title (listed first) or only the description. */
  match: 'title' | 'description';
  /** Up to 160 characters of the description (around the match for a description hit), or null. */
  snippet: string | null;
}

export interface GuideWindow {
  from: number;
  to: number;
  channels: GuideChannelRow[];
}
