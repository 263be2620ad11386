// The library.* commands: rescan the recordings' files, import a folder, rewrite a recording's sidecars,
// move recordings to their template's names, and the playlist's addresses. An import reads any folder it
// is given, so only the desktop window and the CLI may ask for one (like local playlists: import-location.ts).
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { TapedeckError, type CommandName } from '../../../src-shared/contract';
import type { libraryCommands } from '../../../src-shared/contract-library';
import type { CommandContext } from './context';
import type { CommandHandlers } from './handlers';

/** Cleanup and the forecast, also library.*, are library-space.ts's. */
type LibraryCommandName = keyof typeof libraryCommands & CommandName;

export function libraryHandlers(ctx: CommandContext): CommandHandlers<LibraryCommandName> {
  return {
    'library.rescan': () => ctx.library.rescan(),
    'library.import': async (input, caller) => {
      if (caller && !caller.trustedPaths) {
        throw new TapedeckError(
          'invalid_input',
          'from a browser, folders cannot be imported: use the desktop app or `tapedeck import-folder`',
        );
      }
      if (!path.isAbsolute(input.dir)) {
        throw new TapedeckError('invalid_input', `give an absolute folder (got "${input.dir}")`);
      }
      const stat = await fs.stat(input.dir).catch(() => null);
      if (!stat?.isDirectory()) throw new TapedeckError('not_found', `no folder at ${input.dir}`);
      return ctx.library.importFolder(input.dir);
    },
    'library.sidecars': (input) => ctx.library.writeSidecars(input.id),
    'library.rename': (input) => ctx.library.rename(input.id),
    'library.links': () => ctx.library.links(ctx.serverPort()),
  };
}
