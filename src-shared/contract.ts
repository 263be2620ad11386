// The one contract between the core and every client (renderer over IPC or WebSocket, CLI over HTTP).
// Each command names a zod schema for its input (validated at every transport boundary) and the
// type of its result. Each event names its payload type.
import { z } from 'zod';
import {
  CONTAINERS,
  RECORDING_STATUSES,
  type CaptureState,
  type Channel,
  type Recording,
  type RecordingEvent,
  type RecordingProgress,
  type StatusSummary,
} from './domain';
import { command, id, instant, streamUrl } from './contract-kit';
import { ruleCommands, RULE_EVENT_NAMES, signedPadding, type RuleEventMap } from './contract-rules';
import { settingsCommands, SETTINGS_EVENT_NAMES, type SettingsEventMap } from './contract-settings';
import { sourceCommands, SOURCE_EVENT_NAMES, type SourceEventMap } from './contract-sources';
import { systemCommands, SYSTEM_EVENT_NAMES, type SystemEventMap } from './contract-system';

export { MAX_PADDING_MS, MAX_SCHEDULE_AHEAD_MS, STREAM_PROTOCOLS, streamUrl } from './contract-kit';

const title = z.string().trim().min(1, 'title is empty').max(300, 'title is longer than 300 characters');

export const ScheduleInput = z
  .object({
    title: title.optional(),
    channelId: id.optional(),
    url: streamUrl.optional(),
    start: instant,
    end: instant.optional(),
    durationMs: z.number().int().optional(),
    /** Negative padding starts late / ends early. Left out: the settings' defaults. */
    padBeforeMs: signedPadding.optional(),
    padAfterMs: signedPadding.optional(),
    container: z.enum(CONTAINERS).optional(),
  })
  .strict()
  .refine((v) => (v.channelId === undefined) !== (v.url === undefined), {
    message: 'give either a channel or a URL, not both and not neither',
  })
  .refine((v) => (v.end === undefined) !== (v.durationMs === undefined), {
    message: 'give either an end or a duration, not both and not neither',
  });
export type ScheduleInput = z.input<typeof ScheduleInput>;

const ById = z.object({ id }).strict();

const Empty = z.object({}).strict().default({});

const coreCommands = {
  'status.get': command(Empty).returns<StatusSummary>(),
  'recordings.list': command(
    z
      .object({ status: z.enum(RECORDING_STATUSES).optional() })
      .strict()
      .default({}),
  ).returns<Recording[]>(),
  'recordings.get': command(ById).returns<Recording>(),
  'recordings.events': command(ById).returns<RecordingEvent[]>(),
  'recordings.schedule': command(ScheduleInput).returns<Recording>(),
  'recordings.stop': command(ById).returns<Recording>(),
  'recordings.cancel': command(ById).returns<Recording>(),
  'recordings.retry': command(ById).returns<Recording>(),
  'recordings.startNow': command(ById).returns<Recording>(),
  'recordings.delete': command(z.object({ id, keepFile: z.boolean().default(false) }).strict()).returns<{
    id: number;
    deletedFiles: string[];
  }>(),
  'channels.list': command(
    z
      .object({ search: z.string().max(200).optional() })
      .strict()
      .default({}),
  ).returns<Channel[]>(),
  'channels.add': command(
    z.object({ name: title, url: streamUrl, fallbackUrls: z.array(streamUrl).max(10).default([]) }).strict(),
  ).returns<Channel>(),
} as const;

export const commands = {
  ...coreCommands,
  ...sourceCommands,
  ...ruleCommands,
  ...systemCommands,
  ...settingsCommands,
};

export type CommandName = keyof typeof commands;
export const COMMAND_NAMES = Object.keys(commands) as CommandName[];
export type CommandInput<K extends CommandName> = z.input<(typeof commands)[K]['input']>;
export type ParsedInput<K extends CommandName> = z.output<(typeof commands)[K]['input']>;
export type CommandResult<K extends CommandName> = (typeof commands)[K]['result'];

export interface EventMap extends SourceEventMap, RuleEventMap, SystemEventMap, SettingsEventMap {
  'recording.updated': Recording;
  'recording.progress': RecordingProgress;
  'recording.capture': CaptureState;
  'recording.deleted': { id: number };
  'channels.changed': Record<string, never>;
}
export type EventName = keyof EventMap;
export const EVENT_NAMES: readonly EventName[] = [
  'recording.updated',
  'recording.progress',
  'recording.capture',
  'recording.deleted',
  'channels.changed',
  ...SOURCE_EVENT_NAMES,
  ...RULE_EVENT_NAMES,
  ...SYSTEM_EVENT_NAMES,
  ...SETTINGS_EVENT_NAMES,
];
export interface TapedeckEvent<K extends EventName = EventName> {
  name: K;
  payload: EventMap[K];
}

export const ERROR_CODES = ['invalid_input', 'not_found', 'conflict', 'unavailable', 'internal'] as const;
export type ErrorCode = (typeof ERROR_CODES)[number];

export interface WireError {
  code: ErrorCode;
  message: string;
}

/** An error a user can read. Thrown by the core, carried as { code, message } by every transport. */
export class TapedeckError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'TapedeckError';
  }
  toWire(): WireError {
    return { code: this.code, message: this.message };
  }
}

export type CommandOutcome<R> = { ok: true; result: R } | { ok: false; error: WireError };

/** Parses a command's input, turning zod's issues into one readable TapedeckError. */
export function parseInput<K extends CommandName>(name: K, input: unknown): ParsedInput<K> {
  const schema = commands[name].input as unknown as z.ZodType<ParsedInput<K>>;
  const parsed = schema.safeParse(input ?? undefined);
  if (parsed.success) return parsed.data;
  const detail = parsed.error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new TapedeckError('invalid_input', `${name}: ${detail}`);
}

export function isCommandName(value: unknown): value is CommandName {
  return typeof value === 'string' && Object.hasOwn(commands, value);
}

/** The transport-neutral client surface: what the renderer and CLI program against. */
export interface ContractClient {
  call<K extends CommandName>(name: K, input: CommandInput<K>): Promise<CommandResult<K>>;
  subscribe(listener: (event: TapedeckEvent) => void): () => void;
}
