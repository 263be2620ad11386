// The contract's post-processing part (issue 12, items 5-8): stream profiles, the post-finalize job
// queue (transcode, commercial detection, the user's hook, moving off local scratch, S3 upload), the
// breaks a player skips, and remote storage. Merged into `commands` by contract.ts.
import { z } from 'zod';
import { command, id } from './contract-kit';

export const PROFILE_KINDS = ['copy', 'transcode', 'audio'] as const;
export type ProfileKind = (typeof PROFILE_KINDS)[number];
/** During capture (ffmpeg encodes as it records) or after it (a job on the finished file). */
export const PROFILE_WHEN = ['capture', 'after'] as const;
export type ProfileWhen = (typeof PROFILE_WHEN)[number];
/** auto: yadif only where the video is interlaced (broadcast MPEG-2 from an HDHomeRun, say). */
export const DEINTERLACE_MODES = ['auto', 'on', 'off'] as const;
export type DeinterlaceMode = (typeof DEINTERLACE_MODES)[number];
/** software is libx264; the others are ffmpeg's hardware H.264 encoders, offered when it lists them. */
export const VIDEO_ENCODERS = ['software', 'vaapi', 'nvenc', 'qsv', 'videotoolbox'] as const;
export type VideoEncoder = (typeof VIDEO_ENCODERS)[number];
export const X264_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;
export type X264Preset = (typeof X264_PRESETS)[number];

export interface Profile {
  id: number;
  name: string;
  kind: ProfileKind;
  when: ProfileWhen;
  /** H.264 quality: x264's CRF (lower is better; 18-28 is sensible), mapped onto the hardware scales. */
  crf: number;
  preset: X264Preset;
  deinterlace: DeinterlaceMode;
  encoder: VideoEncoder;
  /** Scale down to at most this many lines (null: keep the size). */
  maxHeight: number | null;
  audioBitrateKbps: number;
  createdAt: number;
  updatedAt: number;
}

const profileName = z.string().trim().min(1, 'the name is empty').max(100, 'the name is over 100 characters');
const profileFields = {
  kind: z.enum(PROFILE_KINDS),
  when: z.enum(PROFILE_WHEN),
  crf: z.number().int().min(0).max(51),
  preset: z.enum(X264_PRESETS),
  deinterlace: z.enum(DEINTERLACE_MODES),
  encoder: z.enum(VIDEO_ENCODERS),
  maxHeight: z.number().int().min(144).max(4320).nullable(),
  audioBitrateKbps: z.number().int().min(32).max(512),
};
export const PROFILE_DEFAULTS = {
  kind: 'transcode',
  when: 'after',
  crf: 23,
  preset: 'veryfast',
  deinterlace: 'auto',
  encoder: 'software',
  maxHeight: null,
  audioBitrateKbps: 128,
} as const satisfies { [K in keyof typeof profileFields]: z.output<(typeof profileFields)[K]> };

const F = profileFields;
const D = PROFILE_DEFAULTS;
export const ProfileInput = z
  .object({
    name: profileName,
    kind: F.kind.default(D.kind),
    when: F.when.default(D.when),
    crf: F.crf.default(D.crf),
    preset: F.preset.default(D.preset),
    deinterlace: F.deinterlace.default(D.deinterlace),
    encoder: F.encoder.default(D.encoder),
    maxHeight: F.maxHeight.default(D.maxHeight),
    audioBitrateKbps: F.audioBitrateKbps.default(D.audioBitrateKbps),
  })
  .strict();
export type ProfileInput = z.input<typeof ProfileInput>;
export const ProfileUpdate = z
  .object({
    id,
    name: profileName.optional(),
    kind: F.kind.optional(),
    when: F.when.optional(),
    crf: F.crf.optional(),
    preset: F.preset.optional(),
    deinterlace: F.deinterlace.optional(),
    encoder: F.encoder.optional(),
    maxHeight: F.maxHeight.optional(),
    audioBitrateKbps: F.audioBitrateKbps.optional(),
  })
  .strict();

/** What ffmpeg offers: software H.264 always, and the hardware encoders `ffmpeg -encoders` lists. */
export interface EncoderOffer {
  software: true;
  hardware: Array<{ encoder: Exclude<VideoEncoder, 'software'>; ffmpegName: string }>;
}

export const JOB_STEPS = ['transcode', 'comskip', 'move', 'hook', 'upload'] as const;
export type JobStep = (typeof JOB_STEPS)[number];
export const JOB_STATES = ['pending', 'running', 'done', 'failed', 'skipped'] as const;
export type JobState = (typeof JOB_STATES)[number];

/** One step of one recording's post-processing; the queue runs a recording's steps in order. */
export interface Job {
  id: number;
  recordingId: number;
  step: JobStep;
  state: JobState;
  attempts: number;
  /** When a pending job may run (after a failure: the backoff). */
  nextAt: number;
  error: string | null;
  /** The last 4 KiB of what the step's program printed (ffmpeg, comskip, the hook). */
  outputTail: string | null;
  /** What the step produced (breaks, the S3 key, the file it replaced...), for the details screen. */
  result: Record<string, unknown> | null;
  createdAt: number;
  updatedAt: number;
  finishedAt: number | null;
}

/** A commercial break in the file as it is now, in media time. */
export interface Break {
  startMs: number;
  endMs: number;
}

export interface RecordingBreaks {
  id: number;
  /** Breaks to skip in the current file (empty once they were cut out). */
  breaks: Break[];
  /** The EDL kept beside the file (Kodi reads it too), if any. */
  edlPath: string | null;
  /** True when the breaks were cut out of the file (losslessly). */
  cut: boolean;
  /** How much the cut removed. */
  removedMs: number;
  /** Why there are none: detection did not run, failed, or is still to come. */
  note: string | null;
}

/** A recording's upload, as the details screen shows it (from its upload job). */
export type UploadState = 'none' | 'pending' | 'uploading' | 'uploaded' | 'failed';

export interface StorageView {
  s3: {
    /** The settings' s3 part (no secret), or null when uploads are off. */
    config: S3Config | null;
    /** A secret access key is stored (it is never shown). */
    secretSet: boolean;
  };
  share: {
    /** Where segments and finished files wait while the recordings folder does not answer. */
    scratchDir: string;
    /** The recordings folder is on a network file system (NFS, SMB, sshfs...). */
    network: boolean;
    /** It answered the last check (exists, writable). */
    answers: boolean;
    /** Finished recordings waiting in scratch for the share. */
    waiting: number;
  };
}

/** The S3 settings (src-shared/settings.ts `s3`); the secret lives in the secret store. */
export const S3Config = z
  .object({
    /** An S3-compatible endpoint (MinIO, Backblaze, Wasabi...); null: AWS for the region. */
    endpoint: z.url({ protocol: /^https?$/, error: 'the endpoint must be an http(s) URL' }).nullable(),
    region: z.string().trim().min(1).max(64),
    bucket: z
      .string()
      .trim()
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'not a valid bucket name'),
    /** Keys start with this (no leading slash), e.g. "tv/". */
    prefix: z
      .string()
      .max(200)
      .regex(/^[^\\]*$/, 'use / in the prefix')
      .transform((p) => p.replace(/^\/+/, '')),
    accessKeyId: z.string().trim().min(1).max(200),
    forcePathStyle: z.boolean(),
    /** Keep the local file after a verified upload (false: removed once the upload is checked). */
    keepLocal: z.boolean(),
    /** Tries per upload before it is left failed (backoff between them). */
    maxAttempts: z.number().int().min(1).max(100),
  })
  .strict();
export type S3Config = z.output<typeof S3Config>;

const ByRecording = z.object({ id }).strict();
const Empty = z.object({}).strict().default({});
const AssignTarget = z.enum(['recording', 'rule', 'source']);

export const libraryProcessCommands = {
  'profiles.list': command(Empty).returns<Profile[]>(),
  'profiles.get': command(z.object({ id }).strict()).returns<Profile>(),
  'profiles.add': command(ProfileInput).returns<Profile>(),
  'profiles.update': command(ProfileUpdate).returns<Profile>(),
  /** Removes a profile; recordings, rules and sources that used it fall back (refused while one records with it). */
  'profiles.remove': command(z.object({ id }).strict()).returns<{ id: number }>(),
  /** Gives a recording, rule or source a profile (null: inherit). Recording > rule > source > setting > copy. */
  'profiles.assign': command(
    z.object({ target: AssignTarget, id, profileId: id.nullable() }).strict(),
  ).returns<{ target: 'recording' | 'rule' | 'source'; id: number; profileId: number | null }>(),
  /** The profile a recording gets, and where it came from. */
  'profiles.effective': command(ByRecording).returns<{
    profile: Profile | null;
    from: 'recording' | 'rule' | 'source' | 'setting' | 'default';
  }>(),
  /** Encoders ffmpeg offers (hardware ones when `ffmpeg -encoders` lists them). */
  'profiles.encoders': command(Empty).returns<EncoderOffer>(),
  'jobs.list': command(
    z
      .object({ recordingId: id.optional(), state: z.enum(JOB_STATES).optional() })
      .strict()
      .default({}),
  ).returns<Job[]>(),
  /** Runs a failed or skipped job again (now). */
  'jobs.retry': command(z.object({ id }).strict()).returns<Job>(),
  /** Queues steps for a finished recording again (comskip on an old one, an upload...). */
  'jobs.enqueue': command(
    z.object({ recordingId: id, steps: z.array(z.enum(JOB_STEPS)).min(1).max(JOB_STEPS.length) }).strict(),
  ).returns<Job[]>(),
  /** The commercial breaks to skip while playing (from comskip's EDL). */
  'recordings.breaks': command(ByRecording).returns<RecordingBreaks>(),
  /** A recording's upload state. */
  'recordings.upload': command(ByRecording).returns<{
    id: number;
    state: UploadState;
    job: Job | null;
  }>(),
  'storage.get': command(Empty).returns<StorageView>(),
  /** Stores the S3 secret access key in the secret store (never returned); null removes it. */
  'storage.setS3Secret': command(
    z.object({ secretAccessKey: z.string().min(1).max(500).nullable() }).strict(),
  ).returns<StorageView>(),
  /** Checks the S3 settings: the bucket answers with these credentials. */
  'storage.testS3': command(Empty).returns<{ ok: true; bucket: string }>(),
} as const;

export interface LibraryProcessEventMap {
  /** A post-processing job was queued, started, finished, failed or will retry. */
  'library.job': Job;
}
export const LIBRARY_PROCESS_EVENT_NAMES = ['library.job'] as const;
