// The desktop app needs better-sqlite3 built for Electron's ABI, while tests and `tapedeck serve`
// use the Node build in node_modules. scripts/prepare-electron.mjs builds the Electron copy into
// .electron-native/ (packaged: resources/electron-native/), so both coexist and neither breaks the other.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';

export function electronSqliteCandidates(appPath: string, resourcesPath: string | undefined): string[] {
  const inside = ['node_modules', 'better-sqlite3'];
  return [
    ...(resourcesPath ? [path.join(resourcesPath, 'electron-native', ...inside)] : []),
    path.join(appPath, '.electron-native', ...inside),
  ];
}

export function loadElectronSqlite(appPath: string, resourcesPath: string | undefined): typeof BetterSqlite3 {
  const load = createRequire(__filename);
  for (const candidate of electronSqliteCandidates(appPath, resourcesPath)) {
    if (existsSync(path.join(candidate, 'package.json'))) return load(candidate) as typeof BetterSqlite3;
  }
  throw new Error(
    'better-sqlite3 for Electron is missing: run `node scripts/prepare-electron.mjs` (npm start does this for you)',
  );
}
