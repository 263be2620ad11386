// A source's or guide's kind as an icon on a tinted square (the card's anchor for the eye).
import { CalendarRange, FileText, Router, Server, Tv } from 'lucide-react';
import type { SourceInfo } from '../../../src-shared/domain-sources';

export function KindIcon({ kind }: { kind: SourceInfo['kind'] | 'guide' }) {
  const Icon =
    kind === 'guide'
      ? CalendarRange
      : kind === 'xtream'
        ? Server
        : kind === 'hdhomerun'
          ? Router
          : kind === 'm3u'
            ? FileText
            : Tv;
  return (
    <span className={`kind-icon ${kind}`} aria-hidden="true">
      <Icon size={20} />
    </span>
  );
}
