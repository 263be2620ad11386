// What a stream profile asks of ffmpeg, as argument arrays (pure: unit-tested without ffmpeg). Used by
// the capture arguments (record/ffmpeg-args.ts) when a profile encodes while recording, and by the
// transcode step on a finished file.
import type { EncoderOffer, Profile, VideoEncoder } from '../../../../src-shared/contract-library-process';

export type EncodeProfile = Pick<
  Profile,
  'kind' | 'crf' | 'preset' | 'deinterlace' | 'encoder' | 'maxHeight' | 'audioBitrateKbps'
>;

export interface EncodeArgs {
  /** Global options that go before the input (a VAAPI device). */
  beforeInput: string[];
  /** Which streams are kept: `-map ...` pairs. */
  maps: string[];
  /** Codec and filter options for the output. */
  codecs: string[];
}

/** The software encoder and each hardware one, by ffmpeg's name. */
export const ENCODER_NAMES: Record<VideoEncoder, string> = {
  software: 'libx264',
  vaapi: 'h264_vaapi',
  nvenc: 'h264_nvenc',
  qsv: 'h264_qsv',
  videotoolbox: 'h264_videotoolbox',
};

/** The render node VAAPI encodes on (the first GPU; the usual one on a single-GPU machine). */
const VAAPI_DEVICE = '/dev/dri/renderD128';

/**
 * Maps and codec options for a profile. `interlaced`: what ffprobe said of the source (field_order),
 * or null when it is not known yet (while capturing): deinterlace 'auto' then asks yadif to touch only
 * frames flagged interlaced, which leaves progressive video as it is.
 */
export function encodeArgs(
  profile: EncodeProfile,
  options: { interlaced: boolean | null; subtitles: boolean },
): EncodeArgs {
  if (profile.kind === 'copy') {
    const maps = ['-map', '0:v?', '-map', '0:a?'];
    if (options.subtitles) maps.push('-map', '0:s?');
    return { beforeInput: [], maps, codecs: ['-c', 'copy'] };
  }
  const audio = ['-c:a', 'aac', '-b:a', `${profile.audioBitrateKbps}k`];
  if (profile.kind === 'audio') {
    return { beforeInput: [], maps: ['-map', '0:a'], codecs: ['-vn', '-sn', '-dn', ...audio] };
  }
  const maps = ['-map', '0:v?', '-map', '0:a?'];
  if (options.subtitles) maps.push('-map', '0:s?');
  const filters: string[] = [];
  const deinterlace =
    profile.deinterlace === 'on' || (profile.deinterlace === 'auto' && options.interlaced !== false);
  if (deinterlace) {
    // send_frame keeps the frame rate; parity=auto reads the field order from the stream.
    const which = profile.deinterlace === 'on' || options.interlaced === true ? 'all' : 'interlaced';
    filters.push(`yadif=mode=send_frame:parity=auto:deint=${which}`);
  }
  // Only ever down: a 576-line source with maxHeight 720 stays 576. -2 keeps the width even.
  if (profile.maxHeight !== null) filters.push(`scale=-2:'min(ih,${profile.maxHeight})'`);
  const beforeInput: string[] = [];
  const video: string[] = ['-c:v', ENCODER_NAMES[profile.encoder]];
  switch (profile.encoder) {
    case 'software':
      filters.push('format=yuv420p');
      video.push('-preset', profile.preset, '-crf', String(profile.crf));
      break;
    case 'nvenc':
      filters.push('format=yuv420p');
      video.push('-preset', 'p4', '-rc', 'vbr', '-cq', String(profile.crf), '-b:v', '0');
      break;
    case 'qsv':
      filters.push('format=nv12');
      video.push('-global_quality', String(profile.crf));
      break;
    case 'vaapi':
      beforeInput.push('-vaapi_device', VAAPI_DEVICE);
      filters.push('format=nv12', 'hwupload');
      video.push('-qp', String(profile.crf));
      break;
    case 'videotoolbox':
      filters.push('format=yuv420p');
      // VideoToolbox's quality runs 1-100, higher is better: CRF 0 -> 100, 51 -> 1.
      video.push('-q:v', String(Math.max(1, Math.round(100 - (profile.crf * 99) / 51))));
      break;
  }
  const codecs = ['-vf', filters.join(','), ...video, ...audio];
  if (options.subtitles) codecs.push('-c:s', 'copy');
  return { beforeInput, maps, codecs };
}

/**
 * The hardware H.264 encoders in `ffmpeg -hide_banner -encoders` output (lines such as
 * ` V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)`). Listed means built in, not that the
 * machine has the hardware: a profile using one fails its transcode (and keeps the original) if not.
 */
export function parseEncoders(text: string): EncoderOffer {
  const listed = new Set<string>();
  for (const line of text.split('\n')) {
    const match = /^\s*V[A-Z.]{5}\s+(\S+)/.exec(line);
    if (match) listed.add(match[1]!);
  }
  const hardware: EncoderOffer['hardware'] = [];
  for (const encoder of ['vaapi', 'nvenc', 'qsv', 'videotoolbox'] as const) {
    const ffmpegName = ENCODER_NAMES[encoder];
    if (listed.has(ffmpegName)) hardware.push({ encoder, ffmpegName });
  }
  return { software: true, hardware };
}

/** ffprobe's field_order: tt/bb/tb/bt are interlaced, progressive is not; anything else is unknown. */
export function isInterlaced(fieldOrder: string | undefined | null): boolean | null {
  if (!fieldOrder) return null;
  if (['tt', 'bb', 'tb', 'bt'].includes(fieldOrder)) return true;
  if (fieldOrder === 'progressive') return false;
  return null;
}
