// Doing what a launch asked: show the window (at a route), and add the playlists and guides opened with
// the app through the same commands the UI uses, telling the result in a notification.
import path from 'node:path';
import type { CommandInput, CommandName, CommandResult } from '../../src-shared/contract';
import { redactText } from '../core/redact';
import type { LaunchFile, LaunchRequest } from './launch-args';

export interface LaunchActionsOptions {
  call: <K extends CommandName>(name: K, input: CommandInput<K>) => Promise<CommandResult<K>>;
  open: (route: string | null) => void;
  notify: (title: string, body: string, route: string | null) => void;
}

export class LaunchActions {
  constructor(private readonly options: LaunchActionsOptions) {}

  /** A second launch always brings the window forward; a first one only when it asked for something. */
  async handle(request: LaunchRequest, bringForward: boolean): Promise<void> {
    const { open } = this.options;
    if (request.routes.length === 0 && request.files.length === 0) {
      if (bringForward) open(null);
      return;
    }
    for (const route of request.routes) open(route);
    for (const file of request.files) await this.add(file);
  }

  private async add(file: LaunchFile): Promise<void> {
    const { call, notify, open } = this.options;
    const name = path.basename(file.path);
    try {
      if (file.kind === 'playlist') {
        const source = await call('sources.add', { kind: 'm3u', location: file.path });
        const n = source.counts.live;
        notify('Playlist added', `${source.name}: ${n} channel${n === 1 ? '' : 's'}`, '/sources');
      } else {
        const guide = await call('guides.add', { location: file.path });
        notify(
          'Guide added',
          `${guide.name}: ${guide.programmeCount} programmes on ${guide.channelCount} channels`,
          '/sources',
        );
      }
      open('/sources');
    } catch (error) {
      const why = redactText(error instanceof Error ? error.message : String(error));
      notify(
        file.kind === 'playlist' ? 'Could not add the playlist' : 'Could not add the guide',
        `${name}: ${why}`,
        '/sources',
      );
    }
  }
}
