// What the `tapedeck` command prints when names come from a playlist, a guide or a title someone else
// wrote: no terminal control sequences and no bidi overrides reach the terminal (a channel called
// "\x1b[2J..." must not clear the screen, U+202E must not reverse what follows), while --json keeps the
// names exact. And `channels --json` says how many channels there are beyond the page it prints.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  runCli,
  runCliJson,
  startServe,
  tempDataDir,
  type CliResult,
  type ServeProcess,
} from '../support/cli-runner';

let dataDir: string;
let serve: ServeProcess;

// ESC sequences (CSI colour, CSI clear screen, OSC window title), a C1 CSI, BEL, a carriage return,
// and the bidi controls: overrides/embeddings, isolates, marks.
const RED = '\x1b[31mRed\x1b[0m';
const EVIL_CHANNEL = `${RED} \u202eevil\u202c\x07 news`;
const EVIL_GROUP = 'Group\x1b]0;pwned\x07 \u2066iso\u2069';
const EVIL_SOURCE = 'Source \x9b2J\u200f\u061c mark';
const EVIL_TITLE = 'Title \x1b[2J\u202d over\u202a';
const EVIL_GUIDE = 'Guide\x1b[5m blink\u200e';
const names = ['Plain One', EVIL_CHANNEL, 'Plain Two'];

/** Anything a terminal acts on instead of printing (tab and newline between lines are ours). */
// eslint-disable-next-line no-control-regex -- looking for control characters is the point
const UNSAFE = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/;

const cli = (...args: string[]): Promise<CliResult> => runCli(args, { dataDir });

function expectSafe(result: CliResult, what: string): void {
  expect(result.stdout, what).not.toMatch(UNSAFE);
  expect(result.stderr, what).not.toMatch(UNSAFE);
}

beforeAll(async () => {
  dataDir = tempDataDir('tapedeck-cli-output-');
  serve = await startServe(dataDir);
  const playlist = path.join(dataDir, 'evil.m3u');
  writeFileSync(
    playlist,
    '#EXTM3U\n' +
      names
        .map(
          (n, i) =>
            `#EXTINF:-1 tvg-id="c${i}" group-title="${EVIL_GROUP}",${n}\nhttp://127.0.0.1:9/${i}.ts\n`,
        )
        .join(''),
  );
  const guide = path.join(dataDir, 'guide.xml');
  writeFileSync(
    guide,
    '<?xml version="1.0"?>\n<tv><channel id="c9"><display-name>x</display-name></channel></tv>\n',
  );
  await runCliJson(['source', 'add', 'm3u', playlist, '--name', EVIL_SOURCE, '--json'], { dataDir });
  await runCliJson(['epg', 'add', guide, '--name', EVIL_GUIDE, '--json'], { dataDir });
}, 60_000);

afterAll(async () => {
  await serve?.stop();
});

describe('names from elsewhere, printed for a person', () => {
  it('lose control characters and bidi controls, keep their text', async () => {
    const channels = await cli('channels');
    expect(channels.code, channels.stderr).toBe(0);
    expectSafe(channels, 'channels');
    expect(channels.stdout).toContain('Red evil news');
    expect(channels.stdout).toContain('[Group iso]');

    const sources = await cli('source', 'list');
    expectSafe(sources, 'source list');
    expect(sources.stdout).toContain('Source  mark');

    const guides = await cli('epg', 'list');
    expectSafe(guides, 'epg list');
    expect(guides.stdout).toContain('Guide blink');

    const recorded = await cli(
      'record',
      '--url',
      'http://127.0.0.1:9/x.ts',
      '--start',
      '+1h',
      '--duration',
      '1m',
      '--title',
      EVIL_TITLE,
    );
    expect(recorded.code, recorded.stderr).toBe(0);
    expectSafe(recorded, 'record');
    expect(recorded.stdout).toContain('Title  over');
    const list = await cli('list');
    expectSafe(list, 'list');
    expect(list.stdout).toContain('Title  over');
  });

  it('in errors too', async () => {
    // "already exists as source 1 (<its name>)"
    const again = await cli('source', 'add', 'm3u', path.join(dataDir, 'evil.m3u'));
    expect(again.code).not.toBe(0);
    expectSafe(again, 'source add again');
    expect(again.stderr).toContain('Source  mark');
    const usage = await cli('show', '\x1b[31m1');
    expect(usage.code).not.toBe(0);
    expectSafe(usage, 'show with a bad id');
  });

  it('--json keeps every name exactly, with the dangerous characters escaped', async () => {
    const raw = await cli('channels', '--json');
    expectSafe(raw, 'channels --json');
    const page = JSON.parse(raw.stdout) as {
      total: number;
      channels: Array<{ name: string; group: string }>;
    };
    expect(page.channels.map((c) => c.name)).toEqual(names);
    expect(page.channels[1]!.group).toBe(EVIL_GROUP);
    const sources = await cli('source', 'list', '--json');
    expectSafe(sources, 'source list --json');
    expect((JSON.parse(sources.stdout) as Array<{ name: string }>)[0]!.name).toBe(EVIL_SOURCE);
  });
});

describe('channels --json', () => {
  it('prints { total, channels }, paged with --limit and --offset', async () => {
    const all = await runCliJson<{ total: number; channels: Array<{ name: string }> }>(
      ['channels', '--json'],
      {
        dataDir,
      },
    );
    expect(all.total).toBe(3);
    expect(all.channels).toHaveLength(3);
    const page = await runCliJson<{ total: number; channels: Array<{ name: string }> }>(
      ['channels', '--limit', '1', '--offset', '1', '--json'],
      { dataDir },
    );
    expect(page).toEqual({ total: 3, channels: [expect.objectContaining({ name: EVIL_CHANNEL })] });
  });
});
