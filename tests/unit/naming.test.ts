import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { recordingFilePath, safeJoin, sanitizeName } from '../../src-main/core/library/naming';

describe('file names from untrusted titles', () => {
  it.each([
    ['../../etc/passwd', 'etc passwd'],
    ['..', 'Recording'],
    ['', 'Recording'],
    ['News: "Live" <at> 10/11', 'News Live at 10 11'],
    ['CON', '_CON'],
    ['trailing dots...', 'trailing dots'],
    ['tab\tand\nnewline', 'tab and newline'],
    ['.hidden', 'hidden'],
  ])('%j becomes %j', (title, expected) => expect(sanitizeName(title)).toBe(expected));

  it('strips C1 controls and bidi overrides, isolates and marks (a name must show what it is)', () => {
    expect(sanitizeName('Evil\u202Egnp.exe')).toBe('Evilgnp.exe');
    expect(sanitizeName('A\u2066B\u2069C\u200eD\u200fE\u061cF')).toBe('ABCDEF');
    expect(sanitizeName('Bell\u0085Line\u009bEnd')).toBe('Bell Line End');
  });

  it('limits names to 120 bytes without splitting a character', () => {
    const name = sanitizeName('é'.repeat(200));
    expect(Buffer.byteLength(name)).toBeLessThanOrEqual(120);
    expect(name).toBe('é'.repeat(60));
  });

  it('always lands inside the recordings folder', () => {
    const root = path.resolve('/rec');
    for (const title of ['../../x', '/abs/olute', 'a/../../b', '\\..\\..\\win', '..\u0000..']) {
      const file = recordingFilePath(root, title, Date.UTC(2026, 0, 1), 'ts');
      expect(file.startsWith(root + path.sep)).toBe(true);
      expect(path.relative(root, file).split(path.sep)).toHaveLength(2);
    }
  });

  it('safeJoin refuses escapes', () => {
    expect(() => safeJoin('/rec', '..', 'etc')).toThrow(/outside the recordings folder/);
    expect(() => safeJoin('/rec', '/etc/passwd')).toThrow(/outside/);
    expect(safeJoin('/rec', 'a', 'b.ts')).toBe(path.resolve('/rec/a/b.ts'));
  });
});
