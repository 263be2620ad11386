// The library on a real Dvr with real ffmpeg (issue 12, items 1, 2 and 10): a captured episode lands
// under its template with NFO, thumbnail (a frame ffmpeg grabbed), STRM and health file; a guide image
// is used when the guide has one; per-rule and settings switches; a failing sidecar costs only itself;
// a template change moves nothing; a rescan shows moved and deleted files as missing (never dropped);
// a folder of .ts/.mkv/.mp4 files is imported, and a moved file is relinked.
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import type { Recording } from '../../src-shared/domain';
import type { LibraryProblem } from '../../src-shared/domain-library';
import type { ProgrammeRef } from '../../src-shared/domain-rules';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, tempDir, waitForStatus } from '../support/temp-dvr';
import { ensureTestMedia, FFMPEG, FFPROBE, probeDuration, run } from '../support/test-media';
import { waitFor } from '../support/wait';
import { childText, parseXml } from '../support/xml-tree';

let streams: StreamServer;
let images: http.Server;
let imageBase: string;
let png: Buffer;
let dvr: Dvr;
let cleanup: () => Promise<void>;
let clip: string;
let episode: Recording;

function programme(over: Partial<ProgrammeRef> = {}): ProgrammeRef {
  const start = Date.now();
  return {
    guideId: 1,
    xmltvChannelId: 'one',
    start,
    stop: start + 3_600_000,
    title: 'Doctor Who',
    subTitle: 'The Star Beast',
    description: 'The Doctor returns & meets <someone>.',
    categories: ['Drama'],
    season: 1,
    episode: 2,
    episodeNum: null,
    uid: null,
    icon: null,
    isNew: true,
    previouslyShown: false,
    premiere: false,
    ...over,
  };
}

/** A completed recording of `clip`, copied to `rel` under the recordings folder (no capture needed). */
function placed(rel: string, p: ProgrammeRef | null, container: 'ts' | 'mkv' = 'ts'): Recording {
  const file = path.join(dvr.recordingsDir(), rel);
  mkdirSync(path.dirname(file), { recursive: true });
  copyFileSync(clip, file);
  return dvr.library.files.insertImported(
    {
      title: p?.title ?? path.basename(rel),
      programme: p,
      startAt: Date.now() - 5_000,
      endAt: Date.now(),
      container,
      outputPath: file,
      sizeBytes: readFileSync(file).length,
      durationMs: 4_000,
    },
    'placed by the test',
  );
}

/** Files under the recordings folder (segment staging left out), as forward-slash relative paths. */
function tree(): string[] {
  const root = dvr.recordingsDir();
  return (readdirSync(root, { recursive: true, encoding: 'utf8' }) as string[])
    .filter((f) => !f.startsWith('.tapedeck-segments'))
    .map((f) => f.split(path.sep).join('/'))
    .sort();
}

beforeAll(async () => {
  streams = await startStreamServer();
  streams.addLive('/live/a.ts');
  await streams.ready();
  clip = (await ensureTestMedia({ seconds: 4 })).path;
  const pngFile = path.join(tempDir('tapedeck-png-'), 'poster.png');
  await run(FFMPEG, [
    '-hide_banner',
    '-loglevel',
    'error',
    '-f',
    'lavfi',
    '-i',
    'color=c=red:s=64x48',
    '-frames:v',
    '1',
    '-y',
    pngFile,
  ]);
  png = readFileSync(pngFile);
  images = http.createServer((req, res) => {
    if (req.url === '/poster.png') {
      res.writeHead(200, { 'Content-Type': 'image/png', 'Content-Length': png.length });
      return void res.end(png);
    }
    res.writeHead(404).end();
  });
  await new Promise<void>((resolve) => images.listen(0, '127.0.0.1', resolve));
  imageBase = `http://127.0.0.1:${(images.address() as AddressInfo).port}`;
  ({ dvr, cleanup } = await openTempDvr());
  await dvr.call('settings.update', {
    library: {
      sidecars: { nfo: true, image: true, strm: true, healthJson: true },
      strmBaseUrl: 'http://nas.local:8080/',
    },
  });
}, 120_000);

afterAll(async () => {
  await cleanup?.();
  await streams?.close();
  await new Promise((resolve) => images?.close(resolve));
});

describe('a captured episode', () => {
  it('lands at Show/Season 01/Show - S01E02 - Title.ts with NFO, a grabbed frame, STRM and health file', async () => {
    const now = Date.now();
    const scheduled = dvr.store.create(
      {
        title: 'Doctor Who',
        channelId: null,
        url: streams.url('/live/a.ts'),
        startAt: now,
        endAt: now + 4_000,
        padBeforeMs: 0,
        padAfterMs: 0,
        container: 'ts',
        programme: programme(),
      },
      'scheduled by the test',
    );
    await dvr.scheduler.reconcile();
    episode = await waitForStatus(dvr, scheduled.id, ['completed', 'failed'], 40_000);
    expect(episode.status, episode.error ?? '').toBe('completed');
    const stem = 'Doctor Who/Season 01/Doctor Who - S01E02 - The Star Beast';
    // The sidecars are written after the final status, in the background.
    await waitFor(() => tree().includes(`${stem}.health.json`), { timeoutMs: 20_000, what: 'the sidecars' });
    await dvr.library.settled();
    expect(path.relative(dvr.recordingsDir(), episode.outputPath!).split(path.sep).join('/')).toBe(
      `${stem}.ts`,
    );
    expect(tree()).toEqual([
      'Doctor Who',
      'Doctor Who/Season 01',
      `${stem}-thumb.jpg`,
      `${stem}.health.json`,
      `${stem}.nfo`,
      `${stem}.strm`,
      `${stem}.ts`,
      'Doctor Who/tvshow.nfo',
    ]);
    const root = dvr.recordingsDir();
    const nfo = parseXml(readFileSync(path.join(root, `${stem}.nfo`), 'utf8'));
    expect([
      nfo.name,
      childText(nfo, 'title'),
      childText(nfo, 'showtitle'),
      childText(nfo, 'season'),
      childText(nfo, 'episode'),
    ]).toEqual(['episodedetails', 'The Star Beast', 'Doctor Who', '1', '2']);
    expect(childText(nfo, 'plot')).toBe('The Doctor returns & meets <someone>.');
    expect(parseXml(readFileSync(path.join(root, 'Doctor Who/tvshow.nfo'), 'utf8')).name).toBe('tvshow');
    // The thumbnail is a real frame of the recording: a JPEG of the stream's size.
    const thumb = path.join(root, `${stem}-thumb.jpg`);
    expect(readFileSync(thumb).subarray(0, 3)).toEqual(Buffer.from([0xff, 0xd8, 0xff]));
    const { stdout } = await run(FFPROBE, [
      '-v',
      'error',
      '-show_entries',
      'stream=width,height',
      '-of',
      'csv=p=0',
      thumb,
    ]);
    expect(stdout.trim()).toBe('320,240');
    expect(readFileSync(path.join(root, `${stem}.strm`), 'utf8')).toBe(
      `http://nas.local:8080/media/recordings/${episode.id}/file.ts?token=${encodeURIComponent(dvr.library.mediaToken)}\n`,
    );
    const health = JSON.parse(readFileSync(path.join(root, `${stem}.health.json`), 'utf8')) as Record<
      string,
      unknown
    >;
    expect(health).toMatchObject({
      version: 1,
      recording: { id: episode.id, status: 'completed' },
      file: { name: 'Doctor Who - S01E02 - The Star Beast.ts', container: 'ts' },
      source: { kind: 'url' },
      programme: { season: 1, episode: 2 },
    });
    expect((health.segments as unknown[]).length).toBeGreaterThanOrEqual(1);
    expect(health.capturedShare).toBeGreaterThan(0.3);
    const log = await dvr.call('recordings.events', { id: episode.id });
    expect(JSON.stringify(log)).toMatch(
      /library: wrote nfo, tvshow, image \(a frame at 10 %\), strm, healthJson/,
    );
  }, 60_000);

  it('deleting the recording removes its sidecars; the show keeps tvshow.nfo', async () => {
    const other = placed(
      'Doctor Who/Season 01/Doctor Who - S01E03 - Other.ts',
      programme({ episode: 3, subTitle: 'Other' }),
    );
    const report = await dvr.call('library.sidecars', { id: other.id });
    expect(report.outcomes.find((o) => o.sidecar === 'tvshow')?.state).toBe('kept');
    await dvr.call('recordings.delete', { id: other.id });
    expect(tree().filter((f) => f.includes('S01E03'))).toEqual([]);
    expect(tree()).toContain('Doctor Who/tvshow.nfo');
  });
});

describe('sidecar choices', () => {
  it("uses the guide's image when it has one, as a film's poster", async () => {
    const film = placed(
      'Movies/Heat (1995)/Heat (1995).ts',
      programme({
        title: 'Heat',
        categories: ['Movie'],
        year: 1995,
        season: null,
        episode: null,
        icon: `${imageBase}/poster.png`,
      }),
    );
    const report = await dvr.call('library.sidecars', { id: film.id });
    expect(report.outcomes.find((o) => o.sidecar === 'image')).toMatchObject({
      state: 'written',
      detail: 'from the guide',
    });
    expect(
      readFileSync(path.join(dvr.recordingsDir(), 'Movies/Heat (1995)/Heat (1995)-poster.png')).equals(png),
    ).toBe(true);
    const nfo = parseXml(
      readFileSync(path.join(dvr.recordingsDir(), 'Movies/Heat (1995)/Heat (1995).nfo'), 'utf8'),
    );
    expect([nfo.name, childText(nfo, 'title'), childText(nfo, 'year')]).toEqual(['movie', 'Heat', '1995']);
  }, 30_000);

  it('a guide image that is gone falls back to a frame, saying why', async () => {
    const r = placed(
      'Gone/Gone - S01E01.ts',
      programme({ title: 'Gone', season: 1, episode: 1, subTitle: null, icon: `${imageBase}/missing.png` }),
    );
    const report = await dvr.call('library.sidecars', { id: r.id });
    const image = report.outcomes.find((o) => o.sidecar === 'image')!;
    expect(image.state).toBe('written');
    expect(image.detail).toMatch(/^a frame at 10 % \(the guide's image: .*404/);
    expect(existsSync(path.join(dvr.recordingsDir(), 'Gone/Gone - S01E01-thumb.jpg'))).toBe(true);
  }, 30_000);

  it('a rule turns sidecars off for its recordings; the settings turn them off for all', async () => {
    const rule = await dvr.call('rules.add', {
      config: { kind: 'series', title: 'Quiet Show' },
      library: { sidecars: { nfo: false, image: false, healthJson: false } },
    });
    const r = placed(
      'Quiet Show/Quiet Show - S01E01.ts',
      programme({ title: 'Quiet Show', season: 1, episode: 1, subTitle: null }),
    );
    dvr.store.update(r.id, { ruleId: rule.id }, 'belongs to the rule');
    const report = await dvr.call('library.sidecars', { id: r.id });
    expect(Object.fromEntries(report.outcomes.map((o) => [o.sidecar, o.state]))).toEqual({
      nfo: 'off',
      image: 'off',
      strm: 'written',
      healthJson: 'off',
    });
    expect(tree().filter((f) => f.startsWith('Quiet Show/'))).toEqual([
      'Quiet Show/Quiet Show - S01E01.strm',
      'Quiet Show/Quiet Show - S01E01.ts',
    ]);

    await dvr.call('settings.update', { library: { sidecars: { strm: false } } });
    try {
      const again = await dvr.call('library.sidecars', { id: r.id });
      expect(again.outcomes.every((o) => o.state === 'off')).toBe(true);
    } finally {
      await dvr.call('settings.update', { library: { sidecars: { strm: true } } });
    }
  });

  it('a sidecar that cannot be written fails alone, with an event; the recording is untouched', async () => {
    const problems: LibraryProblem[] = [];
    const off = dvr.bus.subscribe(
      (e) => void (e.name === 'library.problem' && problems.push(e.payload as LibraryProblem)),
    );
    const r = placed(
      'Broken/Broken - S01E01.ts',
      programme({ title: 'Broken', season: 1, episode: 1, subTitle: null }),
    );
    const before = readFileSync(r.outputPath!);
    // A folder where the NFO should go: the rename onto it fails.
    mkdirSync(path.join(dvr.recordingsDir(), 'Broken/Broken - S01E01.nfo', 'x'), { recursive: true });
    await dvr.call('settings.update', { library: { strmBaseUrl: null } });
    try {
      const report = await dvr.call('library.sidecars', { id: r.id });
      const states = Object.fromEntries(report.outcomes.map((o) => [o.sidecar, o.state]));
      expect(states).toMatchObject({
        nfo: 'failed',
        strm: 'failed',
        image: 'written',
        healthJson: 'written',
      });
      expect(report.outcomes.find((o) => o.sidecar === 'strm')!.detail).toMatch(/set library.strmBaseUrl/);
      expect(problems.map((p) => [p.recordingId, p.sidecar]).sort()).toEqual([
        [r.id, 'nfo'],
        [r.id, 'strm'],
      ]);
      expect(readFileSync(r.outputPath!).equals(before)).toBe(true);
      expect(dvr.store.get(r.id).status).toBe('completed');
      expect(readdirSync(path.join(dvr.recordingsDir(), 'Broken')).filter((f) => f.startsWith('.'))).toEqual(
        [],
      );
    } finally {
      off();
      await dvr.call('settings.update', { library: { strmBaseUrl: 'http://nas.local:8080' } });
    }
  }, 30_000);

  it('changing a template names the next recordings only: nothing already written moves', async () => {
    const before = tree();
    await dvr.call('settings.update', {
      library: { naming: { series: 'TV/{show}/{show} {season}x{episode:02}' } },
    });
    try {
      expect(tree()).toEqual(before);
      expect(existsSync(episode.outputPath!)).toBe(true);
      expect(dvr.store.get(episode.id).outputPath).toBe(episode.outputPath);
      const next = await dvr.library.outputPath({ ...episode, programme: programme({ episode: 9 }) });
      expect(path.relative(dvr.recordingsDir(), next).split(path.sep).join('/')).toBe(
        'TV/Doctor Who/Doctor Who 1x09.ts',
      );
    } finally {
      await dvr.call('settings.update', {
        library: {
          naming: { series: '{show}/Season {season:02}/{show} - S{season:02}E{episode:02}[ - {subTitle}]' },
        },
      });
    }
  });
  it('library.rename moves a recording and its sidecars to the name the template gives now, when asked', async () => {
    const r = placed(
      'Renamed/Season 01/Renamed - S01E01.ts',
      programme({ title: 'Renamed', season: 1, episode: 1, subTitle: null }),
    );
    await dvr.call('library.sidecars', { id: r.id });
    const old = tree().filter((f) => f.startsWith('Renamed/'));
    expect(old).toHaveLength(7); // the folders, tvshow.nfo, the file, .nfo, -thumb.jpg, .strm, .health.json
    await dvr.call('settings.update', {
      library: { naming: { series: 'TV/{show}/{show} {season}x{episode:02}' } },
    });
    try {
      const report = await dvr.call('library.rename', { id: r.id });
      const target = path.join(dvr.recordingsDir(), 'TV/Renamed/Renamed 1x01.ts');
      expect(report.outcomes).toEqual([
        {
          id: r.id,
          title: 'Renamed',
          state: 'moved',
          from: r.outputPath,
          to: target,
          sidecars: 4,
          detail: null,
        },
      ]);
      expect(tree().filter((f) => f.startsWith('TV/Renamed/'))).toEqual([
        'TV/Renamed/Renamed 1x01-thumb.jpg',
        'TV/Renamed/Renamed 1x01.health.json',
        'TV/Renamed/Renamed 1x01.nfo',
        'TV/Renamed/Renamed 1x01.strm',
        'TV/Renamed/Renamed 1x01.ts',
      ]);
      // The emptied season folder goes; the show's folder keeps its tvshow.nfo.
      expect(tree().filter((f) => f.startsWith('Renamed/'))).toEqual(['Renamed/tvshow.nfo']);
      expect(readFileSync(target).equals(readFileSync(clip))).toBe(true);
      expect(dvr.store.get(r.id).outputPath).toBe(target);
      const events = await dvr.call('recordings.events', { id: r.id });
      expect(events.at(-1)!.reason).toBe(`renamed by its template: ${r.outputPath} -> ${target}`);
      // Asked again: already named so. A recording without a file is left alone.
      expect((await dvr.call('library.rename', { id: r.id })).outcomes[0]).toMatchObject({
        state: 'skipped',
        detail: 'already named so',
      });
      await expect(dvr.call('library.rename', { id: 99_999 })).rejects.toMatchObject({ code: 'not_found' });
    } finally {
      await dvr.call('settings.update', {
        library: {
          naming: { series: '{show}/Season {season:02}/{show} - S{season:02}E{episode:02}[ - {subTitle}]' },
        },
      });
    }
  }, 30_000);
});

describe('rescan and import', () => {
  it('shows moved and deleted files as missing, keeps them listed, and unmarks one that came back', async () => {
    const moved = placed(
      'Rescan/Rescan - S01E01.ts',
      programme({ title: 'Rescan', season: 1, episode: 1, subTitle: null }),
    );
    const deleted = placed(
      'Rescan/Rescan - S01E02.ts',
      programme({ title: 'Rescan', season: 1, episode: 2, subTitle: null }),
    );
    const elsewhere = path.join(tempDir('tapedeck-moved-'), 'Rescan - S01E01.ts');
    renameSync(moved.outputPath!, elsewhere);
    rmSync(deleted.outputPath!);
    const first = await dvr.call('library.rescan', {});
    expect(first.missing.map((m) => m.id).sort()).toEqual([moved.id, deleted.id].sort());
    const listed = await dvr.call('recordings.list', {});
    for (const id of [moved.id, deleted.id]) {
      const r = listed.find((x) => x.id === id);
      expect(r, `recording ${id} is still listed`).toBeDefined();
      expect([r!.status, r!.fileMissing, typeof r!.fileMissingSince]).toEqual(['completed', true, 'number']);
    }
    expect(listed.find((x) => x.id === episode.id)!.fileMissing).toBe(false);
    // A second rescan reports them as still missing, not newly.
    const second = await dvr.call('library.rescan', {});
    expect([second.missing, second.stillMissing]).toEqual([[], 2]);
    // The moved file is imported from where it went: relinked, not imported twice.
    const imported = await dvr.call('library.import', { dir: path.dirname(elsewhere) });
    expect(imported.relinked).toEqual([{ id: moved.id, path: elsewhere, title: 'Rescan' }]);
    expect(imported.imported).toEqual([]);
    expect(dvr.store.get(moved.id)).toMatchObject({ outputPath: elsewhere, fileMissing: false });
    // The deleted one comes back.
    copyFileSync(clip, deleted.outputPath!);
    const third = await dvr.call('library.rescan', {});
    expect(third.back.map((b) => b.id)).toEqual([deleted.id]);
    expect(dvr.store.get(deleted.id).fileMissing).toBe(false);
  }, 30_000);

  it('imports a folder of .ts, .mkv and .mp4 files as completed recordings, reports the unreadable, skips the known', async () => {
    const dir = tempDir('tapedeck-import-');
    mkdirSync(path.join(dir, 'Season 01'));
    copyFileSync(clip, path.join(dir, 'Season 01', 'Quiz Show - S01E03 - Finals.ts'));
    await run(FFMPEG, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      clip,
      '-c',
      'copy',
      '-y',
      path.join(dir, 'Alien (1979).mkv'),
    ]);
    await run(FFMPEG, [
      '-hide_banner',
      '-loglevel',
      'error',
      '-i',
      clip,
      '-c',
      'copy',
      '-y',
      path.join(dir, 'home_video.mp4'),
    ]);
    writeFileSync(path.join(dir, 'broken.ts'), Buffer.alloc(4096, 7));
    writeFileSync(path.join(dir, 'notes.txt'), 'not media');
    copyFileSync(clip, path.join(dir, '.hidden.ts'));
    const report = await dvr.call('library.import', { dir });
    expect(report.imported.map((i) => [path.relative(dir, i.path), i.title])).toEqual([
      ['Alien (1979).mkv', 'Alien'],
      ['home_video.mp4', 'home video'],
      [path.join('Season 01', 'Quiz Show - S01E03 - Finals.ts'), 'Quiz Show'],
    ]);
    expect(report.unreadable.map((u) => path.basename(u.path))).toEqual(['broken.ts']);
    const quiz = dvr.store.get(report.imported[2]!.id);
    expect(quiz).toMatchObject({ status: 'completed', container: 'ts', fileMissing: false });
    expect(quiz.programme).toMatchObject({ title: 'Quiz Show', season: 1, episode: 3, subTitle: 'Finals' });
    expect(quiz.durationMs! / 1000).toBeCloseTo(await probeDuration(clip), 0);
    expect(dvr.store.get(report.imported[0]!.id)).toMatchObject({
      container: 'mkv',
      programme: { year: 1979 },
    });
    // The files stay where they are.
    expect(existsSync(path.join(dir, 'Alien (1979).mkv'))).toBe(true);
    const again = await dvr.call('library.import', { dir });
    expect([again.imported, again.skipped.length]).toEqual([[], 3]);
    expect(again.skipped.every((s) => s.reason === 'already a recording')).toBe(true);
  }, 60_000);

  it('refuses a relative folder and one that does not exist, with a clear error', async () => {
    await expect(dvr.call('library.import', { dir: 'relative/dir' })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    await expect(dvr.call('library.import', { dir: '/no/such/folder' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });
});
