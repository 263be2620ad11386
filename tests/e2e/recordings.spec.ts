// The Recordings screens in a real browser against a real `tapedeck serve` and real local streams:
// scheduling from the dialog, live progress and a visible reconnect, watching while it records and after,
// the details with the gap in the timeline, stop versus cancel, the upcoming list's conflicts, skips and
// fixes, problems, filters and bulk delete. No console error on any of it. Screenshots of every screen at
// 1440 and 390 px, light and dark, go to test-results/screens/<screen>-<width>-<theme>.png.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { currentTime, shoot, startPlayback } from './page-helpers';
import { expect, test, type Locator, type Page } from '@playwright/test';
import { apiCall } from '../support/cli-runner';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { startServe, type ServeProcess } from './serve-host';

let streams: StreamServer;
let serve: ServeProcess;
let origin: string;
let token: string;

interface RecordingRow {
  id: number;
  title: string;
  status: string;
  outputPath: string | null;
  gaps: Array<{ cause: string }>;
}

async function call<T>(name: string, input: unknown): Promise<T> {
  const answer = await apiCall(origin, name, input, token);
  const body = answer.body as { ok: boolean; result?: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message ?? JSON.stringify(body)}`);
  return body.result as T;
}

const recordings = () => call<RecordingRow[]>('recordings.list', {});
const byTitle = async (title: string) => (await recordings()).find((r) => r.title === title);

/** XMLTV time: YYYYMMDDhhmmss +0000. */
function xmltvTime(ms: number): string {
  return `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)} +0000`;
}

test.beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/news.ts');
  streams.addLive('/live/movies.ts');
  streams.addLive('/live/extra.ts');
  // Drops 6 s in and refuses reconnects for 5 s: a visible outage, then a second segment.
  streams.addLive('/live/sport.ts', { dropAfterSec: 6, refuseForSec: 5 });
  streams.addLive('/live/broken.ts', { status: 404 });
  await streams.ready();
  serve = await startServe();
  const url = new URL(serve.url);
  origin = url.origin;
  token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';

  // A playlist of real local streams, and a provider with one connection and a guide for tomorrow
  // evening: two series rules want the same hour (a conflict) and one skips a repeat (not new).
  const channels: Array<[string, string, string]> = [
    ['e2e.news', 'E2E News', streams.url('/live/news.ts')],
    ['e2e.movies', 'E2E Movies', streams.url('/live/movies.ts')],
    ['e2e.extra', 'E2E Extra', streams.url('/live/extra.ts')],
    ['e2e.sport', 'E2E Sport', streams.url('/live/sport.ts')],
    ['e2e.broken', 'E2E Broken', streams.url('/live/broken.ts')],
  ];
  const playlist = path.join(serve.dataDir, 'e2e.m3u');
  writeFileSync(
    playlist,
    `#EXTM3U\n${channels.map(([id, name, u]) => `#EXTINF:-1 tvg-id="${id}" group-title="E2E",${name}\n${u}`).join('\n')}\n`,
  );
  const limited = path.join(serve.dataDir, 'limited.m3u');
  writeFileSync(
    limited,
    '#EXTM3U\n#EXTINF:-1 tvg-id="lim.one",Limited One\nhttp://127.0.0.1:9/one.ts\n' +
      '#EXTINF:-1 tvg-id="lim.two",Limited Two\nhttp://127.0.0.1:9/two.ts\n',
  );
  const evening = Math.floor(Date.now() / 3600_000) * 3600_000 + 26 * 3600_000;
  const programme = (channel: string, start: number, title: string, extra = '') =>
    `<programme start="${xmltvTime(start)}" stop="${xmltvTime(start + 3600_000)}" channel="${channel}"><title>${title}</title>${extra}</programme>`;
  const guide = path.join(serve.dataDir, 'e2e.xml');
  writeFileSync(
    guide,
    `<?xml version="1.0" encoding="UTF-8"?>
<tv>
  <channel id="lim.one"><display-name>Limited One</display-name></channel>
  <channel id="lim.two"><display-name>Limited Two</display-name></channel>
  ${programme('lim.one', evening, 'Quiz Night', '<sub-title>The Final</sub-title><desc>Eight teams, one trophy.</desc><episode-num system="xmltv_ns">2.9.</episode-num><new />')}
  ${programme('lim.two', evening, 'Space Docs', '<desc>Where the stars are made.</desc><episode-num system="xmltv_ns">0.3.</episode-num><new />')}
  ${programme('lim.two', evening + 3 * 3600_000, 'Space Docs', '<desc>Where the planets come from.</desc><episode-num system="xmltv_ns">0.1.</episode-num><previously-shown />')}
</tv>
`,
  );
  await call('sources.add', { kind: 'm3u', location: playlist, name: 'E2E TV' });
  await call('sources.add', { kind: 'm3u', location: limited, name: 'Limited TV', maxConnections: 1 });
  await call('guides.add', { location: guide });
  await call('rules.add', { config: { kind: 'series', title: 'Quiz Night' } });
  await call('rules.add', { config: { kind: 'series', title: 'Space Docs', newOnly: true } });
});

test.afterAll(async () => {
  await serve?.stop();
  await streams?.close();
});

/** Every console error and uncaught exception of the page: the test fails on any. */
function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** Opens the app (the token moves into session storage), then a screen by its address. */
async function open(page: Page, route: string): Promise<void> {
  await page.goto(serve.url);
  await expect(page.getByRole('navigation', { name: 'Main' })).toBeVisible();
  await page.goto(`${origin}${route}`);
}

const seconds = async (locator: Locator) => Number((await locator.getAttribute('data-seconds')) ?? '0');
test('schedule from the dialog, follow it live through a reconnect, watch it from the beginning, see the gap', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const errors = watchConsole(page);
  await open(page, '/recordings');
  await page.getByRole('button', { name: 'New recording' }).click();
  const form = page.getByRole('form', { name: 'Schedule a recording' });
  await form.getByRole('combobox', { name: 'Channel' }).selectOption({ label: 'E2E Sport' });
  await form.getByLabel('Title').fill('E2E Live Match');
  await form.getByRole('textbox', { name: 'Duration' }).fill('40s');
  await form.getByRole('button', { name: 'Record now' }).click();
  await expect(page).toHaveURL(/tab=now/);

  const card = page.getByRole('article', { name: 'Recording E2E Live Match' });
  await expect(card).toBeVisible();
  const captured = card.getByTestId('captured');
  await expect.poll(() => seconds(captured), { timeout: 15_000 }).toBeGreaterThan(1);
  const first = await seconds(captured);
  await expect.poll(() => seconds(captured), { timeout: 10_000 }).toBeGreaterThan(first + 1);

  // The stream drops at 6 s and refuses for 5 s: the card says so, with the reason.
  const reconnecting = card.locator('[data-state="reconnecting"]');
  await expect(reconnecting).toBeVisible({ timeout: 20_000 });
  await expect(reconnecting).toContainText('Reconnecting');
  await shoot(page, 'now');
  await expect(card.locator('[data-state="capturing"]')).toBeVisible({ timeout: 20_000 });
  await expect
    .poll(() => streams.log.filter((e) => e.path === '/live/sport.ts' && e.event === 'connect').length)
    .toBeGreaterThanOrEqual(2);
  await expect.poll(() => seconds(captured), { timeout: 30_000 }).toBeGreaterThanOrEqual(12);

  // Watch while it records: from the beginning, not the live edge, with sound.
  await card.getByRole('link', { name: 'Watch' }).click();
  await expect(page).toHaveURL(/\/play\/\d+$/);
  const video = await startPlayback(page);
  await expect.poll(() => currentTime(video), { timeout: 15_000 }).toBeGreaterThan(0.5);
  expect(await currentTime(video)).toBeLessThan(6);
  expect(await video.evaluate((v) => (v as unknown as { muted: boolean }).muted)).toBe(false);
  // Past the outage, into the second segment: it keeps playing there.
  await video.evaluate((v) => {
    (v as unknown as { currentTime: number }).currentTime = 8;
  });
  await expect.poll(() => currentTime(video), { timeout: 15_000 }).toBeGreaterThan(9);
  await expect(page.getByRole('button', { name: /Jump to live|Watching live/ })).toBeVisible();
  await shoot(page, 'player');
  // The keyboard: space pauses, → skips 10 s, Esc goes back.
  await page.keyboard.press('Space');
  await expect.poll(() => video.evaluate((v) => (v as unknown as { paused: boolean }).paused)).toBe(true);
  await page.keyboard.press('Escape');
  await expect(page).toHaveURL(/tab=now/);

  // Finished: in the library, its details show the outage as a gap with its reason.
  await expect
    .poll(async () => (await byTitle('E2E Live Match'))?.status, { timeout: 60_000 })
    .toBe('completed');
  await page.getByRole('link', { name: /Library/ }).click();
  await page.getByRole('link', { name: /^E2E Live Match, / }).click();
  await expect(page).toHaveURL(/\/recordings\/\d+$/);
  await expect(page.getByRole('heading', { level: 1, name: 'E2E Live Match' })).toBeVisible();
  const gap = page.getByTestId('timeline-gap').first();
  await expect(gap).toBeVisible();
  await expect(gap).toContainText(/Gap of .*: (The stream ended early|The source failed|The stream stalled)/);
  await expect(page.getByRole('list', { name: 'Segments and gaps' }).getByRole('listitem')).toHaveCount(3);
  await expect(page.getByRole('heading', { name: 'Event log' })).toBeVisible();
  await shoot(page, 'details');

  // Play the finished file.
  await page.getByRole('link', { name: 'Play', exact: true }).click();
  const finished = await startPlayback(page);
  await expect.poll(() => currentTime(finished), { timeout: 20_000 }).toBeGreaterThan(1);
  expect(errors).toEqual([]);
});

test('stop keeps a recording; cancel asks whether to keep what was captured', async ({ page }) => {
  test.setTimeout(120_000);
  const errors = watchConsole(page);
  const channels = await call<Array<{ id: number; name: string }>>('channels.list', {});
  const channel = (name: string) => channels.find((c) => c.name === name)!.id;
  for (const [title, name] of [
    ['E2E Stop Me', 'E2E News'],
    ['E2E Cancel Keep', 'E2E Movies'],
    ['E2E Cancel Discard', 'E2E Extra'],
  ] as const) {
    await call('recordings.schedule', {
      title,
      channelId: channel(name),
      start: Date.now(),
      durationMs: 120_000,
    });
  }
  await open(page, '/recordings?tab=now');
  const card = (title: string) => page.getByRole('article', { name: `Recording ${title}` });
  for (const title of ['E2E Stop Me', 'E2E Cancel Keep', 'E2E Cancel Discard']) {
    await expect
      .poll(() => seconds(card(title).getByTestId('captured')), { timeout: 20_000 })
      .toBeGreaterThan(3);
  }

  await card('E2E Stop Me').getByRole('button', { name: 'Stop' }).click();
  await expect(card('E2E Stop Me')).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(async () => (await byTitle('E2E Stop Me'))?.status).toBe('completed');

  await card('E2E Cancel Keep').getByRole('button', { name: 'Cancel…' }).click();
  let dialog = page.getByRole('dialog', { name: 'Cancel “E2E Cancel Keep”?' });
  await expect(dialog.getByText('Keep what was captured')).toBeVisible();
  await dialog.getByRole('button', { name: 'Cancel and keep' }).click();
  await expect(card('E2E Cancel Keep')).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(async () => (await byTitle('E2E Cancel Keep'))?.status).toBe('cancelled');
  expect((await byTitle('E2E Cancel Keep'))?.outputPath).not.toBeNull();

  await card('E2E Cancel Discard').getByRole('button', { name: 'Cancel…' }).click();
  dialog = page.getByRole('dialog', { name: 'Cancel “E2E Cancel Discard”?' });
  await dialog.getByText('Discard it').click();
  await dialog.getByRole('button', { name: 'Cancel and discard' }).click();
  await expect(card('E2E Cancel Discard')).toHaveCount(0, { timeout: 15_000 });
  await expect.poll(async () => await byTitle('E2E Cancel Discard'), { timeout: 15_000 }).toBeUndefined();

  // The library: the stopped one reads as recorded, the kept cancel as cancelled.
  await page.getByRole('link', { name: /Library/ }).click();
  await expect(page.getByRole('article', { name: /^E2E Stop Me/ })).toBeVisible();
  await expect(page.getByRole('article', { name: /^E2E Cancel Keep/ }).getByText('Cancelled')).toBeVisible();
  await expect(page.getByRole('article', { name: /^E2E Cancel Discard/ })).toHaveCount(0);
  expect(errors).toEqual([]);
});

test('upcoming: a conflict and a skip stand out with their reasons, and their fixes work', async ({
  page,
}) => {
  const errors = watchConsole(page);
  await open(page, '/recordings?tab=upcoming');
  const conflict = page.locator('.up-row.state-conflict');
  await expect(conflict).toHaveCount(1, { timeout: 15_000 });
  await expect(conflict).toContainText(/needs a 2nd connection to Limited TV/);
  const skipped = page.getByRole('article', { name: /^Space Docs/ }).filter({ hasText: 'Not a new episode' });
  await expect(skipped).toBeVisible();
  await shoot(page, 'upcoming');

  // Drop the rival: the conflict is gone, the rival is a skip "cancelled by you" with Restore.
  const drop = conflict.getByRole('button', { name: /^Don’t record/ });
  const rival = /“(.+)”/.exec((await drop.textContent()) ?? '')?.[1] ?? '';
  expect(['Quiz Night', 'Space Docs']).toContain(rival);
  await drop.click();
  await expect(page.locator('.up-row.state-conflict')).toHaveCount(0, { timeout: 15_000 });
  const cancelled = page
    .getByRole('article', { name: new RegExp(`^${rival}`) })
    .filter({ hasText: 'Cancelled by you' });
  await expect(cancelled).toBeVisible();
  await cancelled.getByRole('button', { name: 'Restore' }).click();
  await expect(page.locator('.up-row.state-conflict')).toHaveCount(1, { timeout: 15_000 });

  // Hiding skipped airings (kept in the address). The list is still re-rendering from the restore's
  // re-plan (its events arrive one by one); a click that lands on a row being replaced is tried again.
  await expect(async () => {
    await page.getByLabel('Show skipped').uncheck({ timeout: 2_000 });
    await expect(page).toHaveURL(/skipped=hide/, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(page.getByText('Not a new episode')).toHaveCount(0);
  await page.reload();
  await expect(page.getByLabel('Show skipped')).not.toBeChecked();
  await expect(page.locator('.up-row.state-conflict')).toHaveCount(1);
  expect(errors).toEqual([]);
});

test('problems say why; the library filters, and deletes in bulk', async ({ page }) => {
  test.setTimeout(90_000);
  const errors = watchConsole(page);
  const channels = await call<Array<{ id: number; name: string }>>('channels.list', {});
  const broken = channels.find((c) => c.name === 'E2E Broken')!.id;
  await call('recordings.schedule', {
    title: 'E2E Broken Feed',
    channelId: broken,
    start: Date.now(),
    durationMs: 60_000,
  });
  await expect
    .poll(async () => (await byTitle('E2E Broken Feed'))?.status, { timeout: 45_000 })
    .toBe('failed');

  await open(page, '/recordings?tab=problems');
  const failed = page.getByRole('article', { name: 'E2E Broken Feed' });
  await expect(failed.getByTestId('problem-reason')).toContainText('404');
  // The match with its outage is incomplete: listed with its gap.
  await expect(
    page.getByRole('article', { name: 'E2E Live Match' }).getByTestId('problem-reason'),
  ).toContainText(/gap/);
  await shoot(page, 'problems');

  await page.getByRole('link', { name: /Library/ }).click();
  await expect(page.getByRole('article', { name: /^E2E Stop Me/ })).toBeVisible();
  await shoot(page, 'library');
  // Search, kept in the address.
  await page.getByRole('searchbox', { name: 'Search titles' }).fill('cancel keep');
  await expect(page).toHaveURL(/q=cancel/);
  await expect(page.getByRole('article', { name: /^E2E Stop Me/ })).toHaveCount(0);
  await expect(page.getByRole('article', { name: /^E2E Cancel Keep/ })).toBeVisible();
  await page.getByRole('searchbox', { name: 'Search titles' }).fill('');

  // Bulk: select two, delete them keeping the files.
  await page.getByLabel('Select E2E Stop Me').check();
  await page.getByLabel('Select E2E Cancel Keep').check();
  const bar = page.getByRole('region', { name: 'Selected recordings' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Delete…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Delete 2 recordings?' });
  await dialog.getByLabel('Keep the files on disk').check();
  await dialog.getByRole('button', { name: 'Delete' }).click();
  await expect(page.getByRole('article', { name: /^E2E Stop Me/ })).toHaveCount(0);
  await expect(page.getByRole('article', { name: /^E2E Cancel Keep/ })).toHaveCount(0);
  expect(await byTitle('E2E Stop Me')).toBeUndefined();
  expect(errors).toEqual([]);
});
