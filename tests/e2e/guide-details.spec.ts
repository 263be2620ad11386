// The guide in a real browser: the grid comes without programme details (guide.query details: false),
// and opening a programme fetches its description, categories and rating (guide.programme).
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { apiCall } from '../support/cli-runner';
import { startServe, type ServeProcess } from './serve-host';

let serve: ServeProcess;

/** XMLTV time: YYYYMMDDhhmmss +0000. */
function xmltvTime(ms: number): string {
  return `${new Date(ms).toISOString().replace(/[-:T]/g, '').slice(0, 14)} +0000`;
}

test.beforeAll(async () => {
  serve = await startServe();
  const base = new URL(serve.url);
  const token = new URLSearchParams(base.hash.slice(1)).get('token');
  const hour = Math.floor(Date.now() / 3600_000) * 3600_000;
  const playlist = path.join(serve.dataDir, 'e2e.m3u');
  writeFileSync(playlist, '#EXTM3U\n#EXTINF:-1 tvg-id="e2e.example",E2E One\nhttp://127.0.0.1:9/one.ts\n');
  const guide = path.join(serve.dataDir, 'e2e.xml');
  writeFileSync(
    guide,
    `<?xml version="1.0" encoding="UTF-8"?>
<tv>
  <channel id="e2e.example"><display-name>E2E One</display-name></channel>
  <programme start="${xmltvTime(hour - 3600_000)}" stop="${xmltvTime(hour + 2 * 3600_000)}" channel="e2e.example">
    <title>The Long Documentary</title>
    <desc>Three hours of &lt;slow&gt; television &amp; more.</desc>
    <category>Documentary</category>
    <rating><value>PG</value></rating>
  </programme>
</tv>
`,
  );
  for (const [name, input] of [
    ['sources.add', { kind: 'm3u', location: playlist }],
    ['guides.add', { location: guide }],
  ] as const) {
    const answer = await apiCall(base.origin, name, input, token);
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }
});

test.afterAll(async () => {
  await serve?.stop();
});

test('the guide lists programmes without details and shows them when one is opened', async ({ page }) => {
  // The browser calls the contract over the instance's WebSocket: read what it asks for.
  const calls: Array<{ name?: string; input?: unknown }> = [];
  page.on('websocket', (ws) =>
    ws.on('framesent', ({ payload }) => {
      if (typeof payload === 'string') calls.push(JSON.parse(payload) as { name?: string; input?: unknown });
    }),
  );
  await page.goto(serve.url);
  const guide = page.getByRole('region', { name: 'Channels and guide' });
  const title = guide.getByRole('button', { name: 'The Long Documentary' });
  await expect(title).toBeVisible({ timeout: 10_000 });
  const queries = calls.filter((c) => c.name === 'guide.query').map((c) => c.input);
  expect(queries.length).toBeGreaterThan(0);
  expect(queries).toContainEqual(expect.objectContaining({ details: false }));
  await expect(guide.getByText('Three hours of <slow> television & more.')).toHaveCount(0);

  await title.click();
  await expect(title).toHaveAttribute('aria-expanded', 'true');
  await expect(guide.getByText('Three hours of <slow> television & more.')).toBeVisible();
  await expect(guide.getByText('Documentary · rated PG')).toBeVisible();

  await title.click();
  await expect(guide.getByText('Three hours of <slow> television & more.')).toHaveCount(0);
  // Opened again: shown from what was fetched the first time.
  await title.click();
  await expect(guide.getByText('Three hours of <slow> television & more.')).toBeVisible();
  expect(calls.filter((c) => c.name === 'guide.programme')).toHaveLength(1);
});
