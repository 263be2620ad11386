// The contract's system part: pausing scheduling (the tray's Pause/Resume), and the notifications the
// core raises for every host to show (OS notifications on the desktop; the log and a webhook headless).
import { z } from 'zod';
import { command } from './contract-kit';

export const NOTIFICATION_KINDS = [
  'started',
  'completed',
  'failed',
  'conflict',
  'low-disk',
  'source-problem',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

/** Something worth telling the user without being asked. */
export interface AppNotification {
  kind: NotificationKind;
  /** The same key is never raised twice (a conflict is announced a day and an hour ahead: two keys). */
  key: string;
  title: string;
  body: string;
  /** Where clicking it goes in the app: '/recordings/12', '/recordings?tab=upcoming', '/sources'. */
  link: string;
  at: number;
}

export interface PauseState {
  paused: boolean;
  /** When scheduling resumes by itself; null: until resumed by hand. */
  until: number | null;
  since: number | null;
}

const Empty = z.object({}).strict().default({});

export const systemCommands = {
  /** New recordings do not start (running ones go on); a window that passes meanwhile is missed. */
  'schedule.pause': command(
    z
      .object({
        minutes: z
          .number()
          .int()
          .min(1)
          .max(7 * 24 * 60)
          .optional(),
      })
      .strict()
      .default({}),
  ).returns<PauseState>(),
  'schedule.resume': command(Empty).returns<PauseState>(),
  'schedule.state': command(Empty).returns<PauseState>(),
} as const;

export interface SystemEventMap {
  notification: AppNotification;
  'schedule.paused': PauseState;
}
export const SYSTEM_EVENT_NAMES = ['notification', 'schedule.paused'] as const;
