// What every CLI command needs: the running instance's contract, output, and readable errors.
import type { CommandInput, CommandName, CommandResult } from '../../src-shared/contract';
import { readInstanceFile } from './instance-file';

export class CliError extends Error {}

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

export async function call<K extends CommandName>(
  dataDir: string,
  name: K,
  input: CommandInput<K>,
): Promise<CommandResult<K>> {
  const instance = readInstanceFile(dataDir);
  if (!instance)
    throw new CliError(`no Tapedeck is running for ${dataDir}: start one with \`tapedeck serve\``);
  let response: Response;
  try {
    response = await fetch(`${instance.url}/api/call/${name}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${instance.token}`, 'Content-Type': 'application/json' },
      body: JSON.stringify(input ?? {}),
    });
  } catch {
    throw new CliError(
      `the Tapedeck for ${dataDir} does not answer at ${instance.url} (is it still running?)`,
    );
  }
  const body = (await response.json()) as
    { ok: true; result: CommandResult<K> } | { ok: false; error: { message: string } };
  if (!body.ok) throw new CliError(body.error.message);
  return body.result;
}

export interface CliContext {
  dataDir: () => string;
  call: <K extends CommandName>(name: K, input: CommandInput<K>) => Promise<CommandResult<K>>;
  /** JSON with --json, else the human lines. */
  print: (json: boolean | undefined, value: unknown, human: () => string[]) => void;
}
