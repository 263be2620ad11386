// "Open at login" (setting openAtLogin): the app starts with the session, minimised to the tray.
// Windows and macOS keep login items themselves (app.setLoginItemSettings); Linux has no such API in
// Electron, so the freedesktop way is used: an autostart entry in ~/.config/autostart.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/** Given to the app when the session starts it: the window stays hidden, the tray shows. */
export const HIDDEN_FLAG = '--hidden';

export interface LoginItemApp {
  setLoginItemSettings(settings: { openAtLogin: boolean; path?: string; args?: string[] }): void;
}

export interface LoginItemOptions {
  platform: NodeJS.Platform;
  app: LoginItemApp;
  /** What starts the app: the executable (and, unpackaged, the app folder). AppImage: $APPIMAGE. */
  command: string[];
  /** Linux: $XDG_CONFIG_HOME/autostart (default ~/.config/autostart). */
  autostartDir: string;
}

const DESKTOP_FILE = 'tapedeck.desktop';

export class LoginItem {
  constructor(private readonly options: LoginItemOptions) {}

  apply(openAtLogin: boolean): void {
    const { platform, app, command, autostartDir } = this.options;
    if (platform === 'linux') {
      const file = path.join(autostartDir, DESKTOP_FILE);
      if (!openAtLogin) return rmSync(file, { force: true });
      mkdirSync(autostartDir, { recursive: true });
      writeFileSync(file, autostartEntry([...command, HIDDEN_FLAG]), { mode: 0o644 });
      return;
    }
    if (platform === 'win32') {
      const [exe, ...rest] = command;
      app.setLoginItemSettings({ openAtLogin, path: exe, args: [...rest, HIDDEN_FLAG] });
      return;
    }
    // macOS: no arguments reach a login item; the app asks getLoginItemSettings().wasOpenedAtLogin.
    app.setLoginItemSettings({ openAtLogin });
  }
}

/** Whether this launch should stay in the tray: started at login (by our flag, or macOS says so). */
export function startsHidden(argv: readonly string[], wasOpenedAtLogin: boolean): boolean {
  return argv.includes(HIDDEN_FLAG) || wasOpenedAtLogin;
}

/** A freedesktop autostart entry; Exec arguments quoted as the Desktop Entry spec says. */
export function autostartEntry(command: string[]): string {
  const quote = (arg: string) =>
    /^[A-Za-z0-9_@+=:,./-]+$/.test(arg) ? arg : `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Tapedeck',
    'Comment=Records internet TV in the background',
    // Exec is itself unescaped once more ("\\" for a backslash) before the quoting is read, and "%"
    // starts a field code ("%%" is a percent sign).
    `Exec=${command.map(quote).join(' ').replace(/\\/g, '\\\\').replace(/%/g, '%%')}`,
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}
