// The core's `notification` events as OS notifications (the core already applied the user's per-kind
// switches and raised each one once). Clicking one opens the window at its link. The app's own notes
// (closed to the tray, a file opened with the app) go through the same path.
import type { TapedeckEvent } from '../../src-shared/contract';
import type { AppNotification } from '../../src-shared/contract-system';

export interface NotificationLike {
  show(): void;
  on(event: 'click', listener: () => void): unknown;
  on(event: 'close', listener: () => void): unknown;
}

export interface NotificationApi {
  new (options: { title: string; body: string }): NotificationLike;
  isSupported(): boolean;
}

export interface NotificationServiceOptions {
  Notification: NotificationApi;
  /** Opens the window, at a route when one is given. */
  open: (route: string | null) => void;
}

/** Notifications shown and not yet clicked or closed; the oldest go when there are more. */
const KEEP = 20;

export class NotificationService {
  // Electron drops a notification's click handler when the object is garbage-collected: the shown
  // ones are kept until clicked or closed.
  private readonly live: NotificationLike[] = [];

  constructor(private readonly options: NotificationServiceOptions) {}

  /** Shows every `notification` event from now on; returns the unsubscribe. */
  start(subscribe: (listener: (event: TapedeckEvent) => void) => () => void): () => void {
    return subscribe((event) => {
      if (event.name !== 'notification') return;
      const n = event.payload as AppNotification;
      this.show(n.title, n.body, n.link);
    });
  }

  /** Shows one; false where the OS has no notifications (Linux without a notification daemon). */
  show(title: string, body: string, route: string | null = null): boolean {
    const { Notification } = this.options;
    if (!Notification.isSupported()) return false;
    // No icon: each OS shows the app's own (its desktop entry, AppUserModelId or bundle).
    const note = new Notification({ title, body });
    const forget = () => {
      const at = this.live.indexOf(note);
      if (at >= 0) this.live.splice(at, 1);
    };
    note.on('click', () => {
      forget();
      this.options.open(route);
    });
    note.on('close', forget);
    this.live.push(note);
    while (this.live.length > KEEP) this.live.shift();
    note.show();
    return true;
  }

  /** How many are kept for their click (for tests). */
  get pending(): number {
    return this.live.length;
  }
}

/** Where the app remembers that it explained closing to the tray (the settings' internal state). */
export interface OnceStore {
  internal(key: string): unknown;
  setInternal(key: string, value: unknown): void;
}

export const TRAY_HINT_KEY = 'trayHintShown';

/** The first time the window closes to the tray, say that the app (and its recordings) go on. */
export function explainTrayOnce(store: OnceStore, notifications: Pick<NotificationService, 'show'>): boolean {
  if (store.internal(TRAY_HINT_KEY) === true) return false;
  store.setInternal(TRAY_HINT_KEY, true);
  notifications.show(
    'Tapedeck is still running',
    'Recordings go on with the window closed. The tray icon opens it again; Quit is in its menu.',
    null,
  );
  return true;
}
