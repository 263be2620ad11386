// Electron entry: lifecycle only. The core runs here in the main process; the window, tray and
// notifications just reflect its events. Closing the window keeps recording; Quit stops cleanly.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import {
  app,
  BrowserWindow,
  ipcMain,
  Menu,
  Notification,
  powerSaveBlocker,
  session,
  shell,
  Tray,
  nativeImage,
  safeStorage,
} from 'electron';
import type { Recording } from '../../src-shared/domain';
import { DataDirLockedError, resolveDataDir } from '../core/data-dir';
import { Dvr } from '../core/dvr';
import { redactError, redactText } from '../core/redact';
import { startHttpServer, type RunningServer } from '../server/http-server';
import { loadOrCreateToken, writeInstanceFile } from '../server/instance-file';
import { forwardEvents, registerIpc } from './ipc';
import { loadElectronSqlite } from './native-sqlite';
import { RecordingPowerGuard } from './power';
import { desktopSecretStore } from './secrets';
import { notificationFor, trayTooltip } from './status-text';

const distDir = path.resolve(__dirname, '..');
const rendererUrl = pathToFileURL(path.join(distDir, 'renderer', 'index.html')).href;
let dvr: Dvr | null = null;
let media: RunningServer | null = null;
let win: BrowserWindow | null = null;
let tray: Tray | null = null;
let quitting = false;

function flagValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1100,
    height: 760,
    title: 'Tapedeck',
    show: false,
    webPreferences: {
      preload: path.join(__dirname, 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  window.once('ready-to-show', () => window.show());
  // Navigation and new windows are denied; links open in the user's browser.
  window.webContents.on('will-navigate', (event) => event.preventDefault());
  window.webContents.setWindowOpenHandler(({ url }) => {
    if (/^https?:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  window.on('close', (event) => {
    if (!quitting) {
      // Closing the window is not quitting: recordings go on; the tray brings it back.
      event.preventDefault();
      window.hide();
    }
  });
  void window.loadURL(rendererUrl);
  return window;
}

function showWindow(): void {
  if (!win || win.isDestroyed()) win = createWindow();
  win.show();
  win.focus();
}

async function refreshTray(guard: RecordingPowerGuard): Promise<void> {
  if (!dvr || !tray) return;
  const status = await dvr.call('status.get', {});
  tray.setToolTip(trayTooltip(status.recordingNow, status.next));
  guard.update(status.recordingNow);
}

async function start(): Promise<void> {
  const dataDir = resolveDataDir(flagValue('--data-dir'));
  try {
    dvr = await Dvr.open({
      dataDir,
      migrationsFolder: path.join(distDir, 'migrations'),
      host: 'Tapedeck desktop',
      sqliteDriver: loadElectronSqlite(app.getAppPath(), app.isPackaged ? process.resourcesPath : undefined),
      secrets: desktopSecretStore(dataDir, safeStorage),
    });
  } catch (error) {
    const { dialog } = await import('electron');
    dialog.showErrorBox(
      'Tapedeck cannot start',
      error instanceof DataDirLockedError ? error.message : redactText(String(error)),
    );
    app.exit(1);
    return;
  }
  const core = dvr;
  // The player and the CLI use the same loopback host as `tapedeck serve` (range requests, tokens).
  const token = loadOrCreateToken(dataDir);
  media = await startHttpServer({ dvr: core, host: '127.0.0.1', port: 0, token, rendererDir: null });
  const removeInstanceFile = writeInstanceFile(dataDir, { url: media.url, token, pid: process.pid });
  app.once('will-quit', removeInstanceFile);

  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  registerIpc(ipcMain, { call: (name, input) => core.call(name, input) }, rendererUrl);
  ipcMain.handle('tapedeck:media-base', () => ({ url: media?.url ?? '', token }));

  win = createWindow();
  forwardEvents(
    (listener) => core.bus.subscribe(listener),
    (channel, event) => {
      if (win && !win.isDestroyed()) win.webContents.send(channel, event);
    },
  );

  const icon = nativeImage.createFromPath(path.join(app.getAppPath(), 'resources', 'tray.png'));
  tray = new Tray(icon);
  tray.setContextMenu(
    Menu.buildFromTemplate([
      { label: 'Show Tapedeck', click: showWindow },
      { type: 'separator' },
      { label: 'Quit (stops recordings cleanly)', click: () => app.quit() },
    ]),
  );
  tray.on('click', showWindow);
  const guard = new RecordingPowerGuard(powerSaveBlocker);
  core.bus.subscribe((event) => {
    if (event.name !== 'recording.updated' && event.name !== 'recording.deleted') return;
    void refreshTray(guard);
    if (event.name === 'recording.updated') {
      const note = notificationFor(event.payload as Recording);
      if (note && Notification.isSupported()) new Notification(note).show();
    }
  });
  await refreshTray(guard);
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', showWindow);
  app.on('window-all-closed', () => {
    /* keep running in the tray */
  });
  app.on('activate', showWindow);
  app.on('before-quit', (event) => {
    if (!dvr) return;
    // Stop ffmpeg gracefully first so the last segment is complete, then really quit.
    quitting = true;
    event.preventDefault();
    const core = dvr;
    dvr = null;
    void Promise.all([media?.close(), core.shutdown()]).finally(() => app.quit());
  });
  app.whenReady().then(start, (error: unknown) => {
    console.error(redactError(error));
    app.exit(1);
  });
}
