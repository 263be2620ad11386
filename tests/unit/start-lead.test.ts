import { describe, expect, it } from 'vitest';
import { START_LEAD_MS, START_STAGGER_MS, startLeadMs } from '../../src-main/core/schedule/scheduler';
import type { Recording } from '../../src-shared/domain';

const at = (id: number, startAt: number, status: Recording['status'] = 'scheduled') =>
  ({ id, startAt, endAt: startAt + 60_000, padBeforeMs: 0, padAfterMs: 0, status }) as Recording;

describe('start lead', () => {
  it('starts a lone recording half a second early', () => {
    expect(startLeadMs(at(1, 10_000), [at(1, 10_000)])).toBe(START_LEAD_MS);
  });

  it('ramps simultaneous starts by rank, ignoring other moments and started ones', () => {
    const all = [at(1, 10_000), at(2, 10_500), at(3, 10_000), at(4, 60_000), at(5, 10_000, 'recording')];
    expect(startLeadMs(all[0]!, all)).toBe(START_LEAD_MS);
    expect(startLeadMs(all[1]!, all)).toBe(START_LEAD_MS + START_STAGGER_MS);
    expect(startLeadMs(all[2]!, all)).toBe(START_LEAD_MS + 2 * START_STAGGER_MS);
    expect(startLeadMs(all[3]!, all)).toBe(START_LEAD_MS);
  });

  it('counts padding: the window start is what matters', () => {
    const padded = { ...at(2, 12_000), padBeforeMs: 2_000 } as Recording;
    expect(startLeadMs(padded, [at(1, 10_000), padded])).toBe(START_LEAD_MS + START_STAGGER_MS);
  });
});
