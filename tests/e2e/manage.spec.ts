// Sources, channels, rules and settings in a real browser against `tapedeck serve`: a new user adds a
// playlist and a guide (served over HTTP by the test), turns a channel off, creates a series rule after
// seeing its preview, and changes a setting. No console errors anywhere; every screen is photographed
// light and dark, wide and phone-sized (test-results/e2e/…).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import { m3u, xmltv, type TestProgramme } from '../support/guide-builder';
import { startServe, type ServeProcess } from './serve-host';

let serve: ServeProcess;
let files: Server;
let filesOrigin = '';

const DAY = 24 * 3600_000;
/** Tomorrow at 20:00 UTC, so no airing of the rule starts (and records) while the test runs. */
const firstQuiz = Math.floor(Date.now() / DAY) * DAY + DAY + 20 * 3600_000;
const hour = Math.floor(Date.now() / 3600_000) * 3600_000;

const programmes: TestProgramme[] = [
  ...[0, 1, 2].map((d) => ({
    channel: 'e2e.one',
    start: firstQuiz + d * DAY,
    stop: firstQuiz + d * DAY + 1800_000,
    title: 'Evening Quiz',
    se: [1, d + 1] as [number, number],
    desc: 'Questions and answers.',
  })),
  { channel: 'e2e.two', start: hour - 3600_000, stop: hour + 3 * 3600_000, title: 'The Long Documentary' },
  { channel: 'e2e.three', start: hour, stop: hour + 3600_000, title: 'Morning Weather' },
];

test.beforeAll(async () => {
  // The provider: a playlist and a guide on a real HTTP server (a browser may not name local files).
  const body: Record<string, string> = {
    '/playlist.m3u': m3u(
      ['One', 'Two', 'Three'].map((n) => ({
        tvgId: `e2e.${n.toLowerCase()}`,
        name: `E2E ${n}`,
        url: `http://127.0.0.1:9/${n}.ts`,
      })),
    ),
    '/guide.xml': xmltv(['e2e.one', 'e2e.two', 'e2e.three'], programmes),
  };
  files = createServer((req, res) => {
    const text = body[req.url ?? ''];
    res.writeHead(text ? 200 : 404, { 'content-type': 'text/plain' }).end(text ?? 'not found');
  });
  await new Promise<void>((done) => files.listen(0, '127.0.0.1', done));
  filesOrigin = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  serve = await startServe();
});

test.afterAll(async () => {
  await serve?.stop();
  await new Promise((done) => files?.close(done));
});

/** Console errors and uncaught exceptions of a page: the test ends asserting there were none. */
function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  return errors;
}

/**
 * Opens the app (the token comes in the fragment and stays in the tab) and goes to a screen through
 * the main navigation, as a person would.
 */
async function open(page: Page, screen: 'Sources' | 'Channels' | 'Rules' | 'Settings'): Promise<void> {
  await page.goto(serve.url);
  await expect(page).not.toHaveURL(/token=/);
  await page
    .getByRole('navigation', { name: 'Main' })
    .getByRole('link', { name: screen === 'Channels' ? 'Sources' : screen })
    .click();
  if (screen === 'Channels') {
    await page
      .getByRole('navigation', { name: 'Sources views' })
      .getByRole('link', { name: 'Channels' })
      .click();
  }
}

/** The screen in light and dark, 1440 and 390 px wide; never wider than the window. */
async function photograph(page: Page, testInfo: TestInfo, name: string, ready: () => Promise<void>) {
  // Toasts come and go: out of the pictures.
  const dismiss = page.getByRole('button', { name: 'Dismiss' });
  while ((await dismiss.count()) > 0) await dismiss.first().click();
  for (const width of [1440, 390]) {
    await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await expect(page.locator('html')).toHaveAttribute('data-theme', scheme);
      await ready();
      const overflow = await page.evaluate(() => {
        // The page's globals, typed here (the tests' tsconfig has no DOM library).
        const w = globalThis as unknown as {
          innerWidth: number;
          document: { documentElement: { scrollWidth: number } };
        };
        return w.document.documentElement.scrollWidth - w.innerWidth;
      });
      expect(overflow, `${name} at ${width} px scrolls sideways`).toBeLessThanOrEqual(0);
      const shot = testInfo.outputPath(`${name}-${scheme}-${width}.png`);
      await page.screenshot({ path: shot, fullPage: true });
      await testInfo.attach(`${name}-${scheme}-${width}`, { path: shot, contentType: 'image/png' });
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
}

test.describe.configure({ mode: 'serial' });

test('add a source and a guide, then turn a channel off', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, 'Sources');
  await expect(page.getByRole('heading', { name: 'No sources yet' })).toBeVisible();
  await photograph(page, testInfo, 'sources-empty', async () => {
    await expect(page.getByRole('heading', { name: 'No guide yet' })).toBeVisible();
  });

  await page.getByRole('button', { name: 'Add source', exact: true }).click();
  const addSource = page.getByRole('dialog', { name: 'Add a source' });
  await photograph(page, testInfo, 'add-source', async () => {
    await expect(addSource.getByRole('button', { name: 'Add source' })).toBeVisible();
  });
  await addSource.getByRole('textbox', { name: 'Playlist' }).fill(`${filesOrigin}/playlist.m3u`);
  await addSource.getByRole('textbox', { name: 'Name' }).fill('E2E Provider');
  await addSource.getByRole('button', { name: 'Add source' }).click();
  await expect(addSource).toBeHidden({ timeout: 20_000 });
  const sourceCard = page.locator('.card', { has: page.getByRole('heading', { name: 'E2E Provider' }) });
  await expect(sourceCard).toContainText('3 channels');

  await page.getByRole('button', { name: 'Add guide' }).click();
  const addGuide = page.getByRole('dialog', { name: 'Add a guide' });
  await addGuide.getByRole('textbox', { name: 'XMLTV guide' }).fill(`${filesOrigin}/guide.xml`);
  await addGuide.getByRole('button', { name: 'Add guide' }).click();
  await expect(addGuide).toBeHidden({ timeout: 20_000 });
  await expect(page.getByRole('region', { name: 'Guides' })).toContainText('5 programmes');
  await photograph(page, testInfo, 'sources', async () => {
    await expect(page.getByText('Refreshing', { exact: true })).toHaveCount(0);
  });

  await page
    .getByRole('navigation', { name: 'Sources views' })
    .getByRole('link', { name: 'Channels' })
    .click();
  await expect(page).toHaveURL(/\/sources\/channels/);
  const list = page.getByRole('list', { name: 'Channels' });
  const two = list.getByRole('switch', { name: 'E2E Two on' });
  await expect(two).toHaveAttribute('aria-checked', 'true');
  await two.click();
  await expect(two).toHaveAttribute('aria-checked', 'false');
  // Kept by the core: still off after a reload of this deep link, and the "off" filter finds it alone.
  await page.reload();
  await expect(list.getByRole('switch', { name: 'E2E Two on' })).toHaveAttribute('aria-checked', 'false');
  await page.getByRole('combobox', { name: 'On or off' }).selectOption('off');
  await expect(list.getByRole('listitem')).toHaveCount(1);
  await expect(list).toContainText('E2E Two');
  await page.getByRole('combobox', { name: 'On or off' }).selectOption('');
  await photograph(page, testInfo, 'channels', async () => {
    await expect(list.getByRole('listitem')).toHaveCount(3);
  });
  expect(errors).toEqual([]);
});

test('create a series rule after seeing its preview', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, 'Rules');
  await expect(page.getByRole('heading', { name: 'No rules yet' })).toBeVisible();
  await photograph(page, testInfo, 'rules-empty', async () => {
    await expect(page.getByRole('link', { name: 'New series rule' })).toBeVisible();
  });
  await page.getByRole('link', { name: 'New series rule' }).click();
  await expect(page).toHaveURL(/\/rules\/new/);
  await page.getByLabel('Title').fill('evening quiz');
  const preview = page.getByRole('complementary', { name: 'Preview' });
  await expect(preview.getByRole('button', { name: /to record/ })).toContainText('3', { timeout: 10_000 });
  await expect(preview).toContainText('Evening Quiz');
  await expect(preview).toContainText('S01E02');
  await photograph(page, testInfo, 'rule-editor', async () => {
    await expect(preview.getByRole('button', { name: /to record/ })).toContainText('3');
  });
  await page.getByRole('button', { name: 'Create rule' }).click();
  // Created: the editor now edits it; its list is one click away.
  await expect(page).toHaveURL(/\/rules\/\d+$/);
  // Named as the guide spells it, not as typed.
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Evening Quiz');
  await page.getByRole('link', { name: 'All rules' }).click();
  const rules = page.getByRole('list', { name: 'Rules' });
  await expect(rules.getByRole('listitem')).toHaveCount(1);
  await expect(rules).toContainText('Evening Quiz');
  await expect(rules.getByLabel('3 upcoming')).toBeVisible({ timeout: 10_000 });
  await photograph(page, testInfo, 'rules', async () => {
    await expect(rules.getByRole('listitem')).toHaveCount(1);
  });
  expect(errors).toEqual([]);
});

test('change a setting, and test the ffmpeg', async ({ page }, testInfo) => {
  const errors = watchErrors(page);
  await page.setViewportSize({ width: 1440, height: 900 });
  await open(page, 'Settings');
  const after = page.getByLabel('End late by');
  await expect(after).toHaveValue('3');
  // A browser sees the folder in use but may not change it.
  await expect(page.getByLabel('Recordings folder')).toHaveAttribute('readonly', '');
  await expect(page.getByLabel('Recordings folder')).toHaveAttribute('placeholder', /recordings$/);

  await after.fill('soon');
  await expect(page.getByText('Give minutes (2, -5) or a duration such as 90s')).toBeVisible();
  await after.fill('10');
  await page.getByRole('switch', { name: 'Notify when a recording starts' }).click();
  await page.getByRole('button', { name: 'Save changes' }).click();
  await expect(page.getByText('Settings saved')).toBeVisible();
  await expect(page.getByRole('region', { name: 'Saving' })).toBeHidden();

  await page.getByRole('button', { name: 'Test' }).click();
  await expect(page.getByText(/ffmpeg \d+\.\d+/)).toBeVisible({ timeout: 15_000 });

  // The newer sections, over the real core: a template's live example, the forecast, cleanup's preview.
  const films = page.getByLabel('Films');
  await films.fill('Films/{title}');
  await expect(page.getByText('Films/Heat.ts')).toBeVisible();
  await page.getByRole('button', { name: 'Use the default' }).click();
  await expect(page.getByRole('region', { name: 'Saving' })).toBeHidden();
  await expect(page.getByText(/The next 7 days fit|Short by/)).toBeVisible({ timeout: 15_000 });
  await page.getByRole('button', { name: 'Preview cleanup' }).click();
  await expect(page.getByText(/Nothing to delete|Cleanup would delete/)).toBeVisible({ timeout: 15_000 });
  await expect(page.getByRole('heading', { name: 'Security' })).toBeVisible();

  // Kept by the core: the same when the app is opened again.
  await open(page, 'Settings');
  await expect(page.getByLabel('End late by')).toHaveValue('10');
  await expect(page.getByRole('switch', { name: 'Notify when a recording starts' })).toHaveAttribute(
    'aria-checked',
    'false',
  );
  await photograph(page, testInfo, 'settings', async () => {
    await expect(page.getByLabel('End late by')).toHaveValue('10');
  });

  await page.getByRole('button', { name: 'Restore defaults…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Restore defaults' }).click();
  await expect(page.getByLabel('End late by')).toHaveValue('3');
  await expect(page.getByRole('switch', { name: 'Notify when a recording starts' })).toHaveAttribute(
    'aria-checked',
    'true',
  );
  expect(errors).toEqual([]);
});
