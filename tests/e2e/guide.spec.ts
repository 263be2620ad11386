// The guide screen in a real browser against a real `tapedeck serve` with the demo playlist and guide
// (scripts/demo-data.mjs: 40 channels, yesterday to two days ahead, two series rules): find a programme
// by scrolling and by searching, open its panel by click and by address, record it (twice: still one
// recording), record its series, jump to prime time, move with the keyboard; no console error anywhere.
// Screenshots of the grid and the panel at 1440 and 390 px, light and dark: test-results/screens/.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { settled } from './page-helpers';
import { expect, test, type Page } from '@playwright/test';
import type { ChannelPage, GuideWindow, GuideProgramme } from '../../src-shared/domain-sources';
import type { Recording } from '../../src-shared/domain';
import type { Rule } from '../../src-shared/domain-rules';
import { startServe, type ServeProcess } from './serve-host';

const SCREENS = path.resolve(__dirname, '../../test-results/screens');

let serve: ServeProcess;
let origin: string;
let token: string;
/** The programme the tests look for: tomorrow morning, far down the list, not covered by a rule. */
let target: { channelId: number; channelName: string; row: number; programme: GuideProgramme };
/** Whether this core has guide.search (it came later; the screen degrades without it). */
/** Whether `serve` gives the app's files under a nested address (a deep link's reload). */
let nestedAssets = true;

async function call<T>(name: string, input: unknown): Promise<T> {
  const res = await fetch(`${origin}/api/call/${name}`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: JSON.stringify(input),
  });
  const body = (await res.json()) as { ok: boolean; result: T; error?: { message: string } };
  if (!body.ok) throw new Error(`${name}: ${body.error?.message}`);
  return body.result;
}

const DAY = 24 * 3600_000;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  serve = await startServe();
  const url = new URL(serve.url);
  origin = url.origin;
  token = new URLSearchParams(url.hash.slice(1)).get('token') ?? '';
  const { seedDemo } = await import('../../scripts/demo-data.mjs');
  await seedDemo(origin, token);

  const page = await call<ChannelPage>('channels.search', { mapped: true, limit: 500 });
  const channels = page.channels.sort((a, b) => Number(a.number) - Number(b.number));
  const row = 33;
  const channel = channels[row]!;
  // Tomorrow (UTC, the browser's zone here) from 09:00: the first programme a rule does not record.
  const from = Math.floor(Date.now() / DAY) * DAY + DAY + 9 * 3600_000;
  const window = await call<GuideWindow>('guide.query', {
    channelIds: [channel.id],
    from,
    to: from + 6 * 3600_000,
  });
  const programme = window.channels[0]!.programmes.find(
    (p) =>
      p.start >= from &&
      !['Doctor Who', 'Planet Earth'].includes(p.title) &&
      (p.stop ?? 0) - p.start >= 30 * 60_000,
  )!;
  target = { channelId: channel.id, channelName: channel.name, row, programme };

  const html = await fetch(`${origin}/`).then((r) => r.text());
  const script = /src="\.\/(assets\/[^"]+\.js)"/.exec(html)?.[1];
  const nested = await fetch(`${origin}/guide/1/2/${script}`);
  nestedAssets = (nested.headers.get('content-type') ?? '').includes('javascript');
});

test.afterAll(async () => {
  await serve?.stop();
});

/** Console errors and uncaught exceptions of a page: each test ends with none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

async function openGuide(page: Page, address = '/guide') {
  // The token travels in the fragment once, then lives in session storage.
  await page.goto(serve.url);
  await page.goto(`${origin}${address}`);
  await expect(page.getByRole('grid', { name: 'TV guide' }).locator('a[data-pid]').first()).toBeVisible({
    timeout: 15_000,
  });
}

/**
 * Opens an address inside the app. A reload of a nested address needs `serve` to give the app's files
 * there; until it does (see the report), the app is opened and the address pushed into its history.
 */
async function openAddress(page: Page, address: string) {
  if (nestedAssets) {
    await page.goto(`${origin}${address}`);
    return;
  }
  test.info().annotations.push({
    type: 'issue',
    description: `serve answers ${address}'s ./assets/ with index.html: opened by history.pushState`,
  });
  await page.goto(`${origin}/guide`);
  await page.evaluate((to) => {
    history.pushState(null, '', to);
    dispatchEvent(new PopStateEvent('popstate'));
  }, address);
}

const cellOf = (page: Page, pid: number) => page.locator(`a[data-pid="${pid}"]`);
const panel = (page: Page) => page.getByRole('complementary');

test('find a programme by scrolling and by search; open it by click and by address', async ({ page }) => {
  const errors = watchErrors(page);
  await openGuide(page);
  const grid = page.getByRole('grid', { name: 'TV guide' });
  await expect(grid.getByRole('columnheader').first()).toBeVisible();
  await expect(grid.getByRole('rowheader').first()).toContainText('BBC One');

  // Scroll: down to the channel with the wheel, then along to tomorrow morning.
  await grid.hover();
  const cell = cellOf(page, target.programme.id);
  for (
    let i = 0;
    i < 40 && !(await grid.getByRole('rowheader', { name: new RegExp(target.channelName) }).count());
    i++
  ) {
    await page.mouse.wheel(0, 400);
  }
  for (let i = 0; i < 80 && !(await cell.count()); i++) await page.mouse.wheel(600, 0);
  await expect(cell).toBeVisible();
  await cell.click();
  await expect(page).toHaveURL(new RegExp(`/guide/${target.channelId}/${target.programme.id}`));
  await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText(target.programme.title);
  await expect(panel(page)).toContainText(target.channelName);
  await expect(cell.locator('xpath=..')).toHaveClass(/selected/);
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);
  await expect(page).toHaveURL(/\/guide(\?|$)/);

  // Search: "/" focuses the field; channels match by name, programmes by title (guide.search).
  await page.getByRole('button', { name: 'Now' }).click();
  await page.keyboard.press('/');
  const search = page.getByRole('searchbox', { name: 'Search the guide' });
  await expect(search).toBeFocused();
  await search.fill(target.channelName);
  const results = page.getByRole('region', { name: 'Search results' });
  await results.getByRole('button', { name: target.channelName }).first().click();
  await expect(grid.getByRole('rowheader', { name: new RegExp(target.channelName) })).toBeVisible();
  await search.fill(target.programme.title);
  const hit = results.getByRole('button').filter({ hasText: target.programme.title }).first();
  await expect(hit).toBeVisible();
  await hit.click();
  await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText(target.programme.title);
  await search.fill('');

  // By address: the panel opens and the grid scrolls to the programme.
  await openAddress(page, `/guide/${target.channelId}/${target.programme.id}`);
  await expect(panel(page).getByRole('heading', { level: 2 })).toHaveText(target.programme.title, {
    timeout: 15_000,
  });
  await expect(cell).toBeVisible();
  expect(errors).toEqual([]);
});

test('Record shows the state at once and never makes two; Record series adds a rule', async ({ page }) => {
  const errors = watchErrors(page);
  const sent: string[] = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') sent.push((JSON.parse(payload) as { name?: string }).name ?? '');
    }),
  );
  await openGuide(page);
  await openAddress(page, `/guide/${target.channelId}/${target.programme.id}`);
  const record = panel(page).getByRole('button', { name: 'Record', exact: true });
  await expect(record).toBeVisible({ timeout: 15_000 });
  // A double click in one frame: one command.
  await record.evaluate((b: HTMLButtonElement) => {
    b.click();
    b.click();
  });
  await expect(panel(page).getByRole('status').filter({ hasText: 'Will record' }).first()).toBeVisible();
  await expect(panel(page).getByRole('button', { name: 'Record', exact: true })).toHaveCount(0);
  expect(sent.filter((n) => n === 'guide.record')).toHaveLength(1);
  const cell = cellOf(page, target.programme.id);
  await expect(cell.locator('xpath=..')).toHaveClass(/state-will-record/);
  await expect(cell).toHaveAttribute('title', /^Will record/);

  // Asked again (another window, the CLI): the same recording; one per airing.
  const key = `prog:${target.programme.guideId}:${target.programme.xmltvChannelId}:${target.programme.start}`;
  const again = await call<Recording>('guide.record', {
    channelId: target.channelId,
    programmeId: target.programme.id,
  });
  const all = await call<Recording[]>('recordings.list', {});
  const mine = all.filter((r) => r.airingKey === key && r.status !== 'cancelled');
  expect(mine).toHaveLength(1);
  expect(mine[0]!.id).toBe(again.id);

  // After a reload the state is still there, and still no Record button.
  if (nestedAssets) await page.reload();
  else await openAddress(page, `/guide/${target.channelId}/${target.programme.id}`);
  await expect(panel(page).getByText('Will record').first()).toBeVisible({ timeout: 15_000 });
  await expect(panel(page).getByRole('button', { name: 'Record', exact: true })).toHaveCount(0);

  // Record series: a rule for the exact title, then a way to edit it.
  await panel(page).getByRole('button', { name: 'Record series' }).click();
  const edit = panel(page).getByRole('link', { name: 'Edit rule' });
  // The rule's first plan runs before the answer (14 days of the demo guide).
  await expect(edit).toBeVisible({ timeout: 20_000 });
  await expect(panel(page)).toContainText('Series rule added');
  const rules = await call<Rule[]>('rules.list', {});
  const rule = rules.find((r) => r.config.kind === 'series' && r.config.title === target.programme.title);
  expect(rule).toBeDefined();
  await expect(edit).toHaveAttribute('href', `/rules/${rule!.id}`);
  const schedule = panel(page).getByRole('link', { name: /Record on a schedule/ });
  await expect(schedule).toHaveAttribute(
    'href',
    new RegExp(`^/rules/new\\?kind=time&channel=${target.channelId}&at=\\d\\d:\\d\\d&duration=\\d+`),
  );
  expect(errors).toEqual([]);
});

test('jump to prime time, another day and back to now; move with the keyboard', async ({ page }) => {
  const errors = watchErrors(page);
  await openGuide(page);
  const grid = page.getByRole('grid', { name: 'TV guide' });
  const at = () => new URL(page.url()).searchParams.get('at');
  await page.getByRole('button', { name: 'Prime time' }).click();
  await expect.poll(at).toMatch(/^\d{4}-\d\d-\d\dT20:00$/);
  // 20:00 is the first full half hour on the ruler.
  const firstTick = async () => {
    const box = (await grid.boundingBox())!;
    const ticks = await grid.locator('.guide-tick').evaluateAll(
      (els, left) =>
        els
          .map((e) => ({ x: e.getBoundingClientRect().left, text: e.textContent ?? '' }))
          .filter((t) => t.x >= left - 1)
          .sort((a, b) => a.x - b.x),
      box.x + 208,
    );
    return ticks[0]?.text ?? '';
  };
  await expect.poll(firstTick).toMatch(/(20:00|8:00\s?PM)$/);

  await page.getByLabel('Day').selectOption({ label: 'Tomorrow' });
  await expect(page.getByLabel('Day')).toHaveValue(String(Math.floor(Date.now() / DAY) * DAY + DAY));
  await expect.poll(at).toBe(`${new Date(Date.now() + DAY).toISOString().slice(0, 10)}T20:00`);

  await page.getByRole('button', { name: 'Now' }).click();
  await expect.poll(at).toBeNull();
  await expect(grid.locator('.guide-cell.on-air').first()).toBeVisible();

  // Tab lands on the one tab stop (what is on now, first row); arrows move; Enter opens.
  const stop = grid.locator('a[data-pid][tabindex="0"]');
  await expect(stop).toHaveCount(1);
  await stop.focus();
  const before = await stop.getAttribute('data-pid');
  await page.keyboard.press('ArrowDown');
  await expect(grid.locator('a[data-pid]:focus')).toHaveAttribute('data-row', '1');
  await page.keyboard.press('ArrowRight');
  const focused = grid.locator('a[data-pid]:focus');
  await expect(focused).toHaveAttribute('data-row', '1');
  expect(await focused.getAttribute('data-pid')).not.toBe(before);
  const pid = await focused.getAttribute('data-pid');
  await page.keyboard.press('Enter');
  await expect(page).toHaveURL(new RegExp(`/guide/\\d+/${pid}`));
  await expect(panel(page).getByRole('heading', { level: 2 })).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(panel(page)).toHaveCount(0);
  await expect(grid.locator(`a[data-pid="${pid}"]`)).toBeFocused();
  expect(errors).toEqual([]);
});

for (const width of [1440, 390]) {
  for (const theme of ['light', 'dark'] as const) {
    test(`screenshots at ${width} px, ${theme}`, async ({ browser }) => {
      mkdirSync(SCREENS, { recursive: true });
      const context = await browser.newContext({
        viewport: { width, height: width < 600 ? 844 : 900 },
        colorScheme: theme,
      });
      const page = await context.newPage();
      const errors = watchErrors(page);
      await openGuide(page);
      await settled(page);
      const sideways = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      expect(await sideways()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENS, `guide-${width}-${theme}.png`) });
      // The programme recorded above, with its panel.
      await openAddress(page, `/guide/${target.channelId}/${target.programme.id}`);
      await expect(panel(page).getByRole('heading', { level: 2 })).toBeVisible({ timeout: 15_000 });
      await expect(panel(page).getByText('Will record').first()).toBeVisible();
      await settled(page);
      expect(await sideways()).toBeLessThanOrEqual(0);
      await page.screenshot({ path: path.join(SCREENS, `guide-panel-${width}-${theme}.png`) });
      expect(errors).toEqual([]);
      await context.close();
    });
  }
}
