// A clip comskip finds a commercial break in: 120 s of programme, then three 10 s "adverts" (other
// pictures and tones) each between black, silent seconds, then 120 s more programme. MPEG-2 video and
// MP2 audio, as broadcast. Generated with ffmpeg from lavfi (about 10 s on two cores).
import { FFMPEG, run } from './test-media';

/** Where the adverts are (seconds): from the first black second to the end of the last one. */
export const BREAK_CLIP = { durationSec: 274, breakStartSec: 120, breakEndSec: 154 };

export async function breakClip(file: string): Promise<string> {
  const show = 120;
  const parts: Array<[video: string, audio: string]> = [
    [`testsrc2=size=320x240:rate=25:d=${show}`, `sine=f=440:r=48000:d=${show}`],
    ['color=black:size=320x240:rate=25:d=1', 'anullsrc=r=48000:cl=mono:d=1'],
    ['smptebars=size=320x240:rate=25:d=10', 'sine=f=1000:r=48000:d=10'],
    ['color=black:size=320x240:rate=25:d=1', 'anullsrc=r=48000:cl=mono:d=1'],
    ['mandelbrot=size=320x240:rate=25,trim=duration=10', 'sine=f=700:r=48000:d=10'],
    ['color=black:size=320x240:rate=25:d=1', 'anullsrc=r=48000:cl=mono:d=1'],
    ['rgbtestsrc=size=320x240:rate=25:d=10', 'sine=f=300:r=48000:d=10'],
    ['color=black:size=320x240:rate=25:d=1', 'anullsrc=r=48000:cl=mono:d=1'],
    [`testsrc=size=320x240:rate=25:d=${show}`, `sine=f=500:r=48000:d=${show}`],
  ];
  const inputs = parts.flatMap(([v, a]) => ['-f', 'lavfi', '-i', v, '-f', 'lavfi', '-i', a]);
  const mono = parts.map((_, i) => `[${2 * i + 1}]aformat=channel_layouts=mono[a${i}]`).join(';');
  const pairs = parts.map((_, i) => `[${2 * i}][a${i}]`).join('');
  // prettier-ignore
  await run(FFMPEG, [
    '-hide_banner', '-nostdin', '-loglevel', 'error', '-y', ...inputs,
    '-filter_complex', `${mono};${pairs}concat=n=${parts.length}:v=1:a=1[v][a]`,
    '-map', '[v]', '-map', '[a]', '-c:v', 'mpeg2video', '-b:v', '1M', '-g', '12',
    '-c:a', 'mp2', '-b:a', '128k', '-f', 'mpegts', file,
  ]);
  return file;
}
