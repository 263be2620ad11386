// The benchmark generators are part of the contract (bench/parsers relies on
// them): check they are deterministic and produce what our parsers accept.
import { execFileSync } from 'node:child_process';
import { createReadStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { gunzipIfNeeded, parseXmltv, type XmltvProgramme } from '../../../src-main/core/guide/parse/xmltv';
import { parseM3u, type M3uEntry } from '../../../src-main/core/sources/parse/m3u';

const dir = mkdtempSync(join(tmpdir(), 'tapedeck-gen-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function gen(script: string, args: string[]): void {
  const path = fileURLToPath(new URL(`../../../scripts/gen-fixtures/${script}`, import.meta.url));
  execFileSync(process.execPath, [path, ...args], { stdio: 'pipe' });
}

describe('fixture generators', () => {
  it('m3u.mjs is deterministic and every entry parses', async () => {
    const a = join(dir, 'a.m3u');
    const b = join(dir, 'b.m3u');
    gen('m3u.mjs', ['--entries', '2000', '--out', a]);
    gen('m3u.mjs', ['--entries', '2000', '--out', b]);
    expect(readFileSync(a).equals(readFileSync(b))).toBe(true);
    const entries: M3uEntry[] = [];
    const res = await parseM3u(createReadStream(a), (e) => entries.push(e));
    expect(res.problems).toEqual([]);
    expect(entries).toHaveLength(2000);
    const kinds = new Set(entries.map((e) => e.kind));
    expect(kinds).toEqual(new Set(['live', 'vod', 'series']));
    expect(res.header.tvgUrls).toHaveLength(3);
    expect(entries.some((e) => e.headers?.['User-Agent'] !== undefined)).toBe(true);
  });

  it('xmltv.mjs (plain and --gzip) is deterministic and every programme parses', async () => {
    const plain = join(dir, 'g.xml');
    const gz = join(dir, 'g.xml.gz');
    gen('xmltv.mjs', ['--channels', '5', '--days', '2', '--out', plain]);
    gen('xmltv.mjs', ['--channels', '5', '--days', '2', '--out', gz, '--gzip']);
    const counts: number[] = [];
    let sample: XmltvProgramme | undefined;
    for (const file of [plain, gz]) {
      let n = 0;
      const res = await parseXmltv(gunzipIfNeeded(createReadStream(file)), {
        programme: (p) => {
          n++;
          sample ??= p;
        },
      });
      expect(res.problems).toEqual([]);
      expect(res.channels).toBe(5);
      counts.push(n);
    }
    expect(counts[0]).toBe(counts[1]);
    // ~21 programmes per channel and day.
    expect(counts[0]).toBeGreaterThan(5 * 2 * 18);
    expect(counts[0]).toBeLessThan(5 * 2 * 26);
    expect(sample?.title).toBeTruthy();
    expect(sample?.desc).toBeTruthy();
    expect(sample?.title.includes('&amp;')).toBe(false);
  });

  it('small.mjs reproduces the committed fixtures byte for byte', () => {
    const out = join(dir, 'small');
    gen('small.mjs', ['--out', out]);
    const committed = fileURLToPath(new URL('../../fixtures/parsers/', import.meta.url));
    for (const f of [
      'm3u/garbage.m3u',
      'm3u/latin1.m3u',
      'm3u/huge-attr.m3u',
      'xmltv/entity-bomb.xml',
      'xmltv/latin1.xml',
    ]) {
      expect(readFileSync(join(out, f)).equals(readFileSync(join(committed, f))), f).toBe(true);
    }
  });
});
