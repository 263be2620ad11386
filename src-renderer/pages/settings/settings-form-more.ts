// The Settings screen's newer fields (library, retention, after recording, desktop) and their checks,
// kept apart from settings-form.ts (which composes them) so each file stays small. Pure: unit-tested.
// Templates, the STRM address and the webhook are checked by the shared code the core itself uses, so
// the screen refuses exactly what settings.update would.
import type { z } from 'zod';
import { templateProblem } from '../../../src-shared/naming-template';
import { SETTING_LIMITS, SettingsSchema, type Settings } from '../../../src-shared/settings';
import { strmBaseUrl, type SidecarSwitches } from '../../../src-shared/settings-library';
import { parseDuration } from '../../../src-shared/time-input';

export const MORE_KEYS = [
  'keepFreeGiB',
  'library',
  'comskipEnabled',
  'comskipCut',
  'comskipPath',
  'comskipIni',
  'comskipTimeoutMin',
  'postProcessCommand',
  'postProcessTimeoutSec',
  'scratchSegments',
  'defaultProfileId',
  'transcodeKeepOriginal',
  'openAtLogin',
  'wakeForRecordings',
  'webhookUrl',
] as const satisfies ReadonlyArray<keyof Settings>;

export type MoreSettings = Pick<Settings, (typeof MORE_KEYS)[number]>;

export const SCRATCH_CHOICES = ['auto', 'always', 'never'] as const;
export type ScratchChoice = (typeof SCRATCH_CHOICES)[number];

export interface MoreForm {
  namingSeries: string;
  namingEpisode: string;
  namingMovie: string;
  sidecars: SidecarSwitches;
  /** Empty: no .strm files can be written (they need an address other machines reach). */
  strmBaseUrl: string;
  /** Whole GiB; empty: no free-space target. */
  keepFreeGiB: string;
  comskipEnabled: boolean;
  comskipCut: boolean;
  comskipPath: string;
  comskipIni: string;
  /** Whole minutes. */
  comskipTimeoutMin: string;
  /** One argument per line (the first is the program); never a shell string. Empty: no command. */
  postProcessCommand: string;
  /** Minutes, or 90s / 1h30m. */
  postProcessTimeout: string;
  scratchSegments: ScratchChoice;
  /** A profile's id as text; empty: copy the stream as it comes. */
  defaultProfileId: string;
  transcodeKeepOriginal: boolean;
  openAtLogin: boolean;
  wakeForRecordings: boolean;
  /** Empty: no webhook. */
  webhookUrl: string;
}

export type MoreErrors = Partial<Record<keyof MoreForm, string>>;

/** Seconds as typed back: whole minutes as a number, else seconds ("90s"). */
const durationField = (sec: number): string => (sec % 60 === 0 ? String(sec / 60) : `${sec}s`);

/** The lines of a command field, as arguments (blank lines dropped; spaces inside a line kept). */
export function commandArgs(text: string): string[] {
  return text
    .split('\n')
    .map((line) => line.replace(/\r$/, ''))
    .filter((line) => line.trim() !== '');
}

export function moreFormOf(s: MoreSettings): MoreForm {
  return {
    namingSeries: s.library.naming.series,
    namingEpisode: s.library.naming.episode,
    namingMovie: s.library.naming.movie,
    sidecars: { ...s.library.sidecars },
    strmBaseUrl: s.library.strmBaseUrl ?? '',
    keepFreeGiB: s.keepFreeGiB === null ? '' : String(s.keepFreeGiB),
    comskipEnabled: s.comskipEnabled,
    comskipCut: s.comskipCut,
    comskipPath: s.comskipPath ?? '',
    comskipIni: s.comskipIni ?? '',
    comskipTimeoutMin: String(s.comskipTimeoutMin),
    postProcessCommand: (s.postProcessCommand ?? []).join('\n'),
    postProcessTimeout: durationField(s.postProcessTimeoutSec),
    scratchSegments: s.scratchSegments,
    defaultProfileId: s.defaultProfileId === null ? '' : String(s.defaultProfileId),
    transcodeKeepOriginal: s.transcodeKeepOriginal,
    openAtLogin: s.openAtLogin,
    wakeForRecordings: s.wakeForRecordings,
    webhookUrl: s.webhookUrl ?? '',
  };
}

/** The first message a shared schema gives for a value, capitalised for the screen; null when it passes. */
function schemaProblem(schema: z.ZodType, value: unknown): string | null {
  const result = schema.safeParse(value);
  if (result.success) return null;
  const message = result.error.issues[0]?.message ?? 'not valid';
  return message.charAt(0).toUpperCase() + message.slice(1);
}

function wholeNumber(
  text: string,
  limits: { min: number; max: number },
  key: keyof MoreForm,
  errors: MoreErrors,
  message: string,
): number | null {
  const t = text.trim();
  if (!t) return null;
  const n = Number(t);
  if (!/^\d+$/.test(t) || n < limits.min || n > limits.max) {
    errors[key] = message;
    return null;
  }
  return n;
}

const isAbsolute = (path: string): boolean =>
  path.startsWith('/') || /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

/** The form's newer fields as settings; what is wrong goes into `errors`, per field. */
export function checkMore(form: MoreForm, errors: MoreErrors): MoreSettings {
  const naming = { series: form.namingSeries, episode: form.namingEpisode, movie: form.namingMovie };
  for (const [key, value] of [
    ['namingSeries', naming.series],
    ['namingEpisode', naming.episode],
    ['namingMovie', naming.movie],
  ] as const) {
    const problem = templateProblem(value);
    if (problem) errors[key] = problem.charAt(0).toUpperCase() + problem.slice(1);
  }

  let strm: string | null = null;
  if (form.strmBaseUrl.trim()) {
    const parsed = strmBaseUrl.safeParse(form.strmBaseUrl);
    if (parsed.success) strm = parsed.data;
    else errors.strmBaseUrl = schemaProblem(strmBaseUrl, form.strmBaseUrl) ?? undefined;
  } else if (form.sidecars.strm) {
    errors.strmBaseUrl = 'Give the address other machines reach Tapedeck at, or switch .strm files off';
  }

  const { keepFreeGiB: freeLimits, comskipTimeoutMin: comskipLimits } = SETTING_LIMITS;
  const keepFreeGiB = wholeNumber(
    form.keepFreeGiB,
    freeLimits,
    'keepFreeGiB',
    errors,
    `Give whole GiB from ${freeLimits.min}, or leave it empty for no target`,
  );
  const comskipTimeoutMin =
    wholeNumber(
      form.comskipTimeoutMin,
      comskipLimits,
      'comskipTimeoutMin',
      errors,
      `Give whole minutes from ${comskipLimits.min} to ${comskipLimits.max}`,
    ) ?? 0;
  if (!form.comskipTimeoutMin.trim())
    errors.comskipTimeoutMin = `Give whole minutes from ${comskipLimits.min} to ${comskipLimits.max}`;

  for (const key of ['comskipPath', 'comskipIni'] as const) {
    const p = form[key].trim();
    if (p && !isAbsolute(p))
      errors[key] =
        'Give a full path, or leave it empty for ' +
        (key === 'comskipPath' ? 'comskip on PATH' : 'Tapedeck’s own');
  }

  const args = commandArgs(form.postProcessCommand);
  if (args.length > 100) errors.postProcessCommand = 'At most 100 arguments';
  else if (args.some((a) => a.length > 4096))
    errors.postProcessCommand = 'An argument is over 4096 characters';

  let postProcessTimeoutSec = 0;
  const limits = SETTING_LIMITS.postProcessTimeoutSec;
  try {
    postProcessTimeoutSec = Math.round(parseDuration(form.postProcessTimeout) / 1000);
    if (postProcessTimeoutSec < limits.min || postProcessTimeoutSec > limits.max)
      errors.postProcessTimeout = 'From 1 second to 24 hours';
  } catch {
    errors.postProcessTimeout = 'Give minutes (10) or a duration such as 90s or 1h30m';
  }

  let defaultProfileId: number | null = null;
  if (form.defaultProfileId) {
    const n = Number(form.defaultProfileId);
    if (Number.isInteger(n) && n > 0) defaultProfileId = n;
    else errors.defaultProfileId = 'Choose a profile';
  }

  const webhook = form.webhookUrl.trim();
  if (webhook) {
    const problem = schemaProblem(SettingsSchema.shape.webhookUrl, webhook);
    if (problem) errors.webhookUrl = problem;
  }

  return {
    keepFreeGiB,
    library: { naming, sidecars: { ...form.sidecars }, strmBaseUrl: strm },
    comskipEnabled: form.comskipEnabled,
    comskipCut: form.comskipCut,
    comskipPath: form.comskipPath.trim() || null,
    comskipIni: form.comskipIni.trim() || null,
    comskipTimeoutMin,
    postProcessCommand: args.length ? args : null,
    postProcessTimeoutSec,
    scratchSegments: form.scratchSegments,
    defaultProfileId,
    transcodeKeepOriginal: form.transcodeKeepOriginal,
    openAtLogin: form.openAtLogin,
    wakeForRecordings: form.wakeForRecordings,
    webhookUrl: webhook || null,
  };
}

/** Which setting each field saves into (the library's fields all save `library`, whole). */
export const MORE_CORE_KEY: Record<keyof MoreForm, keyof MoreSettings> = {
  namingSeries: 'library',
  namingEpisode: 'library',
  namingMovie: 'library',
  sidecars: 'library',
  strmBaseUrl: 'library',
  keepFreeGiB: 'keepFreeGiB',
  comskipEnabled: 'comskipEnabled',
  comskipCut: 'comskipCut',
  comskipPath: 'comskipPath',
  comskipIni: 'comskipIni',
  comskipTimeoutMin: 'comskipTimeoutMin',
  postProcessCommand: 'postProcessCommand',
  postProcessTimeout: 'postProcessTimeoutSec',
  scratchSegments: 'scratchSegments',
  defaultProfileId: 'defaultProfileId',
  transcodeKeepOriginal: 'transcodeKeepOriginal',
  openAtLogin: 'openAtLogin',
  wakeForRecordings: 'wakeForRecordings',
  webhookUrl: 'webhookUrl',
};
