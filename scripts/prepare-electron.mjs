// Builds better-sqlite3 for Electron's ABI into .electron-native/, beside (not instead of) the
// Node build in node_modules that tests and `tapedeck serve` use. So `npm test` and `npm start`
// work in either order. Runs from `npm start` and `npm run dist`; does nothing when up to date.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
const require = createRequire(path.join(root, 'package.json'));
const target = path.join(root, '.electron-native');
const stampFile = path.join(target, 'stamp.json');

const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
// The newest better-sqlite3 major that supports this Electron (its Electron prebuilds track
// Electron releases); the Node-side copy stays on 12.x for Node 20.
const sqliteSpec = process.env.TAPEDECK_ELECTRON_SQLITE ?? 'better-sqlite3@latest';
const wanted = { electronVersion, sqliteSpec, platform: process.platform, arch: process.arch };

const current = existsSync(stampFile) ? JSON.parse(readFileSync(stampFile, 'utf8')) : null;
if (
  current &&
  JSON.stringify(current) === JSON.stringify(wanted) &&
  existsSync(path.join(target, 'node_modules', 'better-sqlite3', 'build'))
) {
  process.exit(0);
}

console.log(`Preparing better-sqlite3 for Electron ${electronVersion} in .electron-native/ ...`);
mkdirSync(target, { recursive: true });
writeFileSync(
  path.join(target, 'package.json'),
  JSON.stringify({ name: 'tapedeck-electron-native', private: true }, null, 2),
);
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
try {
  // npm_config_runtime/target/disturl make prebuild-install fetch (or node-gyp build) the Electron ABI.
  execFileSync(npm, ['install', '--no-audit', '--no-fund', '--no-package-lock', sqliteSpec], {
    cwd: target,
    stdio: 'inherit',
    env: {
      ...process.env,
      npm_config_runtime: 'electron',
      npm_config_target: electronVersion,
      npm_config_disturl: 'https://electronjs.org/headers',
      npm_config_build_from_source: process.env.npm_config_build_from_source ?? '',
    },
  });
} catch {
  console.error(
    'Could not prepare better-sqlite3 for Electron. It needs the internet (prebuilt binaries or Electron headers) ' +
      'or a C++ toolchain. `npm test` and `tapedeck serve` are unaffected.',
  );
  process.exit(1);
}
writeFileSync(stampFile, JSON.stringify(wanted, null, 2));
console.log('better-sqlite3 for Electron is ready.');
