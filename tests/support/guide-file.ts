// A large XMLTV guide that starts today (so a running app keeps it), made by the fixture generator
// (scripts/gen-fixtures/xmltv.mjs) and cached per day and size under the test-media folder.
import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, renameSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { TEST_MEDIA_DIR } from './test-media';

const GENERATOR = path.resolve(__dirname, '../../scripts/gen-fixtures/xmltv.mjs');

export async function guideStartingToday(channels: number, days: number): Promise<string> {
  const day = new Date().toISOString().slice(0, 10);
  const dir = path.join(TEST_MEDIA_DIR, 'guides');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `guide-${day}-${channels}x${days}.xml`);
  if (existsSync(file)) return file;
  const partial = `${file}.${process.pid}.partial`;
  await promisify(execFile)(
    process.execPath,
    [GENERATOR, '--channels', String(channels), '--days', String(days), '--start', day, '--out', partial],
    { timeout: 120_000 },
  );
  renameSync(partial, file);
  return file;
}
