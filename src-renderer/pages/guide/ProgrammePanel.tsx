// A programme's details (/guide/:channelId/:programmeId): a side panel on wide screens, a sheet on
// phones. What it is (episode, times, categories, flags, description), what will happen to it, the
// three ways to record it, and its other airings. Esc closes it.
import { CalendarClock, Repeat, X } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { Link } from 'react-router';
import type { Recording } from '../../../src-shared/domain';
import type { Rule } from '../../../src-shared/domain-rules';
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import { api, useConnection } from '../../state/connection';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { formatDay, formatDuration, formatEpisode, formatRange, formatWhen } from '../../ui/format';
import { errorText, toast } from '../../ui/toast';
import { useNow } from '../../ui/useNow';
import {
  describeStatus,
  fromRecording,
  STATE_LABEL,
  type AiringStatus,
  type StatusMap,
} from './airing-status';
import { otherAirings, type GuideAiring, type GuideChannel } from './guide-api';
import { detailsCache, rememberDetails } from './guide-store';
import { airingKey, clockOf, endOf, MINUTE, weekdayOf } from './guide-math';

export interface ProgrammePanelProps {
  channelId: number;
  programmeId: number;
  channel: GuideChannel | null;
  statuses: StatusMap;
  /** Kept on links to other airings. */
  linkSearch: string;
  onClose: () => void;
  /** The programme's details arrived (the page scrolls the grid to it). */
  onLoaded?: (programme: GuideProgramme) => void;
  /** Phones: a sheet over the grid instead of a side panel. */
  sheet: boolean;
}

type Loaded = { programme: GuideProgramme; error: null } | { programme: null; error: string };

export function ProgrammePanel(props: ProgrammePanelProps) {
  const { channelId, programmeId, onClose, onLoaded } = props;
  const key = `${channelId}:${programmeId}`;
  // The answer for the programme it was asked for (a newer programme shows the skeleton until its own).
  const [answer, setAnswer] = useState<{ key: string; loaded: Loaded } | null>(null);
  const loaded = answer?.key === key ? answer.loaded : null;
  const heading = useRef<HTMLHeadingElement>(null);

  useEffect(() => {
    let current = true;
    const known = detailsCache.get(`${channelId}:${programmeId}`);
    (known ? Promise.resolve(known) : api().call('guide.programme', { id: programmeId, channelId }))
      .then((programme) => {
        rememberDetails(channelId, programme);
        if (!current) return;
        setAnswer({ key: `${channelId}:${programmeId}`, loaded: { programme, error: null } });
        onLoaded?.(programme);
      })
      .catch(
        (error: unknown) =>
          current &&
          setAnswer({
            key: `${channelId}:${programmeId}`,
            loaded: { programme: null, error: errorText(error) },
          }),
      );
    return () => {
      current = false;
    };
    // onLoaded is the page's, recreated on its renders: fetching again for it would loop.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [channelId, programmeId]);

  // Esc closes, unless a dialog (the shortcut list) is open above.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape' || e.defaultPrevented || document.querySelector('dialog[open]')) return;
      e.preventDefault();
      onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  // Screen readers and keyboards land on the new content.
  useEffect(() => {
    if (loaded) heading.current?.focus({ preventScroll: true });
  }, [loaded]);

  const p = loaded?.programme ?? null;
  return (
    <>
      {props.sheet && <div className="guide-sheet-backdrop" onClick={onClose} aria-hidden="true" />}
      <aside
        className={props.sheet ? 'guide-panel sheet' : 'guide-panel'}
        aria-labelledby="guide-panel-title"
        aria-busy={!loaded}
      >
        <div className="guide-panel-bar">
          <span className="guide-panel-channel truncate">
            {props.channel && (
              <>
                <ChannelLogo name={props.channel.name} logoUrl={props.channel.logoUrl} size={28} />
                <span className="truncate">
                  {props.channel.number && <span className="tabular">{props.channel.number} </span>}
                  {props.channel.name}
                </span>
              </>
            )}
          </span>
          <button type="button" className="btn ghost icon" onClick={onClose} aria-label="Close details">
            <X size={18} aria-hidden="true" />
          </button>
        </div>
        <div className="guide-panel-body">
          {!loaded ? (
            <PanelSkeleton />
          ) : p === null ? (
            <div className="stack">
              <h2 id="guide-panel-title" ref={heading} tabIndex={-1}>
                Programme not found
              </h2>
              <p className="muted">
                {loaded.error}. The guide may have been refreshed since this link was made: pick the programme
                in the grid again.
              </p>
              <button type="button" className="btn" onClick={onClose}>
                Back to the guide
              </button>
            </div>
          ) : (
            <Details {...props} programme={p} headingRef={heading} />
          )}
        </div>
      </aside>
    </>
  );
}

function Details({
  programme: p,
  channelId,
  statuses,
  linkSearch,
  headingRef,
}: ProgrammePanelProps & {
  programme: GuideProgramme;
  headingRef: React.RefObject<HTMLHeadingElement | null>;
}) {
  const now = useNow();
  const end = endOf(p);
  const episode = formatEpisode(p.season, p.episode);
  const status = statuses.get(airingKey(p));
  const image = useServableImage(p.icon ?? null);
  const flags = [p.isNew && 'New', p.premiere && 'Premiere', p.previouslyShown && 'Repeat'].filter(
    (f): f is string => typeof f === 'string',
  );
  const onAir = p.start <= now && end > now;
  return (
    <div className="stack guide-details">
      <div className="stack" style={{ gap: 4 }}>
        <h2 id="guide-panel-title" ref={headingRef} tabIndex={-1}>
          {p.title}
        </h2>
        {(episode || p.subTitle) && (
          <p className="guide-details-episode">
            {episode && <strong className="tabular">{episode}</strong>}
            {episode && p.subTitle && ' · '}
            {p.subTitle}
          </p>
        )}
        <p className="muted tabular">
          {formatDay(p.start, now)} · {formatRange(p.start, end)} · {formatDuration(end - p.start)}
          {p.stop === null && ' (end not given)'}
        </p>
        {onAir && (
          <div
            className="progress"
            role="progressbar"
            aria-label="How far it is"
            aria-valuenow={Math.round(((now - p.start) / (end - p.start)) * 100)}
            aria-valuemin={0}
            aria-valuemax={100}
          >
            <span style={{ width: `${((now - p.start) / (end - p.start)) * 100}%` }} />
          </div>
        )}
      </div>

      {(flags.length > 0 || (p.categories?.length ?? 0) > 0 || p.rating) && (
        <div className="row wrap">
          {onAir && <span className="badge recording">On now</span>}
          {flags.map((f) => (
            <span key={f} className={f === 'Repeat' ? 'badge' : 'badge accent'}>
              {f}
            </span>
          ))}
          {p.categories?.map((c) => (
            <span key={c} className="badge">
              {c}
            </span>
          ))}
          {p.rating && <span className="badge">Rated {p.rating}</span>}
        </div>
      )}

      {status && ['conflict', 'failed', 'skipped'].includes(status.state) && <StatusNote status={status} />}

      <RecordActions channelId={channelId} programme={p} status={status} ended={end <= now} />

      {image && <img className="guide-details-image" src={image} alt="" loading="lazy" />}
      {p.description ? (
        <p className="guide-details-description">{p.description}</p>
      ) : (
        <p className="muted">The guide gives no description.</p>
      )}

      <OtherAirings
        channelId={channelId}
        programmeId={p.id}
        statuses={statuses}
        linkSearch={linkSearch}
        now={now}
      />
    </div>
  );
}

function StatusNote({ status }: { status: AiringStatus }) {
  const tone =
    status.state === 'conflict' || status.state === 'failed'
      ? 'danger'
      : status.state === 'skipped'
        ? ''
        : status.state === 'recorded'
          ? 'success'
          : 'recording';
  return (
    <div className={`guide-status-note ${tone}`} role="status">
      <strong>{STATE_LABEL[status.state]}</strong>
      {status.reason && <span>{status.reason}</span>}
      {status.ruleName && <span className="muted">By the rule “{status.ruleName}”</span>}
    </div>
  );
}

/**
 * Record, Record series, Record on a schedule. Record answers at once (spinner, then the new state in
 * place of the button, so it cannot be pressed twice); the core gives the same recording if asked again.
 */
function RecordActions({
  channelId,
  programme: p,
  status,
  ended,
}: {
  channelId: number;
  programme: GuideProgramme;
  status: AiringStatus | undefined;
  ended: boolean;
}) {
  const [busy, setBusy] = useState(false);
  // Two clicks in one frame both see busy === false: the ref is the guard, the state the spinner.
  const running = useRef(false);
  // The core's answer, shown until the upcoming list and the recordings store catch up.
  const [answer, setMade] = useState<Recording | null>(null);
  const made =
    answer?.programme && answer.programme.start === p.start && answer.channelId === channelId ? answer : null;
  const effective = status ?? (made ? (fromRecording(made) ?? undefined) : undefined);
  const scheduled =
    effective && ['will-record', 'recording', 'conflict', 'recorded'].includes(effective.state);

  const record = () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    api()
      .call('guide.record', { channelId, programmeId: p.id })
      .then(setMade)
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  };

  const cancel = (s: AiringStatus) => {
    if (running.current || s.recordingId === null) return;
    running.current = true;
    setBusy(true);
    const id = s.recordingId;
    // A rule's recording is skipped (the rule would schedule it again); a one-off is cancelled.
    const done =
      s.ruleId !== null
        ? api().call('upcoming.skip', { recordingId: id })
        : api().call('recordings.cancel', { id });
    done
      .then(() => {
        setMade(null);
        toast.info('It will not be recorded.');
      })
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  };

  const minutes = Math.max(1, Math.round((endOf(p) - p.start) / MINUTE));
  const scheduleHref = `/rules/new?kind=time&channel=${channelId}&at=${clockOf(p.start)}&duration=${minutes}&days=${weekdayOf(p.start)}`;

  return (
    <div className="stack guide-actions">
      <div className="row wrap">
        {scheduled && effective ? (
          <>
            <span className={`guide-state-pill ${effective.state}`} role="status">
              {(effective.state === 'will-record' || effective.state === 'recording') && (
                <span className={effective.state === 'recording' ? 'guide-rec-dot live' : 'guide-rec-dot'} />
              )}
              {STATE_LABEL[effective.state]}
            </span>
            {effective.recordingId !== null && (
              <Link className="btn small" to={`/recordings/${effective.recordingId}`}>
                {effective.state === 'recorded' ? 'Open recording' : 'Details'}
              </Link>
            )}
            {effective.state === 'recording' && effective.recordingId !== null && (
              <Link className="btn small" to={`/play/${effective.recordingId}`}>
                Watch
              </Link>
            )}
            {(effective.state === 'will-record' || effective.state === 'conflict') && (
              <button
                type="button"
                className="btn small ghost"
                onClick={() => cancel(effective)}
                disabled={busy}
              >
                Don’t record
              </button>
            )}
          </>
        ) : ended ? (
          <p className="muted">This programme has ended.</p>
        ) : (
          <button type="button" className="btn record" onClick={record} disabled={busy} aria-busy={busy}>
            {busy ? (
              <span className="spinner" aria-hidden="true" />
            ) : (
              <span className="guide-rec-dot white" />
            )}
            {effective?.state === 'skipped' ? 'Record anyway' : 'Record'}
          </button>
        )}
      </div>
      {scheduled && effective && (effective.state === 'will-record' || effective.state === 'recording') && (
        <p className="muted small">
          {effective.ruleId === null
            ? 'Scheduled by you.'
            : effective.ruleName
              ? `Scheduled by the rule “${effective.ruleName}”.`
              : 'Scheduled by a rule.'}
          {effective.reason ? ` ${effective.reason}` : ''}
        </p>
      )}
      <SeriesAction title={p.title} />
      <Link className="guide-action-link" to={scheduleHref}>
        <CalendarClock size={16} aria-hidden="true" /> Record on a schedule ({clockOf(p.start)}, {minutes}{' '}
        min)
      </Link>
    </div>
  );
}

const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();

/** Record series: a series rule for the exact title; once one exists, a way to edit it instead. */
function SeriesAction({ title }: { title: string }) {
  // The rule for this title: undefined while asking, null when there is none.
  const [found, setFound] = useState<{ title: string; rule: Rule | null; added: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  const running = useRef(false);
  const rule = found?.title === title ? found.rule : undefined;
  const added = found?.title === title && found.added;
  useEffect(() => {
    let current = true;
    api()
      .call('rules.list', {})
      .then((rules) => {
        if (!current) return;
        const same = rules.find(
          (r) =>
            r.config.kind === 'series' && r.config.match === 'exact' && norm(r.config.title) === norm(title),
        );
        setFound({ title, rule: same ?? null, added: false });
      })
      .catch(() => current && setFound({ title, rule: null, added: false }));
    return () => {
      current = false;
    };
  }, [title]);

  const add = () => {
    if (running.current) return;
    running.current = true;
    setBusy(true);
    api()
      .call('rules.add', { config: { kind: 'series', title, match: 'exact' } })
      .then((r) => setFound({ title, rule: r, added: true }))
      .catch((error: unknown) => toast.error(errorText(error)))
      .finally(() => {
        running.current = false;
        setBusy(false);
      });
  };

  if (rule === undefined) return <div className="guide-series-placeholder" aria-hidden="true" />;
  if (rule) {
    return (
      <div className="guide-series-note" role="status">
        <Repeat size={16} aria-hidden="true" />
        <span className="spacer">
          {added ? 'Series rule added' : `Series rule “${rule.name}”`}
          {rule.enabled ? '' : ' (turned off)'}
          {added && rule.upcoming > 0 ? `: ${rule.upcoming} upcoming` : ''}
        </span>
        <Link className="btn small" to={`/rules/${rule.id}`}>
          Edit rule
        </Link>
      </div>
    );
  }
  return (
    <button type="button" className="btn" onClick={add} disabled={busy} aria-busy={busy}>
      {busy ? <span className="spinner" aria-hidden="true" /> : <Repeat size={16} aria-hidden="true" />}
      Record series
    </button>
  );
}

function OtherAirings({
  channelId,
  programmeId,
  statuses,
  linkSearch,
  now,
}: {
  channelId: number;
  programmeId: number;
  statuses: StatusMap;
  linkSearch: string;
  now: number;
}) {
  // undefined: loading; null: the question failed (the section stays out).
  const key = `${channelId}:${programmeId}`;
  const [answer, setAnswer] = useState<{ key: string; airings: GuideAiring[] | null } | null>(null);
  const airings = answer?.key === key ? answer.airings : undefined;
  useEffect(() => {
    let current = true;
    const key = `${channelId}:${programmeId}`;
    otherAirings(channelId, programmeId)
      .then((list) => current && setAnswer({ key, airings: list }))
      .catch(() => current && setAnswer({ key, airings: null }));
    return () => {
      current = false;
    };
  }, [channelId, programmeId]);
  if (airings === null) return null;
  const others = (airings ?? []).filter(
    (a) => !(a.channelId === channelId && a.programme.id === programmeId) && endOf(a.programme) > now,
  );
  return (
    <section className="guide-airings" aria-labelledby="guide-airings-title">
      <h3 id="guide-airings-title">Other airings</h3>
      {airings === undefined ? (
        <p className="muted small">Looking…</p>
      ) : others.length === 0 ? (
        <p className="muted small">No other airing in the next 14 days.</p>
      ) : (
        <ul className="list">
          {others.slice(0, 20).map((a) => {
            const s = statuses.get(airingKey(a.programme));
            return (
              <li key={`${a.channelId}:${a.programme.id}`}>
                <Link
                  className="guide-airing"
                  to={`/guide/${a.channelId}/${a.programme.id}${linkSearch}`}
                  title={s ? describeStatus(s) : undefined}
                >
                  <ChannelLogo name={a.channelName} logoUrl={a.logoUrl} size={28} />
                  <span className="stack" style={{ gap: 0, minWidth: 0 }}>
                    <span className="tabular">{formatWhen(a.programme.start, now)}</span>
                    <span className="muted small truncate">
                      {a.channelNumber ? `${a.channelNumber} ` : ''}
                      {a.channelName}
                      {formatEpisode(a.programme.season, a.programme.episode)
                        ? ` · ${formatEpisode(a.programme.season, a.programme.episode)}`
                        : ''}
                    </span>
                  </span>
                  {s && <span className={`guide-state-pill small ${s.state}`}>{STATE_LABEL[s.state]}</span>}
                </Link>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

/**
 * A programme's image, only when the app itself or the loopback media server serves it: the page's
 * policy blocks remote images (img-src 'self' data: http://127.0.0.1:*), and a blocked image is a
 * console error. Guides link remote images, so most programmes show none.
 */
function useServableImage(icon: string | null): string | null {
  const media = useConnection((s) => s.mediaOrigin);
  if (!icon) return null;
  if (icon.startsWith('/media/')) return media ? media.url(icon) : null;
  if (/^http:\/\/127\.0\.0\.1:\d+\//.test(icon) || icon.startsWith('data:image/')) return icon;
  return null;
}

function PanelSkeleton() {
  return (
    <div className="stack" aria-hidden="true">
      <span className="skeleton-block" style={{ width: '70%', height: 24 }} />
      <span className="skeleton-block" style={{ width: '40%', height: 16 }} />
      <span className="skeleton-block" style={{ width: '55%', height: 16 }} />
      <span className="skeleton-block" style={{ width: 120, height: 36 }} />
      <span className="skeleton-block" style={{ width: '100%', height: 64 }} />
    </div>
  );
}
