import { describe, expect, it } from 'vitest';
import { COMMAND_NAMES, isCommandName, parseInput, TapedeckError } from '../../src-shared/contract';

function refusal(fn: () => unknown): TapedeckError {
  try {
    fn();
  } catch (error) {
    if (error instanceof TapedeckError) return error;
    throw error;
  }
  throw new Error('expected a refusal');
}

describe('contract validation', () => {
  const base = { url: 'http://example.test/live.ts', start: 1_000, durationMs: 60_000 };

  it('accepts a valid schedule; padding is signed (start late, end early) and optional', () => {
    const parsed = parseInput('recordings.schedule', base);
    expect(parsed.padBeforeMs).toBeUndefined();
    expect(parseInput('recordings.schedule', { ...base, padBeforeMs: -600_000 })).toMatchObject({
      padBeforeMs: -600_000,
    });
  });

  it.each([
    ['no channel and no URL', { start: 1, durationMs: 1 }, /either a channel or a URL/],
    ['both channel and URL', { ...base, channelId: 1 }, /either a channel or a URL/],
    ['both end and duration', { ...base, end: 5 }, /either an end or a duration/],
    ['a malformed URL', { ...base, url: 'not a url' }, /URL is malformed/],
    [
      'a file URL',
      { ...base, url: 'file:///etc/passwd' },
      /must use one of: http, https, udp, rtp, rtsp, rtmp/,
    ],
    ['a start that is not a number', { ...base, start: '2026-01-01' }, /start/],
    ['padding over 6 hours', { ...base, padBeforeMs: -7 * 3600_000 }, /padding is over 6 hours/],
    ['an unknown field', { ...base, evil: true }, /evil/],
    ['a title of only spaces', { ...base, title: '   ' }, /title is empty/],
    ['an unknown container', { ...base, container: 'avi' }, /container/],
  ])('refuses %s with a readable message', (_what, input, message) => {
    const error = refusal(() => parseInput('recordings.schedule', input));
    expect(error.code).toBe('invalid_input');
    expect(error.message).toMatch(message);
    expect(error.message.startsWith('recordings.schedule:')).toBe(true);
  });

  it.each([0, -1, 1.5, '7', null, undefined])('refuses the id %j', (id) => {
    expect(refusal(() => parseInput('recordings.get', { id })).code).toBe('invalid_input');
  });

  it('refuses a payload that is not an object', () => {
    expect(refusal(() => parseInput('recordings.stop', 'drop table')).code).toBe('invalid_input');
    expect(refusal(() => parseInput('channels.add', [1, 2])).code).toBe('invalid_input');
  });

  it('knows its command names and nothing else', () => {
    expect(COMMAND_NAMES).toContain('recordings.schedule');
    expect(isCommandName('recordings.schedule')).toBe(true);
    expect(isCommandName('constructor')).toBe(false);
    expect(isCommandName('__proto__')).toBe(false);
  });
});
