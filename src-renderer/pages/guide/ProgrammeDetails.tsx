// What a loaded programme is (episode, times, categories, flags, description), what will happen to it,
// the ways to record it and its other airings: the body of the programme panel.
import type { GuideProgramme } from '../../../src-shared/domain-sources';
import { useConnection } from '../../state/connection';
import { formatDay, formatDuration, formatEpisode, formatRange } from '../../ui/format';
import { useNow } from '../../ui/useNow';
import { STATE_LABEL, type AiringStatus } from './airing-status';
import { airingKey, endOf } from './guide-math';
import { OtherAirings } from './OtherAirings';
import type { ProgrammePanelProps } from './ProgrammePanel';
import { RecordActions } from './RecordActions';

export function ProgrammeDetails({
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
