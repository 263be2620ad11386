// The player skips commercial breaks: a finished recording with a commercial-detection result (written
// into the real database as comskip's step would leave it: comskip on a synthetic test stream finds no
// breaks) jumps over a break playback runs into, says so with Undo, marks the breaks on the seek bar,
// and plays the break after Undo; with skipping off it plays straight through. No console error.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { apiCall } from '../support/cli-runner';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { startServe, type ServeProcess } from './serve-host';

const SCREENS = path.resolve(__dirname, '../../test-results/screens');

let streams: StreamServer;
let serve: ServeProcess;
let origin: string;
let token: string;

async function call<T>(name: string, input: unknown): Promise<T> {
  const answer = await apiCall(origin, name, input, token);
  const body = answer.body as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body.result as T;
}

test.beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/ads.ts');
  await streams.ready();
  serve = await startServe();
  const url = new URL(serve.url);
  origin = url.origin;
  token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
});

test.afterAll(async () => {
  await serve?.stop();
  await streams?.close();
});

const currentTime = (video: Locator) =>
  video.evaluate((v) => (v as unknown as { currentTime: number }).currentTime);

async function startPlayback(page: Page): Promise<Locator> {
  const video = page.getByTestId('player');
  await expect(video).toBeVisible();
  const big = page.getByRole('button', { name: 'Play with sound' });
  await expect
    .poll(async () => (await big.isVisible()) || (await currentTime(video)) > 0, { timeout: 15_000 })
    .toBe(true);
  if (await big.isVisible()) await big.click();
  return video;
}

test('skips a marked break with Undo, marks breaks on the seek bar, and plays through when off', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));

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

  await page.goto(serve.url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto(`${origin}/play/${r.id}`);
  const video = await startPlayback(page);
  await expect(page.getByRole('button', { name: /Skip breaks/ })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.locator('.player-break-mark')).toHaveCount(2);
  // Playing from the start runs into the break at 0:04: it lands at 0:12, and says so.
  await expect(page.getByText('Skipped break')).toBeVisible({ timeout: 20_000 });
  expect(await currentTime(video)).toBeGreaterThanOrEqual(11.9);
  mkdirSync(SCREENS, { recursive: true });
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
    await page.screenshot({ path: path.join(SCREENS, `player-breaks-${width}-dark.png`) });
  }
  await page.setViewportSize({ width: 1440, height: 900 });

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
