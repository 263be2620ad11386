// The desktop secret store with a fake safeStorage: values round-trip, the file never holds them in
// clear, Linux's "basic_text" backend is reported as what it is (and warned about), and secrets kept in
// the plain file move into the encrypted one once a keyring appears.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import {
  desktopSecretStore,
  NO_KEYRING_LABEL,
  protectionLabel,
  type SafeStorageLike,
} from '../../../src-main/desktop/secrets';
import { tempDir } from '../../support/temp-dvr';

/** A reversible "encryption" that surely changes every byte, and counts its use. */
function fakeSafeStorage(backend: string | undefined, available = true) {
  const calls = { encrypt: 0, decrypt: 0 };
  const storage: SafeStorageLike = {
    isEncryptionAvailable: () => available,
    encryptString: (plain) => {
      calls.encrypt++;
      return Buffer.from([...Buffer.from(`v10${plain}`)].map((b) => b ^ 0x5a));
    },
    decryptString: (data) => {
      calls.decrypt++;
      const text = Buffer.from([...data].map((b) => b ^ 0x5a)).toString();
      if (!text.startsWith('v10')) throw new Error('not ours');
      return text.slice(3);
    },
    ...(backend !== undefined ? { getSelectedStorageBackend: () => backend } : {}),
  };
  return { storage, calls };
}

const dirs: string[] = [];
function dataDir(): string {
  const dir = tempDir('tapedeck-secrets-');
  dirs.push(dir);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe('desktop secret store', () => {
  it('round-trips through safeStorage and never writes the plain value', () => {
    const dir = dataDir();
    const { storage, calls } = fakeSafeStorage('gnome_libsecret');
    const { store, warning } = desktopSecretStore(dir, storage, 'linux');
    expect(warning).toBeNull();
    expect(store.protection).toBe('encrypted by the OS keychain (gnome_libsecret)');
    store.set('source:1:password', 'hunter2 & ünïcode');
    store.set('serve:token', 'tok-123');
    expect(store.get('source:1:password')).toBe('hunter2 & ünïcode');
    expect(calls.encrypt).toBe(2);
    expect(calls.decrypt).toBeGreaterThan(0);
    const file = readFileSync(path.join(dir, 'secrets.enc.json'), 'utf8');
    expect(file).not.toContain('hunter2');
    expect(file).not.toContain('tok-123');
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);

    // A new start reads them back; a deleted one is gone.
    const again = desktopSecretStore(dir, fakeSafeStorage('gnome_libsecret').storage, 'linux').store;
    expect(again.get('serve:token')).toBe('tok-123');
    again.delete('serve:token');
    expect(again.get('serve:token')).toBeNull();
    expect(again.get('source:1:password')).toBe('hunter2 & ünïcode');
  });

  it('says plainly that basic_text is not encryption, warns once, and uses the owner-only file', () => {
    const dir = dataDir();
    const { storage, calls } = fakeSafeStorage('basic_text');
    const { store, warning } = desktopSecretStore(dir, storage, 'linux');
    expect(store.protection).toBe(NO_KEYRING_LABEL);
    expect(store.protection).not.toMatch(/^encrypted/);
    expect(store.protection).toContain('basic_text');
    expect(warning).toBe(`Passwords are stored in ${NO_KEYRING_LABEL}.`);
    store.set('source:2:password', 'pw');
    expect(store.get('source:2:password')).toBe('pw');
    // Not pretending: safeStorage's fixed-key "encryption" is not used at all.
    expect(calls.encrypt).toBe(0);
    expect(JSON.parse(readFileSync(path.join(dir, 'secrets.json'), 'utf8'))).toEqual({
      'source:2:password': 'pw',
    });
  });

  it('falls back to the owner-only file when the OS offers no encryption', () => {
    const dir = dataDir();
    const { store, warning } = desktopSecretStore(dir, fakeSafeStorage(undefined, false).storage, 'darwin');
    expect(store.protection).toBe('a file readable by its owner only');
    expect(warning).toBeNull();
  });

  it('moves secrets from the plain file into the encrypted one once a keyring is there', () => {
    const dir = dataDir();
    writeFileSync(path.join(dir, 'secrets.json'), JSON.stringify({ 'source:3:password': 'old' }));
    const { store } = desktopSecretStore(dir, fakeSafeStorage('kwallet5').storage, 'linux');
    expect(store.get('source:3:password')).toBe('old');
    expect(existsSync(path.join(dir, 'secrets.json'))).toBe(false);
    expect(readFileSync(path.join(dir, 'secrets.enc.json'), 'utf8')).not.toContain('old');
  });

  it('names the key store of each platform', () => {
    expect(protectionLabel('darwin', null)).toBe('encrypted by the OS keychain (macOS Keychain)');
    expect(protectionLabel('win32', null)).toBe('encrypted by the OS for your Windows account (DPAPI)');
    expect(protectionLabel('linux', null)).toBe('encrypted by the OS keychain (keyring)');
  });
});
