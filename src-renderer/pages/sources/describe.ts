// Sources, guides and their imports in words: what a refresh is doing, what the last one did, when an
// account expires, how far the guide reaches. Pure (times come in), so it is unit-tested.
import type {
  GuideInfo,
  ImportReport,
  SourceInfo,
  SourceProgress,
  XtreamAccount,
} from '../../../src-shared/domain-sources';
import { DAY_MS, formatBytes, formatDay, formatWhen } from '../../ui/format';

const locale = typeof navigator === 'undefined' ? 'en' : navigator.language;
const relative = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' });
const number = new Intl.NumberFormat(locale);

export const KIND_LABEL: Record<SourceInfo['kind'], string> = {
  m3u: 'M3U playlist',
  xtream: 'Xtream Codes',
  hdhomerun: 'HDHomeRun',
  manual: 'Added by hand',
};

export function count(n: number, one: string, many = `${one}s`): string {
  return `${number.format(n)} ${n === 1 ? one : many}`;
}

/** "just now", "5 minutes ago", "in 3 days": the nearest sensible unit. */
export function fromNow(ms: number, now: number): string {
  const diff = ms - now;
  const abs = Math.abs(diff);
  if (abs < 45_000) return 'just now';
  if (abs < 3600_000) return relative.format(Math.round(diff / 60_000), 'minute');
  if (abs < DAY_MS) return relative.format(Math.round(diff / 3600_000), 'hour');
  if (abs < 60 * DAY_MS) return relative.format(Math.round(diff / DAY_MS), 'day');
  return relative.format(Math.round(diff / (30 * DAY_MS)), 'month');
}

/** "every hour", "every 6 hours", "daily", "every 3 days". */
export function everyText(hours: number): string {
  if (hours === 1) return 'every hour';
  if (hours === 24) return 'daily';
  if (hours % 24 === 0) return `every ${hours / 24} days`;
  return `every ${hours} hours`;
}

/** What an import did: "40 channels read, 2 new, 1 no longer listed". */
export function reportText(report: ImportReport, target: 'source' | 'guide'): string {
  const noun = target === 'source' ? 'entry' : 'programme';
  const parts = [`${count(report.items, noun, target === 'source' ? 'entries' : 'programmes')} read`];
  if (report.added) parts.push(`${number.format(report.added)} new`);
  if (report.updated) parts.push(`${number.format(report.updated)} updated`);
  if (report.removed) {
    parts.push(`${number.format(report.removed)} ${target === 'source' ? 'no longer listed' : 'replaced'}`);
  }
  if (report.tooOld) parts.push(`${number.format(report.tooOld)} already over`);
  return parts.join(', ');
}

const PHASE: Record<SourceProgress['phase'], string> = {
  queued: 'Waiting for another import to finish',
  connecting: 'Connecting',
  downloading: 'Downloading',
  importing: 'Reading',
  finishing: 'Saving',
  mapping: 'Matching channels to the guide',
  done: 'Done',
  failed: 'Failed',
};

/** A refresh's state as one line: "Downloading 3.2 MB of 10 MB", "Reading 1,200 of 40,000 entries". */
export function progressText(p: SourceProgress): string {
  const label = PHASE[p.phase];
  if (p.phase === 'failed') return p.message ? `Failed: ${p.message}` : label;
  if (p.phase === 'done') return p.message ? `Done: ${p.message}` : label;
  if (p.phase === 'downloading') {
    return p.total
      ? `${label} ${formatBytes(p.done)} of ${formatBytes(p.total)}`
      : `${label} ${formatBytes(p.done)}`;
  }
  if (p.phase === 'importing' && p.done > 0) {
    const noun = p.target === 'source' ? 'entries' : 'programmes';
    return p.total
      ? `${label} ${number.format(p.done)} of ${number.format(p.total)} ${noun}`
      : `${label} ${number.format(p.done)} ${noun}`;
  }
  return `${label}…`;
}

/** 0..1 when the share is known; null for a bar that only says "working". */
export function progressShare(p: SourceProgress): number | null {
  if (p.phase === 'done') return 1;
  if (p.total !== null && p.total > 0) return Math.min(1, p.done / p.total);
  return null;
}

export type Tone = 'ok' | 'warn' | 'bad';

/** "Active, expires 5 Mar (in 3 months)", with a tone: soon-expiring and inactive accounts stand out. */
export function accountText(account: XtreamAccount, now: number): { text: string; tone: Tone } {
  const status = account.status
    ? account.status.charAt(0).toUpperCase() + account.status.slice(1)
    : 'Unknown';
  const active = /^active$/i.test(account.status);
  if (account.expiresAt === null) return { text: `${status}, does not expire`, tone: active ? 'ok' : 'bad' };
  const expired = account.expiresAt <= now;
  const when = `${formatDay(account.expiresAt, now)} (${fromNow(account.expiresAt, now)})`;
  if (expired) return { text: `${status}, expired ${when}`, tone: 'bad' };
  const soon = account.expiresAt - now < 14 * DAY_MS;
  return { text: `${status}, expires ${when}`, tone: !active ? 'bad' : soon ? 'warn' : 'ok' };
}

/** "Tue 1 Dec to Fri 4 Dec, 3 days ahead", and a warning tone when it runs out within a day. */
export function coverageText(guide: GuideInfo, now: number): { text: string; tone: Tone } {
  const c = guide.coverage;
  if (!c) return { text: 'No programmes yet', tone: 'warn' };
  const ahead = c.to - now;
  const range = `${formatDay(c.from, now)} to ${formatDay(c.to, now)}`;
  if (ahead < 0) return { text: `${range}: the guide has run out`, tone: 'bad' };
  if (ahead < DAY_MS) return { text: `${range}: runs out ${formatWhen(c.to, now)}`, tone: 'warn' };
  return { text: `${range}, ${count(Math.floor(ahead / DAY_MS), 'day')} ahead`, tone: 'ok' };
}

/** The core's error as a sentence: capitalised, ending with a full stop. */
export function sentence(text: string): string {
  const t = text.trim();
  if (!t) return t;
  const capital = t.charAt(0).toUpperCase() + t.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** "+1 h", "−2 h" for a guide's offset. */
export function offsetText(hours: number): string {
  return `${hours > 0 ? '+' : hours < 0 ? '−' : '±'}${Math.abs(hours)} h`;
}
