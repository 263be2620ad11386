// The library's marks and the player's commercial breaks in a real browser against a real `tapedeck
// serve` and a real local stream: protect, a post-processing step skipped and offered for Retry, a file
// deleted outside the app and found missing by a rescan (Play disabled, with why), in the details and
// the library; and the player jumping over a marked break, with Undo, and playing through when switched
// off. No console error on any of it. Screenshots: details-library-*, library-marks-*, player-breaks-*
// in test-results/screens/.
import { unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Page } from '@playwright/test';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { coreCaller, currentTime, shoot, startPlayback, watchConsole } from './page-helpers';
import { startServe, type ServeProcess } from './serve-host';

let streams: StreamServer;
let serve: ServeProcess;
let origin: string;
let call: ReturnType<typeof coreCaller>;

interface RecordingRow {
  id: number;
  title: string;
  status: string;
  outputPath: string | null;
}

const byTitle = async (title: string) =>
  (await call<RecordingRow[]>('recordings.list', {})).find((r) => r.title === title);

test.beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/marks.ts');
  streams.addLive('/live/ads.ts');
  await streams.ready();
  serve = await startServe();
  const url = new URL(serve.url);
  origin = url.origin;
  call = coreCaller(origin, new URLSearchParams(url.hash.slice(1)).get('token') ?? '');
  const playlist = path.join(serve.dataDir, 'marks.m3u');
  writeFileSync(
    playlist,
    `#EXTM3U\n#EXTINF:-1 tvg-id="e2e.marks",E2E Marks\n${streams.url('/live/marks.ts')}\n`,
  );
  await call('sources.add', { kind: 'm3u', location: playlist, name: 'E2E TV' });
});

test.afterAll(async () => {
  await serve?.stop();
  await streams?.close();
});

/** Opens the app (the token moves into session storage), then a screen by its address. */
async function open(page: Page, route: string): Promise<void> {
  await page.goto(serve.url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto(`${origin}${route}`);
}

test('the library marks: protect, the steps after a recording with Retry, a file gone missing', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const errors = watchConsole(page);
  await call('settings.update', { comskipEnabled: true });
  const channels = await call<Array<{ id: number; name: string }>>('channels.list', {});
  const news = channels.find((c) => c.name === 'E2E Marks')!.id;
  const scheduled = await call<{ id: number }>('recordings.schedule', {
    title: 'E2E Marked Show',
    channelId: news,
    start: Date.now(),
    durationMs: 12_000,
  });
  const id = scheduled.id;
  await expect
    .poll(async () => (await byTitle('E2E Marked Show'))?.status, { timeout: 60_000 })
    .toBe('completed');
  // Commercial detection runs on the finished file (Debian's comskip); then the hook, with no command
  // set, is queued by hand and skipped: a step to retry.
  await expect
    .poll(
      async () =>
        (await call<Array<{ step: string; state: string }>>('jobs.list', { recordingId: id })).find(
          (j) => j.step === 'comskip',
        )?.state,
      { timeout: 60_000 },
    )
    .toMatch(/done|failed|skipped/);
  await call('jobs.enqueue', { recordingId: id, steps: ['hook'] });

  await open(page, `/recordings/${id}`);
  await expect(page.getByRole('heading', { level: 1, name: 'E2E Marked Show' })).toBeVisible();
  const steps = page.getByRole('list', { name: 'Post-processing steps' });
  await expect(steps.getByTestId('job').filter({ hasText: 'Commercial detection' })).toBeVisible();
  const hook = steps.getByTestId('job').filter({ hasText: 'Post-processing command' });
  await expect(hook).toContainText('Skipped', { timeout: 15_000 });
  await expect(hook.getByRole('button', { name: 'Retry' })).toBeVisible();

  await page.getByRole('button', { name: 'Protect' }).click();
  await expect(page.getByRole('button', { name: 'Unprotect' })).toBeVisible();
  await expect(page.locator('.details-title').getByText('Protected')).toBeVisible();

  // The file goes away outside the app; a rescan notices, and the screen says so.
  const row = await byTitle('E2E Marked Show');
  unlinkSync(row!.outputPath!);
  await call('library.rescan', {});
  await expect(page.getByTestId('file-missing')).toContainText('File missing since');
  await expect(page.getByRole('button', { name: 'Play' })).toBeDisabled();
  await expect(page.getByRole('link', { name: 'Play', exact: true })).toHaveCount(0);
  // The shot shows the side cards down to the steps after the recording.
  await shoot(page, 'details-library', () =>
    page.getByRole('heading', { name: 'After recording' }).scrollIntoViewIfNeeded(),
  );

  await page.goto(`${origin}/recordings?tab=library`);
  const libRow = page.getByRole('article', { name: /^E2E Marked Show/ });
  await expect(libRow.getByTestId('file-missing')).toContainText('File missing since');
  await expect(libRow.getByTestId('protected')).toBeVisible();
  await expect(libRow.getByRole('button', { name: /Play/ })).toBeDisabled();
  await shoot(page, 'library-marks');
  expect(errors).toEqual([]);
});

test('skips a marked break with Undo, marks breaks on the seek bar, and plays through when off', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);

  // Detection off: the result below is the only one this recording gets.
  await call('settings.update', { comskipEnabled: false });
  const r = await call<{ id: number }>('recordings.schedule', {
    title: 'E2E Ad Break',
    url: streams.url('/live/ads.ts'),
    start: Date.now(),
    durationMs: 24_000,
  });
  await expect
    .poll(async () => (await call<{ status: string }>('recordings.get', { id: r.id })).status, {
      timeout: 60_000,
    })
    .toBe('completed');
  // What a finished commercial-detection step leaves: its result with the breaks (media time).
  const db = new Database(path.join(serve.dataDir, 'tapedeck.db'));
  const now = Date.now();
  db.prepare(
    `INSERT INTO jobs (recording_id, step, state, attempts, next_at, result, created_at, updated_at, finished_at)
     VALUES (?, 'comskip', 'done', 1, ?, ?, ?, ?, ?)`,
  ).run(
    r.id,
    now,
    JSON.stringify({
      breaks: [
        { startMs: 4000, endMs: 12_000 },
        { startMs: 18_000, endMs: 20_000 },
      ],
      cut: false,
    }),
    now,
    now,
    now,
  );
  db.close();
  expect((await call<{ breaks: unknown[] }>('recordings.breaks', { id: r.id })).breaks).toHaveLength(2);

  await open(page, `/play/${r.id}`);
  const video = await startPlayback(page);
  await expect(page.getByRole('button', { name: /Skip breaks/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.player-break-mark')).toHaveCount(2);
  // Playing from the start runs into the break at 0:04: it lands at 0:12, and says so.
  await expect(page.getByText('Skipped break')).toBeVisible({ timeout: 20_000 });
  expect(await currentTime(video)).toBeGreaterThanOrEqual(11.9);
  // The player is dark whatever the theme: one set of shots.
  await shoot(page, 'player-breaks', undefined, ['dark']);

  // Undo: back to the break's start, and it plays the break this time.
  await page.getByRole('button', { name: 'Undo' }).click();
  await expect.poll(() => currentTime(video)).toBeLessThan(6);
  await expect.poll(() => currentTime(video), { timeout: 15_000 }).toBeGreaterThan(7);
  expect(await currentTime(video)).toBeLessThan(12);

  // Skipping off: the second break (0:18) plays through.
  await page.getByRole('button', { name: /Skip breaks/ }).click();
  await expect(page.getByRole('button', { name: /Skip breaks/ })).toHaveAttribute('aria-pressed', 'false');
  await video.evaluate((v) => {
    (v as unknown as { currentTime: number }).currentTime = 17;
  });
  await expect.poll(() => currentTime(video), { timeout: 15_000 }).toBeGreaterThan(18.5);
  expect(await currentTime(video)).toBeLessThan(20);
  await expect(page.getByText('Skipped break')).toHaveCount(0);
  expect(errors).toEqual([]);
});
