// Channels and the guide: browse and search channels (live ones; VOD stays out), see and change each
// channel's guide mapping, read what is on in a time window, and record a programme from it.
import { useEffect, useState } from 'react';
import type { CommandInput } from '../src-shared/contract';
import type { ChannelListing, GuideChannelInfo, GuideProgramme } from '../src-shared/domain-sources';
import { useSources } from './sources-store';
import { run, useStore } from './store';

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

function episode(p: GuideProgramme): string {
  if (p.season === null && p.episode === null) return '';
  const pad = (n: number | null) => (n === null ? '?' : String(n).padStart(2, '0'));
  return ` S${pad(p.season)}E${pad(p.episode)}`;
}

function MappingEditor({ channel, onDone }: { channel: ChannelListing; onDone: () => void }) {
  const client = useStore((s) => s.client);
  const [search, setSearch] = useState(channel.name);
  const [found, setFound] = useState<GuideChannelInfo[]>([]);
  useEffect(() => {
    if (!client) return;
    let current = true;
    const timer = setTimeout(() => {
      void client
        .call('guides.channels', { ...(search.trim() ? { search: search.trim() } : {}), limit: 30 })
        .then((list) => current && setFound(list))
        .catch(() => current && setFound([]));
    }, 200);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [client, search]);
  const map = async (input: CommandInput<'channels.map'>) => {
    await run((c) => c.call('channels.map', input));
    onDone();
  };
  return (
    <div className="mapping-editor">
      <label>
        Find a guide channel
        <input value={search} onChange={(e) => setSearch(e.target.value)} />
      </label>
      <ul>
        {found.map((g) => (
          <li key={`${g.guideId}:${g.xmltvId}`}>
            <button
              type="button"
              onClick={() =>
                void map({ channelId: channel.id, to: { guideId: g.guideId, xmltvId: g.xmltvId } })
              }
            >
              {g.displayNames[0] ?? g.xmltvId}
            </button>{' '}
            <span className="meta">
              {g.xmltvId} (guide #{g.guideId}
              {g.mappedChannels ? `, ${g.mappedChannels} mapped` : ''})
            </span>
          </li>
        ))}
      </ul>
      <div className="actions">
        <button type="button" onClick={() => void map({ channelId: channel.id, to: 'none' })}>
          No guide
        </button>
        <button type="button" onClick={() => void map({ channelId: channel.id, to: 'auto' })}>
          Automatic
        </button>
        <button type="button" onClick={onDone}>
          Cancel
        </button>
      </div>
    </div>
  );
}

function ChannelRow({ channel }: { channel: ChannelListing }) {
  const [editing, setEditing] = useState(false);
  const guide = channel.guide
    ? `${channel.guide.displayName ?? channel.guide.xmltvId} (${channel.guide.match === 'manual' ? 'set by you' : `by ${channel.guide.match}`})`
    : channel.guideManual
      ? 'no guide (set by you)'
      : 'no guide';
  return (
    <li className="recording">
      <div className="head">
        {channel.logo && <img src={channel.logo} alt="" width={24} height={24} loading="lazy" />}{' '}
        <strong>
          {channel.number ? `${channel.number} ` : ''}
          {channel.name}
        </strong>{' '}
        <span className="meta">
          {channel.group ?? ''} · {channel.sourceName}
          {channel.catchup ? ` · catch-up ${channel.catchup.days ?? ''} d` : ''}
        </span>
      </div>
      <div className="meta">
        Guide: {guide}{' '}
        <button type="button" onClick={() => setEditing((v) => !v)}>
          Change
        </button>
      </div>
      {editing && <MappingEditor channel={channel} onDone={() => setEditing(false)} />}
    </li>
  );
}

function Programme({
  channelId,
  programme,
  now,
}: {
  channelId: number;
  programme: GuideProgramme;
  now: number;
}) {
  const client = useStore((s) => s.client);
  const [details, setDetails] = useState<GuideProgramme | null>(null);
  const [open, setOpen] = useState(false);
  const toggle = () => {
    setOpen((v) => !v);
    if (details || !client) return;
    void client
      .call('guide.programme', { id: programme.id, channelId })
      .then(setDetails)
      .catch((error: unknown) =>
        setDetails({ ...programme, description: error instanceof Error ? error.message : String(error) }),
      );
  };
  const flags = [
    programme.isNew && 'new',
    programme.premiere && 'premiere',
    programme.previouslyShown && 'repeat',
  ]
    .filter(Boolean)
    .join(', ');
  // Record and Record series answer at once with the state the programme now has; both are
  // idempotent in the core (guide.record gives the same recording twice), and the buttons wait.
  const [state, setState] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const act = (what: () => Promise<string>) => {
    if (busy || !client) return;
    setBusy(true);
    setState('…');
    what()
      .then(setState, (error: unknown) =>
        setState(`failed: ${error instanceof Error ? error.message : String(error)}`),
      )
      .finally(() => setBusy(false));
  };
  const record = () =>
    act(async () => {
      const r = await client!.call('guide.record', { channelId, programmeId: programme.id });
      return r.conflict ? `conflict: ${r.conflict}` : r.status === 'recording' ? 'recording' : 'will record';
    });
  const recordSeries = () =>
    act(async () => {
      const rule = await client!.call('rules.add', { config: { kind: 'series', title: programme.title } });
      return `series rule added: ${rule.upcoming} upcoming`;
    });
  return (
    <li>
      <span className="meta">
        {time(programme.start)}–{programme.stop === null ? '?' : time(programme.stop)}
      </span>{' '}
      <button type="button" className="link" aria-expanded={open} onClick={toggle}>
        <strong>{programme.title}</strong>
      </button>
      {programme.subTitle ? ` — ${programme.subTitle}` : ''}
      {episode(programme)}
      {flags && <span className="meta"> ({flags})</span>}{' '}
      {(programme.stop ?? programme.start + 3600_000) > now && (
        <>
          <button type="button" onClick={record} disabled={busy}>
            Record
          </button>{' '}
          <button type="button" onClick={recordSeries} disabled={busy}>
            Record series
          </button>
        </>
      )}
      {state && (
        <span className="meta" role="status">
          {' '}
          {state}
        </span>
      )}
      {open && (
        <div className="programme-details">
          {details === null ? (
            <span className="meta">loading…</span>
          ) : (
            <>
              {details.description && <p>{details.description}</p>}
              <span className="meta">
                {[
                  details.categories?.join(', '),
                  details.episodeNum && `episode ${details.episodeNum}`,
                  details.rating && `rated ${details.rating}`,
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </span>
            </>
          )}
        </div>
      )}
    </li>
  );
}

export function GuidePanel() {
  const channels = useSources((s) => s.channels);
  const total = useSources((s) => s.channelTotal);
  const groups = useSources((s) => s.groups);
  const query = useSources((s) => s.query);
  const guideWindow = useSources((s) => s.window);
  const loadedAt = useSources((s) => s.windowLoadedAt);
  const windowStart = useSources((s) => s.windowStart);
  const windowHours = useSources((s) => s.windowHours);
  const loadChannels = useSources((s) => s.loadChannels);
  const loadWindow = useSources((s) => s.loadWindow);
  const [search, setSearch] = useState(query.search);

  useEffect(() => {
    const timer = setTimeout(() => {
      void loadChannels({ search });
      void loadWindow();
    }, 250);
    return () => clearTimeout(timer);
  }, [search, loadChannels, loadWindow]);

  return (
    <section className="guide" aria-label="Channels and guide">
      <h2>Channels</h2>
      <div className="row">
        <label>
          Search
          <input
            type="search"
            value={search}
            placeholder="name, number or tvg-id"
            onChange={(e) => setSearch(e.target.value)}
          />
        </label>
        <label>
          Group
          <select
            value={query.group}
            onChange={(e) => {
              void loadChannels({ group: e.target.value });
              void loadWindow();
            }}
          >
            <option value="">All groups</option>
            {groups.map((g) => (
              <option key={g.group ?? ''} value={g.group ?? ''} disabled={g.group === null}>
                {g.group ?? '(none)'} ({g.count})
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="meta">
        {total > channels.length ? `${channels.length} of ${total} channels` : `${total} channels`}
      </p>
      <ul className="recording-list">
        {channels.map((c) => (
          <ChannelRow key={c.id} channel={c} />
        ))}
      </ul>

      <h2>Guide</h2>
      <div className="row">
        <button type="button" onClick={() => void loadWindow(windowStart - windowHours * 3600_000)}>
          ◀ Earlier
        </button>
        <button type="button" onClick={() => void loadWindow(Math.floor(Date.now() / 3600_000) * 3600_000)}>
          Now
        </button>
        <button type="button" onClick={() => void loadWindow(windowStart + windowHours * 3600_000)}>
          Later ▶
        </button>
        <span className="meta">
          {new Date(windowStart).toLocaleString()} – {time(windowStart + windowHours * 3600_000)}
        </span>
      </div>
      {!guideWindow || guideWindow.channels.length === 0 ? (
        <p className="empty">No channel has a guide yet: add an XMLTV guide under Sources.</p>
      ) : (
        <ul className="recording-list">
          {guideWindow.channels.map((row) => (
            <li className="recording" key={row.channelId}>
              <div className="head">
                <strong>
                  {row.number ? `${row.number} ` : ''}
                  {row.name}
                </strong>
              </div>
              {row.programmes.length === 0 ? (
                <p className="meta">Nothing in the guide for this time.</p>
              ) : (
                <ul>
                  {row.programmes.map((p) => (
                    <Programme key={p.id} channelId={row.channelId} programme={p} now={loadedAt} />
                  ))}
                </ul>
              )}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
