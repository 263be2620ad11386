// Streaming, bounded-memory XMLTV parsing: the public entry points.
//
// The work is split three ways: xmltv-decode.ts turns bytes into text (BOM,
// XML declaration), xml-scanner.ts tokenizes that text, and xmltv-parser.ts
// builds channels and programmes from the tokens. This module holds the
// front ends that drive them from a byte source.
import { XmltvParser } from './xmltv-parser';
import type {
  ByteSource,
  XmltvChannel,
  XmltvHandlers,
  XmltvItem,
  XmltvOptions,
  XmltvProblem,
  XmltvProgramme,
  XmltvSummary,
} from './xmltv-types';

export type {
  ByteSource,
  XmltvChannel,
  XmltvHandlers,
  XmltvItem,
  XmltvOptions,
  XmltvProblem,
  XmltvProgramme,
  XmltvSummary,
  XmltvTitle,
} from './xmltv-types';
export { XmltvParser } from './xmltv-parser';
export { parseXmltvTime } from './xmltv-time';
export { parseOnscreen, parseXmltvNs } from './xmltv-episode';
export { gunzipIfNeeded, InflateLimitError } from '../../import/decompress';

/**
 * Parses an XMLTV byte stream (decompress first with gunzipIfNeeded),
 * calling the handlers as items complete. Resolves with the summary; data
 * problems never reject. An error of the source itself is recorded as the
 * stop reason and then rethrown, after everything before it was delivered.
 */
export async function parseXmltv(
  source: ByteSource,
  handlers: XmltvHandlers,
  options: XmltvOptions = {},
): Promise<XmltvSummary> {
  const parser = new XmltvParser(handlers, options);
  try {
    for await (const chunk of source) {
      if (!parser.write(chunk)) break;
    }
  } catch (err) {
    parser.fail(`input error: ${err instanceof Error ? err.message : String(err)}`);
    parser.end();
    throw err;
  }
  return parser.end();
}

export interface XmltvStream extends AsyncIterable<XmltvItem> {
  readonly problems: readonly XmltvProblem[];
  /** The summary, once iteration has finished (also after a source error). */
  readonly result: XmltvSummary | null;
}

/** Async-iterable view: `for await (const item of streamXmltv(src)) …`. */
export function streamXmltv(source: ByteSource, options: XmltvOptions = {}): XmltvStream {
  let batch: XmltvItem[] = [];
  const parser = new XmltvParser(
    {
      channel: (channel) => batch.push({ type: 'channel', channel }),
      programme: (programme) => batch.push({ type: 'programme', programme }),
    },
    options,
  );
  let result: XmltvSummary | null = null;
  async function* run(): AsyncGenerator<XmltvItem> {
    try {
      for await (const chunk of source) {
        const more = parser.write(chunk);
        if (batch.length !== 0) {
          const out = batch;
          batch = [];
          yield* out;
        }
        if (!more) break;
      }
    } catch (err) {
      parser.fail(`input error: ${err instanceof Error ? err.message : String(err)}`);
      result = parser.end();
      throw err;
    }
    result = parser.end();
    const out = batch;
    batch = [];
    yield* out;
  }
  return {
    problems: parser.problems,
    get result() {
      return result;
    },
    [Symbol.asyncIterator]: () => run(),
  };
}

/** Parses a complete document held in memory (tests, small guides). */
export function parseXmltvText(
  input: string | Uint8Array,
  options: XmltvOptions = {},
): XmltvSummary & { channelList: XmltvChannel[]; programmeList: XmltvProgramme[] } {
  const channelList: XmltvChannel[] = [];
  const programmeList: XmltvProgramme[] = [];
  const parser = new XmltvParser(
    { channel: (c) => channelList.push(c), programme: (p) => programmeList.push(p) },
    options,
  );
  parser.write(input);
  return { ...parser.end(), channelList, programmeList };
}
