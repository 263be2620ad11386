// A completed recording around a media file, without capturing it in real time: the row goes through
// the real state machine (scheduled -> recording -> completed) with the file as its output, and then
// post-processing is told, as the recorder tells it after a finalize.
import { copyFileSync, mkdirSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Dvr } from '../../src-main/core/dvr';
import type { Container, Recording } from '../../src-shared/domain';
import type { Job } from '../../src-shared/contract-library-process';
import { run, FFMPEG } from './test-media';
import { waitFor } from './wait';

export async function finishedRecording(
  dvr: Dvr,
  media: string,
  options: { title?: string; container?: Container; dir?: string; notify?: boolean } = {},
): Promise<Recording> {
  const container = options.container ?? (path.extname(media).slice(1) as Container);
  const title = options.title ?? 'Finished';
  const dir = options.dir ?? path.join(dvr.recordingsDir(), title);
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${title}.${container}`);
  copyFileSync(media, file);
  const now = Date.now();
  const created = dvr.store.create(
    {
      title,
      channelId: null,
      url: 'http://127.0.0.1:9/none.ts',
      startAt: now - 60_000,
      endAt: now - 1_000,
      padBeforeMs: 0,
      padAfterMs: 0,
      container,
    },
    'made by the test',
  );
  dvr.store.transition(created.id, 'recording', 'test: recording', { actualStartAt: now - 60_000 });
  const done = dvr.store.transition(created.id, 'completed', 'test: finished', {
    outputPath: file,
    sizeBytes: statSync(file).size,
    actualEndAt: now - 1_000,
  });
  if (options.notify !== false) dvr.postprocess.finalized(done);
  return done;
}

/** Waits until every job of the recording is finished (done, failed or skipped) and returns them. */
export async function jobsSettled(dvr: Dvr, recordingId: number, timeoutMs = 60_000): Promise<Job[]> {
  return waitFor(
    () => {
      const jobs = dvr.postprocess.jobs.list({ recordingId });
      return jobs.length > 0 && jobs.every((j) => ['done', 'failed', 'skipped'].includes(j.state)) && jobs;
    },
    {
      timeoutMs,
      intervalMs: 100,
      what: () =>
        `recording ${recordingId}'s jobs to finish (${JSON.stringify(
          dvr.postprocess.jobs.list({ recordingId }).map((j) => [j.step, j.state, j.attempts, j.error]),
        )})`,
    },
  );
}

/** A short clip made with lavfi: `seconds` of test pattern and tone, in the given codec and container. */
export async function lavfiClip(
  file: string,
  seconds: number,
  video: 'h264' | 'mpeg2-interlaced' = 'h264',
): Promise<string> {
  const codec =
    video === 'h264'
      ? ['-c:v', 'libx264', '-preset', 'ultrafast', '-g', '25', '-pix_fmt', 'yuv420p']
      : ['-c:v', 'mpeg2video', '-flags', '+ilme+ildct', '-top', '1', '-b:v', '2M'];
  // prettier-ignore
  await run(FFMPEG, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:d=${seconds}`,
    '-f', 'lavfi', '-i', `sine=frequency=440:sample_rate=48000:d=${seconds}`,
    '-map', '0:v', '-map', '1:a', ...codec, '-c:a', 'aac', '-b:a', '64k',
    ...(file.endsWith('.ts') ? ['-f', 'mpegts'] : []), file,
  ]);
  return file;
}
