// How the lists' items show themselves to the filters and sorts.
import type { Recording } from '../../../../src-shared/domain';
import type { UpcomingAiring } from '../../../../src-shared/domain-rules';
import { formatEpisode } from '../../../ui/format';
import type { Filterable } from './filters';
import { recordedAt } from './grouping';

export function airingView(a: UpcomingAiring): Filterable {
  return {
    title: a.title,
    subTitle: a.subTitle,
    channelId: a.channelId,
    channelName: a.channelName,
    ruleId: a.ruleId,
    at: a.start,
  };
}

export function recordingView(r: Recording): Filterable {
  return {
    title: r.title,
    subTitle: r.programme?.subTitle ?? null,
    channelId: r.channelId,
    channelName: r.channelName,
    ruleId: r.ruleId,
    at: r.status === 'scheduled' ? r.startAt : recordedAt(r),
  };
}

/** "S01E02 · The Return" (whatever of it is known), or null. */
export function episodeLine(p: {
  season: number | null;
  episode: number | null;
  subTitle: string | null;
}): string | null {
  const parts = [formatEpisode(p.season, p.episode), p.subTitle].filter(Boolean);
  return parts.length ? parts.join(' · ') : null;
}

/** Where a recording records from: its channel, else its URL's host. */
export function sourceName(r: Pick<Recording, 'channelName' | 'url'>): string {
  if (r.channelName) return r.channelName;
  if (r.url && URL.canParse(r.url)) return new URL(r.url).host;
  return 'Stream';
}
