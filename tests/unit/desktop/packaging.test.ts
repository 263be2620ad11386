// Static checks of the packaging and of the Electron boundary (the packager cannot run here: it
// downloads Electron from github.com). electron-builder.yml is read and validated against the
// packager's own JSON schema; the fuses, the link scheme, what is unpacked from app.asar, the native
// module's place and every icon it names are checked against the code that relies on them.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { unpackedFromAsar } from '../../../src-main/core/record/ffmpeg-path';
import { LINK_SCHEME } from '../../../src-main/desktop/launch-args';
import { electronSqliteCandidates } from '../../../src-main/desktop/native-sqlite';
import { trayIconFile } from '../../../src-main/desktop/tray';

const ROOT = path.resolve(__dirname, '../../..');
const load = createRequire(__filename);

interface BuilderConfig {
  files: string[];
  asarUnpack: string[];
  extraResources: Array<{ from: string; to: string }>;
  electronFuses: Record<string, boolean>;
  protocols: Array<{ schemes: string[] }>;
  fileAssociations: Array<{ ext: string[]; rank?: string }>;
  linux: { target: string[]; icon: string };
  mac: { target: string[]; icon: string };
  win: { target: string[]; icon: string };
}

// js-yaml and ajv are electron-builder's own dependencies (no types installed): loaded untyped.
const yaml = load('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(path.join(ROOT, 'electron-builder.yml'), 'utf8')) as BuilderConfig;

/** Width and height from a PNG's IHDR. */
function pngSize(file: string): [number, number] {
  const head = readFileSync(file).subarray(0, 24);
  expect(head.subarray(1, 4).toString('latin1'), file).toBe('PNG');
  return [head.readUInt32BE(16), head.readUInt32BE(20)];
}

describe('electron-builder.yml', () => {
  it('is valid for the installed electron-builder', () => {
    type Validate = ((data: unknown) => boolean) & { errors?: unknown };
    const Ajv = load('ajv') as new (options: object) => { compile(schema: object): Validate };
    const schema = { ...(load('app-builder-lib/scheme.json') as Record<string, unknown>) };
    delete schema.$schema;
    const validate = new Ajv({ allErrors: true, strict: false }).compile(schema);
    expect(validate(config), JSON.stringify(validate.errors)).toBe(true);
  });

  it('flips the fuses: no RunAsNode, NODE_OPTIONS or --inspect; asar only, integrity checked', () => {
    expect(config.electronFuses).toMatchObject({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
      grantFileProtocolExtraPrivileges: false,
    });
  });

  it('builds AppImage and deb, nsis and dmg, and registers tapedeck:// and playlist/guide files', () => {
    expect(config.linux.target).toEqual(['AppImage', 'deb']);
    expect(config.win.target).toEqual(['nsis']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.protocols.flatMap((p) => p.schemes)).toEqual([LINK_SCHEME]);
    expect(config.fileAssociations.flatMap((a) => a.ext)).toEqual(['m3u', 'm3u8', 'xmltv']);
    // "Open with", never taking a file type over.
    expect(config.fileAssociations.every((a) => a.rank === 'Alternate')).toBe(true);
  });

  it('unpacks ffmpeg and the worker from app.asar where the code looks for them', () => {
    expect(config.asarUnpack).toContain('node_modules/ffmpeg-static/**');
    expect(config.asarUnpack).toContain('dist/main/sql-writer-worker.cjs');
    expect(unpackedFromAsar('/opt/Tapedeck/resources/app.asar/node_modules/ffmpeg-static/ffmpeg')).toBe(
      '/opt/Tapedeck/resources/app.asar.unpacked/node_modules/ffmpeg-static/ffmpeg',
    );
    const main = readFileSync(path.join(ROOT, 'src-main/desktop/main.ts'), 'utf8');
    expect(main).toContain("unpackedFromAsar(path.join(__dirname, 'sql-writer-worker.cjs'))");
  });

  it('ships better-sqlite3 for Electron where the app loads it, and the migrations in dist', () => {
    const shipped = config.extraResources.find((r) => r.from === '.electron-native/node_modules');
    expect(shipped?.to).toBe('electron-native/node_modules');
    expect(electronSqliteCandidates('/app', '/res')[0]).toBe(
      path.join('/res', shipped!.to, 'better-sqlite3'),
    );
    expect(config.files).toContain('dist/**/*');
    const build = readFileSync(path.join(ROOT, 'scripts/build-main.mjs'), 'utf8');
    expect(build).toContain("cpSync('src-main/core/db/migrations', 'dist/migrations'");
    expect(readFileSync(path.join(ROOT, 'src-main/desktop/main.ts'), 'utf8')).toContain(
      "path.join(distDir, 'migrations')",
    );
  });

  it('names icons that exist, at every size', () => {
    const dir = path.join(ROOT, config.linux.icon);
    expect(statSync(dir).isDirectory()).toBe(true);
    const sizes = readdirSync(dir)
      .map((file) => {
        const [w, h] = pngSize(path.join(dir, file));
        expect(file).toBe(`${w}x${h}.png`);
        return w;
      })
      .sort((a, b) => a - b);
    expect(sizes).toEqual([16, 24, 32, 48, 64, 128, 256, 512, 1024]);
    expect(pngSize(path.join(ROOT, config.mac.icon))).toEqual([1024, 1024]);
    expect(pngSize(path.join(ROOT, config.win.icon))).toEqual([256, 256]);
  });

  it('has a tray icon (and its @2x) for each state on each platform', () => {
    const resources = path.join(ROOT, 'resources');
    for (const platform of ['linux', 'win32', 'darwin'] as const) {
      for (const state of ['idle', 'recording', 'problem'] as const) {
        const file = trayIconFile(resources, state, platform);
        const [w] = pngSize(file);
        expect(pngSize(file.replace(/\.png$/, '@2x.png'))[0], file).toBe(2 * w);
      }
    }
  });
});

describe('the Electron boundary', () => {
  it('imports electron only under src-main/desktop', () => {
    const offenders: string[] = [];
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const file = path.join(dir, entry.name);
        if (entry.isDirectory()) walk(file);
        else if (
          /\.tsx?$/.test(entry.name) &&
          /from 'electron'|require\('electron'\)/.test(readFileSync(file, 'utf8'))
        )
          offenders.push(path.relative(ROOT, file));
      }
    };
    for (const dir of ['src-main/core', 'src-main/server', 'src-shared', 'src-renderer'])
      walk(path.join(ROOT, dir));
    expect(offenders).toEqual([]);
    expect(existsSync(path.join(ROOT, 'src-main/desktop/main.ts'))).toBe(true);
  });
});
