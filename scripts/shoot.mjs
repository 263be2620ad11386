#!/usr/bin/env node
// Screenshots of screens for looking at them while working on the UI:
//   npm run build && node scripts/shoot.mjs [--data-dir D] [--routes /,/guide] [--out DIR]
//       [--widths 1440,390] [--themes light,dark] [--seed]
// Starts the built `tapedeck serve` (on D, else a fresh temporary folder), opens Debian's Chromium
// (never a downloaded browser), and saves <out>/<route>-<width>-<theme>.png for each combination, with
// the browser's console errors listed after. --seed fills a fresh folder with a demo playlist and guide
// (scripts/demo-data.mjs) so screens have something to show.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';

const ROOT = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = argv.indexOf(`--${name}`);
  return i === -1 ? fallback : argv[i + 1];
};
const routes = opt('routes', '/').split(',');
const widths = opt('widths', '1440,390').split(',').map(Number);
const themes = opt('themes', 'light,dark').split(',');
const out = opt('out', path.join(ROOT, 'test-results', 'shots'));
const dataDir = opt('data-dir', null) ?? mkdtempSync(path.join(os.tmpdir(), 'tapedeck-shoot-'));
mkdirSync(out, { recursive: true });

const serve = spawn(
  process.execPath,
  [path.join(ROOT, 'bin/tapedeck'), 'serve', '--data-dir', dataDir, '--port', '0'],
  {
    env: { ...process.env, FFMPEG_BIN: process.env.FFMPEG_BIN ?? '/usr/bin/ffmpeg' },
    stdio: ['ignore', 'pipe', 'inherit'],
  },
);
const url = await new Promise((resolve, reject) => {
  let text = '';
  serve.stdout.on('data', (d) => {
    text += d;
    if (text.includes('\n')) resolve(text.split('\n')[0].trim());
  });
  serve.once('exit', (code) => reject(new Error(`serve exited with ${code}`)));
});
const origin = new URL(url).origin;
const token = new URLSearchParams(new URL(url).hash.slice(1)).get('token');

if (argv.includes('--seed')) {
  const { seedDemo } = await import('./demo-data.mjs');
  await seedDemo(origin, token);
}

const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
});
const errors = [];
try {
  for (const theme of themes) {
    for (const width of widths) {
      const context = await browser.newContext({
        viewport: { width, height: width < 600 ? 844 : 900 },
        colorScheme: theme,
        deviceScaleFactor: 1,
      });
      const page = await context.newPage();
      page.on('console', (m) => m.type() === 'error' && errors.push(`${m.text()}`));
      page.on('pageerror', (e) => errors.push(String(e)));
      await page.goto(`${origin}/#token=${token}`);
      for (const route of routes) {
        await page.goto(`${origin}${route}`);
        await page.waitForLoadState('networkidle').catch(() => undefined);
        await page.waitForTimeout(300);
        const name = `${route.replace(/[^a-z0-9]+/gi, '_').replace(/^_|_$/g, '') || 'home'}-${width}-${theme}.png`;
        await page.screenshot({ path: path.join(out, name), fullPage: false });
        const scroll = await page.evaluate(
          () => globalThis.document.documentElement.scrollWidth - globalThis.innerWidth,
        );
        if (scroll > 0) errors.push(`${route} at ${width}px scrolls sideways by ${scroll}px`);
      }
      await context.close();
    }
  }
} finally {
  await browser.close();
  serve.kill('SIGTERM');
}
console.log(`screenshots in ${out}`);
console.log(
  errors.length ? `problems:\n${[...new Set(errors)].join('\n')}` : 'no console errors, no sideways scroll',
);
