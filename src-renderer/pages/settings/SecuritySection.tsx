// Security (issue 11, item 6): how the passwords of sources are kept (settings.get facts.secretsProtection),
// and, when they are not encrypted by the OS (headless, or Linux without a keyring: Electron's
// "basic_text"), what that means in plain words. The core's wording never claims an encryption it
// lacks (src-main/desktop/secrets.ts), so "encrypted" at its start is the test.
import { ShieldAlert, ShieldCheck } from 'lucide-react';
import type { SettingsView } from '../../../src-shared/settings';

/** True when the core says the secrets are encrypted (by the OS keychain, DPAPI...). */
export const secretsEncrypted = (protection: string): boolean => /^encrypted\b/i.test(protection.trim());

export function SecuritySection({ facts }: { facts: SettingsView['facts'] }) {
  const encrypted = secretsEncrypted(facts.secretsProtection);
  return (
    <section className="card settings-section" aria-labelledby="security-title">
      <header>
        <h2 id="security-title">Security</h2>
      </header>
      <div className="setting-row">
        <div className="setting-text">
          <span className="setting-label">Source passwords</span>
          <p className="small muted">
            Xtream passwords and the S3 secret key: never in the database, never shown on a screen.
          </p>
        </div>
        <div className="setting-control small">
          <span className={encrypted ? 'success-text' : 'warning-text'}>
            {encrypted ? (
              <ShieldCheck size={14} aria-hidden="true" />
            ) : (
              <ShieldAlert size={14} aria-hidden="true" />
            )}{' '}
            Kept in {facts.secretsProtection}.
          </span>
        </div>
      </div>
      {!encrypted && (
        <p className="settings-note" role="note">
          <strong>Not encrypted.</strong> The passwords are in a file in the data folder (
          <span className="mono">{facts.dataDir}</span>) that only your user account may read. Any program you
          run, and anyone who can read your files or a backup of that folder, can read them. Keep backups
          private; on Linux, installing and unlocking GNOME Keyring or KWallet lets the desktop app encrypt
          them.
        </p>
      )}
    </section>
  );
}
