// Upload of finished recordings to S3-compatible storage (AWS SDK v3) against s3rver started by the
// test: a server that is not there yet (the upload fails, the recording shows it pending, and the retry
// after the backoff succeeds), a multipart upload checked byte for byte, the local copy removed only
// when the settings say so, and a failed state once the tries run out.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Dvr } from '../../src-main/core/dvr';
import type { Job, S3Config } from '../../src-shared/contract-library-process';
import { finishedRecording, jobsSettled, lavfiClip } from '../support/finished-recording';
import { freePort, S3_TEST_CREDENTIALS, S3TestServer } from '../support/s3-server';
import { openTempDvr, tempDir } from '../support/temp-dvr';
import { waitFor } from '../support/wait';

const BUCKET = 'tapedeck-test';
let dvr: Dvr;
let cleanup: () => Promise<void>;
let s3: S3TestServer;
const work = tempDir('tapedeck-s3-');
let clip: string;
const events: Job[] = [];

const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function config(overrides: Partial<S3Config> = {}): S3Config {
  return {
    endpoint: s3.endpoint,
    region: 'us-east-1',
    bucket: BUCKET,
    prefix: 'tv/',
    accessKeyId: S3_TEST_CREDENTIALS.accessKeyId,
    forcePathStyle: true,
    keepLocal: true,
    maxAttempts: 5,
    ...overrides,
  };
}

async function stored(key: string): Promise<Buffer> {
  const client = new S3Client({
    region: 'us-east-1',
    endpoint: s3.endpoint,
    forcePathStyle: true,
    credentials: S3_TEST_CREDENTIALS,
  });
  try {
    const object = await client.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
    return Buffer.from(await object.Body!.transformToByteArray());
  } finally {
    client.destroy();
  }
}

beforeAll(async () => {
  // Retries after 300 ms, 600 ms...: the backoff, shortened.
  ({ dvr, cleanup } = await openTempDvr({ postprocessRetry: { baseMs: 300, maxMs: 1_000 } }));
  dvr.bus.subscribe((e) => {
    if (e.name === 'library.job') events.push(e.payload as Job);
  });
  s3 = new S3TestServer(await freePort(), [BUCKET]);
  clip = await lavfiClip(path.join(work, 'clip.ts'), 1);
}, 60_000);

afterAll(async () => {
  await s3?.stop();
  await cleanup?.();
});

describe('S3 upload', () => {
  it('keeps the secret write-only and refuses to upload without one', async () => {
    dvr.settings.set('s3', config({ maxAttempts: 1 }));
    try {
      expect((await dvr.call('storage.get', {})).s3).toEqual({
        config: config({ maxAttempts: 1 }),
        secretSet: false,
      });
      const recording = await finishedRecording(dvr, clip, { title: 'No secret' });
      const [job] = await jobsSettled(dvr, recording.id);
      expect(job).toMatchObject({ step: 'upload', state: 'failed' });
      expect(job!.error).toMatch(/no S3 secret access key is stored/);
      expect((await dvr.call('recordings.upload', { id: recording.id })).state).toBe('failed');
      const view = await dvr.call('storage.setS3Secret', {
        secretAccessKey: S3_TEST_CREDENTIALS.secretAccessKey,
      });
      expect(view.s3.secretSet).toBe(true);
      // Only whether one is set; s3rver's key id and secret are the same word, so look for the field.
      expect(Object.keys(view.s3).sort()).toEqual(['config', 'secretSet']);
      expect(JSON.stringify(view)).not.toMatch(/secretAccessKey/i);
    } finally {
      dvr.settings.clear('s3');
    }
  });

  it('fails while the server is away, shows the upload pending, and succeeds on the retry', async () => {
    dvr.settings.set('s3', config());
    try {
      await expect(dvr.call('storage.testS3', {})).rejects.toMatchObject({ code: 'unavailable' });
      const recording = await finishedRecording(dvr, clip, { title: 'Retried' });
      // The first try fails (nothing listens): the job waits for its retry, the state says pending.
      const failedOnce = await waitFor(
        () => {
          const job = dvr.postprocess.jobs.latest(recording.id, 'upload');
          return job && job.state === 'pending' && job.attempts >= 1 && job.error ? job : null;
        },
        { timeoutMs: 15_000, what: 'the first upload try to fail' },
      );
      expect(failedOnce.error).toMatch(/^upload to s3:\/\/tapedeck-test\/tv\/Retried\/Retried\.ts failed: /);
      expect((await dvr.call('recordings.upload', { id: recording.id })).state).toBe('pending');
      const log = (await dvr.call('recordings.events', { id: recording.id })).map((e) => e.reason).join('\n');
      expect(log).toMatch(/post-processing: upload failed \(.*\); retrying/);

      await s3.start();
      await expect(dvr.call('storage.testS3', {})).resolves.toEqual({ ok: true, bucket: BUCKET });
      const [job] = await jobsSettled(dvr, recording.id, 30_000);
      expect(job).toMatchObject({ state: 'done', error: null });
      expect(job!.attempts).toBeGreaterThanOrEqual(2);
      expect(job!.result).toMatchObject({
        bucket: BUCKET,
        key: 'tv/Retried/Retried.ts',
        localRemoved: false,
      });
      const upload = await dvr.call('recordings.upload', { id: recording.id });
      expect(upload.state).toBe('uploaded');
      expect(sha(await stored('tv/Retried/Retried.ts'))).toBe(sha(readFileSync(recording.outputPath!)));
      const states = events.filter((e) => e.id === job!.id).map((e) => e.state);
      expect(states[0]).toBe('pending');
      expect(states.slice(1, 3)).toEqual(['running', 'pending']);
      expect(states.at(-1)).toBe('done');
    } finally {
      dvr.settings.clear('s3');
    }
  }, 60_000);

  it('uploads a large file in parts, verifies it, and removes the local copy when told to', async () => {
    await s3.start();
    dvr.settings.set('s3', config({ keepLocal: false, prefix: '' }));
    try {
      // 17 MiB: three parts of lib-storage's multipart upload.
      const big = path.join(work, 'big.ts');
      const data = Buffer.alloc(17 * 1024 * 1024);
      for (let i = 0; i < data.length; i += 4096) data.writeUInt32BE(i, i);
      writeFileSync(big, data);
      const recording = await finishedRecording(dvr, big, { title: 'Big' });
      const [job] = await jobsSettled(dvr, recording.id, 60_000);
      expect(job).toMatchObject({ state: 'done', attempts: 1 });
      expect(job!.result).toMatchObject({ key: 'Big/Big.ts', bytes: data.length, localRemoved: true });
      expect(sha(await stored('Big/Big.ts'))).toBe(sha(data));
      expect(existsSync(recording.outputPath!)).toBe(false);
      const log = (await dvr.call('recordings.events', { id: recording.id })).map((e) => e.reason).join('\n');
      expect(log).toMatch(/uploaded to s3:\/\/tapedeck-test\/Big\/Big\.ts; local copy removed/);
    } finally {
      dvr.settings.clear('s3');
    }
  }, 90_000);

  it('gives up after the tries the settings allow, keeping the file; the user can retry', async () => {
    await s3.stop();
    dvr.settings.set('s3', config({ maxAttempts: 2, keepLocal: false }));
    try {
      const recording = await finishedRecording(dvr, clip, { title: 'Gave up' });
      const [job] = await jobsSettled(dvr, recording.id, 30_000);
      expect(job).toMatchObject({ state: 'failed', attempts: 2 });
      expect((await dvr.call('recordings.upload', { id: recording.id })).state).toBe('failed');
      expect(existsSync(recording.outputPath!)).toBe(true);
      await s3.start();
      await dvr.call('jobs.retry', { id: job!.id });
      const [again] = await jobsSettled(dvr, recording.id, 30_000);
      expect(again!.state).toBe('done');
      expect((await dvr.call('recordings.upload', { id: recording.id })).state).toBe('uploaded');
    } finally {
      dvr.settings.clear('s3');
    }
  }, 60_000);
});
