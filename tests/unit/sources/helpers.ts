// Shared helpers for the sources and guide tests (unit and integration).
import { mkdtempSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import type { TapedeckEvent } from '../../../src-shared/contract';
import type { Dvr } from '../../../src-main/core/dvr';

export const FIXTURES = path.resolve(__dirname, '../../fixtures/sources');
export const PARSER_FIXTURES = path.resolve(__dirname, '../../fixtures/parsers');

export function fixture(name: string): string {
  return path.join(FIXTURES, name);
}

export function parserFixture(name: string): string {
  return path.join(PARSER_FIXTURES, name);
}

/** Writes `content` to a fresh temp file and returns its path. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'tapedeck-src-'));
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}

/** A playlist from entries, one #EXTINF + URL pair each. */
export function playlist(
  entries: Array<{ attrs?: Record<string, string>; title: string; url: string; extra?: string[] }>,
  header = '#EXTM3U',
): string {
  const lines = [header];
  for (const e of entries) {
    const attrs = Object.entries(e.attrs ?? {})
      .map(([k, v]) => ` ${k}="${v}"`)
      .join('');
    lines.push(`#EXTINF:-1${attrs},${e.title}`, ...(e.extra ?? []), e.url);
  }
  return lines.join('\n') + '\n';
}

/** Collects the events a Dvr emits while it is alive. */
export function recordEvents(dvr: Dvr): TapedeckEvent[] {
  const events: TapedeckEvent[] = [];
  dvr.bus.subscribe((event) => events.push(event));
  return events;
}

/** The guide fixtures are dated 2026-03-01; tests on them run with the clock there. */
export const GUIDE_DAY = Date.UTC(2026, 2, 1, 6, 0, 0);
export const fixedClock = (at = GUIDE_DAY) => ({ now: () => at });

/** A local port nothing listens on (fetch refuses some well-known ports outright, so not 9). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
