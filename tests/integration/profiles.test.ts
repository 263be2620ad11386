// Stream profiles: managing them, which one a recording gets (recording > rule > source > setting >
// copy), a real transcode of a finished file (deinterlacing broadcast-style MPEG-2, audio only, keeping
// the original), a failed transcode that leaves the original untouched, and a profile applied while
// capturing a live stream.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import type { Job } from '../../src-shared/contract-library-process';
import { finishedRecording, jobsSettled, lavfiClip } from '../support/finished-recording';
import { startStreamServer, type StreamServer } from '../support/stream-server';
import { openTempDvr, tempDir, waitForStatus } from '../support/temp-dvr';
import { FFPROBE, run } from '../support/test-media';

let dvr: Dvr;
let cleanup: () => Promise<void>;
let server: StreamServer;
const events: Job[] = [];
const clips = tempDir('tapedeck-clips-');

beforeAll(async () => {
  ({ dvr, cleanup } = await openTempDvr());
  dvr.bus.subscribe((e) => {
    if (e.name === 'library.job') events.push(e.payload as Job);
  });
  server = await startStreamServer();
  server.addLive('/live.ts', { media: { seconds: 30 } });
  await server.ready();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await cleanup?.();
});

async function probe(file: string) {
  const { stdout } = await run(FFPROBE, [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    file,
  ]);
  const json = JSON.parse(stdout) as {
    format: { duration: string };
    streams: Array<{ codec_type: string; codec_name: string; field_order?: string }>;
  };
  return {
    durationMs: Number(json.format.duration) * 1000,
    streams: json.streams.map((s) => `${s.codec_type}:${s.codec_name}`),
    fieldOrder: json.streams.find((s) => s.codec_type === 'video')?.field_order ?? null,
  };
}

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('profiles', () => {
  it('are added, listed, changed and removed, with clear refusals', async () => {
    const p = await dvr.call('profiles.add', { name: 'Small', crf: 30 });
    expect(p).toMatchObject({
      name: 'Small',
      kind: 'transcode',
      when: 'after',
      crf: 30,
      encoder: 'software',
    });
    await expect(dvr.call('profiles.add', { name: 'Small' })).rejects.toMatchObject({ code: 'conflict' });
    await expect(dvr.call('profiles.add', { name: 'Bad', crf: 60 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    const changed = await dvr.call('profiles.update', { id: p.id, preset: 'ultrafast', maxHeight: 720 });
    expect(changed).toMatchObject({ preset: 'ultrafast', maxHeight: 720, crf: 30 });
    expect((await dvr.call('profiles.list', {})).map((x) => x.name)).toContain('Small');
    await dvr.call('profiles.remove', { id: p.id });
    await expect(dvr.call('profiles.get', { id: p.id })).rejects.toMatchObject({ code: 'not_found' });
  });

  it('apply by recording, then rule, then source, then the setting, else copy', async () => {
    const [a, b, c, d] = await Promise.all(
      ['P-rec', 'P-rule', 'P-source', 'P-default'].map((name) => dvr.call('profiles.add', { name })),
    );
    const channel = await dvr.call('channels.add', { name: 'Precedence', url: server.url('/live.ts') });
    const rule = await dvr.call('rules.add', {
      config: { kind: 'time', channelId: channel.id, at: '03:00', durationMs: 60_000, days: ['mon'] },
    });
    const recording = await dvr.call('recordings.schedule', {
      channelId: channel.id,
      start: Date.now() + 3_600_000,
      durationMs: 60_000,
    });
    dvr.store.update(recording.id, { ruleId: rule.id });
    const from = async () => (await dvr.call('profiles.effective', { id: recording.id })).from;
    expect(await from()).toBe('default');
    dvr.settings.set('defaultProfileId', d!.id);
    expect(await from()).toBe('setting');
    await dvr.call('profiles.assign', { target: 'source', id: channel.sourceId, profileId: c!.id });
    expect(await from()).toBe('source');
    await dvr.call('profiles.assign', { target: 'rule', id: rule.id, profileId: b!.id });
    expect(await from()).toBe('rule');
    await dvr.call('profiles.assign', { target: 'recording', id: recording.id, profileId: a!.id });
    const effective = await dvr.call('profiles.effective', { id: recording.id });
    expect(effective).toMatchObject({ from: 'recording', profile: { name: 'P-rec' } });
    // Removing the recording's profile falls back to the rule's.
    await dvr.call('profiles.remove', { id: a!.id });
    expect(await from()).toBe('rule');
    await expect(
      dvr.call('profiles.assign', { target: 'rule', id: 9999, profileId: b!.id }),
    ).rejects.toMatchObject({ code: 'not_found' });
    dvr.settings.clear('defaultProfileId');
    await dvr.call('recordings.cancel', { id: recording.id });
  });

  it('offers the encoders this ffmpeg lists', async () => {
    const offer = await dvr.call('profiles.encoders', {});
    expect(offer.software).toBe(true);
    const { stdout } = await run('/usr/bin/ffmpeg', ['-hide_banner', '-encoders']);
    for (const hw of offer.hardware) expect(stdout).toContain(` ${hw.ffmpegName} `);
    for (const name of ['h264_vaapi', 'h264_nvenc', 'h264_qsv']) {
      expect(offer.hardware.some((h) => h.ffmpegName === name)).toBe(new RegExp(` ${name} `).test(stdout));
    }
  });
});

describe('after-capture transcode', () => {
  it('deinterlaces interlaced MPEG-2 into H.264 and replaces the file once verified', async () => {
    const clip = await lavfiClip(path.join(clips, 'interlaced.mkv'), 2, 'mpeg2-interlaced');
    expect((await probe(clip)).fieldOrder).toBe('tt');
    const profile = await dvr.call('profiles.add', { name: 'H264 after', crf: 28, preset: 'ultrafast' });
    dvr.settings.set('defaultProfileId', profile.id);
    try {
      const recording = await finishedRecording(dvr, clip, { title: 'Interlaced' });
      const [job] = await jobsSettled(dvr, recording.id);
      expect(job).toMatchObject({ step: 'transcode', state: 'done' });
      expect(job!.result).toMatchObject({ profile: 'H264 after', deinterlaced: true });
      const after = await probe(recording.outputPath!);
      expect(after.streams).toEqual(['video:h264', 'audio:aac']);
      expect(after.fieldOrder).toBe('progressive');
      expect(Math.abs(after.durationMs - 2000)).toBeLessThan(2000 * 0.02 + 50);
      const row = dvr.store.get(recording.id);
      expect(row.sizeBytes).toBe(readFileSync(recording.outputPath!).length);
      expect(events.filter((e) => e.id === job!.id).map((e) => e.state)).toEqual([
        'pending',
        'running',
        'done',
      ]);
      const log = (await dvr.call('recordings.events', { id: recording.id })).map((e) => e.reason);
      expect(log.join('\n')).toMatch(/transcoded with profile "H264 after"/);
    } finally {
      dvr.settings.clear('defaultProfileId');
    }
  });

  it('keeps only the audio with an audio profile, and the original beside it when asked', async () => {
    const clip = await lavfiClip(path.join(clips, 'audio.ts'), 2);
    const profile = await dvr.call('profiles.add', { name: 'Radio', kind: 'audio', audioBitrateKbps: 96 });
    dvr.settings.set('transcodeKeepOriginal', true);
    const recording = await finishedRecording(dvr, clip, { title: 'Radio show', notify: false });
    await dvr.call('profiles.assign', { target: 'recording', id: recording.id, profileId: profile.id });
    try {
      await dvr.call('jobs.enqueue', { recordingId: recording.id, steps: ['transcode'] });
      const [job] = await jobsSettled(dvr, recording.id);
      expect(job!.error ?? 'no error').toBe('no error');
      expect(job!.state).toBe('done');
      expect((await probe(recording.outputPath!)).streams).toEqual(['audio:aac']);
      const original = job!.result!.originalPath as string;
      expect(original).toMatch(/Radio show\.original\.ts$/);
      expect(sha(original)).toBe(sha(clip));
    } finally {
      dvr.settings.clear('transcodeKeepOriginal');
    }
  });

  it('keeps the original untouched when the transcode fails, and says why', async () => {
    const clip = await lavfiClip(path.join(clips, 'fails.ts'), 2);
    // No GPU here: the VAAPI device cannot be opened, so ffmpeg fails.
    const profile = await dvr.call('profiles.add', { name: 'No GPU', encoder: 'vaapi' });
    const recording = await finishedRecording(dvr, clip, { title: 'Kept', notify: false });
    await dvr.call('profiles.assign', { target: 'recording', id: recording.id, profileId: profile.id });
    await dvr.call('jobs.enqueue', { recordingId: recording.id, steps: ['transcode'] });
    const [job] = await jobsSettled(dvr, recording.id);
    expect(job).toMatchObject({ state: 'failed', attempts: 1 });
    expect(job!.error).toMatch(
      /transcode with "No GPU" failed: ffmpeg exited with status \d+.*the original is kept/,
    );
    expect(job!.outputTail).toBeTruthy();
    expect(sha(recording.outputPath!)).toBe(sha(clip));
    const dir = path.dirname(recording.outputPath!);
    expect(existsSync(path.join(dir, '.Kept.transcode-' + process.pid + '.ts'))).toBe(false);
    expect(events.some((e) => e.id === job!.id && e.state === 'failed')).toBe(true);
    const log = (await dvr.call('recordings.events', { id: recording.id })).map((e) => e.reason);
    expect(log.join('\n')).toMatch(/post-processing: transcode failed/);
    // The user can try again; a done or pending job cannot be retried.
    const again = await dvr.call('jobs.retry', { id: job!.id });
    expect(again.state).toBe('pending');
    await jobsSettled(dvr, recording.id);
  });
});

describe('a profile applied while capturing', () => {
  it('records audio only from a live stream', async () => {
    const profile = await dvr.call('profiles.add', { name: 'Live radio', kind: 'audio', when: 'capture' });
    const scheduled = await dvr.call('recordings.schedule', {
      title: 'Captured audio',
      url: server.url('/live.ts'),
      // Seconds ahead, so the profile is assigned before the capture starts (its start lead is 2 s).
      start: Date.now() + 5_000,
      durationMs: 4_000,
    });
    await dvr.call('profiles.assign', { target: 'recording', id: scheduled.id, profileId: profile.id });
    const done = await waitForStatus(dvr, scheduled.id, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('completed');
    expect((await probe(done.outputPath!)).streams).toEqual(['audio:aac']);
    // No after-capture transcode is queued for a capture profile.
    expect(dvr.postprocess.jobs.list({ recordingId: done.id })).toEqual([]);
  });

  it('falls back to a stream copy when the capture profile produces nothing', async () => {
    // No GPU here: a VAAPI encode fails at once, every time. The recording must not be its victim.
    const profile = await dvr.call('profiles.add', { name: 'Live GPU', encoder: 'vaapi', when: 'capture' });
    const scheduled = await dvr.call('recordings.schedule', {
      title: 'Captured anyway',
      url: server.url('/live.ts'),
      start: Date.now() + 5_000,
      durationMs: 5_000,
    });
    await dvr.call('profiles.assign', { target: 'recording', id: scheduled.id, profileId: profile.id });
    const done = await waitForStatus(dvr, scheduled.id, ['completed', 'failed'], 30_000);
    expect(done.status).toBe('completed');
    expect((await probe(done.outputPath!)).streams).toEqual(['video:h264', 'audio:aac']);
    const log = (await dvr.call('recordings.events', { id: done.id })).map((e) => e.reason).join('\n');
    expect(log).toMatch(/the capture profile produced nothing; recording a stream copy/);
  });
});
