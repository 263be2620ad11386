// Sources (M3U, Xtream Codes, HDHomeRun) and XMLTV guides: add, refresh with live progress, remove,
// and what the last import did. Passwords go in once and are never shown again (the core keeps them).
import { useEffect, useState, type FormEvent } from 'react';
import type { CommandInput } from '../src-shared/contract';
import type { GuideInfo, ImportReport, SourceInfo, SourceProgress } from '../src-shared/domain-sources';
import type { AppClient } from './client';
import { progressKey, useSources } from './sources-store';
import { run, useStore } from './store';

function when(ms: number | null): string {
  return ms === null ? 'never' : new Date(ms).toLocaleString();
}

function reportText(report: ImportReport | null): string {
  if (!report) return 'not imported yet';
  const parts = [`${report.items} read`, `${report.added} new`, `${report.updated} updated`];
  if (report.removed) parts.push(`${report.removed} removed`);
  if (report.tooOld) parts.push(`${report.tooOld} left out as already over`);
  if (report.problemCount) parts.push(`${report.problemCount} skipped or repaired`);
  return parts.join(', ');
}

function ProgressLine({ progress }: { progress: SourceProgress | undefined }) {
  if (!progress) return null;
  const value =
    progress.total !== null && progress.total > 0 ? Math.min(1, progress.done / progress.total) : undefined;
  const count =
    progress.phase === 'downloading'
      ? `${(progress.done / 1e6).toFixed(1)} MB`
      : progress.done
        ? `${progress.done}${progress.total !== null ? ` / ${progress.total}` : ''}`
        : '';
  return (
    <div className="progress" role="status">
      {progress.phase} {count} {value !== undefined && <progress value={value} max={1} />}
      {progress.message && <span> — {progress.message}</span>}
    </div>
  );
}

function Problems({ report }: { report: ImportReport | null }) {
  if (!report || report.problemCount === 0) return null;
  return (
    <details>
      <summary>
        {report.problemCount} problem{report.problemCount === 1 ? '' : 's'} in the last import
      </summary>
      <ul>
        {report.problems.slice(0, 20).map((p, i) => (
          <li key={i}>
            {p.line !== null ? `line ${p.line}: ` : p.offset !== null ? `at ${p.offset}: ` : ''}
            {p.message}
          </li>
        ))}
      </ul>
    </details>
  );
}

function SourceRow({ source, progress }: { source: SourceInfo; progress: SourceProgress | undefined }) {
  const c = source.counts;
  return (
    <li className="recording">
      <div className="head">
        <strong>{source.name}</strong> <span className="status">{source.kind}</span>
      </div>
      <div className="meta">
        {source.location ?? 'added by hand'} · {c.live} live
        {c.vod ? `, ${c.vod} VOD` : ''}
        {c.series ? `, ${c.series} series` : ''}
        {c.missing ? `, ${c.missing} no longer listed` : ''} · connections:{' '}
        {source.maxConnections ?? 'no limit known'}
      </div>
      {source.account && (
        <div className="meta">
          Account {source.account.status}, expires {when(source.account.expiresAt)},{' '}
          {source.account.activeConnections ?? '?'}/{source.account.maxConnections ?? '?'} in use, streams as{' '}
          {source.account.outputFormat}
        </div>
      )}
      {source.device && (
        <div className="meta">
          {source.device.friendlyName} {source.device.deviceId}, {source.device.tunerCount ?? '?'} tuners
        </div>
      )}
      {source.kind !== 'manual' && (
        <div className="meta">
          Refreshed {when(source.lastRefreshAt)} (every {source.refreshHours} h):{' '}
          {reportText(source.lastImport)}
        </div>
      )}
      {source.lastError && <div className="row-error">{source.lastError}</div>}
      <ProgressLine progress={progress} />
      <Problems report={source.lastImport} />
      {source.offeredGuides.map((url) => (
        <div className="meta" key={url}>
          The playlist offers a guide: {url}{' '}
          <button
            type="button"
            onClick={() =>
              void run((client) => client.call('guides.add', { location: url, sourceId: source.id }))
            }
          >
            Add guide
          </button>
        </div>
      ))}
      {source.kind !== 'manual' && (
        <RefreshRemove
          refreshing={source.refreshing}
          confirm={`Remove ${source.name} and its channels? Recordings are kept.`}
          refresh={(client) => client.call('sources.refresh', { id: source.id })}
          remove={(client) => client.call('sources.remove', { id: source.id })}
        />
      )}
    </li>
  );
}

/** A source's or guide's Refresh and Remove buttons; removing asks first. */
function RefreshRemove({
  refreshing,
  confirm,
  refresh,
  remove,
}: {
  refreshing: boolean;
  confirm: string;
  refresh: (client: AppClient) => Promise<unknown>;
  remove: (client: AppClient) => Promise<unknown>;
}) {
  return (
    <div className="actions">
      <button type="button" disabled={refreshing} onClick={() => void run(refresh)}>
        Refresh
      </button>
      <button
        type="button"
        className="danger"
        onClick={() => {
          if (window.confirm(confirm)) void run(remove);
        }}
      >
        Remove
      </button>
    </div>
  );
}

function GuideRow({ guide, progress }: { guide: GuideInfo; progress: SourceProgress | undefined }) {
  return (
    <li className="recording">
      <div className="head">
        <strong>{guide.name}</strong>
        {guide.offsetHours !== 0 && (
          <span className="status">
            {guide.offsetHours > 0 ? '+' : ''}
            {guide.offsetHours} h
          </span>
        )}
      </div>
      <div className="meta">
        {guide.location} · {guide.channelCount} channels, {guide.programmeCount} programmes
        {guide.coverage &&
          ` · ${new Date(guide.coverage.from).toLocaleDateString()} – ${new Date(guide.coverage.to).toLocaleDateString()}`}
      </div>
      <div className="meta">
        Refreshed {when(guide.lastRefreshAt)} (every {guide.refreshHours} h): {reportText(guide.lastImport)}
      </div>
      {guide.lastError && <div className="row-error">{guide.lastError}</div>}
      <ProgressLine progress={progress} />
      <Problems report={guide.lastImport} />
      <RefreshRemove
        refreshing={guide.refreshing}
        confirm={`Remove the guide ${guide.name}?`}
        refresh={(client) => client.call('guides.refresh', { id: guide.id })}
        remove={(client) => client.call('guides.remove', { id: guide.id })}
      />
    </li>
  );
}

type Kind = 'm3u' | 'xtream' | 'hdhomerun';

function AddSourceForm() {
  const [kind, setKind] = useState<Kind>('m3u');
  const [location, setLocation] = useState('');
  const [server, setServer] = useState('');
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [name, setName] = useState('');
  const [limit, setLimit] = useState('');
  const [withGuide, setWithGuide] = useState(true);
  const [busy, setBusy] = useState(false);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const common = {
      ...(name.trim() ? { name: name.trim() } : {}),
      ...(limit.trim() ? { maxConnections: Number(limit) } : {}),
    };
    const input: CommandInput<'sources.add'> =
      kind === 'm3u'
        ? { kind, location: location.trim(), addOfferedGuides: withGuide, ...common }
        : kind === 'xtream'
          ? { kind, server: server.trim(), username, password, withGuide, ...common }
          : { kind, address: location.trim(), ...common };
    setBusy(true);
    const added = await run((client) => client.call('sources.add', input));
    setBusy(false);
    if (added) {
      setLocation('');
      setServer('');
      setUsername('');
      setPassword('');
      setName('');
      setLimit('');
    }
  }

  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Add a source">
      <fieldset className="source">
        {(['m3u', 'xtream', 'hdhomerun'] as const).map((k) => (
          <label key={k}>
            <input type="radio" name="kind" checked={kind === k} onChange={() => setKind(k)} />{' '}
            {k === 'm3u' ? 'M3U playlist' : k === 'xtream' ? 'Xtream Codes' : 'HDHomeRun'}
          </label>
        ))}
      </fieldset>
      {kind === 'xtream' ? (
        <>
          <label>
            Server
            <input
              required
              type="url"
              placeholder="http://provider.example:8080"
              value={server}
              onChange={(e) => setServer(e.target.value)}
            />
          </label>
          <label>
            Username
            <input
              required
              autoComplete="username"
              value={username}
              onChange={(e) => setUsername(e.target.value)}
            />
          </label>
          <label>
            Password
            <input
              required
              type="password"
              autoComplete="current-password"
              value={password}
              onChange={(e) => setPassword(e.target.value)}
            />
          </label>
        </>
      ) : (
        <label>
          {kind === 'm3u' ? 'Playlist URL or file path' : 'Device address'}
          <input
            required
            placeholder={kind === 'm3u' ? 'http://provider/playlist.m3u' : '192.168.1.20'}
            value={location}
            onChange={(e) => setLocation(e.target.value)}
          />
        </label>
      )}
      <div className="row">
        <label>
          Name (optional)
          <input value={name} onChange={(e) => setName(e.target.value)} />
        </label>
        <label>
          Connection limit
          <input
            type="number"
            min={1}
            max={1000}
            placeholder={kind === 'm3u' ? 'none' : 'from the provider'}
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />
        </label>
      </div>
      {kind !== 'hdhomerun' && (
        <label className="inline">
          <input type="checkbox" checked={withGuide} onChange={(e) => setWithGuide(e.target.checked)} />{' '}
          {kind === 'm3u' ? 'Also add the guide the playlist offers' : "Also add the provider's guide"}
        </label>
      )}
      <button type="submit" disabled={busy}>
        {busy ? 'Importing…' : 'Add source'}
      </button>
    </form>
  );
}

function AddGuideForm() {
  const [location, setLocation] = useState('');
  const [offset, setOffset] = useState('0');
  const [busy, setBusy] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    setBusy(true);
    const added = await run((client) =>
      client.call('guides.add', { location: location.trim(), offsetHours: Number(offset) }),
    );
    setBusy(false);
    if (added) setLocation('');
  }
  return (
    <form onSubmit={(e) => void submit(e)} aria-label="Add a guide">
      <label>
        XMLTV guide URL or file path
        <input
          required
          placeholder="http://epg.example/guide.xml.gz"
          value={location}
          onChange={(e) => setLocation(e.target.value)}
        />
      </label>
      <label>
        Time offset (whole hours, for guides that are off)
        <input
          type="number"
          min={-23}
          max={23}
          step={1}
          value={offset}
          onChange={(e) => setOffset(e.target.value)}
        />
      </label>
      <button type="submit" disabled={busy}>
        {busy ? 'Importing…' : 'Add guide'}
      </button>
    </form>
  );
}

export function SourcesPanel() {
  const client = useStore((s) => s.client);
  const sources = useSources((s) => s.sources);
  const guides = useSources((s) => s.guides);
  const progress = useSources((s) => s.progress);
  const connect = useSources((s) => s.connect);
  useEffect(() => (client ? connect(client) : undefined), [client, connect]);

  return (
    <section className="sources" aria-label="Sources and guides">
      <h2>Sources</h2>
      {sources.length === 0 ? (
        <p className="empty">No sources yet: add a playlist, an Xtream Codes account or an HDHomeRun.</p>
      ) : (
        <ul className="recording-list">
          {sources.map((s) => (
            <SourceRow
              key={s.id}
              source={s}
              progress={progress[progressKey({ target: 'source', id: s.id })]}
            />
          ))}
        </ul>
      )}
      <AddSourceForm />
      <h2>Guides</h2>
      {guides.length === 0 ? (
        <p className="empty">No guides yet.</p>
      ) : (
        <ul className="recording-list">
          {guides.map((g) => (
            <GuideRow key={g.id} guide={g} progress={progress[progressKey({ target: 'guide', id: g.id })]} />
          ))}
        </ul>
      )}
      <AddGuideForm />
    </section>
  );
}
