// The tray: what its menu and tooltip say for each state (pure trayView), how the service renders it on
// a fake Tray and Menu (icon changes, clicks dispatch, labels escaped), and, with the real core, the
// status feed moving the tray as recordings are scheduled and scheduling is paused.
import type { MenuItemConstructorOptions } from 'electron';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Dvr } from '../../../src-main/core/dvr';
import { StatusFeed } from '../../../src-main/desktop/status-feed';
import { trayIconFile, TrayService, type TrayLike } from '../../../src-main/desktop/tray';
import {
  clip,
  progress,
  trayView,
  type TrayAction,
  type TrayItem,
  type TraySnapshot,
  type TrayView,
} from '../../../src-main/desktop/tray-view';
import type { Recording, StatusSummary } from '../../../src-shared/domain';
import { openTempDvr } from '../../support/temp-dvr';
import { waitFor } from '../../support/wait';

const NOW = Date.UTC(2026, 10, 26, 20, 0);
const MIN = 60_000;
const zone = { locale: 'en-GB', timeZone: 'UTC' };

function status(overrides: Partial<StatusSummary> = {}): StatusSummary {
  return {
    version: '0.1.0',
    dataDir: '/d',
    recordingsDir: '/d/recordings',
    recordingNow: 0,
    next: null,
    ffmpeg: null,
    disk: null,
    nextUp: [],
    recentProblems: [],
    ...overrides,
  };
}

function recording(id: number, title: string, startAt: number, endAt: number): Recording {
  return {
    id,
    title,
    channelName: 'BBC One',
    startAt,
    endAt,
    padBeforeMs: 0,
    padAfterMs: 0,
    status: 'recording',
  } as Recording;
}

const notPaused = { paused: false, until: null, since: null };
const labels = (items: TrayItem[]): string[] => items.map((i) => i.label);

function view(snapshot: Partial<TraySnapshot>, problemsSeenAt = 0): TrayView {
  return trayView(
    { status: status(), running: [], pause: notPaused, ...snapshot },
    { now: NOW, problemsSeenAt, ...zone },
  );
}

describe('tray view', () => {
  it('idle: says so, nothing scheduled, Open, Pause and Quit', () => {
    const v = view({});
    expect(v.icon).toBe('idle');
    expect(v.tooltip).toBe('Tapedeck — idle');
    expect(labels(v.items)).toEqual([
      'Idle: nothing recording',
      'Nothing scheduled',
      '-',
      'Open Tapedeck',
      'Pause scheduling',
      '-',
      'Quit Tapedeck',
    ]);
    expect(v.items.find((i) => i.label === 'Pause scheduling')?.submenu?.map((s) => s.action)).toEqual([
      { type: 'pause', minutes: 60 },
      { type: 'pause', minutes: 180 },
      { type: 'pause', minutes: 1440 },
      { type: 'pause', minutes: null },
    ]);
    expect(v.items.at(-1)?.action).toEqual({ type: 'quit' });
  });

  it('recording: each capture with its progress, the next one and when, Quit says what it stops', () => {
    const a = recording(3, 'News', NOW - 15 * MIN, NOW + 15 * MIN);
    const b = recording(4, 'Film', NOW - 30 * MIN, NOW + 90 * MIN);
    const v = view({
      status: status({ recordingNow: 2, next: { id: 9, title: 'Late Show', startAt: NOW + 50 * 3600_000 } }),
      running: [a, b],
    });
    expect(v.icon).toBe('recording');
    expect(labels(v.items).slice(0, 4)).toEqual([
      'Recording now (2)',
      'News on BBC One — 50 % (until 20:15)',
      'Film on BBC One — 25 % (until 21:30)',
      'Next: Late Show — Sat 28 Nov 22:00',
    ]);
    expect(v.items[1]!.action).toEqual({ type: 'open', route: '/recordings/3' });
    expect(v.items[3]!.action).toEqual({ type: 'open', route: '/recordings/9' });
    expect(v.items.at(-1)!.label).toBe('Quit (stops 2 recordings cleanly)');
    expect(v.tooltip).toBe('Tapedeck — recording 2\nNext: Late Show, Sat 28 Nov 22:00');
  });

  it('one recording: its progress in the tooltip; tomorrow says tomorrow', () => {
    const v = view({
      status: status({ recordingNow: 1, next: { id: 2, title: 'Breakfast', startAt: NOW + 10 * 3600_000 } }),
      running: [recording(1, 'News', NOW - 10 * MIN, NOW + 30 * MIN)],
    });
    expect(v.tooltip).toBe('Tapedeck — recording 1\nNews on BBC One: 25 %\nNext: Breakfast, tomorrow 06:00');
    expect(v.items.at(-1)!.label).toBe('Quit (stops 1 recording cleanly)');
  });

  it('problems: the problem icon until the window was opened after them, listed with their reason', () => {
    const problems = [
      { id: 7, title: 'Match', status: 'failed' as const, error: 'HTTP error 404 Not Found', at: NOW - MIN },
      { id: 8, title: 'Quiz', status: 'completed' as const, error: null, at: NOW - 2 * MIN },
    ];
    const unseen = view({ status: status({ recentProblems: problems }) });
    expect(unseen.icon).toBe('problem');
    expect(unseen.tooltip).toBe('Tapedeck — idle\n2 problems: see the menu');
    const start = labels(unseen.items).indexOf('Recent problems');
    expect(labels(unseen.items).slice(start + 1, start + 3)).toEqual([
      'Failed: Match — HTTP error 404 Not Found',
      'Incomplete: Quiz — completed',
    ]);
    expect(unseen.items[start + 1]!.action).toEqual({ type: 'open', route: '/recordings/7' });
    const seen = view({ status: status({ recentProblems: problems }) }, NOW);
    expect(seen.icon).toBe('idle');
    expect(labels(seen.items)).toContain('Recent problems');
    // An unseen problem outranks recording in the icon.
    expect(view({ status: status({ recordingNow: 1, recentProblems: problems }) }).icon).toBe('problem');
  });

  it('paused: Resume with the time scheduling comes back', () => {
    const v = view({ pause: { paused: true, until: NOW + 3600_000, since: NOW } });
    expect(v.tooltip).toBe('Tapedeck — scheduling paused');
    const resume = v.items.find((i) => i.action?.type === 'resume');
    expect(resume?.label).toBe('Resume scheduling (paused until 21:00)');
    expect(labels(v.items)).not.toContain('Pause scheduling');
    expect(
      view({ pause: { paused: true, until: null, since: NOW } }).items.find(
        (i) => i.action?.type === 'resume',
      )?.label,
    ).toBe('Resume scheduling (paused)');
  });

  it('guide text is made safe for a menu: one line, no bidi overrides, clipped; tooltip within 127', () => {
    expect(clip('A\nB\u202eC\u0007D', 40)).toBe('A B C D');
    expect(clip('x'.repeat(50), 10)).toBe(`${'x'.repeat(9)}…`);
    const long = view({
      status: status({ recordingNow: 1, next: { id: 2, title: 'n'.repeat(80), startAt: NOW + MIN } }),
      running: [recording(1, 't'.repeat(80), NOW - MIN, NOW + MIN)],
    });
    expect(long.tooltip.length).toBeLessThanOrEqual(127);
    expect(progress(recording(1, 'x', NOW + MIN, NOW + 2 * MIN), NOW)).toBe(0);
    expect(progress(recording(1, 'x', NOW - 2 * MIN, NOW - MIN), NOW)).toBe(100);
  });
});

type Menu = MenuItemConstructorOptions[];
class FakeTray implements TrayLike<string, Menu> {
  image: string;
  tooltip = '';
  menu: Menu = [];
  destroyed = false;
  readonly clicks: Array<() => void> = [];
  constructor(image: string) {
    this.image = image;
  }
  setImage(image: string) {
    this.image = image;
  }
  setToolTip(text: string) {
    this.tooltip = text;
  }
  setContextMenu(menu: Menu) {
    this.menu = menu;
  }
  on(_event: 'click', listener: () => void) {
    this.clicks.push(listener);
  }
  destroy() {
    this.destroyed = true;
  }
}

function trayService(platform: NodeJS.Platform = 'linux') {
  const trays: FakeTray[] = [];
  const icons: string[] = [];
  const dispatched: TrayAction[] = [];
  const service = new TrayService<string, Menu>({
    createTray: (image) => {
      const tray = new FakeTray(image);
      trays.push(tray);
      return tray;
    },
    buildMenu: (template) => template,
    icon: (state) => (icons.push(state), `icon:${state}`),
    dispatch: (action) => dispatched.push(action),
    platform,
  });
  return { service, trays, icons, dispatched };
}

describe('tray service', () => {
  it('makes one tray, changes its icon only when the state changes, and rebuilds the menu', () => {
    const { service, trays, icons } = trayService();
    service.render(view({}));
    service.render(view({}));
    expect(trays).toHaveLength(1);
    expect(trays[0]!.image).toBe('icon:idle');
    const recordingView = view({
      status: status({ recordingNow: 1 }),
      running: [recording(1, 'News', NOW - MIN, NOW + MIN)],
    });
    service.render(recordingView);
    expect(trays[0]!.image).toBe('icon:recording');
    expect(trays[0]!.tooltip).toBe(recordingView.tooltip);
    expect(trays[0]!.menu.map((m) => m.label ?? m.type)).toEqual([
      'Recording now (1)',
      'News on BBC One — 50 % (until 20:01)',
      'Nothing scheduled',
      'separator',
      'Open Tapedeck',
      'Pause scheduling',
      'separator',
      'Quit (stops 1 recording cleanly)',
    ]);
    expect(icons).toEqual(['idle', 'recording']);
    service.destroy();
    expect(trays[0]!.destroyed).toBe(true);
  });

  it('menu clicks dispatch their actions; headings are disabled; "&" shows as itself', () => {
    const { service, trays, dispatched } = trayService();
    service.render(
      view({
        status: status({ next: { id: 5, title: 'Rock & Roll', startAt: NOW + MIN } }),
      }),
    );
    const menu = trays[0]!.menu;
    expect(menu[0]).toMatchObject({ label: 'Idle: nothing recording', enabled: false });
    expect(menu[0]!.click).toBeUndefined();
    const next = menu[1]!;
    expect(next.label).toBe('Next: Rock && Roll — 20:01');
    const click = (item: MenuItemConstructorOptions) => (item.click as unknown as () => void | undefined)();
    click(next);
    click(menu.find((m) => m.label === 'Open Tapedeck')!);
    const pause = menu.find((m) => m.label === 'Pause scheduling')!.submenu as Menu;
    click(pause[0]!);
    click(menu.at(-1)!);
    expect(dispatched).toEqual([
      { type: 'open', route: '/recordings/5' },
      { type: 'open', route: null },
      { type: 'pause', minutes: 60 },
      { type: 'quit' },
    ]);
  });

  it('a click on the icon opens the window, except on macOS where it opens the menu', () => {
    const linux = trayService('linux');
    linux.service.render(view({}));
    linux.trays[0]!.clicks.forEach((c) => c());
    expect(linux.dispatched).toEqual([{ type: 'open', route: null }]);
    const mac = trayService('darwin');
    mac.service.render(view({}));
    expect(mac.trays[0]!.clicks).toHaveLength(0);
  });

  it('uses template images on macOS and colour icons elsewhere', () => {
    expect(trayIconFile('/r', 'recording', 'darwin')).toBe('/r/tray/recordingTemplate.png');
    expect(trayIconFile('/r', 'problem', 'win32')).toBe('/r/tray/problem.png');
    expect(trayIconFile('/r', 'idle', 'linux')).toBe('/r/tray/idle.png');
  });
});

describe('status feed', () => {
  it('never overlaps fetches: refreshes asked for meanwhile make exactly one more', async () => {
    const pending: Array<() => void> = [];
    let calls = 0;
    const snapshots: number[] = [];
    const call = ((name: string) => {
      calls++;
      // status.get waits for the test to let it finish; the other two answer at once.
      if (name !== 'status.get') return Promise.resolve(name === 'schedule.state' ? notPaused : []);
      return new Promise((resolve) => pending.push(() => resolve(status({ recordingNow: calls }))));
    }) as ConstructorParameters<typeof StatusFeed>[0]['call'];
    const feed = new StatusFeed({
      call,
      subscribe: () => () => undefined,
      every: () => () => undefined,
      onSnapshot: (snapshot) => snapshots.push(snapshot.status.recordingNow),
      onError: (error) => {
        throw error;
      },
    });
    const first = feed.start();
    void feed.refresh();
    void feed.refresh();
    expect(calls).toBe(3);
    pending.shift()!();
    await waitFor(() => pending.length === 1, { timeoutMs: 2_000, what: 'the one follow-up fetch' });
    expect(calls).toBe(6);
    pending.shift()!();
    await first;
    expect(snapshots).toHaveLength(2);
    expect(calls).toBe(6);
    feed.stop();
  });
});

describe('tray from the real core', () => {
  let dvr: Dvr;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    ({ dvr, cleanup } = await openTempDvr());
  });
  afterAll(async () => cleanup?.());

  it('follows scheduling and pausing through the status feed', async () => {
    const { service, trays } = trayService();
    const every = vi.fn(() => () => undefined);
    const feed = new StatusFeed({
      call: (name, input) => dvr.call(name, input),
      subscribe: (listener) => dvr.bus.subscribe(listener),
      every,
      onSnapshot: (snapshot) => service.render(trayView(snapshot, { now: Date.now(), problemsSeenAt: 0 })),
      onError: (error) => {
        throw error;
      },
    });
    await feed.start();
    expect(every).toHaveBeenCalledWith(60_000, expect.any(Function));
    const tray = trays[0]!;
    expect(tray.menu.map((m) => m.label)).toContain('Nothing scheduled');

    const r = await dvr.call('recordings.schedule', {
      url: 'http://127.0.0.1:9/later.ts',
      start: Date.now() + 3 * 3600_000,
      durationMs: 30 * MIN,
      title: 'Evening news',
    });
    await waitFor(() => tray.menu.some((m) => m.label?.startsWith('Next: Evening news — ')), {
      timeoutMs: 5_000,
      what: 'the next recording in the tray menu',
    });
    expect(tray.tooltip).toMatch(/^Tapedeck — idle\nNext: Evening news, /);

    await dvr.call('schedule.pause', {});
    await waitFor(() => tray.menu.some((m) => m.label === 'Resume scheduling (paused)'), {
      timeoutMs: 5_000,
      what: 'Resume in the tray menu',
    });
    expect(tray.tooltip.startsWith('Tapedeck — scheduling paused')).toBe(true);
    await dvr.call('schedule.resume', {});
    await dvr.call('recordings.delete', { id: r.id });
    await waitFor(() => tray.menu.some((m) => m.label === 'Nothing scheduled'), {
      timeoutMs: 5_000,
      what: 'the tray after the recording was deleted',
    });
    feed.stop();
  });
});
