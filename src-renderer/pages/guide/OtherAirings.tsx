// A programme's other airings in the guide (any channel, the next 14 days), each a link to its panel.
import { useEffect, useState } from 'react';
import { Link } from 'react-router';
import { ChannelLogo } from '../../ui/ChannelLogo';
import { formatEpisode, formatWhen } from '../../ui/format';
import { describeStatus, STATE_LABEL, type StatusMap } from './airing-status';
import { otherAirings, type GuideAiring } from './guide-api';
import { airingKey, endOf } from './guide-math';

export function OtherAirings({
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
