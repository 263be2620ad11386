// Credentials in the desktop app: encrypted by the OS (Electron safeStorage: the macOS Keychain,
// Windows DPAPI, the Linux keyring) when there is a real key store; else the owner-only file that
// `tapedeck serve` uses. On Linux without a keyring Electron's backend is "basic_text": it "encrypts"
// with a fixed key any program can reproduce, so the file is no safer than plain text. The app then
// uses the plain owner-only file and says so, rather than claiming an encryption it does not have.
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { FileSecretStore, type SecretStore } from '../core/secrets';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Linux only (Electron reports the key store in use). */
  getSelectedStorageBackend?(): string;
}

export const NO_KEYRING_LABEL =
  'a file readable by its owner only, not encrypted: Linux offers no keyring here (Electron reports "basic_text"); ' +
  'install and unlock GNOME Keyring or KWallet to have them encrypted';

/** What protects the secrets on this platform with this backend (settings.get facts.secretsProtection). */
export function protectionLabel(platform: NodeJS.Platform, backend: string | null): string {
  if (platform === 'darwin') return 'encrypted by the OS keychain (macOS Keychain)';
  if (platform === 'win32') return 'encrypted by the OS for your Windows account (DPAPI)';
  return `encrypted by the OS keychain (${backend ?? 'keyring'})`;
}

export interface DesktopSecrets {
  store: SecretStore;
  /** Said once at start when the secrets are not encrypted though the user may think so; else null. */
  warning: string | null;
}

export function desktopSecretStore(
  dataDir: string,
  safeStorage: SafeStorageLike,
  platform: NodeJS.Platform = process.platform,
): DesktopSecrets {
  const backend = platform === 'linux' ? (safeStorage.getSelectedStorageBackend?.() ?? null) : null;
  if (backend === 'basic_text') {
    const store = FileSecretStore.inDataDir(dataDir);
    store.protection = NO_KEYRING_LABEL;
    return { store, warning: `Passwords are stored in ${NO_KEYRING_LABEL}.` };
  }
  if (!safeStorage.isEncryptionAvailable())
    return { store: FileSecretStore.inDataDir(dataDir), warning: null };
  const store = new FileSecretStore(path.join(dataDir, 'secrets.enc.json'), {
    encode: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  });
  store.protection = protectionLabel(platform, backend);
  adoptPlainSecrets(dataDir, store);
  return { store, warning: null };
}

/**
 * Secrets kept in the plain file (a start without a keyring) move into the encrypted one once a
 * keyring is there, so a login is never lost to a change of backend; the plain file then goes.
 */
function adoptPlainSecrets(dataDir: string, encrypted: SecretStore): void {
  const plainFile = path.join(dataDir, 'secrets.json');
  if (!existsSync(plainFile)) return;
  let entries: Record<string, unknown>;
  try {
    entries = JSON.parse(readFileSync(plainFile, 'utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  for (const [key, value] of Object.entries(entries)) {
    if (typeof value === 'string' && encrypted.get(key) === null) encrypted.set(key, value);
  }
  rmSync(plainFile, { force: true });
}
