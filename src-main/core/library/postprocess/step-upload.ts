// Upload of a finished recording to S3-compatible storage (AWS SDK v3; lib-storage's multipart upload
// for big files). The upload is checked with HeadObject (the stored size must equal the file's) before
// the local copy may go, and it goes only when the settings say not to keep it.
import { createReadStream, promises as fs } from 'node:fs';
import path from 'node:path';
import { HeadBucketCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { TapedeckError } from '../../../../src-shared/contract';
import type { S3Config } from '../../../../src-shared/contract-library-process';
import type { SecretStore } from '../../secrets';
import { recordingFile, StepError, type StepContext, type StepOutcome } from './step';

/** Where the S3 secret access key is kept (never in the settings, never sent to a client). */
export const S3_SECRET_KEY = 's3-secret-access-key';

const PART_BYTES = 8 * 1024 * 1024;

export function s3Client(config: S3Config, secrets: SecretStore): S3Client {
  const secretAccessKey = secrets.get(S3_SECRET_KEY);
  if (!secretAccessKey) {
    throw new TapedeckError(
      'invalid_input',
      'no S3 secret access key is stored: set it with `tapedeck storage s3-secret` (or storage.setS3Secret)',
    );
  }
  return new S3Client({
    region: config.region,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    forcePathStyle: config.forcePathStyle,
    credentials: { accessKeyId: config.accessKeyId, secretAccessKey },
    // Retries are the job queue's (with its backoff and a per-recording state), not hidden in the SDK.
    maxAttempts: 1,
  });
}

/** The object key: the prefix, then the file's path under the recordings folder, with `/`. */
export function objectKey(prefix: string, recordingsDir: string, file: string): string {
  const relative = path.relative(recordingsDir, file);
  const inside = relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
  const rest = (inside ? relative : path.basename(file)).split(path.sep).join('/');
  const head = prefix === '' || prefix.endsWith('/') ? prefix : `${prefix}/`;
  return `${head}${rest}`;
}

export async function testBucket(config: S3Config, secrets: SecretStore): Promise<void> {
  const client = s3Client(config, secrets);
  try {
    await client.send(new HeadBucketCommand({ Bucket: config.bucket }));
  } catch (error) {
    throw new TapedeckError('unavailable', `bucket ${config.bucket} does not answer: ${s3Message(error)}`);
  } finally {
    client.destroy();
  }
}

export async function uploadStep(ctx: StepContext): Promise<StepOutcome> {
  const config = ctx.settings.s3;
  if (!config) return { state: 'skipped', note: 'uploads are off (no s3 settings)' };
  const file = await recordingFile(ctx.recording);
  let client: S3Client;
  try {
    client = s3Client(config, ctx.secrets);
  } catch (error) {
    throw new StepError((error as Error).message);
  }
  const key = objectKey(config.prefix, ctx.recordingsDir, file);
  const size = (await fs.stat(file)).size;
  const abort = new AbortController();
  const onAbort = () => abort.abort();
  ctx.signal.addEventListener('abort', onAbort, { once: true });
  try {
    const upload = new Upload({
      client,
      params: { Bucket: config.bucket, Key: key, Body: createReadStream(file), ContentLength: size },
      partSize: PART_BYTES,
      queueSize: 2,
      leavePartsOnError: false,
      abortController: abort,
    });
    try {
      await upload.done();
    } catch (error) {
      throw new StepError(`upload to s3://${config.bucket}/${key} failed: ${s3Message(error)}`, null, true);
    }
    let stored: number | undefined;
    try {
      stored = (await client.send(new HeadObjectCommand({ Bucket: config.bucket, Key: key }))).ContentLength;
    } catch (error) {
      throw new StepError(`the upload could not be checked: ${s3Message(error)}`, null, true);
    }
    if (stored !== size) {
      throw new StepError(
        `the bucket holds ${stored ?? 'no'} bytes of ${size}; the local file is kept`,
        null,
        true,
      );
    }
    let localRemoved = false;
    if (!config.keepLocal) {
      await fs.rm(file, { force: true });
      localRemoved = true;
    }
    ctx.store.note(
      ctx.recording.id,
      `uploaded to s3://${config.bucket}/${key}${localRemoved ? '; local copy removed' : ''}`,
    );
    return {
      state: 'done',
      note: `uploaded to s3://${config.bucket}/${key}`,
      result: { bucket: config.bucket, key, bytes: size, localRemoved, endpoint: config.endpoint },
    };
  } finally {
    ctx.signal.removeEventListener('abort', onAbort);
    client.destroy();
  }
}

function s3Message(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as Error & { code?: string; Code?: string }).code ?? error.name;
    return error.message && error.message !== code ? `${code}: ${error.message}` : code;
  }
  return String(error);
}
