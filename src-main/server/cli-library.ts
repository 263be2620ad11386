// CLI for the library: `rescan`, `import-folder DIR`, and `library links|sidecars|rename|rule` (docs/library.md).
// Every command takes --json. Paths are made absolute here: the server has another working directory.
import path from 'node:path';
import type { Command } from 'commander';
import type {
  ImportFolderReport,
  RenameReport,
  RescanReport,
  SidecarReport,
} from '../../src-shared/domain-library';
import { SIDECARS, type RuleLibrary, type Sidecar } from '../../src-shared/settings-library';
import { CliError, type CliContext } from './cli-context';
import { positiveId } from './cli-sources-format';

export function registerLibraryCommands(program: Command, context: CliContext): void {
  program
    .command('rescan')
    .description(
      "look for every finished recording's file: gone ones are marked missing, found ones unmarked",
    )
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const report = await context.call('library.rescan', {});
      context.print(opts.json, report, () => rescanLines(report));
    });

  program
    .command('import-folder <dir>')
    .description('import the .ts, .mkv and .mp4 files under DIR as completed recordings (files stay put)')
    .option('--json', 'print JSON')
    .action(async (dir: string, opts: { json?: boolean }) => {
      const report = await context.call('library.import', { dir: path.resolve(dir) });
      context.print(opts.json, report, () => importLines(report));
    });

  const library = program
    .command('library')
    .description('the playlist for TV apps, sidecars, per-rule choices');
  library
    .command('links')
    .description('the M3U and XMLTV addresses of the finished recordings (for Kodi, TiviMate, VLC)')
    .option('--json', 'print JSON')
    .action(async (opts: { json?: boolean }) => {
      const links = await context.call('library.links', {});
      context.print(opts.json, links, () =>
        links.m3u === null
          ? [
              'no address yet: set library.strmBaseUrl (tapedeck settings set library.strmBaseUrl http://host:port)',
            ]
          : [`playlist: ${links.m3u}`, `guide:    ${links.xmltv}`],
      );
    });
  library
    .command('sidecars <id>')
    .description("write a finished recording's NFO, image, STRM and health file again")
    .option('--json', 'print JSON')
    .action(async (id: string, opts: { json?: boolean }) => {
      const report = await context.call('library.sidecars', { id: positiveId(id) });
      context.print(opts.json, report, () => sidecarLines(report));
    });

  library
    .command('rename [id]')
    .description('move a finished recording (or --all) to the name its template gives now, with its sidecars')
    .option('--all', 'every finished recording in the recordings folder')
    .option('--json', 'print JSON')
    .action(async (id: string | undefined, opts: { all?: boolean; json?: boolean }) => {
      if ((id === undefined) === !opts.all) throw new CliError('give a recording ID or --all (not both)');
      const report = await context.call('library.rename', id === undefined ? {} : { id: positiveId(id) });
      context.print(opts.json, report, () => renameLines(report));
    });

  const rule = library
    .command('rule <id>')
    .description("a rule's own sidecar switches and film naming (on, off, or default: the settings')")
    .option('--film <yes|no|auto>', 'name its recordings as films, never, or by the programme category')
    .option('--json', 'print JSON');
  for (const sidecar of SIDECARS) rule.option(`--${flagOf(sidecar)} <on|off|default>`);
  rule.action(async (id: string, opts: Record<string, string | boolean | undefined>) => {
    const ruleId = positiveId(id);
    const before = (await context.call('rules.get', { id: ruleId })).library ?? {};
    const next: RuleLibrary = { ...before, sidecars: { ...before.sidecars } };
    for (const sidecar of SIDECARS) {
      const value = opts[camelOf(flagOf(sidecar))];
      if (typeof value !== 'string') continue;
      const choice = onOff(value, `--${flagOf(sidecar)}`);
      if (choice === null) delete next.sidecars![sidecar];
      else next.sidecars![sidecar] = choice;
    }
    if (typeof opts.film === 'string') {
      const film = { yes: true, no: false, auto: null }[opts.film.toLowerCase()];
      if (film === undefined) throw new CliError(`--film is yes, no or auto (got ${opts.film})`);
      if (film === null) delete next.film;
      else next.film = film;
    }
    if (Object.keys(next.sidecars!).length === 0) delete next.sidecars;
    const saved = await context.call('rules.update', {
      id: ruleId,
      library: Object.keys(next).length === 0 ? null : next,
    });
    context.print(Boolean(opts.json), saved.library, () => [
      `rule #${saved.id} ${saved.name}: ${describeRule(saved.library)}`,
    ]);
  });
}

function flagOf(sidecar: Sidecar): string {
  return sidecar === 'healthJson' ? 'health-json' : sidecar;
}

function camelOf(flag: string): string {
  return flag.replace(/-(\w)/g, (_, c: string) => c.toUpperCase());
}

function onOff(value: string, flag: string): boolean | null {
  const v = value.trim().toLowerCase();
  if (v === 'on' || v === 'true' || v === 'yes') return true;
  if (v === 'off' || v === 'false' || v === 'no') return false;
  if (v === 'default') return null;
  throw new CliError(`${flag} is on, off or default (got ${value})`);
}

function describeRule(library: RuleLibrary | null): string {
  if (!library) return "the settings' sidecars and naming";
  const parts = Object.entries(library.sidecars ?? {}).map(([k, v]) => `${k} ${v ? 'on' : 'off'}`);
  if (library.film !== undefined) parts.push(library.film ? 'named as films' : 'never named as films');
  return parts.length ? parts.join(', ') : "the settings' sidecars and naming";
}

function rescanLines(r: RescanReport): string[] {
  return [
    `checked ${r.checked} recording${r.checked === 1 ? '' : 's'}: ${r.missing.length} newly missing, ${r.back.length} back, ${r.stillMissing} still missing`,
    ...r.missing.map((m) => `  missing #${m.id} ${m.title}: ${m.path}`),
    ...r.back.map((m) => `  back    #${m.id} ${m.title}: ${m.path}`),
  ];
}

function importLines(r: ImportFolderReport): string[] {
  return [
    `${r.dir}: imported ${r.imported.length}, relinked ${r.relinked.length}, skipped ${r.skipped.length}, unreadable ${r.unreadable.length}`,
    ...r.imported.map((i) => `  imported #${i.id} ${i.title}: ${i.path}`),
    ...r.relinked.map((i) => `  relinked #${i.id} ${i.title}: ${i.path}`),
    ...r.skipped.map((s) => `  skipped  ${s.path} (${s.reason})`),
    ...r.unreadable.map((u) => `  UNREADABLE ${u.path}: ${u.error}`),
    ...(r.truncated ? ['  (more files than one import takes: run it again for the rest)'] : []),
  ];
}

function sidecarLines(r: SidecarReport): string[] {
  return [
    `recording #${r.recordingId}:`,
    ...r.outcomes.map(
      (o) =>
        `  ${o.sidecar.padEnd(10)} ${o.state}${o.path ? ` ${o.path}` : ''}${o.detail ? ` (${o.detail})` : ''}`,
    ),
  ];
}

function renameLines(r: RenameReport): string[] {
  const moved = r.outcomes.filter((o) => o.state === 'moved').length;
  const failed = r.outcomes.filter((o) => o.state === 'failed').length;
  return [
    `moved ${moved}, failed ${failed}, left ${r.outcomes.length - moved - failed}`,
    ...r.outcomes
      .filter((o) => o.state !== 'skipped' || r.outcomes.length === 1)
      .map(
        (o) =>
          `  ${o.state.padEnd(7)} #${o.id} ${o.title}: ${o.state === 'moved' ? `${o.from} -> ${o.to}` : (o.detail ?? '')}`,
      ),
  ];
}
