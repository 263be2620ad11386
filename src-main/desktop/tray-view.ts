// What the tray shows, as a pure function of the core's state: the icon (idle, recording, problem),
// the tooltip and the menu (what records now with its progress, the next recording and when, recent
// failures, Open, Pause/Resume scheduling, Quit). tray.ts turns it into Electron's Tray and Menu.
import type { PauseState } from '../../src-shared/contract-system';
import { windowOf, type Recording, type StatusSummary } from '../../src-shared/domain';

export type TrayIconState = 'idle' | 'recording' | 'problem';

export type TrayAction =
  | { type: 'open'; route: string | null }
  | { type: 'pause'; minutes: number | null }
  | { type: 'resume' }
  | { type: 'quit' };

export interface TrayItem {
  label: string;
  /** Greyed out (a heading or a fact). */
  enabled?: boolean;
  action?: TrayAction;
  submenu?: TrayItem[];
}
export const SEPARATOR: TrayItem = { label: '-' };

export interface TraySnapshot {
  status: StatusSummary;
  running: Recording[];
  pause: PauseState;
}

export interface TrayView {
  icon: TrayIconState;
  tooltip: string;
  items: TrayItem[];
}

export interface TrayViewOptions {
  now: number;
  /** Problems that ended at or before this were seen (the window was opened since). */
  problemsSeenAt: number;
  /** For tests: a fixed locale and zone (default: the system's). */
  locale?: string;
  timeZone?: string;
}

/** Windows cuts tray tooltips at 127 characters. */
const TOOLTIP_MAX = 127;
const LABEL_MAX = 70;

export function trayView(snapshot: TraySnapshot, options: TrayViewOptions): TrayView {
  const { status, running, pause } = snapshot;
  const when = timeFormatter(options);
  const unseen = status.recentProblems.filter((p) => p.at > options.problemsSeenAt);
  const icon: TrayIconState = unseen.length > 0 ? 'problem' : status.recordingNow > 0 ? 'recording' : 'idle';

  const items: TrayItem[] = [];
  if (running.length > 0) {
    items.push({ label: `Recording now (${running.length})`, enabled: false });
    for (const r of running) {
      items.push({
        label: `${clip(nameOf(r), 45)} — ${progress(r, options.now)} % (until ${when(windowOf(r).end)})`,
        action: { type: 'open', route: `/recordings/${r.id}` },
      });
    }
  } else {
    items.push({ label: pause.paused ? 'Nothing recording' : 'Idle: nothing recording', enabled: false });
  }
  if (status.next) {
    items.push({
      label: `Next: ${clip(status.next.title, 40)} — ${when(status.next.startAt)}`,
      action: { type: 'open', route: `/recordings/${status.next.id}` },
    });
  } else {
    items.push({ label: 'Nothing scheduled', enabled: false });
  }
  if (status.recentProblems.length > 0) {
    items.push(SEPARATOR, { label: 'Recent problems', enabled: false });
    for (const p of status.recentProblems.slice(0, 3)) {
      const why = p.error ?? p.status;
      items.push({
        label: clip(`${p.status === 'failed' ? 'Failed' : 'Incomplete'}: ${p.title} — ${why}`, LABEL_MAX),
        action: { type: 'open', route: `/recordings/${p.id}` },
      });
    }
  }
  items.push(SEPARATOR, { label: 'Open Tapedeck', action: { type: 'open', route: null } });
  if (pause.paused) {
    const until = pause.until !== null ? ` (paused until ${when(pause.until)})` : ' (paused)';
    items.push({ label: `Resume scheduling${until}`, action: { type: 'resume' } });
  } else {
    items.push({
      label: 'Pause scheduling',
      submenu: [
        { label: 'For 1 hour', action: { type: 'pause', minutes: 60 } },
        { label: 'For 3 hours', action: { type: 'pause', minutes: 180 } },
        { label: 'For 24 hours', action: { type: 'pause', minutes: 24 * 60 } },
        { label: 'Until I resume', action: { type: 'pause', minutes: null } },
      ],
    });
  }
  const stops = status.recordingNow;
  items.push(SEPARATOR, {
    label: stops > 0 ? `Quit (stops ${stops} recording${stops === 1 ? '' : 's'} cleanly)` : 'Quit Tapedeck',
    action: { type: 'quit' },
  });

  const lines = [
    status.recordingNow > 0
      ? `Tapedeck — recording ${status.recordingNow}`
      : pause.paused
        ? 'Tapedeck — scheduling paused'
        : 'Tapedeck — idle',
  ];
  if (running.length === 1)
    lines.push(`${clip(nameOf(running[0]!), 40)}: ${progress(running[0]!, options.now)} %`);
  if (status.next) lines.push(`Next: ${clip(status.next.title, 40)}, ${when(status.next.startAt)}`);
  if (unseen.length > 0)
    lines.push(`${unseen.length} problem${unseen.length === 1 ? '' : 's'}: see the menu`);
  const tooltip = lines.join('\n');
  return {
    icon,
    tooltip: tooltip.length <= TOOLTIP_MAX ? tooltip : `${tooltip.slice(0, TOOLTIP_MAX - 1)}…`,
    items,
  };
}

function nameOf(r: Recording): string {
  return r.channelName ? `${r.title} on ${r.channelName}` : r.title;
}

/** How far through its (padded) window a recording is, 0..100. */
export function progress(r: Recording, now: number): number {
  const { start, end } = windowOf(r);
  if (end <= start) return 100;
  return Math.max(0, Math.min(100, Math.floor((100 * (now - start)) / (end - start))));
}

/** "21:30" today, "tomorrow 06:00", else "Sat 28 Nov 20:15". */
function timeFormatter(options: TrayViewOptions): (at: number) => string {
  const zone = options.timeZone ? { timeZone: options.timeZone } : {};
  const time = new Intl.DateTimeFormat(options.locale, {
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
    ...zone,
  });
  const date = new Intl.DateTimeFormat(options.locale, {
    weekday: 'short',
    day: 'numeric',
    month: 'short',
    ...zone,
  });
  const day = new Intl.DateTimeFormat('en-CA', {
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    ...zone,
  });
  const today = day.format(options.now);
  const tomorrow = day.format(options.now + 24 * 3600_000);
  return (at) => {
    const d = day.format(at);
    if (d === today) return time.format(at);
    if (d === tomorrow) return `tomorrow ${time.format(at)}`;
    return `${date.format(at)} ${time.format(at)}`;
  };
}

/** Menu labels come from guides: one line, no control characters, not too long. */
export function clip(text: string, max: number): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  const line = text.replace(/[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]+/g, ' ').trim();
  return line.length <= max ? line : `${line.slice(0, max - 1).trimEnd()}…`;
}
