// The post-processing commands (contract-library-process.ts): stream profiles, the job queue, the
// breaks a player skips, a recording's upload, and remote storage (the S3 secret is write-only here).
import { promises as fs } from 'node:fs';
import { TapedeckError, type CommandName } from '../../../src-shared/contract';
import type { EncoderOffer, StorageView } from '../../../src-shared/contract-library-process';
import { parseEncoders } from '../library/postprocess/profile-args';
import { runChild } from '../record/child';
import { S3_SECRET_KEY, testBucket } from '../library/postprocess/step-upload';
import type { CommandContext } from './context';
import type { Caller, CommandHandlers } from './handlers';

type LibraryProcessCommandName = Extract<
  CommandName,
  `profiles.${string}` | `jobs.${string}` | `storage.${string}` | 'recordings.breaks' | 'recordings.upload'
>;

export function libraryProcessHandlers(ctx: CommandContext): CommandHandlers<LibraryProcessCommandName> {
  const pp = ctx.postprocess;
  // `ffmpeg -encoders` per binary: the answer changes only with another ffmpeg.
  const encoders = new Map<string, Promise<EncoderOffer>>();
  return {
    'profiles.list': () => pp.profiles.list(),
    'profiles.get': (input) => pp.profiles.get(input.id),
    'profiles.add': (input) => pp.profiles.add(input),
    'profiles.update': (input) => pp.profiles.update(input),
    'profiles.remove': (input) => {
      const inUse = pp.profiles.usedBy(input.id, ctx.recorder.activeIds());
      if (inUse.length > 0) {
        throw new TapedeckError(
          'conflict',
          `profile ${input.id} is in use by recording ${inUse.join(', ')} right now: remove it when that has finished`,
        );
      }
      pp.profiles.remove(input.id);
      if (ctx.settings.all().defaultProfileId === input.id) ctx.settings.clear('defaultProfileId');
      return { id: input.id };
    },
    'profiles.assign': (input) => {
      pp.profiles.assign(input.target, input.id, input.profileId);
      if (input.target === 'recording') ctx.bus.emit('recording.updated', ctx.recordings.get(input.id));
      return { target: input.target, id: input.id, profileId: input.profileId };
    },
    'profiles.effective': (input) => pp.profiles.effective(input.id, ctx.settings.all().defaultProfileId),
    'profiles.encoders': async () => {
      const ffmpeg = ctx.ffmpeg().ffmpeg;
      let offer = encoders.get(ffmpeg);
      if (!offer) {
        offer = runChild(ffmpeg, ['-hide_banner', '-encoders'], { timeoutMs: 10_000 }).then((exit) =>
          parseEncoders(exit.stdout),
        );
        encoders.set(ffmpeg, offer);
      }
      return offer;
    },
    'jobs.list': (input) => pp.jobs.list(input),
    'jobs.retry': (input) => pp.retry(input.id),
    'jobs.enqueue': (input) => pp.enqueue(input.recordingId, input.steps),
    'recordings.breaks': (input) => pp.breaks(input.id),
    'recordings.upload': (input) => pp.upload(input.id),
    'storage.get': () => storageView(ctx),
    'storage.setS3Secret': async (input, caller) => {
      assertTrusted(caller);
      if (input.secretAccessKey === null) ctx.secrets.delete(S3_SECRET_KEY);
      else ctx.secrets.set(S3_SECRET_KEY, input.secretAccessKey);
      return storageView(ctx);
    },
    'storage.testS3': async () => {
      const config = ctx.settings.all().s3;
      if (!config) throw new TapedeckError('invalid_input', 'uploads are off: set the s3 setting first');
      await testBucket(config, ctx.secrets);
      return { ok: true as const, bucket: config.bucket };
    },
  };
}

async function storageView(ctx: CommandContext): Promise<StorageView> {
  const share = ctx.postprocess.share;
  const check = await share.check();
  const waiting = await countFiles(share.finishedDir);
  return {
    s3: { config: ctx.settings.all().s3, secretSet: ctx.secrets.get(S3_SECRET_KEY) !== null },
    share: { scratchDir: share.scratchDir, network: check.network, answers: check.answers, waiting },
  };
}

async function countFiles(dir: string): Promise<number> {
  const entries = await fs.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  return entries.filter((e) => e.isFile() && !e.name.endsWith('.edl')).length;
}

function assertTrusted(caller: Caller | undefined): void {
  if (!caller || caller.trustedPaths) return;
  throw new TapedeckError(
    'invalid_input',
    'from a browser, the S3 secret cannot be changed: use the desktop app or `tapedeck storage s3-secret`',
  );
}
