// The contract's sources-and-guide part: playlists (M3U, Xtream Codes, HDHomeRun), XMLTV guides,
// channel <-> guide mapping, and the guide itself. Merged into `commands` by contract.ts.
import { z } from 'zod';
import { command, id, instant } from './contract-kit';
import {
  CHANNEL_KINDS,
  XTREAM_OUTPUT_FORMATS,
  type ChannelListing,
  type ChannelPage,
  type GroupCount,
  type GuideChannelInfo,
  type GuideInfo,
  type GuideAiring,
  type GuideProgramme,
  type GuideSearchHit,
  type GuideWindow,
  type SourceInfo,
  type SourceProgress,
} from './domain-sources';

/** The longest guide window one query may ask for. */
export const MAX_GUIDE_WINDOW_MS = 14 * 24 * 3600 * 1000;

/** An absolute path on any platform: /x, C:\x, C:/x, \\server\share. */
function isAbsolutePath(value: string): boolean {
  return value.startsWith('/') || /^[A-Za-z]:[\\/]/.test(value) || value.startsWith('\\\\');
}

function protocolOf(value: string): string | null {
  if (!/^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(value) || !URL.canParse(value)) return null;
  return new URL(value).protocol.replace(/:$/, '').toLowerCase();
}

/** A playlist or guide: an http(s) URL, a file:// URL, or an absolute file path. */
const location = z
  .string()
  .trim()
  .min(1, 'the location is empty')
  .max(4096, 'the location is longer than 4096 characters')
  .refine(
    (value) => {
      const protocol = protocolOf(value);
      return protocol === null ? isAbsolutePath(value) : ['http', 'https', 'file'].includes(protocol);
    },
    { message: 'give an http(s) URL or an absolute file path' },
  );

const httpUrl = z
  .string()
  .trim()
  .min(1, 'the server URL is empty')
  .max(2048, 'the server URL is longer than 2048 characters')
  .refine((value) => ['http', 'https'].includes(protocolOf(value) ?? ''), {
    message: 'the server must be an http:// or https:// URL',
  });

/** host, host:port, an IP address, or an http URL of the device. */
const deviceAddress = z
  .string()
  .trim()
  .min(1, 'the device address is empty')
  .max(300, 'the device address is too long')
  .refine((value) => /^(https?:\/\/)?[A-Za-z0-9.[\]:-]+(:\d{1,5})?\/?$/.test(value), {
    message: 'give the device address as host, host:port or http://host',
  });

const name = z.string().trim().min(1, 'the name is empty').max(200, 'the name is longer than 200 characters');
const refreshHours = z
  .number()
  .int('refresh hours must be a whole number')
  .min(1, 'refresh at most every hour')
  .max(24 * 30, 'refresh at least every 30 days');
const maxConnections = z
  .number()
  .int('the connection limit must be a whole number')
  .min(1, 'the connection limit must be at least 1')
  .max(1000, 'the connection limit is over 1000');
const credential = (what: string) =>
  z
    .string()
    .min(1, `the ${what} is empty`)
    .max(500, `the ${what} is longer than 500 characters`)
    .refine((v) => !/[\r\n]/.test(v), { message: `the ${what} contains a line break` });
const offsetHours = z
  .number()
  .int('the offset must be whole hours')
  .min(-23, 'the offset is below -23 hours')
  .max(23, 'the offset is over 23 hours');
const search = z.string().trim().max(200, 'the search is longer than 200 characters');

const AddM3u = z
  .object({
    kind: z.literal('m3u'),
    location,
    name: name.optional(),
    maxConnections: maxConnections.optional(),
    refreshHours: refreshHours.optional(),
    /** Add the guides the playlist header offers (url-tvg / x-tvg-url) right away. */
    addOfferedGuides: z.boolean().default(false),
  })
  .strict();

const AddXtream = z
  .object({
    kind: z.literal('xtream'),
    server: httpUrl,
    username: credential('username'),
    password: credential('password'),
    name: name.optional(),
    /** Overrides the account's max_connections. */
    maxConnections: maxConnections.optional(),
    refreshHours: refreshHours.optional(),
    /** Overrides the automatic choice (ts when the account allows it, else m3u8). */
    outputFormat: z.enum(XTREAM_OUTPUT_FORMATS).optional(),
    /** Add the provider's XMLTV (xmltv.php) as a guide of this source. */
    withGuide: z.boolean().default(true),
  })
  .strict();

const AddHdHomeRun = z
  .object({
    kind: z.literal('hdhomerun'),
    address: deviceAddress,
    name: name.optional(),
    /** Overrides the device's tuner count. */
    maxConnections: maxConnections.optional(),
    refreshHours: refreshHours.optional(),
  })
  .strict();

export const AddSourceInput = z.discriminatedUnion('kind', [AddM3u, AddXtream, AddHdHomeRun]);
export type AddSourceInput = z.input<typeof AddSourceInput>;

export const UpdateSourceInput = z
  .object({
    id,
    name: name.optional(),
    /** null clears the user's limit (the provider's / device's applies again). */
    maxConnections: maxConnections.nullable().optional(),
    /**
     * Sources with the same group share one connection limit (two playlists of one account); null: the
     * source is its own group.
     */
    connectionGroup: z.string().trim().min(1).max(100).nullable().optional(),
    refreshHours: refreshHours.optional(),
    /** New playlist location (m3u) or device address (hdhomerun); channels keep their identity. */
    location: location.optional(),
    address: deviceAddress.optional(),
    /** Xtream only. */
    server: httpUrl.optional(),
    username: credential('username').optional(),
    password: credential('password').optional(),
    outputFormat: z.enum(XTREAM_OUTPUT_FORMATS).nullable().optional(),
  })
  .strict();

const ById = z.object({ id }).strict();

const kinds = z.array(z.enum(CHANNEL_KINDS)).min(1).max(3).default(['live']);

export const ChannelSearchInput = z
  .object({
    search: search.optional(),
    group: z.string().max(300).optional(),
    sourceId: id.optional(),
    /** live by default: VOD and series entries are kept out of listings unless asked for. */
    kinds,
    includeMissing: z.boolean().default(false),
    /** true: only channels with a guide; false: only those without. */
    mapped: z.boolean().optional(),
    /** true: only channels turned on; false: only those the user turned off. */
    enabled: z.boolean().optional(),
    limit: z.number().int().min(1).max(5000).default(500),
    offset: z.number().int().min(0).default(0),
  })
  .strict()
  .prefault({});

export const MapChannelInput = z
  .object({
    channelId: id,
    /** A guide channel, 'none' (no guide, by choice) or 'auto' (back to automatic mapping). */
    to: z.union([
      z.object({ guideId: id, xmltvId: z.string().trim().min(1).max(500) }).strict(),
      z.literal('none'),
      z.literal('auto'),
    ]),
  })
  .strict();

export const GuideQueryInput = z
  .object({
    channelIds: z.array(id).max(1000, 'at most 1000 channels per query').optional(),
    from: instant,
    to: instant,
    search: search.optional(),
    group: z.string().max(300).optional(),
    /** Channels per answer when no channelIds are given. */
    limit: z.number().int().min(1).max(1000).default(200),
    offset: z.number().int().min(0).default(0),
    /**
     * false: a grid answer, without each programme's description, categories, episode number, icon and
     * rating (guide.programme gives them for one programme). Measured 30-40 % cheaper for a 200-channel
     * grid: turning values into JavaScript is most of a guide query.
     */
    details: z.boolean().default(true),
    /** Without channelIds: also the channels the user turned off (left out by default). */
    includeDisabled: z.boolean().default(false),
  })
  .strict()
  .refine((v) => v.to > v.from, { message: 'the end must be after the start' })
  .refine((v) => v.to - v.from <= MAX_GUIDE_WINDOW_MS, { message: 'ask for at most 14 days at once' });

export const GuideSearchInput = z
  .object({
    text: z
      .string()
      .trim()
      .min(2, 'search for at least 2 characters')
      .max(100, 'the search is longer than 100 characters'),
    from: instant,
    to: instant,
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict()
  .refine((v) => v.to > v.from, { message: 'the end must be after the start' })
  .refine((v) => v.to - v.from <= MAX_GUIDE_WINDOW_MS, { message: 'search at most 14 days at once' });

export const UpdateChannelInput = z
  .object({
    id,
    /** false: hidden from the guide grid and search, not recorded by series rules on any channel. */
    enabled: z.boolean(),
  })
  .strict();

export const sourceCommands = {
  'sources.list': command(z.object({}).strict().default({})).returns<SourceInfo[]>(),
  'sources.get': command(ById).returns<SourceInfo>(),
  /** Adds a source and runs its first import; a failure leaves nothing behind. */
  'sources.add': command(AddSourceInput).returns<SourceInfo>(),
  'sources.update': command(UpdateSourceInput).returns<SourceInfo>(),
  /** Refreshes now (joins a refresh already running) and resolves when it is done. */
  'sources.refresh': command(ById).returns<SourceInfo>(),
  'sources.remove': command(ById).returns<{ id: number }>(),
  'guides.list': command(z.object({}).strict().default({})).returns<GuideInfo[]>(),
  'guides.get': command(ById).returns<GuideInfo>(),
  /** Adds an XMLTV guide and runs its first import; a failure leaves nothing behind. */
  'guides.add': command(
    z
      .object({
        location,
        name: name.optional(),
        offsetHours: offsetHours.default(0),
        refreshHours: refreshHours.optional(),
        sourceId: id.optional(),
      })
      .strict(),
  ).returns<GuideInfo>(),
  'guides.update': command(
    z
      .object({
        id,
        name: name.optional(),
        offsetHours: offsetHours.optional(),
        refreshHours: refreshHours.optional(),
        location: location.optional(),
      })
      .strict(),
  ).returns<GuideInfo>(),
  'guides.refresh': command(ById).returns<GuideInfo>(),
  'guides.remove': command(ById).returns<{ id: number }>(),
  'guides.channels': command(
    z
      .object({
        guideId: id.optional(),
        search: search.optional(),
        limit: z.number().int().min(1).max(5000).default(200),
      })
      .strict()
      .prefault({}),
  ).returns<GuideChannelInfo[]>(),
  /** Channels with their source, kind and guide mapping (the core channels.list stays minimal). */
  'channels.search': command(ChannelSearchInput).returns<ChannelPage>(),
  'channels.groups': command(z.object({ sourceId: id.optional(), kinds }).strict().prefault({})).returns<
    GroupCount[]
  >(),
  /** Sets a manual guide mapping (kept across refreshes), or returns a channel to automatic mapping. */
  'channels.map': command(MapChannelInput).returns<ChannelListing>(),
  /** Turns a channel on or off (the user's choice: refreshes keep it). */
  'channels.update': command(UpdateChannelInput).returns<ChannelListing>(),
  'guide.query': command(GuideQueryInput).returns<GuideWindow>(),
  /** One programme with all its details, as seen on one of our channels (for a grid's details view). */
  'guide.programme': command(z.object({ id, channelId: id }).strict()).returns<GuideProgramme>(),
  /**
   * Programmes whose title or description contains the text (case-insensitive for ASCII letters), on
   * channels turned on that have a guide: title hits first, then description hits, each by start.
   */
  'guide.search': command(GuideSearchInput).returns<GuideSearchHit[]>(),
  /** The other airings of a programme's title (normalised) in the next 14 days, on any channel turned on. */
  'guide.airings': command(z.object({ channelId: id, programmeId: id }).strict()).returns<GuideAiring[]>(),
} as const;

export interface SourceEventMap {
  /** Refresh progress of a source or guide: phase, items done, total when known. */
  'sources.progress': SourceProgress;
  /** A source was added, refreshed, changed or removed. */
  'sources.changed': { id: number; removed: boolean };
  /** A guide was added, refreshed, changed or removed (programmes or mappings changed). */
  'guide.changed': { id: number; removed: boolean };
}
export const SOURCE_EVENT_NAMES: readonly (keyof SourceEventMap)[] = [
  'sources.progress',
  'sources.changed',
  'guide.changed',
];
