// Where credentials (Xtream passwords) live: never in the database, never sent to the renderer.
// The desktop app stores them encrypted by the OS (Electron safeStorage) when the OS offers a real key
// store; headless, or on Linux without a keyring, they sit in a plain file only the owner can read, and
// `protection` says so (never "encrypted" unless they are: the Settings screen warns on that word).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface SecretStore {
  get(key: string): string | null;
  set(key: string, value: string): void;
  delete(key: string): void;
  /**
   * How the secrets are protected, for the UI: starts with "encrypted" only when they are
   * ("encrypted by the OS keychain (macOS Keychain)"), else says what it is ("a file readable by its owner only").
   */
  readonly protection: string;
}

/** Secrets as a JSON map in `<data-dir>/secrets.json`, mode 600, written atomically. */
export class FileSecretStore implements SecretStore {
  protection = 'a file readable by its owner only';
  constructor(
    private readonly file: string,
    private readonly codec: { encode(plain: string): string; decode(stored: string): string } = {
      encode: (v) => v,
      decode: (v) => v,
    },
  ) {}

  static inDataDir(dataDir: string): FileSecretStore {
    return new FileSecretStore(path.join(dataDir, 'secrets.json'));
  }

  get(key: string): string | null {
    const stored = this.read()[key];
    return stored === undefined ? null : this.codec.decode(stored);
  }

  set(key: string, value: string): void {
    this.write({ ...this.read(), [key]: this.codec.encode(value) });
  }

  delete(key: string): void {
    const all = this.read();
    // Most recordings never had a secret: deleting hundreds of them (cleanup) need not rewrite the file.
    if (!Object.hasOwn(all, key)) return;
    delete all[key];
    this.write(all);
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {};
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>;
    } catch {
      return {};
    }
  }

  private write(all: Record<string, string>): void {
    const temp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(all), { mode: 0o600 });
    renameSync(temp, this.file);
  }
}
