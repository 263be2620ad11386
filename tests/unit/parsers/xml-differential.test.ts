// Differential test of our XML tokenizer against saxes, a conforming XML parser (issue 8, item 7.7):
// on every well-formed XMLTV file the tests have (the committed fixtures and the benchmark generator's
// output), both must see the same elements, attributes, text and close tags. Files saxes rejects are
// left out: on broken markup we recover in our own way, which other tests pin down.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { SaxesParser } from 'saxes';
import { afterAll, describe, expect, it } from 'vitest';
import { XmlScanner } from '../../../src-main/core/guide/parse/xml-scanner';
import { XmlTextDecoder } from '../../../src-main/core/guide/parse/xmltv-decode';

const FIXTURES = fileURLToPath(new URL('../../fixtures', import.meta.url));
const tmp = mkdtempSync(path.join(tmpdir(), 'tapedeck-xmldiff-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function xmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const full = path.join(dir, d.name);
    if (d.isDirectory()) return xmlFiles(full);
    return /\.xml(\.gz)?$/.test(d.name) ? [full] : [];
  });
}

function generated(): string[] {
  const script = fileURLToPath(new URL('../../../scripts/gen-fixtures/xmltv.mjs', import.meta.url));
  const out = path.join(tmp, 'generated.xml');
  execFileSync(process.execPath, [script, '--channels', '4', '--days', '1', '--out', out], { stdio: 'pipe' });
  return [out];
}

/** The file as text, decoded the way the import decodes it (BOM, XML declaration). */
function textOf(file: string): string {
  let bytes = readFileSync(file);
  if (file.endsWith('.gz')) bytes = gunzipSync(bytes);
  const decoder = new XmlTextDecoder(() => undefined);
  return decoder.push(bytes) + decoder.end();
}

const norm = (s: string) => s.replace(/\s+/g, ' ').trim();
const attrsJson = (attrs: Record<string, string>) =>
  JSON.stringify(Object.entries(attrs).map(([k, v]) => [k, norm(v)]));

/** Collects events, merging adjacent text (split by CDATA, comments or chunking) and dropping blank text. */
class Events {
  readonly list: string[] = [];
  private text = '';
  open(name: string, attrs: Record<string, string>): void {
    this.flush();
    this.list.push(`open ${name} ${attrsJson(attrs)}`);
  }
  close(): void {
    this.flush();
    this.list.push('close');
  }
  addText(t: string): void {
    this.text += t;
  }
  flush(): void {
    const t = norm(this.text);
    if (t.length !== 0) this.list.push(`text ${JSON.stringify(t)}`);
    this.text = '';
  }
}

function saxesEvents(text: string): { events: string[]; errors: string[] } {
  const events = new Events();
  const errors: string[] = [];
  const parser = new SaxesParser();
  let depth = 0;
  parser.on('opentag', (tag) => {
    depth++;
    events.open(tag.name, tag.attributes as Record<string, string>);
  });
  parser.on('closetag', () => {
    depth--;
    events.close();
  });
  parser.on('text', (t) => {
    if (depth > 0) events.addText(t);
  });
  parser.on('cdata', (t) => events.addText(t));
  parser.on('error', (e) => errors.push(e.message));
  parser.write(text).close();
  return { events: events.list, errors };
}

function ourEvents(text: string, pieceSize: number): { events: string[]; problems: string[] } {
  const events = new Events();
  const problems: string[] = [];
  const scanner = new XmlScanner({
    open: (name, attrs) => events.open(name, attrs.all()),
    close: () => events.close(),
    text: (t) => events.addText(t),
    problem: (message) => problems.push(message),
  });
  scanner.wantText = true;
  for (let i = 0; i < text.length; i += pieceSize) scanner.write(text.slice(i, i + pieceSize));
  scanner.end();
  return { events: events.list, problems };
}

const files = [...xmlFiles(FIXTURES), ...generated()];
const label = (file: string) =>
  file.startsWith(tmp) ? 'generated (xmltv.mjs --channels 4 --days 1)' : path.relative(FIXTURES, file);

describe('XmlScanner against saxes', () => {
  it('compares every XMLTV file but the deliberately broken ones', () => {
    const broken = files.filter((f) => saxesEvents(textOf(f)).errors.length !== 0).map(label);
    expect(broken.sort()).toEqual([
      'parsers/xmltv/broken-close.xml',
      'parsers/xmltv/entities.xml', // bare '&' and HTML entities
      'parsers/xmltv/entity-bomb.xml', // DTD entities, never expanded
      'parsers/xmltv/truncated.xml',
    ]);
    expect(files.length - broken.length).toBeGreaterThanOrEqual(9);
  });

  it.each(files.map((f) => [label(f), f]))('%s: same events as saxes', (_name, file) => {
    const text = textOf(file);
    const reference = saxesEvents(text);
    if (reference.errors.length !== 0) return; // not well-formed: nothing to compare against
    for (const pieceSize of [text.length, 4096, 97]) {
      const ours = ourEvents(text, pieceSize);
      expect(ours.problems, `problems in pieces of ${pieceSize}`).toEqual([]);
      expect(ours.events, `pieces of ${pieceSize}`).toEqual(reference.events);
    }
  });
});
