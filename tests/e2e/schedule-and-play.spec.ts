// The whole path in a real browser, on the Recordings screens: schedule a stream through the "New
// recording" dialog against `tapedeck serve`, watch its progress move, play the finished file; a bad
// schedule says why and adds nothing; a recording is watched from its beginning while it records, across
// a reconnect. No console errors.
import { expect, test, type Locator, type Page } from '@playwright/test';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { startServe, type ServeProcess } from './serve-host';

let streams: StreamServer;
let serve: ServeProcess;

test.beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/e2e.ts');
  streams.addLive('/live/drop.ts', { dropAfterSec: 6, refuseForSec: 1 });
  await streams.ready();
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
  await streams?.close();
});

function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Opens Recordings and schedules a stream URL from the dialog, starting now. */
async function schedule(page: Page, url: string, title: string, duration: string): Promise<void> {
  await page.goto(serve.url);
  // The token moved from the fragment into session storage and out of the address bar.
  await expect(page).not.toHaveURL(/token=/);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Recordings' }).click();
  await page.getByRole('button', { name: 'New recording' }).click();
  const form = page.getByRole('form', { name: 'Schedule a recording' });
  await form.getByRole('radio', { name: 'Stream URL' }).check();
  await form.getByRole('textbox', { name: 'Stream URL' }).fill(url);
  if (title) await form.getByLabel('Title').fill(title);
  await form.getByRole('textbox', { name: 'Duration' }).fill(duration);
  await form.getByRole('button', { name: 'Record now' }).click();
}

const seconds = async (locator: Locator) => Number((await locator.getAttribute('data-seconds')) ?? '0');
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

test('schedule a recording in the UI, see it progress, play the finished file', async ({ page }) => {
  const errors = watchConsole(page);
  await schedule(page, streams.url('/live/e2e.ts'), 'E2E Evening News', '12s');
  await expect(page).toHaveURL(/tab=now/);
  const card = page.getByRole('article', { name: 'Recording E2E Evening News' });
  const captured = card.getByTestId('captured');
  await expect.poll(() => seconds(captured), { timeout: 10_000 }).toBeGreaterThan(0);
  const first = await seconds(captured);
  await expect.poll(() => seconds(captured), { timeout: 10_000 }).toBeGreaterThan(first + 1);

  // Done: it leaves "now" for the library, where it plays.
  await expect(card).toHaveCount(0, { timeout: 40_000 });
  await page.getByRole('link', { name: /Library/ }).click();
  const row = page.getByRole('article', { name: /^E2E Evening News/ });
  await expect(row.getByTestId('health')).toHaveText('100 %');
  await row.getByRole('link', { name: 'Play', exact: true }).click();
  const video = await startPlayback(page);
  await expect.poll(() => currentTime(video), { timeout: 20_000 }).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test('a bad schedule shows a clear error and adds nothing', async ({ page }) => {
  const errors = watchConsole(page);
  await schedule(page, 'http://127.0.0.1:1/x.ts', '', '0s');
  const form = page.getByRole('form', { name: 'Schedule a recording' });
  await expect(form.getByRole('alert')).toContainText('duration must be more than zero');
  // The dialog stays open with what was typed; nothing was added.
  await expect(form.getByRole('textbox', { name: 'Stream URL' })).toHaveValue('http://127.0.0.1:1/x.ts');
  await form.getByRole('button', { name: 'Close' }).click();
  await page.getByRole('navigation', { name: 'Recordings' }).getByRole('link', { name: /now/i }).click();
  await expect(page.getByText('127.0.0.1:1')).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('watch a recording from its beginning while it records, across a reconnect', async ({ page }) => {
  const errors = watchConsole(page);
  await schedule(page, streams.url('/live/drop.ts'), 'E2E Live Match', '40s');
  const card = page.getByRole('article', { name: 'Recording E2E Live Match' });
  await expect(card).toBeVisible({ timeout: 10_000 });
  // Let it capture past the drop at 6 s, so there are two segments: the stream server has taken the
  // reconnect, and the recording shows enough seconds for the seek below to land inside the second.
  await expect
    .poll(() => streams.log.filter((e) => e.path === '/live/drop.ts' && e.event === 'connect').length, {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(2);
  await expect
    .poll(() => seconds(card.getByTestId('captured')), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(12);
  await card.getByRole('link', { name: 'Watch' }).click();
  const video = await startPlayback(page);
  await expect.poll(() => currentTime(video), { timeout: 15_000 }).toBeGreaterThan(0.5);
  // it started from the beginning, not from the live edge
  expect(await currentTime(video)).toBeLessThan(6);
  // seek past the reconnect into the second segment: it keeps playing there
  await video.evaluate((v) => {
    (v as unknown as { currentTime: number }).currentTime = 8;
  });
  await expect.poll(() => currentTime(video), { timeout: 15_000 }).toBeGreaterThan(9);
  // still recording: the player says so and offers the live edge
  await expect(page.getByText('Recording', { exact: true })).toBeVisible();
  await expect(page.getByRole('button', { name: /Jump to live|Watching live/ })).toBeVisible();
  expect(errors).toEqual([]);
});
