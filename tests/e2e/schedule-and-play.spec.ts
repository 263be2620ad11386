// The whole path in a real browser: schedule through the UI against `tapedeck serve`, watch the
// progress move, play the finished file.
import { expect, test, type Page } from '@playwright/test';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { startServe, type ServeProcess } from './serve-host';

let streams: StreamServer;

/** The schedule form: other panels (sources, guides) have URL fields of their own. */
const scheduleForm = (page: Page) => page.getByRole('form', { name: 'Schedule a recording' });
let serve: ServeProcess;

test.beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/e2e.ts');
  streams.addLive('/live/drop.ts', { dropAfterSec: 6, refuseForSec: 1 });
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
  await streams?.close();
});

test('schedule a recording in the UI, see it progress, play the finished file', async ({
  page,
}, testInfo) => {
  await page.goto(serve.url);
  // The token moved from the fragment into session storage and out of the address bar.
  await expect(page).not.toHaveURL(/token=/);
  await scheduleForm(page)
    .getByRole('textbox', { name: 'URL', exact: true })
    .fill(streams.url('/live/e2e.ts'));
  await scheduleForm(page).getByLabel('Title').fill('E2E Evening News');
  await scheduleForm(page).getByLabel('Duration').fill('12s');
  await scheduleForm(page).getByRole('button', { name: 'Schedule' }).click();

  const row = page.locator('li.recording', { hasText: 'E2E Evening News' });
  await expect(row.getByTestId('status')).toHaveText('recording', { timeout: 10_000 });
  const seconds = row.getByTestId('progress-seconds');
  await expect(seconds).toBeVisible({ timeout: 10_000 });
  const first = Number.parseInt((await seconds.textContent()) ?? '0', 10);
  await expect
    .poll(async () => Number.parseInt((await seconds.textContent()) ?? '0', 10), { timeout: 10_000 })
    .toBeGreaterThan(first + 1);

  await expect(row.getByTestId('status')).toHaveText('completed', { timeout: 40_000 });
  await row.getByRole('button', { name: 'Play' }).click();
  const video = page.getByTestId('player');
  await expect(video).toBeVisible();
  await expect
    .poll(() => video.evaluate((v) => (v as unknown as { currentTime: number }).currentTime), {
      timeout: 20_000,
    })
    .toBeGreaterThan(1);
  const shot = testInfo.outputPath('player.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('player', { path: shot, contentType: 'image/png' });
});

test('a bad schedule shows a clear error and adds nothing', async ({ page }) => {
  await page.goto(serve.url);
  await scheduleForm(page).getByRole('textbox', { name: 'URL', exact: true }).fill('http://127.0.0.1:1/x.ts');
  await scheduleForm(page).getByLabel('Duration').fill('0s');
  await scheduleForm(page).getByRole('button', { name: 'Schedule' }).click();
  await expect(page.getByRole('alert')).toContainText('duration must be more than zero');
  await expect(page.locator('li.recording', { hasText: '127.0.0.1:1' })).toHaveCount(0);
});

test('watch a recording from its beginning while it records, across a reconnect', async ({
  page,
}, testInfo) => {
  await page.goto(serve.url);
  await scheduleForm(page)
    .getByRole('textbox', { name: 'URL', exact: true })
    .fill(streams.url('/live/drop.ts'));
  await scheduleForm(page).getByLabel('Title').fill('E2E Live Match');
  await scheduleForm(page).getByLabel('Duration').fill('40s');
  await scheduleForm(page).getByRole('button', { name: 'Schedule' }).click();
  const row = page.locator('li.recording', { hasText: 'E2E Live Match' });
  await expect(row.getByTestId('status')).toHaveText('recording', { timeout: 10_000 });
  // Let it capture past the drop at 6 s, so there are two segments: the stream server has taken the
  // reconnect, and the recording shows enough seconds for the seek below to land inside the second.
  await expect
    .poll(() => streams.log.filter((e) => e.path === '/live/drop.ts' && e.event === 'connect').length, {
      timeout: 30_000,
    })
    .toBeGreaterThanOrEqual(2);
  const captured = row.getByTestId('progress-seconds');
  await expect
    .poll(async () => Number.parseInt((await captured.textContent()) ?? '0', 10), { timeout: 30_000 })
    .toBeGreaterThanOrEqual(12);
  await row.getByRole('button', { name: 'Watch' }).click();
  const video = page.getByTestId('player');
  const currentTime = () => video.evaluate((v) => (v as unknown as { currentTime: number }).currentTime);
  await expect.poll(currentTime, { timeout: 15_000 }).toBeGreaterThan(0.5);
  // it started from the beginning, not from the live edge
  expect(await currentTime()).toBeLessThan(6);
  // seek past the reconnect into the second segment: it keeps playing there
  await video.evaluate((v) => {
    (v as unknown as { currentTime: number }).currentTime = 8;
  });
  await expect.poll(currentTime, { timeout: 15_000 }).toBeGreaterThan(9);
  expect(await row.getByTestId('status').textContent()).toBe('recording');
  const shot = testInfo.outputPath('watch-live.png');
  await page.screenshot({ path: shot });
  await testInfo.attach('watch-live', { path: shot, contentType: 'image/png' });
});
