// What every CLI command needs: the running instance's contract, output, and readable errors.
import type { CommandInput, CommandName, CommandResult } from '../../src-shared/contract';
import { readInstanceFile } from './instance-file';

export class CliError extends Error {}

// What a terminal acts on instead of printing. Names come from playlists, guides and titles anyone
// can write: "\x1b[2J" would clear the screen, an OSC sequence retitle the window, U+202E show the
// rest of the line reversed. (ECMA-48: CSI, OSC/DCS/SOS/PM/APC strings up to BEL or ST, other ESC
// sequences; in 7-bit and in 8-bit C1 form.)
/* eslint-disable no-control-regex -- matching control characters is the point */
const ESCAPE_SEQUENCE =
  /(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]|(?:\x1b[\]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?|\x1b[\x20-\x2f]*[\x30-\x7e]?/g;
const LINE_BREAK = /[\r\n\u2028\u2029]+/g;
/** C0 (but tab), DEL, C1, and the bidi controls: embeddings/overrides, isolates, LRM/RLM, ALM. */
const CONTROL = /[\x00-\x08\x0a-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g;
/** The same, minus C0: JSON.stringify already escapes those inside strings, and its line breaks are ours. */
const JSON_RAW_CONTROL = /[\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** A line for a person at a terminal: escape sequences and controls removed, line breaks as spaces. */
export function terminalSafe(text: string): string {
  return text.replace(ESCAPE_SEQUENCE, '').replace(LINE_BREAK, ' ').replace(CONTROL, '');
}

/**
 * JSON for output that may land on a terminal: exact (JSON.parse gives the same strings back), with
 * the controls JSON.stringify leaves as they are (DEL, C1, bidi) written as \u escapes.
 */
export function terminalJson(value: unknown): string {
  return JSON.stringify(value, null, 2).replace(
    JSON_RAW_CONTROL,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

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
