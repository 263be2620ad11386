// Electron entry: wiring only. The core runs here in the main process; each service (window, tray,
// notifications, power, single instance, login item, protocol, guards) takes the Electron objects it
// uses from here and is tested with fakes (tests/unit/desktop/). Closing the window keeps recording;
// Quit (tray menu, the OS) stops cleanly.
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import {
  app,
  BrowserWindow,
  dialog,
  ipcMain,
  Menu,
  nativeImage,
  Notification,
  powerMonitor,
  powerSaveBlocker,
  protocol,
  safeStorage,
  session,
  shell,
  Tray,
} from 'electron';
import type { NativeImage } from 'electron';
import type { Settings } from '../../src-shared/settings';
import { DataDirLockedError, resolveDataDir } from '../core/data-dir';
import { Dvr } from '../core/dvr';
import { WebhookSender } from '../core/notify/webhook';
import { unpackedFromAsar } from '../core/record/ffmpeg-path';
import { redactError, redactText, registerSecret } from '../core/redact';
import { startHttpServer } from '../server/http-server';
import { loadOrCreateToken, writeInstanceFile } from '../server/instance-file';
import { ExternalLinks } from './external-links';
import { forwardEvents, NAVIGATE_CHANNEL, registerIpc, registerMediaBase } from './ipc';
import { LaunchActions } from './launch-actions';
import { parseLaunchArgs } from './launch-args';
import { LoginItem, startsHidden } from './login-item';
import { loadElectronSqlite } from './native-sqlite';
import { explainTrayOnce, NotificationService } from './notifications';
import { PowerService } from './power';
import {
  APP_ORIGIN,
  APP_SCHEME,
  APP_SCHEME_PRIVILEGES,
  createAppHandler,
  RENDERER_URL,
  rendererCsp,
} from './protocol';
import { desktopSecretStore } from './secrets';
import { applyPermissionPolicy, guardWebContents } from './security';
import { SingleInstance } from './single-instance';
import { StatusFeed } from './status-feed';
import { trayIconFile, TrayService } from './tray';
import { trayView, type TrayAction, type TrayView } from './tray-view';
import { WakeTimer } from './wake-timer';
import { WindowService } from './window';

const APP_ID = 'app.tapedeck.desktop';
const PROBLEMS_SEEN_KEY = 'problemsSeenAt';
const distDir = path.resolve(__dirname, '..');
const resourcesDir = path.join(app.getAppPath(), 'resources');

// Before ready: app:// is a standard, secure origin of its own (protocol.ts).
protocol.registerSchemesAsPrivileged([APP_SCHEME_PRIVILEGES]);

let quitting = false;
/** Set once the core runs: what before-quit awaits. */
let shutdown: (() => Promise<void>) | null = null;
/** The latest tray, for the Electron smoke test (TAPEDECK_E2E=1 only). */
let lastTray: TrayView | null = null;

function flagValue(name: string): string | undefined {
  const index = process.argv.indexOf(name);
  return index >= 0 ? process.argv[index + 1] : undefined;
}

const windows = new WindowService({
  BrowserWindow,
  preload: path.join(__dirname, 'preload.cjs'),
  url: RENDERER_URL,
  icon: path.join(resourcesDir, 'icon.png'),
  quitting: () => quitting,
  onHiddenToTray: () => onHiddenToTray(),
  onSessionEnd: () => app.quit(),
  navigateChannel: NAVIGATE_CHANNEL,
});
const notifications = new NotificationService({ Notification, open: (route) => windows.open(route) });
const externalLinks = new ExternalLinks({
  openExternal: (url) => shell.openExternal(url),
  confirm: async (url) => {
    const options = {
      type: 'question' as const,
      buttons: ['Open in browser', 'Cancel'],
      defaultId: 1,
      cancelId: 1,
      message: 'Open this link in your browser?',
      detail: url,
    };
    const parent = windows.current;
    const { response } = parent
      ? await dialog.showMessageBox(parent as BrowserWindow, options)
      : await dialog.showMessageBox(options);
    return response === 0;
  },
});
let onHiddenToTray = (): void => undefined;

const single = new SingleInstance({ app, registerScheme: app.isPackaged });
if (single.claim()) {
  // Every web contents, now and later: no webviews, no new windows, no navigation off app://tapedeck.
  app.on('web-contents-created', (_event, contents) =>
    guardWebContents(contents, (url) => void externalLinks.open(url)),
  );
  app.on('window-all-closed', () => {
    /* keep running in the tray */
  });
  app.on('activate', () => windows.open(null));
  app.on('before-quit', (event) => {
    quitting = true;
    if (!shutdown) return;
    // Stop ffmpeg gracefully first so the last segment is complete, then really quit.
    event.preventDefault();
    const run = shutdown;
    shutdown = null;
    void run().finally(() => app.quit());
  });
  // A log-off or `kill` on Linux and macOS: the same clean quit.
  process.once('SIGTERM', () => app.quit());
  app.whenReady().then(start, (error: unknown) => {
    console.error(redactError(error));
    app.exit(1);
  });
}

async function start(): Promise<void> {
  if (process.platform === 'win32') app.setAppUserModelId(APP_ID);
  if (app.isPackaged) {
    // Worker threads cannot start from inside app.asar: electron-builder unpacks the writer's file.
    process.env.TAPEDECK_SQL_WORKER ??= unpackedFromAsar(path.join(__dirname, 'sql-writer-worker.cjs'));
  }
  const dataDir = resolveDataDir(flagValue('--data-dir'));
  const secrets = desktopSecretStore(dataDir, safeStorage);
  if (secrets.warning) console.warn(secrets.warning);
  let dvr: Dvr;
  try {
    dvr = await Dvr.open({
      dataDir,
      migrationsFolder: path.join(distDir, 'migrations'),
      host: 'Tapedeck desktop',
      sqliteDriver: loadElectronSqlite(app.getAppPath(), app.isPackaged ? process.resourcesPath : undefined),
      secrets: secrets.store,
    });
  } catch (error) {
    dialog.showErrorBox(
      'Tapedeck cannot start',
      error instanceof DataDirLockedError ? error.message : redactText(String(error)),
    );
    app.exit(1);
    return;
  }
  const core = dvr;
  const subscribe = core.bus.subscribe.bind(core.bus);
  // The player and the CLI use the same loopback host as `tapedeck serve` (range requests, tokens).
  // The renderer gets a media-only token of this run, never the API token.
  const token = loadOrCreateToken(dataDir);
  const mediaToken = randomBytes(24).toString('base64url');
  registerSecret(mediaToken);
  const media = await startHttpServer({
    dvr: core,
    host: '127.0.0.1',
    port: 0,
    token,
    mediaToken,
    mediaCorsOrigin: APP_ORIGIN,
    rendererDir: null,
  });
  const removeInstanceFile = writeInstanceFile(dataDir, { url: media.url, token, pid: process.pid });

  applyPermissionPolicy(session.defaultSession);
  protocol.handle(
    APP_SCHEME,
    createAppHandler({ root: path.join(distDir, 'renderer'), csp: rendererCsp(media.port) }),
  );
  registerIpc(ipcMain, { call: (name, input) => core.call(name, input) }, RENDERER_URL);
  registerMediaBase(ipcMain, RENDERER_URL, () => ({ url: media.url, token: mediaToken }));
  forwardEvents(subscribe, (channel, event) => windows.send(channel, event));
  const stopNotifications = notifications.start(subscribe);
  onHiddenToTray = () => void explainTrayOnce(core.settings, notifications);

  // Problems are "seen" once the window was opened after them; until then the tray shows the problem icon.
  let problemsSeenAt = Number(core.settings.internal(PROBLEMS_SEEN_KEY)) || 0;

  const tray = new TrayService<NativeImage, Menu>({
    createTray: (image) => new Tray(image),
    buildMenu: (template) => Menu.buildFromTemplate(template),
    icon: (state) => nativeImage.createFromPath(trayIconFile(resourcesDir, state, process.platform)),
    dispatch: (action: TrayAction) => {
      const report = (error: unknown) => console.error('tray:', redactError(error));
      if (action.type === 'open') open(action.route);
      else if (action.type === 'pause')
        core.call('schedule.pause', action.minutes === null ? {} : { minutes: action.minutes }).catch(report);
      else if (action.type === 'resume') core.call('schedule.resume', {}).catch(report);
      else app.quit();
    },
    platform: process.platform,
  });
  const power = new PowerService({
    blocker: powerSaveBlocker,
    monitor: powerMonitor,
    slept: (from, to) => core.systemSlept(from, to),
    now: () => Date.now(),
    quit: () => app.quit(),
    log: (line) => console.log(`power: ${line}`),
  });
  power.start();
  let wakeDir: string | null = null;
  const wake = new WakeTimer({
    platform: process.platform,
    run: (cmd, args) =>
      new Promise((resolve) => {
        execFile(cmd, args, { windowsHide: true, timeout: 30_000 }, (error, _stdout, stderr) => {
          const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
          resolve({ code, stderr: error && !stderr ? error.message : String(stderr) });
        });
      }),
    writeTempFile: async (name, data) => {
      wakeDir ??= await mkdtemp(path.join(os.tmpdir(), 'tapedeck-'));
      const file = path.join(wakeDir, name);
      await writeFile(file, data);
      return file;
    },
    now: () => Date.now(),
    log: (line) => console.log(line),
    enabled: core.settings.all().wakeForRecordings,
    systemRoot: process.env.SystemRoot,
  });
  const feed = new StatusFeed({
    call: (name, input) => core.call(name, input),
    subscribe,
    every: (ms, fn) => {
      const timer = setInterval(fn, ms);
      return () => clearInterval(timer);
    },
    onSnapshot: (snapshot) => {
      lastTray = trayView(snapshot, { now: Date.now(), problemsSeenAt });
      tray.render(lastTray);
      power.update({
        recordingNow: snapshot.status.recordingNow,
        nextStartAt: snapshot.status.next?.startAt ?? null,
      });
      void wake.update(snapshot.status.next);
    },
    onError: (error) => console.error('tray:', redactError(error)),
  });

  const open = (route: string | null) => {
    windows.open(route);
    problemsSeenAt = Date.now();
    core.settings.setInternal(PROBLEMS_SEEN_KEY, problemsSeenAt);
    void feed.refresh();
  };

  const loginItem = new LoginItem({
    platform: process.platform,
    app,
    command: process.env.APPIMAGE
      ? [process.env.APPIMAGE]
      : app.isPackaged
        ? [process.execPath]
        : [process.execPath, app.getAppPath()],
    autostartDir: path.join(process.env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config'), 'autostart'),
  });
  let openAtLogin = core.settings.all().openAtLogin;
  const applyLoginItem = () => {
    try {
      loginItem.apply(openAtLogin);
    } catch (error) {
      console.error('open at login:', redactError(error));
    }
  };
  applyLoginItem();
  const stopSettingsWatch = subscribe((event) => {
    if (event.name !== 'settings.changed') return;
    void wake.setEnabled((event.payload as Settings).wakeForRecordings);
    const wanted = (event.payload as Settings).openAtLogin;
    if (wanted !== openAtLogin) {
      openAtLogin = wanted;
      applyLoginItem();
    }
  });
  const webhook = new WebhookSender({
    subscribe,
    url: () => core.settings.all().webhookUrl,
    log: (line) => console.log(line),
  });
  webhook.start();

  shutdown = async () => {
    feed.stop();
    webhook.stop();
    stopNotifications();
    stopSettingsWatch();
    power.stop();
    tray.destroy();
    removeInstanceFile();
    await Promise.all([media.close(), core.shutdown(), wake.stop()]);
  };

  const launch = new LaunchActions({
    call: (name, input) => core.call(name, input),
    open,
    notify: (title, body, route) => void notifications.show(title, body, route),
  });
  const atLogin = process.platform === 'darwin' && app.getLoginItemSettings().wasOpenedAtLogin;
  if (!startsHidden(process.argv, atLogin)) open(null);
  await feed.start();
  single.ready((request, second) => void launch.handle(request, second));
  void launch.handle(parseLaunchArgs(process.argv.slice(1), process.cwd()), false);
  if (process.env.TAPEDECK_E2E === '1') {
    Object.assign(globalThis, { tapedeckE2E: { tray: () => lastTray } });
  }
}
