// CLI for post-processing (contract-library-process.ts): `profile list|add|edit|remove|assign|encoders`,
// `jobs list|retry|run`, `storage show|s3-secret|test-s3`. Every command takes --json. The S3 secret is
// read from standard input only (never an argument: argv is visible to every user of the machine).
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { Option } from 'commander';
import type { CommandInput } from '../../src-shared/contract';
import {
  DEINTERLACE_MODES,
  JOB_STATES,
  JOB_STEPS,
  PROFILE_KINDS,
  PROFILE_WHEN,
  VIDEO_ENCODERS,
  X264_PRESETS,
  type Job,
  type JobState,
  type JobStep,
  type Profile,
  type StorageView,
} from '../../src-shared/contract-library-process';
import { CliError, type CliContext } from './cli-context';
import { positiveId, wholeNumber } from './cli-sources-format';

interface ProfileOpts {
  json?: boolean;
  name?: string;
  kind?: Profile['kind'];
  when?: Profile['when'];
  crf?: string;
  preset?: Profile['preset'];
  deinterlace?: Profile['deinterlace'];
  encoder?: Profile['encoder'];
  maxHeight?: string;
  audioKbps?: string;
}

/** The options `profile add` and `profile edit` share (edit changes only those given). */
function profileOptions(command: Command): Command {
  return command
    .addOption(
      new Option('--kind <kind>', 'copy, transcode (H.264/AAC) or audio only').choices(PROFILE_KINDS),
    )
    .addOption(new Option('--when <when>', 'encode while capturing, or after it').choices(PROFILE_WHEN))
    .option('--crf <n>', 'H.264 quality, 0-51 (lower is better; 18-28 is sensible)')
    .addOption(new Option('--preset <preset>', 'x264 speed preset').choices(X264_PRESETS))
    .addOption(new Option('--deinterlace <mode>', 'auto: only interlaced video').choices(DEINTERLACE_MODES))
    .addOption(
      new Option('--encoder <encoder>', 'software, or a hardware encoder ffmpeg lists').choices(
        VIDEO_ENCODERS,
      ),
    )
    .option('--max-height <lines>', 'scale down to at most this many lines ("none": keep the size)')
    .option('--audio-kbps <n>', 'AAC bitrate in kbit/s, 32-512')
    .option('--json', 'print JSON');
}

function profileFields(opts: ProfileOpts): Omit<CommandInput<'profiles.update'>, 'id'> {
  return {
    ...(opts.kind ? { kind: opts.kind } : {}),
    ...(opts.when ? { when: opts.when } : {}),
    ...(opts.crf !== undefined ? { crf: wholeNumber(opts.crf, '--crf', 0, 51) } : {}),
    ...(opts.preset ? { preset: opts.preset } : {}),
    ...(opts.deinterlace ? { deinterlace: opts.deinterlace } : {}),
    ...(opts.encoder ? { encoder: opts.encoder } : {}),
    ...(opts.maxHeight !== undefined
      ? {
          maxHeight:
            opts.maxHeight === 'none' ? null : wholeNumber(opts.maxHeight, '--max-height', 144, 4320),
        }
      : {}),
    ...(opts.audioKbps !== undefined
      ? { audioBitrateKbps: wholeNumber(opts.audioKbps, '--audio-kbps', 32, 512) }
      : {}),
  };
}

export function describeProfile(p: Profile): string {
  if (p.kind === 'copy') return `#${p.id} ${p.name}: copy (streams as they come)`;
  const when = p.when === 'capture' ? 'while capturing' : 'after capture';
  if (p.kind === 'audio') return `#${p.id} ${p.name}: audio only, AAC ${p.audioBitrateKbps} kbit/s, ${when}`;
  const size = p.maxHeight === null ? '' : `, at most ${p.maxHeight} lines`;
  const encoder = p.encoder === 'software' ? `x264 ${p.preset}` : p.encoder;
  return `#${p.id} ${p.name}: H.264 (${encoder}, CRF ${p.crf}${size}, deinterlace ${p.deinterlace}) + AAC ${p.audioBitrateKbps} kbit/s, ${when}`;
}

function describeJob(j: Job): string {
  const tries = j.attempts > 1 ? ` after ${j.attempts} tries` : '';
  const error = j.error ? `: ${j.error}` : '';
  return `#${j.id} recording ${j.recordingId} ${j.step} ${j.state}${tries}${error}`;
}

function describeStorage(view: StorageView): string[] {
  const s3 = view.s3.config;
  const share = view.share;
  return [
    s3
      ? `S3 upload: s3://${s3.bucket}/${s3.prefix} at ${s3.endpoint ?? `AWS ${s3.region}`}, key id ${s3.accessKeyId}, secret ${view.s3.secretSet ? 'stored' : 'NOT stored'}, local copy ${s3.keepLocal ? 'kept' : 'removed'}`
      : 'S3 upload: off',
    `recordings folder: ${share.answers ? 'answers' : 'does NOT answer'}${share.network ? ' (network share)' : ''}`,
    `local scratch: ${share.scratchDir} (${share.waiting} finished recording(s) waiting for the share)`,
  ];
}

export function registerPostProcessCommands(program: Command, context: CliContext): void {
  const profile = program
    .command('profile')
    .description('stream profiles: copy, H.264 transcode, audio only');

  profile
    .command('list')
    .description('list the stream profiles')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const list = await context.call('profiles.list', {});
      context.print(opts.json, list, () =>
        list.length === 0 ? ['no profiles (recordings are stream copies)'] : list.map(describeProfile),
      );
    });

  profileOptions(
    profile.command('add <name>').description('add a profile (default: H.264 after capture)'),
  ).action(async (name: string, opts: ProfileOpts) => {
    const added = await context.call('profiles.add', { name, ...profileFields(opts) });
    context.print(opts.json, added, () => [`added ${describeProfile(added)}`]);
  });

  profileOptions(profile.command('edit <id>').description('change a profile (only the options given)'))
    .option('--name <name>', 'a new name')
    .action(async (raw: string, opts: ProfileOpts) => {
      const fields = { ...(opts.name !== undefined ? { name: opts.name } : {}), ...profileFields(opts) };
      if (Object.keys(fields).length === 0)
        throw new CliError('nothing to change: give an option (see --help)');
      const changed = await context.call('profiles.update', { id: positiveId(raw, 'profile id'), ...fields });
      context.print(opts.json, changed, () => [`changed ${describeProfile(changed)}`]);
    });

  profile
    .command('remove <id>')
    .description('remove a profile (what used it falls back to the next in line)')
    .option('--json', 'print JSON')
    .action(async (raw: string, opts: { json?: boolean }) => {
      const removed = await context.call('profiles.remove', { id: positiveId(raw, 'profile id') });
      context.print(opts.json, removed, () => [`removed profile #${removed.id}`]);
    });

  profile
    .command('assign <target> <id> <profile>')
    .description(
      'give a recording, rule or source a profile ("none": inherit); recording > rule > source > setting',
    )
    .option('--json', 'print JSON')
    .action(async (target: string, raw: string, profileRaw: string, opts: { json?: boolean }) => {
      if (target !== 'recording' && target !== 'rule' && target !== 'source') {
        throw new CliError(`the target is recording, rule or source, not "${target}"`);
      }
      const profileId = profileRaw === 'none' ? null : positiveId(profileRaw, 'profile id');
      const result = await context.call('profiles.assign', {
        target,
        id: positiveId(raw, `${target} id`),
        profileId,
      });
      context.print(opts.json, result, () => [
        `${target} #${result.id}: ${result.profileId === null ? 'inherits its profile' : `profile #${result.profileId}`}`,
      ]);
    });

  profile
    .command('encoders')
    .description('the H.264 encoders this ffmpeg offers')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const offer = await context.call('profiles.encoders', {});
      context.print(opts.json, offer, () => [
        'software (libx264)',
        ...offer.hardware.map((h) => `${h.encoder} (${h.ffmpegName}; needs the hardware)`),
      ]);
    });

  const jobs = program
    .command('jobs')
    .description('post-processing jobs: transcode, comskip, move, hook, upload');
  jobs
    .command('list')
    .description('list post-processing jobs')
    .option('--recording <id>', 'only this recording')
    .addOption(new Option('--state <state>', 'only jobs in this state').choices(JOB_STATES))
    .option('--json', 'print JSON')
    .action(async (opts: { recording?: string; state?: JobState; json?: boolean }) => {
      const list = await context.call('jobs.list', {
        ...(opts.recording ? { recordingId: positiveId(opts.recording, 'recording id') } : {}),
        ...(opts.state ? { state: opts.state } : {}),
      });
      context.print(opts.json, list, () => (list.length === 0 ? ['no jobs'] : list.map(describeJob)));
    });
  jobs
    .command('retry <id>')
    .description('run a failed or skipped job again')
    .option('--json', 'print JSON')
    .action(async (raw: string, opts: { json?: boolean }) => {
      const job = await context.call('jobs.retry', { id: positiveId(raw, 'job id') });
      context.print(opts.json, job, () => [describeJob(job)]);
    });
  jobs
    .command('run <recording> <steps...>')
    .description(`queue steps for a finished recording (${JOB_STEPS.join(', ')})`)
    .option('--json', 'print JSON')
    .action(async (raw: string, steps: string[], opts: { json?: boolean }) => {
      const bad = steps.find((s) => !(JOB_STEPS as readonly string[]).includes(s));
      if (bad) throw new CliError(`"${bad}" is not a step; the steps are ${JOB_STEPS.join(', ')}`);
      const queued = await context.call('jobs.enqueue', {
        recordingId: positiveId(raw, 'recording id'),
        steps: steps as JobStep[],
      });
      context.print(opts.json, queued, () => queued.map(describeJob));
    });

  const storage = program.command('storage').description('remote storage: S3 upload and a network share');
  storage
    .command('show')
    .description('the S3 settings (never the secret) and the recordings folder state')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const view = await context.call('storage.get', {});
      context.print(opts.json, view, () => describeStorage(view));
    });
  storage
    .command('s3-secret')
    .description('store the S3 secret access key, read from standard input (empty input removes it)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const secret = readFileSync(0, 'utf8').replace(/\r?\n$/, '');
      const view = await context.call('storage.setS3Secret', {
        secretAccessKey: secret === '' ? null : secret,
      });
      context.print(opts.json, view, () => [`S3 secret ${view.s3.secretSet ? 'stored' : 'removed'}`]);
    });
  storage
    .command('test-s3')
    .description('check that the bucket answers with the stored credentials')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const result = await context.call('storage.testS3', {});
      context.print(opts.json, result, () => [`bucket ${result.bucket} answers`]);
    });
}
