// The library through the real `tapedeck` binary and a real `tapedeck serve` (issue 12, items 9, 10 and
// 11): import-folder and rescan with --json and as text, the library settings, a STRM file written by
// `library sidecars`, and the M3U and XMLTV of finished recordings that TV apps fetch with the read-only
// media token (which opens media and nothing else).
import { copyFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type {
  LibraryLinks,
  ImportFolderReport,
  RescanReport,
  SidecarReport,
} from '../../src-shared/domain-library';
import {
  apiCall,
  runCli,
  runCliJson,
  startServe,
  tempDataDir,
  type ServeProcess,
} from '../support/cli-runner';
import { tempDir } from '../support/temp-dvr';
import { ensureTestMedia, FFMPEG, run } from '../support/test-media';
import { childrenNamed, childText, parseXml } from '../support/xml-tree';

let dataDir: string;
let serve: ServeProcess;
let recordings: string;
let clip: string;
let links: LibraryLinks;
let imported: ImportFolderReport;

const cli = (...args: string[]) => runCli(args, { dataDir });
const json = <T>(...args: string[]) => runCliJson<T>(args, { dataDir });

beforeAll(async () => {
  clip = (await ensureTestMedia({ seconds: 4 })).path;
  dataDir = tempDataDir();
  serve = await startServe(dataDir);
  recordings = tempDir('tapedeck-cli-rec-');
  expect((await cli('settings', 'set', 'recordingsDir', recordings)).code).toBe(0);
  const show = path.join(recordings, 'Doctor Who', 'Season 01');
  mkdirSync(show, { recursive: true });
  copyFileSync(clip, path.join(show, 'Doctor Who - S01E02 - The Star Beast.ts'));
  await run(FFMPEG, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-i',
    clip,
    '-c',
    'copy',
    '-y',
    path.join(recordings, 'Heat (1995).mkv'),
  ]);
}, 120_000);

afterAll(async () => {
  await serve?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('import-folder and rescan', () => {
  it('import-folder DIR --json imports the media files as completed recordings', async () => {
    imported = await json<ImportFolderReport>('import-folder', recordings, '--json');
    expect(imported.imported.map((i) => [path.relative(recordings, i.path), i.title]).sort()).toEqual([
      [path.join('Doctor Who', 'Season 01', 'Doctor Who - S01E02 - The Star Beast.ts'), 'Doctor Who'],
      ['Heat (1995).mkv', 'Heat'],
    ]);
    const list = await json<Array<{ id: number; status: string }>>('list', '--json');
    expect(
      list
        .filter((r) => r.status === 'completed')
        .map((r) => r.id)
        .sort(),
    ).toEqual(imported.imported.map((i) => i.id).sort());
  }, 60_000);

  it('a relative DIR is taken from where the command runs; the text report names each file', async () => {
    const result = await runCli(['import-folder', '.'], { dataDir, cwd: recordings });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe(
      `${recordings}: imported 0, relinked 0, skipped 2, unreadable 0`,
    );
    expect(result.stdout).toContain('(already a recording)');
  });

  it('refuses a folder that does not exist with one readable line', async () => {
    const result = await cli('import-folder', '/no/such/folder');
    expect(result.code).not.toBe(0);
    expect(result.stderr.trim()).toBe('tapedeck: no folder at /no/such/folder');
  });

  it('rescan --json reports a deleted file as missing; the recording stays listed, marked missing', async () => {
    const film = imported.imported.find((i) => i.title === 'Heat')!;
    const moved = path.join(tempDir('tapedeck-cli-moved-'), 'Heat (1995).mkv');
    copyFileSync(film.path, moved);
    rmSync(film.path);
    const report = await json<RescanReport>('rescan', '--json');
    expect(report.missing).toEqual([{ id: film.id, title: 'Heat', path: film.path }]);
    expect(report.checked).toBe(2);
    const shown = await json<{ fileMissing: boolean; status: string }>('show', String(film.id), '--json');
    expect([shown.status, shown.fileMissing]).toEqual(['completed', true]);
    expect((await cli('show', String(film.id))).stdout).toMatch(
      /\n {2}MISSING: {2}the file is not there since /,
    );
    expect((await cli('list')).stdout).toMatch(new RegExp(`#${film.id} .*Heat.*FILE MISSING`));
    const text = await cli('rescan');
    expect(text.stdout.split('\n')[0]).toBe('checked 2 recordings: 0 newly missing, 0 back, 1 still missing');
    copyFileSync(moved, film.path);
    const back = await cli('rescan');
    expect(back.stdout).toContain(`back    #${film.id} Heat: ${film.path}`);
  });
});

describe('library settings and sidecars', () => {
  it('settings set library.* changes one part; a bad template is refused saying why', async () => {
    expect((await cli('settings', 'set', 'library.sidecars.strm', 'true')).code).toBe(0);
    expect((await cli('settings', 'set', 'library.strmBaseUrl', 'http://nas.local:8080/')).code).toBe(0);
    const got = await cli('settings', 'get', 'library.strmBaseUrl');
    expect(got.stdout.trim()).toBe('http://nas.local:8080');
    const bad = await cli('settings', 'set', 'library.naming.series', '../{show}');
    expect(bad.code).not.toBe(0);
    expect(bad.stderr).toMatch(/\. and \.\. are refused/);
    const all = await cli('settings', 'get');
    expect(all.stdout).toContain('library.sidecars.strm = true');
  });

  it('library sidecars ID --json writes the STRM file pointing at the recording with the media token', async () => {
    const episode = imported.imported.find((i) => i.title === 'Doctor Who')!;
    const report = await json<SidecarReport>('library', 'sidecars', String(episode.id), '--json');
    const strm = report.outcomes.find((o) => o.sidecar === 'strm')!;
    expect(strm.state).toBe('written');
    links = await json<LibraryLinks>('library', 'links', '--json');
    expect(readFileSync(strm.path!, 'utf8')).toBe(
      `http://nas.local:8080/media/recordings/${episode.id}/file.ts?token=${links.mediaToken}\n`,
    );
    expect(report.outcomes.find((o) => o.sidecar === 'nfo')!.state).toBe('written');
  }, 30_000);

  it('library rule ID --nfo off stores the choice on the rule', async () => {
    const rule = await json<{ id: number; name: string }>(
      'rule',
      'add',
      'series',
      '--title',
      'Quiet',
      '--json',
    );
    const result = await cli('library', 'rule', String(rule.id), '--nfo', 'off', '--film', 'yes');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(`rule #${rule.id} ${rule.name}: nfo off, named as films`);
    const shown = await json<{ library: unknown }>('rule', 'show', String(rule.id), '--json');
    expect(shown.library).toEqual({ sidecars: { nfo: false }, film: true });
  });
  it('library rename --all moves what its template names differently, and says so', async () => {
    expect((await cli('library', 'rename')).stderr.trim()).toBe(
      'tapedeck: give a recording ID or --all (not both)',
    );
    const report = await json<{
      outcomes: Array<{ title: string; state: string; to: string | null; detail: string | null }>;
    }>('library', 'rename', '--all', '--json');
    const byTitle = Object.fromEntries(report.outcomes.map((o) => [o.title, o]));
    expect(byTitle['Doctor Who']).toMatchObject({ state: 'skipped', detail: 'already named so' });
    expect(byTitle.Heat).toMatchObject({
      state: 'moved',
      to: path.join(recordings, 'Movies', 'Heat (1995)', 'Heat (1995).mkv'),
    });
    const text = await cli('library', 'rename', '--all');
    expect(text.stdout.split('\n')[0]).toBe('moved 0, failed 0, left 2');
  });
});

describe('recordings for TV apps', () => {
  it('library links gives the M3U and XMLTV addresses with the media token', () => {
    expect(links.baseUrl).toBe('http://nas.local:8080');
    expect(links.m3u).toBe(`http://nas.local:8080/media/library.m3u?token=${links.mediaToken}`);
    expect(links.mediaToken).not.toBe(serve.token);
  });

  it('serves the M3U of finished recordings; each entry plays the recording with the media token', async () => {
    const response = await fetch(`${serve.baseUrl}/media/library.m3u?token=${links.mediaToken}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^audio\/x-mpegurl/);
    const lines = (await response.text()).trimEnd().split('\n');
    expect(lines[0]).toMatch(/^#EXTM3U url-tvg="http:\/\/127\.0\.0\.1:\d+\/media\/library\.xml\?token=/);
    const entries = lines.slice(1);
    expect(entries).toHaveLength(4);
    const names = entries.filter((l) => l.startsWith('#EXTINF')).map((l) => l.slice(l.lastIndexOf(',') + 1));
    expect(names.sort()).toEqual(['Doctor Who - S01E02 - The Star Beast', 'Heat (1995)']);
    for (const url of entries.filter((l) => !l.startsWith('#'))) {
      expect(url).toContain(`?token=${links.mediaToken}`);
      expect(url).not.toContain(serve.token);
      const media = await fetch(url);
      expect(media.status, url).toBe(200);
      expect(Number(media.headers.get('content-length'))).toBeGreaterThan(100_000);
      await media.body?.cancel();
    }
  });

  it('serves the XMLTV with each recording as a programme', async () => {
    const response = await fetch(`${serve.baseUrl}/media/library.xml?token=${links.mediaToken}`);
    expect(response.status).toBe(200);
    const tv = parseXml(await response.text());
    const titles = childrenNamed(tv, 'programme').map((p) => [
      childText(p, 'title'),
      childText(p, 'sub-title') ?? null,
    ]);
    expect(titles.sort()).toEqual([
      ['Doctor Who', 'The Star Beast'],
      ['Heat', null],
    ]);
  });

  it('asks for a token: none or a wrong one is refused; the media token opens no API call', async () => {
    expect((await fetch(`${serve.baseUrl}/media/library.m3u`)).status).toBe(401);
    expect((await fetch(`${serve.baseUrl}/media/library.m3u?token=wrong`)).status).toBe(401);
    expect((await fetch(`${serve.baseUrl}/media/library.m3u?token=${serve.token}`)).status).toBe(200);
    const api = await apiCall(serve.baseUrl, 'recordings.list', {}, links.mediaToken);
    expect(api.status).toBe(401);
  });
});
