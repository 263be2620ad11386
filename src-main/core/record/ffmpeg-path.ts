// Finds the ffmpeg and ffprobe binaries: setting -> FFMPEG_BIN -> ffmpeg-static -> PATH.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

export interface FfmpegBinaries {
  ffmpeg: string;
  /** Null when no ffprobe is available; probing then falls back to `ffmpeg -i`. */
  ffprobe: string | null;
  origin: 'setting' | 'FFMPEG_BIN' | 'ffmpeg-static' | 'PATH';
}

export interface ResolveOptions {
  setting?: string | null;
  env?: NodeJS.ProcessEnv;
  /** Where ffmpeg-static says its binary is (null when the package is absent). */
  ffmpegStaticPath?: string | null;
  fileExists?: (file: string) => boolean;
  /** Looks a command name up on PATH. */
  which?: (command: string) => string | null;
}

export function ffmpegStaticBinary(): string | null {
  try {
    // ffmpeg-static is optional: it is absent where its install script could not download.
    const require = createRequire(__filename);
    const found: unknown = require('ffmpeg-static');
    return typeof found === 'string' ? unpackedFromAsar(found) : null;
  } catch {
    return null;
  }
}

/**
 * In a packaged desktop app ffmpeg-static sits inside app.asar, where nothing can be executed;
 * electron-builder unpacks it (asarUnpack) to app.asar.unpacked, beside it, and that copy is the one to run.
 */
export function unpackedFromAsar(file: string): string {
  return file.replace(/([\\/])app\.asar([\\/])/, '$1app.asar.unpacked$2');
}

export function whichSync(command: string, env: NodeJS.ProcessEnv = process.env): string | null {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE').split(';') : [''];
  for (const dir of dirs) {
    for (const ext of exts) {
      const candidate = path.join(dir, command + ext);
      if (existsSync(candidate)) return candidate;
    }
  }
  return null;
}

export function resolveFfmpeg(options: ResolveOptions = {}): FfmpegBinaries {
  const env = options.env ?? process.env;
  const exists = options.fileExists ?? existsSync;
  const which = options.which ?? ((command: string) => whichSync(command, env));
  const probeBeside = (ffmpeg: string): string | null => {
    const dir = path.dirname(ffmpeg);
    const name = process.platform === 'win32' ? 'ffprobe.exe' : 'ffprobe';
    const beside = path.join(dir, name);
    if (exists(beside)) return beside;
    return env.FFPROBE_BIN && exists(env.FFPROBE_BIN) ? env.FFPROBE_BIN : which('ffprobe');
  };
  if (options.setting) {
    if (!exists(options.setting))
      throw new Error(`the ffmpeg set in settings does not exist: ${options.setting}`);
    return { ffmpeg: options.setting, ffprobe: probeBeside(options.setting), origin: 'setting' };
  }
  if (env.FFMPEG_BIN) {
    if (!exists(env.FFMPEG_BIN)) throw new Error(`FFMPEG_BIN points to a missing file: ${env.FFMPEG_BIN}`);
    return { ffmpeg: env.FFMPEG_BIN, ffprobe: probeBeside(env.FFMPEG_BIN), origin: 'FFMPEG_BIN' };
  }
  const staticPath = options.ffmpegStaticPath === undefined ? ffmpegStaticBinary() : options.ffmpegStaticPath;
  if (staticPath && exists(staticPath)) {
    return { ffmpeg: staticPath, ffprobe: probeBeside(staticPath), origin: 'ffmpeg-static' };
  }
  const onPath = which('ffmpeg');
  if (onPath) return { ffmpeg: onPath, ffprobe: probeBeside(onPath), origin: 'PATH' };
  throw new Error(
    'ffmpeg was not found: set it in settings, set FFMPEG_BIN, install the optional ffmpeg-static package, or put ffmpeg on PATH',
  );
}

export async function ffmpegVersion(ffmpeg: string): Promise<string | null> {
  try {
    const { stdout } = await execFileAsync(ffmpeg, ['-hide_banner', '-version'], { timeout: 10_000 });
    return /ffmpeg version (\S+)/.exec(stdout)?.[1] ?? null;
  } catch {
    return null;
  }
}
