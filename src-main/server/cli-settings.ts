// CLI for the settings: `settings get [KEY] [--json]`, `settings set KEY VALUE [--json]`.
// KEY is a setting's name, or `notifications.<kind>` for one notification switch. VALUE is read as JSON
// when it parses as JSON (10, true, "text", {"a":1}), else as the text itself (Europe/Berlin, /srv/tv);
// `null` puts the setting back to its default. Paths are made absolute here: the server has another
// working directory.
import path from 'node:path';
import type { Command } from 'commander';
import {
  NOTIFICATION_SWITCHES,
  PATH_SETTINGS,
  SETTING_KEYS,
  type NotificationSwitch,
  type SettingKey,
  type Settings,
  type SettingsUpdate,
  type SettingsView,
} from '../../src-shared/settings';
import { CliError, type CliContext } from './cli-context';

type Key = { key: SettingKey; sub: NotificationSwitch | null };

export function registerSettingsCommands(program: Command, context: CliContext): void {
  const settings = program.command('settings').description('show or change the settings');

  settings
    .command('get [key]')
    .description(`show the settings (or one: ${SETTING_KEYS.join(', ')}, notifications.<kind>)`)
    .option('--json', 'print JSON')
    .action(async (raw: string | undefined, opts: { json?: boolean }) => {
      const view = await context.call('settings.get', {});
      if (raw === undefined) {
        context.print(opts.json, view, () => describeSettings(view));
        return;
      }
      const key = parseKey(raw);
      const value = valueOf(view.settings, key);
      context.print(opts.json, value, () => [shown(value)]);
    });

  settings
    .command('set <key> <value>')
    .description(
      'change a setting; VALUE is JSON when it parses (10, true, "x"), else text; null: the default',
    )
    .option('--json', 'print JSON')
    .action(async (raw: string, text: string, opts: { json?: boolean }) => {
      const key = parseKey(raw);
      const value = parseValue(text);
      let after: Settings;
      if (value === null && key.sub === null) {
        after = await context.call('settings.reset', { keys: [key.key] });
      } else if (key.sub !== null) {
        if (typeof value !== 'boolean') throw new CliError(`${raw} is true or false (got ${text})`);
        after = await context.call('settings.update', { notifications: { [key.sub]: value } });
      } else {
        const update = { [key.key]: absolutePath(key.key, value) } as SettingsUpdate;
        after = await context.call('settings.update', update);
      }
      const now = valueOf(after, key);
      context.print(opts.json, now, () => [`${raw} = ${shown(now)}`]);
    });
}

function parseKey(raw: string): Key {
  const [key, sub, ...rest] = raw.split('.');
  if (!(SETTING_KEYS as string[]).includes(key!) || rest.length > 0) {
    throw new CliError(
      `unknown setting "${raw}"; settings are ${SETTING_KEYS.join(', ')} (and notifications.<${NOTIFICATION_SWITCHES.join('|')}>)`,
    );
  }
  if (sub === undefined) return { key: key as SettingKey, sub: null };
  if (key !== 'notifications' || !(NOTIFICATION_SWITCHES as readonly string[]).includes(sub)) {
    throw new CliError(
      key === 'notifications'
        ? `unknown notification "${sub}"; they are ${NOTIFICATION_SWITCHES.join(', ')}`
        : `${key} has no parts: use ${key}`,
    );
  }
  return { key: 'notifications', sub: sub as NotificationSwitch };
}

/** JSON when it parses (numbers, booleans, null, quoted text, objects), else the text as it is. */
export function parseValue(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function absolutePath(key: SettingKey, value: unknown): unknown {
  return (PATH_SETTINGS as readonly string[]).includes(key) && typeof value === 'string'
    ? path.resolve(value)
    : value;
}

function valueOf(settings: Settings, key: Key): unknown {
  return key.sub === null ? settings[key.key] : settings.notifications[key.sub];
}

function shown(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function describeSettings(view: SettingsView): string[] {
  const lines: string[] = [];
  for (const key of SETTING_KEYS) {
    if (key === 'notifications') {
      for (const kind of NOTIFICATION_SWITCHES) {
        lines.push(`notifications.${kind} = ${shown(view.settings.notifications[kind])}`);
      }
    } else lines.push(`${key} = ${shown(view.settings[key])}`);
  }
  const f = view.facts;
  lines.push(
    '',
    `recordings folder in use: ${f.recordingsDir}`,
    `import folder in use: ${f.importDir}`,
    `data folder: ${f.dataDir}`,
    `credentials: ${f.secretsProtection}`,
    `server port: ${f.serverPort ?? 'none'}`,
  );
  return lines;
}
