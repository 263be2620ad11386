// Credentials in the desktop app: encrypted with the OS keychain (Electron safeStorage) when the
// platform offers it, else the owner-only file that `tapedeck serve` uses.
import path from 'node:path';
import { FileSecretStore, type SecretStore } from '../core/secrets';

export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plain: string): Buffer;
  decryptString(encrypted: Buffer): string;
}

export function desktopSecretStore(dataDir: string, safeStorage: SafeStorageLike): SecretStore {
  if (!safeStorage.isEncryptionAvailable()) return FileSecretStore.inDataDir(dataDir);
  const store = new FileSecretStore(path.join(dataDir, 'secrets.enc.json'), {
    encode: (plain) => safeStorage.encryptString(plain).toString('base64'),
    decode: (stored) => safeStorage.decryptString(Buffer.from(stored, 'base64')),
  });
  return Object.assign(store, { protection: 'encrypted by the OS keychain' });
}
