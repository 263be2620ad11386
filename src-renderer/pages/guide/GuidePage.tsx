// The guide (/guide, /guide/:channelId/:programmeId): every channel with a guide against the next 14
// days, with search, a group filter, jumps to now / a day / prime time, and a programme's details in a
// panel whose address can be shared. ?at= (local "YYYY-MM-DDTHH:MM"), ?group= and ?q= keep the view.
import {
  useCallback,
  useEffect,
  useLayoutEffect,
  useMemo,
  useRef,
  useState,
  useSyncExternalStore,
} from 'react';
import { Link, useNavigate, useParams, useSearchParams } from 'react-router';
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import { EmptyState } from '../../ui/EmptyState';
import { useStatusMap } from './airing-status';
import type { GuideChannel, GuideSearchHit } from './guide-api';
import { GuideGrid, type GuideGridHandle } from './GuideGrid';
import {
  floorToHalfHour,
  formatAt,
  NARROW_MAX_WIDTH,
  NARROW_LAYOUT,
  parseAt,
  WIDE_LAYOUT,
} from './guide-math';
import { followGuide, programmeCache, useGuideStore } from './guide-store';
import { GuideToolbar } from './GuideToolbar';
import { ProgrammePanel } from './ProgrammePanel';
import './guide.css';

const narrowQuery = `(max-width: ${NARROW_MAX_WIDTH}px)`;
/** Side panel or sheet: under this width the panel would leave too little grid. */
const sheetQuery = '(max-width: 899px)';

function useMedia(query: string): boolean {
  return useSyncExternalStore(
    (cb) => {
      const m = window.matchMedia(query);
      m.addEventListener('change', cb);
      return () => m.removeEventListener('change', cb);
    },
    () => window.matchMedia(query).matches,
  );
}

export function GuidePage() {
  const params = useParams();
  const [search, setSearch] = useSearchParams();
  const navigate = useNavigate();
  const grid = useRef<GuideGridHandle>(null);
  const channels = useGuideStore((s) => s.channels);
  const error = useGuideStore((s) => s.error);
  const groups = useGuideStore((s) => s.groups);
  const unmapped = useGuideStore((s) => s.unmapped);
  const span = useGuideStore((s) => s.span);
  const viewAt = useGuideStore((s) => s.viewAt);
  const statuses = useStatusMap();
  const layout = useMedia(narrowQuery) ? NARROW_LAYOUT : WIDE_LAYOUT;
  const sheet = useMedia(sheetQuery);

  const group = search.get('group');
  const q = search.get('q') ?? '';
  const atParam = parseAt(search.get('at'));
  const channelId = Number(params.channelId) || null;
  const programmeId = Number(params.programmeId) || null;
  const linkSearch = search.size > 0 ? `?${search.toString()}` : '';

  useEffect(() => {
    followGuide();
    const jump = useGuideStore.getState().openedNow();
    if (jump !== null && atParam === null) grid.current?.jumpTo(jump);
    // Once, when the guide opens.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => {
    void useGuideStore.getState().load(group);
  }, [group]);

  // Where the grid starts: the address's time, else where the guide was left (now, on a first visit).
  const [initialAt] = useState(() => atParam ?? viewAt);
  // The address's ?at= changed by someone else (a link, back/forward): go there.
  const writtenAt = useRef<number | null>(atParam);
  useEffect(() => {
    if (atParam !== null && atParam !== writtenAt.current) {
      writtenAt.current = atParam;
      grid.current?.jumpTo(atParam);
    }
  }, [atParam]);

  // The address's parameters as last written. setSearchParams' `prev` is the one of the last render,
  // so two writes before a re-render (the search field's ?q=, then the grid's ?at= from a timer) made
  // the second undo the first: the search field emptied itself under the user's typing.
  const latestSearch = useRef(search);
  useLayoutEffect(() => {
    latestSearch.current = search;
  }, [search]);
  const update = useCallback(
    (changes: Record<string, string | null>) => {
      const next = new URLSearchParams(latestSearch.current);
      for (const [k, v] of Object.entries(changes)) {
        if (v === null || v === '') next.delete(k);
        else next.set(k, v);
      }
      latestSearch.current = next;
      setSearch(next, { replace: true, preventScrollReset: true });
    },
    [setSearch],
  );

  // The view rests on a new half hour: remember it (the day picker, a reload, the way back).
  const onViewChange = useCallback(
    (at: number) => {
      useGuideStore.getState().setViewAt(at);
      // "Now" is not written down: a reload later should show its own now.
      const value = at === floorToHalfHour(Date.now()) ? null : formatAt(at);
      writtenAt.current = value === null ? null : parseAt(value);
      update({ at: value });
    },
    [update],
  );

  const jumpTo = (t: number) => grid.current?.jumpTo(t);

  const closePanel = useCallback(() => {
    const kept = latestSearch.current.toString();
    void navigate(`/guide${kept ? `?${kept}` : ''}`, { preventScrollReset: true });
  }, [navigate]);

  // The panel closed and took the focus with it: back to the cell that opened it, if it is on screen.
  const lastOpen = useRef<{ channelId: number; programmeId: number } | null>(null);
  useEffect(() => {
    if (channelId && programmeId) {
      lastOpen.current = { channelId, programmeId };
      return;
    }
    const last = lastOpen.current;
    lastOpen.current = null;
    const lost = !document.activeElement || document.activeElement === document.body;
    if (last && lost) grid.current?.focusProgramme(last.channelId, last.programmeId);
  }, [channelId, programmeId]);

  // A deep link (or a search hit) opens a programme the grid may not show: scroll to it once its
  // time is known and the rows are there.
  const [opened, setOpened] = useState<GuideProgramme | null>(null);
  const revealed = useRef<number | null>(null);
  useEffect(() => {
    if (!opened || !channels || revealed.current === opened.id || opened.id !== programmeId) return;
    revealed.current = opened.id;
    grid.current?.reveal(channelId ?? opened.channelId, opened.start);
  }, [opened, channels, programmeId, channelId]);

  const channel = useMemo(
    () => (channelId && channels ? (channels.find((c) => c.id === channelId) ?? null) : null),
    [channelId, channels],
  );

  const onPickProgramme = (hit: GuideSearchHit) => {
    revealed.current = null;
    void navigate(`/guide/${hit.channelId}/${hit.programme.id}${linkSearch}`);
  };
  const onPickChannel = (c: GuideChannel) => grid.current?.reveal(c.id, null, true);

  return (
    <div className="guide-page">
      <h1 className="visually-hidden">Guide</h1>
      <GuideToolbar
        search={{
          value: q,
          onChange: (text: string) => update({ q: text }),
          channels,
          span,
          statuses,
          onPickProgramme,
          onPickChannel,
        }}
        groups={groups}
        group={group}
        onGroup={(g) => update({ group: g })}
        viewAt={viewAt}
        span={span}
        onJump={jumpTo}
        count={channels?.length ?? null}
      />
      <div className="guide-body">
        {error && !channels ? (
          <div className="guide-message card" role="alert">
            <h2>The guide could not be loaded</h2>
            <p className="muted">{error}</p>
            <p className="muted small">Check that Tapedeck is running, then try again.</p>
            <button type="button" className="btn" onClick={() => void useGuideStore.getState().load(group)}>
              Try again
            </button>
          </div>
        ) : channels && channels.length === 0 ? (
          <NoChannels group={group} unmapped={unmapped} onAll={() => update({ group: null })} />
        ) : (
          <>
            <CacheError />
            <GuideGrid
              ref={grid}
              channels={channels}
              origin={span.origin}
              end={span.end}
              layout={layout}
              cache={programmeCache}
              statuses={statuses}
              selectedId={programmeId}
              linkSearch={linkSearch}
              initialAt={initialAt}
              onViewChange={onViewChange}
            />
          </>
        )}
        {channelId && programmeId && (
          <ProgrammePanel
            channelId={channelId}
            programmeId={programmeId}
            channel={channel}
            statuses={statuses}
            linkSearch={linkSearch}
            onClose={closePanel}
            onLoaded={setOpened}
            sheet={sheet}
          />
        )}
      </div>
    </div>
  );
}

function CacheError() {
  const version = useSyncExternalStore(programmeCache.subscribe, programmeCache.getVersion);
  void version;
  const error = programmeCache.error;
  if (!error) return null;
  return (
    <div className="guide-banner" role="alert">
      <span className="spacer">Some programmes did not load: {error}.</span>
      <button type="button" className="btn small" onClick={() => programmeCache.retry()}>
        Try again
      </button>
    </div>
  );
}

function NoChannels({
  group,
  unmapped,
  onAll,
}: {
  group: string | null;
  unmapped: number;
  onAll: () => void;
}) {
  if (group !== null) {
    return (
      <EmptyState
        title={`No channel in “${group || 'no group'}” has a guide`}
        action={
          <button type="button" className="btn" onClick={onAll}>
            Show all channels
          </button>
        }
      />
    );
  }
  if (unmapped > 0) {
    return (
      <EmptyState
        title="No channel has a guide yet"
        action={
          <div className="row wrap" style={{ justifyContent: 'center' }}>
            <Link className="btn primary" to="/sources">
              Add a guide
            </Link>
            <Link className="btn" to="/sources/channels">
              Match channels to a guide
            </Link>
          </div>
        }
      >
        {unmapped} channel{unmapped === 1 ? '' : 's'} wait for guide data: add an XMLTV guide (or a source
        that brings one), or match channels to guide channels by hand.
      </EmptyState>
    );
  }
  return (
    <EmptyState
      title="Nothing to show yet"
      action={
        <Link className="btn primary" to="/sources?add=1">
          Add a source
        </Link>
      }
    >
      Add your TV source and a guide: the channels and what is on will show here.
    </EmptyState>
  );
}
