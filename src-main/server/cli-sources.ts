// CLI commands for sources, guides, channels and the guide (filled in with the sources work).
import type { Command } from 'commander';
import type { CliContext } from './cli-context';

export function registerSourceCommands(program: Command, context: CliContext): void {
  void program;
  void context;
}
