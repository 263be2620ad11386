// Stream profile arguments (what ffmpeg is asked for each kind, encoder and deinterlace mode), the
// encoder list parsed from `ffmpeg -encoders`, and the EDL/chapter arithmetic comskip's output feeds.
import { describe, expect, it } from 'vitest';
import { buildCaptureArgs, buildTranscodeArgs } from '../../src-main/core/record/ffmpeg-args';
import {
  encodeArgs,
  isInterlaced,
  parseEncoders,
  type EncodeProfile,
} from '../../src-main/core/library/postprocess/profile-args';
import {
  chaptersFor,
  cutList,
  ffmetadata,
  gapPositions,
  keptRanges,
  parseEdl,
  positionAfterCut,
} from '../../src-main/core/library/postprocess/edl';

const H264: EncodeProfile = {
  kind: 'transcode',
  crf: 23,
  preset: 'veryfast',
  deinterlace: 'auto',
  encoder: 'software',
  maxHeight: null,
  audioBitrateKbps: 128,
};

function valueAfter(args: readonly string[], flag: string): string | undefined {
  const i = args.indexOf(flag);
  return i >= 0 ? args[i + 1] : undefined;
}

describe('profile arguments', () => {
  it('copy keeps every stream as it is', () => {
    const copy = encodeArgs({ ...H264, kind: 'copy' }, { interlaced: null, subtitles: true });
    expect(copy.codecs).toEqual(['-c', 'copy']);
    expect(copy.maps).toEqual(['-map', '0:v?', '-map', '0:a?', '-map', '0:s?']);
    // The capture arguments without a profile are this copy.
    const capture = buildCaptureArgs({ url: 'http://x.test/a.ts', output: '/o.ts' });
    expect(valueAfter(capture, '-c')).toBe('copy');
  });

  it('H.264 in software: libx264 with the preset and CRF, AAC at the bitrate', () => {
    const { codecs, beforeInput } = encodeArgs(
      { ...H264, crf: 28, preset: 'ultrafast', audioBitrateKbps: 96 },
      { interlaced: false, subtitles: false },
    );
    expect(beforeInput).toEqual([]);
    expect(valueAfter(codecs, '-c:v')).toBe('libx264');
    expect(valueAfter(codecs, '-preset')).toBe('ultrafast');
    expect(valueAfter(codecs, '-crf')).toBe('28');
    expect(valueAfter(codecs, '-c:a')).toBe('aac');
    expect(valueAfter(codecs, '-b:a')).toBe('96k');
    // Progressive source and deinterlace auto: no yadif; no subtitles asked: none copied.
    expect(valueAfter(codecs, '-vf')).toBe('format=yuv420p');
    expect(codecs).not.toContain('-c:s');
  });

  it('deinterlaces by what ffprobe said, or only flagged frames when it is not known yet', () => {
    const vf = (profile: EncodeProfile, interlaced: boolean | null) =>
      valueAfter(encodeArgs(profile, { interlaced, subtitles: true }).codecs, '-vf')!;
    expect(vf(H264, true)).toMatch(/^yadif=mode=send_frame:parity=auto:deint=all,/);
    expect(vf(H264, null)).toMatch(/^yadif=.*deint=interlaced,/);
    expect(vf(H264, false)).not.toMatch(/yadif/);
    expect(vf({ ...H264, deinterlace: 'on' }, false)).toMatch(/deint=all/);
    expect(vf({ ...H264, deinterlace: 'off' }, true)).not.toMatch(/yadif/);
  });

  it('scales only down, keeping the width even', () => {
    const vf = valueAfter(
      encodeArgs({ ...H264, maxHeight: 720 }, { interlaced: false, subtitles: false }).codecs,
      '-vf',
    );
    expect(vf).toContain("scale=-2:'min(ih,720)'");
  });

  it('maps the quality onto each hardware encoder', () => {
    const vaapi = encodeArgs({ ...H264, encoder: 'vaapi', crf: 25 }, { interlaced: false, subtitles: false });
    expect(vaapi.beforeInput).toEqual(['-vaapi_device', '/dev/dri/renderD128']);
    expect(valueAfter(vaapi.codecs, '-c:v')).toBe('h264_vaapi');
    expect(valueAfter(vaapi.codecs, '-vf')).toMatch(/format=nv12,hwupload$/);
    expect(valueAfter(vaapi.codecs, '-qp')).toBe('25');
    const nvenc = encodeArgs({ ...H264, encoder: 'nvenc', crf: 25 }, { interlaced: false, subtitles: false });
    expect(valueAfter(nvenc.codecs, '-cq')).toBe('25');
    const qsv = encodeArgs({ ...H264, encoder: 'qsv', crf: 25 }, { interlaced: false, subtitles: false });
    expect(valueAfter(qsv.codecs, '-global_quality')).toBe('25');
    const vt = (crf: number) =>
      valueAfter(
        encodeArgs({ ...H264, encoder: 'videotoolbox', crf }, { interlaced: false, subtitles: false }).codecs,
        '-q:v',
      );
    expect([vt(0), vt(51)]).toEqual(['100', '1']);
  });

  it('audio only drops video, subtitles and data', () => {
    const audio = encodeArgs({ ...H264, kind: 'audio' }, { interlaced: true, subtitles: true });
    expect(audio.maps).toEqual(['-map', '0:a']);
    expect(audio.codecs.slice(0, 3)).toEqual(['-vn', '-sn', '-dn']);
    expect(audio.codecs).not.toContain('-vf');
  });

  it('transcode arguments: input, then the encode, the container, the output last', () => {
    const args = buildTranscodeArgs('/r/in.ts', '/r/.in.transcode.mp4', 'mp4', H264, true);
    expect(valueAfter(args, '-i')).toBe('/r/in.ts');
    expect(args.at(-1)).toBe('/r/.in.transcode.mp4');
    expect(valueAfter(args, '-f')).toBe('mp4');
    // MP4 cannot hold DVB subtitles: none mapped.
    expect(args).not.toContain('0:s?');
    const capture = buildCaptureArgs({ url: 'http://x.test/a.ts', output: '/o.ts', profile: H264 });
    expect(valueAfter(capture, '-c:v')).toBe('libx264');
    expect(capture.indexOf('-c:v')).toBeGreaterThan(capture.indexOf('-i'));
  });

  it('reads the field order and the hardware encoders ffmpeg lists', () => {
    expect([
      isInterlaced('tt'),
      isInterlaced('bb'),
      isInterlaced('progressive'),
      isInterlaced('unknown'),
    ]).toEqual([true, true, false, null]);
    const listing = [
      'Encoders:',
      ' V..... = Video',
      ' ------',
      ' V....D libx264              libx264 H.264 / AVC (codec h264)',
      ' V....D h264_nvenc           NVIDIA NVENC H.264 encoder (codec h264)',
      ' V....D h264_vaapi           H.264/AVC (VAAPI) (codec h264)',
      ' A....D aac                  AAC (Advanced Audio Coding)',
    ].join('\n');
    expect(parseEncoders(listing)).toEqual({
      software: true,
      hardware: [
        { encoder: 'vaapi', ffmpegName: 'h264_vaapi' },
        { encoder: 'nvenc', ffmpegName: 'h264_nvenc' },
      ],
    });
  });
});

describe('EDL and chapters', () => {
  it('keeps commercial and cut lines, merges overlaps, clips to the file', () => {
    const edl = ['10.00\t20.00\t0', '15.5 25 0', '30 31 1', '40 38 0', 'junk', '50 70 3', ''].join('\n');
    expect(parseEdl(edl, 60_000)).toEqual([
      { startMs: 10_000, endMs: 25_000 },
      { startMs: 50_000, endMs: 60_000 },
    ]);
  });

  it('keeps the parts between breaks, and maps positions into the cut file', () => {
    const breaks = [
      { startMs: 10_000, endMs: 20_000 },
      { startMs: 40_000, endMs: 45_000 },
    ];
    expect(keptRanges(breaks, 60_000)).toEqual([
      { startMs: 0, endMs: 10_000 },
      { startMs: 20_000, endMs: 40_000 },
      { startMs: 45_000, endMs: 60_000 },
    ]);
    expect(positionAfterCut(breaks, 50_000)).toBe(35_000);
    expect(positionAfterCut(breaks, 15_000)).toBe(10_000);
    expect(cutList("/r/it's.ts", [{ startMs: 0, endMs: 1500 }])).toBe(
      "file '/r/it'\\''s.ts'\ninpoint 0.000\noutpoint 1.500\n",
    );
  });

  it('writes chapters at breaks and gap boundaries', () => {
    const segments = [
      { startedAt: 0, endedAt: 30_000, mediaMs: 30_000 },
      { startedAt: 35_000, endedAt: 65_000, mediaMs: 30_000 },
    ];
    const gaps = gapPositions([{ start: 30_000, end: 35_000, cause: 'stall' }], segments, 60_000);
    expect(gaps).toEqual([30_000]);
    const chapters = chaptersFor([{ startMs: 10_000, endMs: 20_000 }], gaps, 60_000);
    expect(chapters.map((c) => [c.startMs, c.endMs, c.title])).toEqual([
      [0, 10_000, 'Programme'],
      [10_000, 20_000, 'Commercial break'],
      [20_000, 30_000, 'Programme'],
      [30_000, 60_000, 'After a gap in the recording'],
    ]);
    const meta = ffmetadata([{ startMs: 0, endMs: 1000, title: 'a=b;c' }]);
    expect(meta).toBe(';FFMETADATA1\n[CHAPTER]\nTIMEBASE=1/1000\nSTART=0\nEND=1000\ntitle=a\\=b\\;c\n');
  });
});
