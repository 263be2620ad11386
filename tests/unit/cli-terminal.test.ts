// The CLI's one output filter: what a terminal would act on is removed from human lines, and escaped
// (losslessly) in JSON.
import { describe, expect, it } from 'vitest';
import { terminalJson, terminalSafe } from '../../src-main/server/cli-context';

describe('terminalSafe', () => {
  it('removes whole escape sequences, 7-bit and 8-bit', () => {
    expect(terminalSafe('\x1b[31mRed\x1b[0m')).toBe('Red');
    expect(terminalSafe('a\x1b[2Jb\x1b[?25lc')).toBe('abc');
    expect(terminalSafe('x\x1b]0;window title\x07y')).toBe('xy');
    expect(terminalSafe('x\x1b]8;;http://evil/\x1b\\link\x1b]8;;\x1b\\y')).toBe('xlinky');
    expect(terminalSafe('x\x1bPq#0;2;0;0;0\x1b\\y')).toBe('xy');
    expect(terminalSafe('x\x9b31my')).toBe('xy');
    expect(terminalSafe('x\x9d0;t\x9cy')).toBe('xy');
    expect(terminalSafe('x\x1bcy')).toBe('xy');
    expect(terminalSafe('x\x1b(By')).toBe('xy');
    expect(terminalSafe('unterminated \x1b[31')).toBe('unterminated 31');
  });

  it('removes C0 and C1 controls but tab, and turns line breaks into spaces', () => {
    expect(terminalSafe('a\x00b\x07c\x08d\x7fe\x85f\x80g')).toBe('abcdefg');
    expect(terminalSafe('a\tb')).toBe('a\tb');
    expect(terminalSafe('one\r\ntwo\nthree\rfour')).toBe('one two three four');
  });

  it('removes bidi overrides, embeddings, isolates and marks', () => {
    expect(terminalSafe('a\u202ab\u202bc\u202cd\u202de\u202ef')).toBe('abcdef');
    expect(terminalSafe('a\u2066b\u2067c\u2068d\u2069e')).toBe('abcde');
    expect(terminalSafe('a\u200eb\u200fc\u061cd')).toBe('abcd');
  });

  it('keeps ordinary text, accents, scripts and emoji', () => {
    for (const text of ['BBC One HD', 'Música – Ünïcödé', '東京 テレビ', 'قناة الجزيرة', '📺 100% Hits #1']) {
      expect(terminalSafe(text)).toBe(text);
    }
  });
});

describe('terminalJson', () => {
  it('is the same JSON value, with no raw control or bidi character', () => {
    const value = { name: '\x1b[31mRed\u202e \x9b2J\x7f', list: ['\u2066a\u2069', 'tab\there'] };
    const text = terminalJson(value);
    expect(JSON.parse(text)).toEqual(value);
    // eslint-disable-next-line no-control-regex -- looking for control characters is the point
    expect(text).not.toMatch(/[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/);
    expect(text).toContain('\\u202e');
    expect(text.split('\n').length).toBeGreaterThan(3);
  });
});
