// What the add and edit dialogs hold, and how it becomes a contract input. Checked with the contract's
// own schemas, so the dialog says the same thing the core would, next to the field it is about.
import type { z } from 'zod';
import type { CommandInput } from '../../../src-shared/contract';
import { AddSourceInput, UpdateSourceInput } from '../../../src-shared/contract-sources';
import type { SourceInfo } from '../../../src-shared/domain-sources';
import { parseWhole } from './common/FormField';

export type AddKind = 'm3u' | 'xtream' | 'hdhomerun';

export interface SourceDraft {
  kind: AddKind;
  /** M3U: URL or path (ignored when a file was picked). */
  location: string;
  server: string;
  username: string;
  password: string;
  address: string;
  name: string;
  maxConnections: string;
  refreshHours: string;
  /** M3U: add the guides the playlist offers; Xtream: add the provider's guide. */
  addGuides: boolean;
  connectionGroup: string;
}

export type DraftErrors = Partial<Record<keyof SourceDraft | 'form', string>>;

export function emptyDraft(kind: AddKind = 'm3u'): SourceDraft {
  return {
    kind,
    location: '',
    server: '',
    username: '',
    password: '',
    address: '',
    name: '',
    maxConnections: '',
    refreshHours: '24',
    // Offered guides are added on purpose, not by surprise; a provider's own guide is what people want.
    addGuides: kind === 'xtream',
    connectionGroup: '',
  };
}

/** An edit dialog's starting point: what the source has now (passwords are never shown again). */
export function draftOf(source: SourceInfo): SourceDraft {
  const kind: AddKind = source.kind === 'xtream' || source.kind === 'hdhomerun' ? source.kind : 'm3u';
  return {
    ...emptyDraft(kind),
    location: kind === 'm3u' ? (source.location ?? '') : '',
    server: kind === 'xtream' ? (source.location ?? '') : '',
    address: kind === 'hdhomerun' ? (source.location ?? '') : '',
    name: source.name,
    maxConnections: source.maxConnectionsOverride === null ? '' : String(source.maxConnectionsOverride),
    refreshHours: String(source.refreshHours),
    connectionGroup: source.connectionGroup ?? '',
  };
}

/** The first message per field of a failed parse; paths name the contract's fields. */
function errorsOf(error: z.ZodError, fieldOf: (key: string) => keyof SourceDraft | 'form'): DraftErrors {
  const errors: DraftErrors = {};
  for (const issue of error.issues) {
    const key = fieldOf(String(issue.path[0] ?? ''));
    errors[key] ??= issue.message.charAt(0).toUpperCase() + issue.message.slice(1);
  }
  return errors;
}

const FIELD: Record<string, keyof SourceDraft> = {
  location: 'location',
  server: 'server',
  username: 'username',
  password: 'password',
  address: 'address',
  name: 'name',
  maxConnections: 'maxConnections',
  refreshHours: 'refreshHours',
  connectionGroup: 'connectionGroup',
};
const fieldOf = (key: string) => FIELD[key] ?? 'form';

function numberField(text: string, what: string, errors: DraftErrors, key: keyof SourceDraft) {
  const value = parseWhole(text);
  if (Number.isNaN(value)) errors[key] = `${what} must be a whole number`;
  return value;
}

export type Checked<T> = { ok: true; input: T } | { ok: false; errors: DraftErrors };

/**
 * The sources.add input of a draft. `fileLocation` stands in for the location when a file was picked
 * (it is uploaded first, so a placeholder path is checked here and the real one used after).
 */
export function addInput(draft: SourceDraft, fileLocation?: string): Checked<CommandInput<'sources.add'>> {
  const errors: DraftErrors = {};
  const maxConnections = numberField(draft.maxConnections, 'The connection limit', errors, 'maxConnections');
  const refreshHours = numberField(draft.refreshHours, 'The refresh interval', errors, 'refreshHours');
  const common = {
    ...(draft.name.trim() ? { name: draft.name.trim() } : {}),
    ...(maxConnections !== null && !Number.isNaN(maxConnections) ? { maxConnections } : {}),
    ...(refreshHours !== null && !Number.isNaN(refreshHours) ? { refreshHours } : {}),
  };
  const input: CommandInput<'sources.add'> =
    draft.kind === 'm3u'
      ? {
          kind: 'm3u',
          location: fileLocation ?? draft.location.trim(),
          addOfferedGuides: draft.addGuides,
          ...common,
        }
      : draft.kind === 'xtream'
        ? {
            kind: 'xtream',
            server: draft.server.trim(),
            username: draft.username,
            password: draft.password,
            withGuide: draft.addGuides,
            ...common,
          }
        : { kind: 'hdhomerun', address: draft.address.trim(), ...common };
  const parsed = AddSourceInput.safeParse(input);
  const all = { ...(parsed.success ? {} : errorsOf(parsed.error, fieldOf)), ...errors };
  if (draft.kind === 'm3u' && !fileLocation && !draft.location.trim()) {
    all.location = 'Give the playlist’s URL or choose a file';
  }
  return Object.keys(all).length ? { ok: false, errors: all } : { ok: true, input };
}

/** The sources.update input: only what changed, so an edit never resets what it did not touch. */
export function updateInput(source: SourceInfo, draft: SourceDraft): Checked<CommandInput<'sources.update'>> {
  const before = draftOf(source);
  const errors: DraftErrors = {};
  const input: CommandInput<'sources.update'> = { id: source.id };
  if (draft.name.trim() !== before.name) input.name = draft.name.trim();
  if (draft.maxConnections.trim() !== before.maxConnections) {
    const value = numberField(draft.maxConnections, 'The connection limit', errors, 'maxConnections');
    if (!Number.isNaN(value)) input.maxConnections = value;
  }
  if (draft.refreshHours.trim() !== before.refreshHours) {
    const value = numberField(draft.refreshHours, 'The refresh interval', errors, 'refreshHours');
    if (value === null) errors.refreshHours = 'Give a number of hours';
    else if (!Number.isNaN(value)) input.refreshHours = value;
  }
  if (draft.connectionGroup.trim() !== before.connectionGroup) {
    input.connectionGroup = draft.connectionGroup.trim() || null;
  }
  if (draft.kind === 'm3u' && draft.location.trim() !== before.location)
    input.location = draft.location.trim();
  if (draft.kind === 'hdhomerun' && draft.address.trim() !== before.address)
    input.address = draft.address.trim();
  if (draft.kind === 'xtream') {
    if (draft.server.trim() !== before.server) input.server = draft.server.trim();
    if (draft.username) input.username = draft.username;
    if (draft.password) input.password = draft.password;
  }
  const parsed = UpdateSourceInput.safeParse(input);
  const all = { ...(parsed.success ? {} : errorsOf(parsed.error, fieldOf)), ...errors };
  return Object.keys(all).length ? { ok: false, errors: all } : { ok: true, input };
}
