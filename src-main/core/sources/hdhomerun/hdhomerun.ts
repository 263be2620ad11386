// HDHomeRun tuners on the LAN: discover.json tells the tuner count (the source's connection limit),
// lineup.json lists the channels with their stream URLs, keyed by guide number.
import { z } from 'zod';
import type { HdHomeRunDevice } from '../../../../src-shared/domain-sources';
import type { ChannelSync, SyncResult } from '../channel-sync';
import { ImportError } from '../../import/import-error';
import { hostOf, openInput } from '../../import/open-input';

const MAX_JSON_BYTES = 32 * 1024 ** 2;

/** http://host[:port] from "host", "host:port" or "http://host/". */
export function deviceBaseUrl(address: string): string {
  const trimmed = address.trim().replace(/\/+$/, '');
  return /^https?:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
}

async function getJson(url: string, signal: AbortSignal | undefined): Promise<unknown> {
  const input = await openInput(url, { maxBytes: MAX_JSON_BYTES, signal, connectTimeoutMs: 10_000 });
  const parts: Buffer[] = [];
  for await (const chunk of input.chunks) parts.push(Buffer.from(chunk));
  try {
    return JSON.parse(Buffer.concat(parts).toString('utf8')) as unknown;
  } catch {
    throw new ImportError('invalid_input', `${hostOf(url)} did not answer with HDHomeRun JSON`);
  }
}

// Optional first: in zod 4 an object key may only be absent when its schema is optional.
const text = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined || v === '' ? null : String(v)));

const Discover = z.object({
  FriendlyName: text,
  ModelNumber: text,
  DeviceID: text,
  TunerCount: z
    .union([z.number(), z.string(), z.null()])
    .optional()
    .transform((v) => {
      const n = Number(v);
      return v !== null && v !== undefined && Number.isInteger(n) && n > 0 ? n : null;
    }),
  LineupURL: text,
});

const LineupItem = z.object({
  GuideNumber: text,
  GuideName: text,
  URL: text,
  HD: z.unknown().optional(),
  DRM: z.unknown().optional(),
  Favorite: z.unknown().optional(),
  VideoCodec: text.optional(),
  AudioCodec: text.optional(),
});

export interface HdHomeRunImportResult {
  device: HdHomeRunDevice;
  sync: SyncResult;
  problems: Array<{ line: number | null; offset: number | null; message: string }>;
  problemCount: number;
}

export async function importHdHomeRun(options: {
  address: string;
  begin: () => Promise<ChannelSync>;
  signal?: AbortSignal;
  onProgress: (phase: 'connecting' | 'importing', done: number, total: number | null) => void;
}): Promise<HdHomeRunImportResult> {
  const base = deviceBaseUrl(options.address);
  options.onProgress('connecting', 0, null);
  const discover = Discover.safeParse(await getJson(`${base}/discover.json`, options.signal));
  if (!discover.success) {
    throw new ImportError('invalid_input', `${hostOf(base)} does not look like an HDHomeRun (discover.json)`);
  }
  const d = discover.data;
  const device: HdHomeRunDevice = {
    deviceId: d.DeviceID,
    model: d.ModelNumber,
    friendlyName: d.FriendlyName,
    tunerCount: d.TunerCount,
  };
  // Devices give an absolute LineupURL; an odd one (other host, relative) falls back to the default.
  const lineupUrl = d.LineupURL && hostOf(d.LineupURL) === hostOf(base) ? d.LineupURL : `${base}/lineup.json`;
  const lineup = await getJson(lineupUrl, options.signal);
  if (!Array.isArray(lineup)) throw new ImportError('invalid_input', 'lineup.json is not a list of channels');
  const problems: HdHomeRunImportResult['problems'] = [];
  const sync = await options.begin();
  lineup.forEach((raw: unknown, index) => {
    const item = LineupItem.safeParse(raw);
    if (!item.success || !item.data.GuideNumber || !item.data.URL || !URL.canParse(item.data.URL)) {
      problems.push({
        line: null,
        offset: index,
        message: 'lineup item without guide number or URL, skipped',
      });
      return;
    }
    const c = item.data;
    const attrs: Record<string, string> = {};
    for (const key of ['HD', 'DRM', 'Favorite'] as const)
      if (c[key] !== undefined) attrs[key.toLowerCase()] = String(c[key]);
    if (c.VideoCodec) attrs['video-codec'] = c.VideoCodec;
    if (c.AudioCodec) attrs['audio-codec'] = c.AudioCodec;
    sync.add({
      key: `hdhr:${c.GuideNumber}`,
      name: c.GuideName ?? `Channel ${c.GuideNumber}`,
      group: null,
      url: c.URL!,
      number: c.GuideNumber,
      logo: null,
      headers: null,
      kind: 'live',
      tvgId: null,
      tvgName: null,
      attrs: Object.keys(attrs).length ? attrs : null,
    });
  });
  if (sync.count === 0) {
    throw new ImportError(
      'invalid_input',
      'the device lists no channels (run a channel scan on it); previous channels kept',
    );
  }
  options.onProgress('importing', sync.count, sync.count);
  return { device, sync: await sync.finish(true), problems, problemCount: problems.length };
}
