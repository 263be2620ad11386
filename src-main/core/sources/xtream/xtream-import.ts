// Imports an Xtream Codes account's live channels: authenticate, read categories and live streams, and
// sync them as channels keyed by stream_id. Stream URLs are stored with credential placeholders.
import type { XtreamAccount, XtreamOutputFormat } from '../../../../src-shared/domain-sources';
import type { ChannelSync, IncomingChannel, SyncResult } from '../channel-sync';
import { ImportError } from '../../import/import-error';
import {
  authenticate,
  liveCategories,
  liveStreams,
  streamUrlTemplate,
  type XtreamCredentials,
  type XtreamStream,
} from './xtream-api';

export interface XtreamImportOptions {
  server: string;
  creds: XtreamCredentials;
  preferredFormat: XtreamOutputFormat | null;
  now: number;
  /** Opens the channel sync; called only once the account is known to be good. */
  begin: () => Promise<ChannelSync>;
  signal?: AbortSignal;
  onProgress: (phase: 'connecting' | 'downloading' | 'importing', done: number, total: number | null) => void;
}

export interface XtreamImportResult {
  account: XtreamAccount;
  sync: SyncResult;
  problems: Array<{ line: number | null; offset: number | null; message: string }>;
  problemCount: number;
}

export async function importXtream(options: XtreamImportOptions): Promise<XtreamImportResult> {
  const { server, creds, signal } = options;
  options.onProgress('connecting', 0, null);
  const { account: auth } = await authenticate(server, creds, options.now, options.preferredFormat, {
    signal,
  });
  const categories = await liveCategories(server, creds, { signal });
  const { streams, skipped } = await liveStreams(server, creds, {
    signal,
    onBytes: (done, total) => options.onProgress('downloading', done, total),
  });
  if (streams.length === 0) {
    throw new ImportError('invalid_input', 'the account lists no live streams; previous channels kept');
  }
  const account: XtreamAccount = {
    ...auth,
    catchupChannels: streams.filter((s) => s.tv_archive === 1).length,
    checkedAt: options.now,
  };
  const sync = await options.begin();
  for (const [index, stream] of streams.entries()) {
    sync.add(toIncoming(server, stream, categories, account.outputFormat));
    if (index % 5000 === 4999) {
      await sync.pump();
      options.onProgress('importing', index + 1, streams.length);
    }
  }
  options.onProgress('importing', streams.length, streams.length);
  // A JSON answer is complete or an error: what it does not list any more is gone.
  const result = await sync.finish(true);
  return {
    account,
    sync: result,
    problems: skipped.slice(0, 100).map((s) => ({ line: null, offset: s.index, message: s.message })),
    problemCount: skipped.length,
  };
}

function toIncoming(
  server: string,
  stream: XtreamStream,
  categories: Map<string, string>,
  format: XtreamOutputFormat,
): IncomingChannel {
  const attrs: Record<string, string> = {};
  if (stream.tv_archive === 1) {
    attrs.catchup = 'xc';
    if (stream.tv_archive_duration !== null) attrs['catchup-days'] = String(stream.tv_archive_duration);
  }
  return {
    key: `xc:${stream.stream_id}`,
    name: stream.name?.trim() || `Stream ${stream.stream_id}`,
    group: stream.category_id !== null ? (categories.get(stream.category_id) ?? null) : null,
    url: streamUrlTemplate(server, stream.stream_id, format),
    number: stream.num !== null ? String(stream.num) : null,
    logo: stream.stream_icon,
    headers: null,
    kind: 'live',
    tvgId: stream.epg_channel_id?.trim() || null,
    tvgName: null,
    attrs: Object.keys(attrs).length ? attrs : null,
  };
}
