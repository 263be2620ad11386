// The scheduling CLI end to end, as a user runs it: the built `tapedeck` binary against a real `serve`
// owning a temp data folder, with a real XMLTV guide and M3U playlists written relative to now. Rules
// from the command line (series and time), their preview, edit, disable/enable and removal; recording
// a guide programme (idempotent, negative padding); editing a recording; the upcoming list with its
// skips, conflicts and the fixes it suggests, which are run as printed.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Rule, UpcomingAiring } from '../../src-shared/domain-rules';
import {
  runCli,
  runCliJson,
  startServe,
  tempDataDir,
  type CliResult,
  type ServeProcess,
} from '../support/cli-runner';
import { m3u, writeTemp, xmltv, type TestProgramme } from '../support/guide-builder';

const H = 3600_000;
const M = 60_000;
/** A whole hour a day ahead: nothing these tests schedule starts recording while they run. */
const T0 = Math.ceil((Date.now() + 24 * H) / H) * H;

/** What `show --json` and each item of `list --json` print (the parts these tests read). */
interface Shown {
  id: number;
  title: string;
  status: string;
  channelId: number | null;
  scheduledStart: string;
  scheduledEnd: string;
  padBeforeMs: number;
  padAfterMs: number;
  ruleId: number | null;
  conflict: string | null;
  programme: { title: string; season: number | null; episode: number | null } | null;
}
/** An item of `upcoming --json`: the contract's airing, each fix with its command. */
type Airing = Omit<UpcomingAiring, 'fixes'> & { fixes: Array<{ kind: string; command: string }> };

let dataDir: string;
let serve: ServeProcess;
const channels = new Map<string, number>();

const cli = (...args: string[]): Promise<CliResult> => runCli(args, { dataDir });
const json = <T>(...args: string[]): Promise<T> => runCliJson<T>([...args, '--json'], { dataDir });
const upcoming = (ruleId: number, ...args: string[]) =>
  json<Airing[]>('upcoming', '--rule', String(ruleId), ...args);
const listed = async (ruleId: number): Promise<Shown[]> =>
  (await json<Shown[]>('list', '--status', 'scheduled')).filter((r) => r.ruleId === ruleId);
const channel = (name: string): string => String(channels.get(name));

/** A failed command: non-zero exit, nothing on stdout, one `tapedeck: <reason>` line on stderr. */
function expectCliError(result: CliResult, reason: RegExp): void {
  expect(result.code, `stdout: ${result.stdout}\nstderr: ${result.stderr}`).not.toBe(0);
  expect(result.stdout).toBe('');
  const lines = result.stderr.trim().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^tapedeck: /);
  expect(lines[0]).toMatch(reason);
}

/** The guide programme's id, as `guide --json` lists it. */
async function programmeId(channelName: string, title: string): Promise<string> {
  const from = new Date(T0 - H).toISOString();
  const to = new Date(T0 + 4 * 24 * H).toISOString();
  const list = await json<Array<{ id: number; title: string }>>(
    'guide',
    '--channel',
    channel(channelName),
    '--from',
    from,
    '--to',
    to,
  );
  const found = list.find((p) => p.title === title);
  if (!found) throw new Error(`no ${title} on ${channelName}`);
  return String(found.id);
}

const daily = (channel: string, title: string, n: number, extra: Partial<TestProgramme> = {}) =>
  Array.from({ length: n }, (_, i) => ({
    channel,
    start: T0 + i * 24 * H,
    stop: T0 + i * 24 * H + 30 * M,
    title,
    se: [1, i + 1] as [number, number],
    ...extra,
  }));

beforeAll(async () => {
  dataDir = tempDataDir('tapedeck-rules-cli-');
  serve = await startServe(dataDir);
  const programmes: TestProgramme[] = [
    // New episodes, then each again twelve hours later as a repeat.
    ...daily('one.tv', 'Drama', 3, { isNew: true }),
    ...daily('one.tv', 'Drama', 3, { previouslyShown: true }).map((p) => ({
      ...p,
      start: p.start + 12 * H,
      stop: p.stop + 12 * H,
    })),
    ...daily('one.tv', 'Quiz', 2).map((p) => ({ ...p, start: p.start + 2 * H, stop: p.stop + 2 * H })),
    ...daily('one.tv', 'Soap', 2).map((p) => ({ ...p, start: p.start + 3 * H, stop: p.stop + 3 * H })),
    { channel: 'one.tv', start: T0 + 5 * H, stop: T0 + 6 * H, title: 'Film', desc: 'A film.\nMore.' },
    { channel: 'two.tv', start: T0 + 5 * H, stop: T0 + 7 * H, title: 'Match' },
    // On a provider that allows one connection at a time.
    { channel: 'x.tv', start: T0 + 8 * H, stop: T0 + 9 * H, title: 'Clash A' },
    { channel: 'y.tv', start: T0 + 8 * H, stop: T0 + 9 * H, title: 'Clash B' },
  ];
  const guide = writeTemp('guide.xml', xmltv(['one.tv', 'two.tv', 'three.tv', 'x.tv', 'y.tv'], programmes));
  const playlists: Array<[string, string[], string[]]> = [
    ['P1', ['one.tv', 'two.tv', 'three.tv'], []],
    ['P2', ['two.tv'], []],
    ['P3', ['x.tv', 'y.tv'], ['--max-connections', '1']],
  ];
  for (const [name, ids, extra] of playlists) {
    const file = writeTemp(
      `${name}.m3u`,
      m3u(
        ids.map((id) => ({ tvgId: id, name: `${id} ${name}`, url: `http://127.0.0.1:9/${name}/${id}.ts` })),
      ),
    );
    await json('source', 'add', 'm3u', file, '--name', name, ...extra);
  }
  await json('epg', 'add', guide);
  const page = await json<{ channels: Array<{ id: number; name: string }> }>('channels');
  for (const c of page.channels) channels.set(c.name, c.id);
}, 60_000);

afterAll(async () => {
  await serve?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
}, 30_000);

describe('series rules from the CLI', () => {
  it('previews, then records the new episodes and says why the repeats are skipped', async () => {
    const preview = await json<{ warnings: string[]; airings: Airing[] }>(
      'rule',
      'preview',
      'series',
      '--title',
      'drama',
      '--new-only',
    );
    expect(preview.airings.filter((a) => a.state === 'will-record').map((a) => a.episode)).toEqual([1, 2, 3]);
    const repeats = preview.airings.filter((a) => a.state === 'skipped');
    expect(repeats.map((a) => a.skip)).toEqual(['not-new', 'not-new', 'not-new']);
    expect(repeats[0]!.reason).toMatch(/repeat/);
    const human = await cli('rule', 'preview', 'series', '--title', 'drama', '--new-only');
    expect(human.stdout).toMatch(/ {2}one\.tv P1 {2}Drama S01E01 {2}will record/);
    expect(human.stdout).toMatch(/Drama S01E02 {2}skipped: a repeat/);
    expect(human.stdout).toContain('3 to record, 3 skipped');
    // A preview saves nothing.
    expect(await json<Rule[]>('rule', 'list')).toEqual([]);

    const rule = await json<Rule>(
      'rule',
      'add',
      'series',
      '--title',
      'drama',
      '--new-only',
      '--pad-after',
      '2m',
    );
    expect(rule).toMatchObject({ name: 'drama', priority: 0, padAfterMs: 2 * M, upcoming: 3 });
    const list = await upcoming(rule.id);
    const will = list.filter((a) => a.state === 'will-record');
    expect(will.map((a) => a.episode)).toEqual([1, 2, 3]);
    expect(will.map((a) => a.channelName)).toEqual(['one.tv P1', 'one.tv P1', 'one.tv P1']);
    // Skipped airings carry only a channel id: the CLI adds the name.
    expect(list.filter((a) => a.state === 'skipped').map((a) => a.channelName)).toEqual([
      'one.tv P1',
      'one.tv P1',
      'one.tv P1',
    ]);
    const recordings = await listed(rule.id);
    expect(recordings.map((r) => r.programme?.episode).sort()).toEqual([1, 2, 3]);
    expect(recordings.map((r) => r.scheduledStart).sort()).toEqual(
      [0, 1, 2].map((i) => new Date(T0 + i * 24 * H).toISOString()),
    );
    expect(new Set(recordings.map((r) => r.id))).toEqual(new Set(will.map((a) => a.recordingId)));

    const shown = await cli('show', String(recordings[0]!.id));
    expect(shown.stdout).toMatch(/programme: Drama S01E0\d \(new\) {2}\[guide \d+ one\.tv\]/);
    expect(shown.stdout).toContain(`rule:     #${rule.id} drama`);
    const rules = await cli('rule', 'list');
    expect(rules.stdout).toContain(`#${rule.id}  series  drama  - "drama" (exact) on any channel`);
  }, 60_000);

  it('edit --priority, disable, enable and remove', async () => {
    const rule = await json<Rule>('rule', 'add', 'series', '--title', 'Quiz', '--days', 'daily');
    expect(rule.config).toMatchObject({ kind: 'series', title: 'Quiz', days: null });
    expect(await listed(rule.id)).toHaveLength(2);

    const edited = await json<Rule>('rule', 'edit', String(rule.id), '--priority', '7', '--after', '00:00');
    expect(edited.priority).toBe(7);
    // Only what was given changed: the rest of the config is the saved one.
    expect(edited.config).toEqual({ ...rule.config, after: '00:00' });
    const wrongKind = await cli('rule', 'edit', String(rule.id), '--at', '18:00');
    expectCliError(wrongKind, /--at is for time rules; rule \d+ is a series rule/);

    expect(await json<Rule>('rule', 'disable', String(rule.id))).toMatchObject({ enabled: false });
    expect(await listed(rule.id)).toEqual([]);
    expect(await upcoming(rule.id, '--no-skipped')).toEqual([]);
    expect(await json<Rule>('rule', 'enable', String(rule.id))).toMatchObject({ enabled: true });
    expect(await listed(rule.id)).toHaveLength(2);

    const removed = await cli('rule', 'remove', String(rule.id));
    expect(removed.stdout.trim()).toBe(`removed rule #${rule.id} and its 2 scheduled recordings`);
    expect(await listed(rule.id)).toEqual([]);
    expectCliError(await cli('rule', 'show', String(rule.id)), new RegExp(`${rule.id}`));
  }, 60_000);
});

describe('recording from the guide and editing', () => {
  it('record --programme twice gives one recording; negative padding is accepted', async () => {
    const film = await programmeId('one.tv P1', 'Film');
    const first = await json<Shown>(
      'record',
      '--programme',
      film,
      '--pad-before',
      '-10m',
      '--pad-after',
      '5m',
    );
    expect(first).toMatchObject({
      title: 'Film',
      channelId: channels.get('one.tv P1'),
      scheduledStart: new Date(T0 + 5 * H).toISOString(),
      padBeforeMs: -10 * M,
      padAfterMs: 5 * M,
    });
    const again = await json<Shown>('record', '--programme', film, '--channel', channel('one.tv P1'));
    expect(again.id).toBe(first.id);
    const human = await cli('show', String(first.id));
    expect(human.stdout).toContain('(padding -10m00s before, +5m00s after)');
    expect(human.stdout).toContain('             A film.');

    // Two channels carry two.tv: the CLI says which --channel values there are.
    const match = await programmeId('two.tv P1', 'Match');
    expectCliError(
      await cli('record', '--programme', match),
      new RegExp(
        `is on 2 channels: give --channel ${channel('two.tv P1')} \\(two.tv P1, P1\\), --channel ${channel('two.tv P2')} \\(two.tv P2, P2\\)`,
      ),
    );
    const chosen = await json<Shown>('record', '--programme', match, '--channel', channel('two.tv P2'));
    expect(chosen.channelId).toBe(channels.get('two.tv P2'));
    expectCliError(
      await cli('record', '--programme', match, '--start', 'now'),
      /--programme takes its times and title from the guide: leave out --start/,
    );
  }, 60_000);

  it('edit changes a scheduled recording; an end before the start is one clear error', async () => {
    const start = T0 + 30 * H;
    const r = await json<Shown>(
      'record',
      '--channel',
      channel('three.tv P1'),
      '--start',
      new Date(start).toISOString(),
      '--duration',
      '30m',
      '--title',
      'Edit me',
    );
    const edited = await json<Shown>(
      'edit',
      String(r.id),
      '--start',
      new Date(start + H).toISOString(),
      '--duration',
      '45m',
      '--pad-before',
      '-1m',
      '--title',
      'Edited',
    );
    expect(edited).toMatchObject({
      id: r.id,
      title: 'Edited',
      scheduledStart: new Date(start + H).toISOString(),
      scheduledEnd: new Date(start + H + 45 * M).toISOString(),
      padBeforeMs: -M,
    });
    const before = new Date(start).toISOString();
    expectCliError(await cli('edit', String(r.id), '--end', before), /the end must be after the start/);
    expectCliError(await cli('edit', String(r.id)), /nothing to change/);
    expectCliError(
      await cli('edit', String(r.id), '--end', before, '--duration', '5m'),
      /either --end or --duration/,
    );
    expect((await json<Shown>('show', String(r.id))).scheduledStart).toBe(new Date(start + H).toISOString());
  }, 60_000);
});

describe('time rules', () => {
  it('--days mon-fri --at 18:00 --tz Europe/Berlin gives slots at 18:00 Berlin time', async () => {
    // From the day after tomorrow (in Berlin): no slot starts while the test runs.
    const from = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Berlin' }).format(
      Date.now() + 2 * 24 * H,
    );
    const rule = await json<Rule>(
      'rule',
      'add',
      'time',
      '--channel',
      channel('three.tv P1'),
      '--days',
      'mon-fri',
      '--at',
      '18:00',
      '--duration',
      '1h',
      '--tz',
      'Europe/Berlin',
      '--from',
      from,
    );
    expect(rule.config).toMatchObject({ kind: 'time', at: '18:00', tz: 'Europe/Berlin', from });
    const slots = await upcoming(rule.id);
    // 12 days from `from` on, within the 14 of the list: at least 8 weekdays.
    expect(slots.length).toBeGreaterThanOrEqual(8);
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
      hour12: false,
    });
    for (const slot of slots) {
      expect(slot.state).toBe('will-record');
      expect(slot.end - slot.start).toBe(H);
      const [weekday, time] = berlin.format(slot.start).split(' ');
      expect(['Mon', 'Tue', 'Wed', 'Thu', 'Fri']).toContain(weekday);
      expect(time).toBe('18:00');
    }
    // Printed in this computer's zone: in Berlin, every line is at 18:00.
    const human = await runCli(['upcoming', '--rule', String(rule.id)], {
      dataDir,
      env: { TZ: 'Europe/Berlin' },
    });
    const lines = human.stdout.split('\n').filter((l) => l.startsWith('  '));
    expect(lines).toHaveLength(slots.length);
    for (const line of lines) expect(line).toMatch(/^ {2}18:00-19:00 {2}three\.tv P1 {2}/);
    expect(human.stdout).toMatch(/^(Mon|Tue|Wed|Thu|Fri) \d{4}-\d{2}-\d{2}$/m);
    expect(human.stdout).not.toMatch(/^(Sat|Sun) /m);
    await json('rule', 'remove', String(rule.id));
  }, 60_000);
});

describe('the upcoming list', () => {
  it('skip and restore round trip, by recording id and by rule and key; the printed fix works', async () => {
    const rule = await json<Rule>('rule', 'add', 'series', '--title', 'Soap');
    const [first, second] = (await upcoming(rule.id)).filter((a) => a.state === 'will-record');
    expect(first && second).toBeTruthy();

    const skipped = await json<Airing>('upcoming', 'skip', String(first!.recordingId));
    expect(skipped).toMatchObject({ key: first!.key, state: 'skipped', skip: 'cancelled' });
    expect(skipped.fixes).toEqual([
      {
        kind: 'restore',
        ruleId: rule.id,
        key: first!.key,
        command: `tapedeck upcoming restore --rule ${rule.id} --key ${first!.key}`,
      },
    ]);
    expect(await listed(rule.id)).toHaveLength(1);
    // The list says why and what to run; run it as printed.
    const human = await cli('upcoming', '--rule', String(rule.id));
    expect(human.stdout).toContain('skipped: cancelled by you');
    const fix = /fix: tapedeck (upcoming restore .*?) {3}#/.exec(human.stdout);
    expect(fix, human.stdout).not.toBeNull();
    const restored = await json<Airing>(...fix![1]!.split(' '));
    expect(restored).toMatchObject({ key: first!.key, state: 'will-record' });
    expect(await listed(rule.id)).toHaveLength(2);

    const byKey = await json<Airing>('upcoming', 'skip', '--rule', String(rule.id), '--key', second!.key);
    expect(byKey).toMatchObject({ state: 'skipped', skip: 'cancelled' });
    const back = await json<Airing>('upcoming', 'restore', '--rule', String(rule.id), '--key', second!.key);
    expect(back.state).toBe('will-record');
    expectCliError(await cli('upcoming', 'restore', '--rule', String(rule.id)), /--rule ID --key KEY/);
    await json('rule', 'remove', String(rule.id));
  }, 60_000);

  it('shows a conflict with its fixes; list marks it; running the suggested fix resolves it', async () => {
    const a = await json<Rule>('rule', 'add', 'series', '--title', 'Clash A', '--priority', '10');
    const b = await json<Rule>('rule', 'add', 'series', '--title', 'Clash B', '--priority', '1');
    const [airing] = await upcoming(b.id);
    expect(airing).toMatchObject({ state: 'conflict', title: 'Clash B' });
    expect(airing!.reason).toMatch(/needs a 2nd connection to P3 at .*held by "Clash A"/);
    expect(airing!.fixes.map((f) => f.command)).toContain(`tapedeck rule edit ${b.id} --priority 11`);

    const list = await cli('list');
    expect(list.stdout).toMatch(/Clash B {2}CONFLICT: needs a 2nd connection to P3/);
    const shown = await cli('show', String(airing!.recordingId));
    expect(shown.stdout).toMatch(/CONFLICT: needs a 2nd connection/);
    const human = await cli('upcoming', '--rule', String(b.id));
    expect(human.stdout).toMatch(/Clash B {2}\[#\d+, rule \d+\] {2}CONFLICT: needs a 2nd connection/);
    expect(human.stdout).toContain(`fix: tapedeck rule edit ${b.id} --priority 11`);

    await json('rule', 'edit', String(b.id), '--priority', '11');
    expect((await upcoming(b.id))[0]!.state).toBe('will-record');
    expect((await upcoming(a.id))[0]!.state).toBe('conflict');
    for (const rule of [a, b]) await json('rule', 'remove', String(rule.id));
  }, 60_000);
});
