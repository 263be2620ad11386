// What the screen specs share: the core over HTTP, console errors, screenshots at two widths and two
// themes (failing on sideways scrolling), and starting playback with the user's click.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { expect, type Locator, type Page } from '@playwright/test';
import { apiCall } from '../support/cli-runner';

export const SCREENS = path.resolve(__dirname, '../../test-results/screens');

/** A contract command over HTTP with the page's token; throws the core's sentence on refusal. */
export function coreCaller(origin: string, token: string) {
  return async function call<T>(name: string, input: unknown): Promise<T> {
    const answer = await apiCall(origin, name, input, token);
    const body = answer.body as { ok: boolean; result?: T; error?: { message: string } };
    if (!body.ok) throw new Error(`${name}: ${body.error?.message ?? JSON.stringify(body)}`);
    return body.result as T;
  };
}

/** Every console error and uncaught exception of the page: the test fails on any. */
/**
 * The page has painted what it has: web fonts loaded and two animation frames passed (the frame that
 * applied the last change, and one more). A condition, not a fixed pause, for screenshots.
 */
export async function settled(page: Page): Promise<void> {
  await page.evaluate(() =>
    document.fonts.ready.then(
      () =>
        new Promise<void>((resolve) => requestAnimationFrame(() => requestAnimationFrame(() => resolve()))),
    ),
  );
}

export function watchConsole(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(String(e)));
  return errors;
}

/** The screen at 1440 and 390 px, light and dark (or the themes given); none may scroll sideways. */
export async function shoot(
  page: Page,
  screen: string,
  ready?: () => Promise<void>,
  themes: ReadonlyArray<'light' | 'dark'> = ['light', 'dark'],
): Promise<void> {
  mkdirSync(SCREENS, { recursive: true });
  for (const theme of themes) {
    for (const width of [1440, 390]) {
      await page.setViewportSize({ width, height: width < 600 ? 844 : 900 });
      await page.emulateMedia({ colorScheme: theme });
      await ready?.();
      await settled(page);
      await page.screenshot({ path: path.join(SCREENS, `${screen}-${width}-${theme}.png`) });
      const sideways = await page.evaluate(() => {
        // No DOM types in the tests' config: the page's window, as far as this needs it.
        const w = globalThis as unknown as {
          innerWidth: number;
          document: { documentElement: { scrollWidth: number } };
        };
        return w.document.documentElement.scrollWidth - w.innerWidth;
      });
      expect(sideways, `${screen} at ${width}px scrolls sideways`).toBeLessThanOrEqual(0);
    }
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.emulateMedia({ colorScheme: 'light' });
}

export const currentTime = (video: Locator) =>
  video.evaluate((v) => (v as unknown as { currentTime: number }).currentTime);

/** Starts playback with the user's click when the browser did not start it by itself. */
export async function startPlayback(page: Page): Promise<Locator> {
  const video = page.getByTestId('player');
  await expect(video).toBeVisible();
  const big = page.getByRole('button', { name: 'Play with sound' });
  await expect
    .poll(async () => (await big.isVisible()) || (await currentTime(video)) > 0, { timeout: 15_000 })
    .toBe(true);
  if (await big.isVisible()) await big.click();
  return video;
}
