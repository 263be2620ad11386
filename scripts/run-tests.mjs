// `npm test`: typecheck, lint, format check, build, unit + integration (vitest), e2e (Playwright).
// Every step runs even when an earlier one failed (except e2e, which needs the build), and the last
// line totals all of them as "N passed, N failed" for CI, which cannot read each runner's output.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';

const results = { passed: 0, failed: 0, skipped: 0 };
const failures = [];
mkdirSync('test-results', { recursive: true });

function step(name, command, args, env = {}) {
  process.stdout.write(`\n=== ${name}: ${command} ${args.join(' ')}\n`);
  const run = spawnSync(command, args, { stdio: 'inherit', env: { ...process.env, ...env } });
  return run.status === 0;
}

function check(name, command, args) {
  const ok = step(name, command, args);
  if (ok) results.passed++;
  else {
    results.failed++;
    failures.push(name);
  }
  return ok;
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

const bin = (name) => `node_modules/.bin/${name}`;
check('typecheck (main, shared, tests)', bin('tsc'), ['--noEmit', '-p', 'tsconfig.json']);
check('typecheck (renderer)', bin('tsc'), ['--noEmit', '-p', 'src-renderer/tsconfig.json']);
// The browser specs: their page.evaluate callbacks run in the page, so they see the DOM's types.
check('typecheck (e2e)', bin('tsc'), ['--noEmit', '-p', 'tests/e2e/tsconfig.json']);
check('lint', bin('eslint'), ['.']);
check('format', bin('prettier'), ['--check', '--log-level', 'warn', '.']);
const built = check('build', 'npm', ['run', '--silent', 'build']);

// Unit + integration
rmSync('test-results/vitest.json', { force: true });
const vitestOk = step('unit + integration (vitest)', bin('vitest'), [
  'run',
  '--reporter=default',
  '--reporter=json',
  '--outputFile.json=test-results/vitest.json',
]);
const vitest = readJson('test-results/vitest.json');
if (vitest) {
  results.passed += vitest.numPassedTests;
  results.failed += vitest.numFailedTests;
  results.skipped += vitest.numPendingTests + (vitest.numTodoTests ?? 0);
  if (vitest.numFailedTests > 0 || !vitestOk) failures.push('vitest');
  if (!vitestOk && vitest.numFailedTests === 0) results.failed++; // a suite that crashed before its tests
} else {
  results.failed++;
  failures.push('vitest (no report)');
}

// End-to-end, against the built app
if (built) {
  rmSync('test-results/playwright.json', { force: true });
  const e2eOk = step('e2e (Playwright + Chromium)', bin('playwright'), ['test'], {
    PLAYWRIGHT_JSON_OUTPUT_NAME: 'test-results/playwright.json',
  });
  const pw = existsSync('test-results/playwright.json') ? readJson('test-results/playwright.json') : null;
  if (pw?.stats) {
    results.passed += pw.stats.expected + pw.stats.flaky;
    results.failed += pw.stats.unexpected;
    results.skipped += pw.stats.skipped;
    if (pw.stats.unexpected > 0 || !e2eOk) failures.push('e2e');
    if (!e2eOk && pw.stats.unexpected === 0) results.failed++;
  } else {
    results.failed++;
    failures.push('e2e (no report)');
  }
} else {
  results.failed++;
  failures.push('e2e (not run: the build failed)');
}

process.stdout.write(`\n${failures.length ? `failed steps: ${failures.join(', ')}\n` : ''}`);
// Skipped tests say why in their own output; the last line stays the plain total CI reads.
process.stdout.write(`${results.skipped} skipped\n`);
process.stdout.write(`${results.passed} passed, ${results.failed} failed\n`);
process.exitCode = results.failed > 0 || failures.length > 0 ? 1 : 0;
