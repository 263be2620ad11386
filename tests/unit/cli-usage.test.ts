// Usage errors are one readable line and a non-zero exit, like every other CLI error.
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src-main/server/cli';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(argv, { out: (l) => out.push(l), err: (l) => err.push(l) }, '/nonexistent-app');
  return { code, out, err };
}

describe('CLI usage errors', () => {
  it.each([
    [['record', '--container', 'avi', '--start', 'now'], /argument 'avi' is invalid/],
    [['list', '--status', 'nope'], /argument 'nope' is invalid/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [['record', '--url', 'http://x.test/a.ts'], /required option '--start <when>' not specified/],
  ])('%j', async (argv, message) => {
    const { code, err } = await run(argv);
    expect(code).toBe(2);
    expect(err).toHaveLength(1);
    expect(err[0]).toMatch(/^tapedeck: /);
    expect(err[0]).toMatch(message);
  });

  it('a bad WHEN or DUR is one line naming the accepted forms', async () => {
    const { code, err } = await run([
      '--data-dir',
      '/nonexistent-data',
      'record',
      '--url',
      'http://x.test/a.ts',
      '--start',
      'tomorrow',
      '--duration',
      '1h',
    ]);
    expect(code).toBe(1);
    expect(err).toEqual([expect.stringMatching(/^tapedeck: "tomorrow" is not a time: use ISO 8601/)]);
  });

  it('prints help on request and exits 0', async () => {
    const { code, out } = await run(['--help']);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/Usage: tapedeck/);
  });
});
