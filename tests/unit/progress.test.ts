import { describe, expect, it } from 'vitest';
import { ProgressParser } from '../../src-main/core/record/progress';

const block = (size: string, us: string, end = false) =>
  `frame=50\nfps=25.0\nbitrate=1510.2kbits/s\ntotal_size=${size}\nout_time_us=${us}\nout_time_ms=${us}\nout_time=00:00:02.000000\ndup_frames=0\ndrop_frames=0\nspeed=1.01x\nprogress=${end ? 'end' : 'continue'}\n`;

describe('ffmpeg -progress parser', () => {
  it('turns one block into one sample', () => {
    const [sample] = new ProgressParser().push(block('376000', '2000000'));
    expect(sample).toEqual({
      totalSize: 376000,
      outTimeMs: 2000,
      bitrateKbps: 1510.2,
      speed: 1.01,
      ended: false,
    });
  });

  it('handles blocks split across chunks at any byte', () => {
    const text = block('100', '1000000') + block('200', '2000000', true);
    for (let cut = 1; cut < text.length; cut += 7) {
      const parser = new ProgressParser();
      const samples = [...parser.push(text.slice(0, cut)), ...parser.push(text.slice(cut))];
      expect(samples.map((s) => s.totalSize)).toEqual([100, 200]);
      expect(samples[1]!.ended).toBe(true);
    }
  });

  it('reads N/A and negative times (no output yet) as unknown', () => {
    const [sample] = new ProgressParser().push(
      'total_size=N/A\nout_time_us=-9223372036854775807\nbitrate=N/A\nspeed=N/A\nprogress=continue\n',
    );
    expect(sample).toEqual({
      totalSize: null,
      outTimeMs: null,
      bitrateKbps: null,
      speed: null,
      ended: false,
    });
  });

  it('ignores garbage lines and does not grow without bound', () => {
    const parser = new ProgressParser();
    expect(parser.push('no equals sign\n=\n')).toEqual([]);
    expect(parser.push('x'.repeat(100_000))).toEqual([]);
    expect(parser.push('\n' + block('5', '1'))).toHaveLength(1);
  });
});
