// The naming templates' tiny language (settings.library.naming), shared by the core (which renders them
// into paths) and the settings screen (which validates them as the user types). Pure TypeScript.
//
//   {field}        a field's value: show, title, subTitle, season, episode, year, date, time, channel
//   {field:02}     a number padded with zeros to that width (season, episode and year only)
//   [ ... ]        an optional part: left out whole when a field in it has no value ("[ - {subTitle}]")
//   /              between folders; the last part is the file name (the extension is added)
//   {{ }} [[ ]]    a literal brace or bracket
//
// Nothing else is special, and nothing a template says can leave the recordings folder: absolute paths,
// "." and ".." parts and backslashes are refused here, and every rendered part is sanitised again by the
// core (src-main/core/library/naming.ts) before it touches the disk.

export const TEMPLATE_FIELDS = [
  'show',
  'title',
  'subTitle',
  'season',
  'episode',
  'year',
  'date',
  'time',
  'channel',
] as const;
export type TemplateField = (typeof TEMPLATE_FIELDS)[number];

const NUMERIC: ReadonlySet<TemplateField> = new Set(['season', 'episode', 'year']);
/** Fields that differ per episode: a folder using one of these is not the show's folder. */
const PER_EPISODE: ReadonlySet<TemplateField> = new Set(['subTitle', 'season', 'episode', 'date', 'time']);

export const MAX_TEMPLATE_LENGTH = 300;
export const MAX_TEMPLATE_PARTS = 6;

type FieldToken = { kind: 'field'; field: TemplateField; width: number | null };
type SimpleToken = { kind: 'text'; text: string } | FieldToken;
type Token = SimpleToken | { kind: 'optional'; tokens: SimpleToken[] };

/** One folder or file-name part of a template. */
export interface TemplatePart {
  tokens: Token[];
  fields: TemplateField[];
}

export interface ParsedTemplate {
  parts: TemplatePart[];
  /** The deepest folder naming the show alone (tvshow.nfo goes there); null when there is none. */
  showFolder: number | null;
}

/** A template the language refuses, with a message that says what and where. */
export class TemplateError extends Error {}

export function parseTemplate(template: string): ParsedTemplate {
  if (template.trim() === '') throw new TemplateError('the template is empty');
  if (template.length > MAX_TEMPLATE_LENGTH)
    throw new TemplateError(`the template is longer than ${MAX_TEMPLATE_LENGTH} characters`);
  if (template.startsWith('/') || /^[A-Za-z]:/.test(template) || template.startsWith('~'))
    throw new TemplateError('the template must be a path inside the recordings folder, not an absolute one');
  if (template.includes('\\')) throw new TemplateError('use / between folders (a \\ is not allowed)');
  // eslint-disable-next-line no-control-regex -- refusing control characters is the point
  if (/[\u0000-\u001f\u007f]/.test(template))
    throw new TemplateError('the template holds a control character');
  const raw = splitParts(template);
  if (raw.length > MAX_TEMPLATE_PARTS)
    throw new TemplateError(`the template has more than ${MAX_TEMPLATE_PARTS} folder levels`);
  const parts = raw.map((text, i) => {
    if (text.trim() === '')
      throw new TemplateError(
        i === raw.length - 1
          ? 'the template ends with a /: the last part is the file name'
          : 'an empty folder name (//)',
      );
    if (/^\s*\.{1,2}\s*$/.test(text))
      throw new TemplateError(`"${text}" is not a folder name: . and .. are refused`);
    const tokens = tokenize(text);
    return { tokens, fields: fieldsOf(tokens) };
  });
  if (parts[parts.length - 1]!.fields.length === 0)
    throw new TemplateError('the file name (after the last /) must use at least one {field}');
  let showFolder: number | null = null;
  parts.slice(0, -1).forEach((part, i) => {
    if (part.fields.includes('show') && !part.fields.some((f) => PER_EPISODE.has(f))) showFolder = i;
  });
  return { parts, showFolder };
}

/** Why a template is refused, or null when it is fine (for zod refinements and settings screens). */
export function templateProblem(template: string): string | null {
  try {
    parseTemplate(template);
    return null;
  } catch (error) {
    if (error instanceof TemplateError) return error.message;
    throw error;
  }
}

export type TemplateValues = Partial<Record<TemplateField, string | number | null>>;

/**
 * Renders each part with these values. A value cannot add a folder level: parts are split before values
 * go in, and a value's own / and \ become spaces. The core sanitises each part for the file system.
 */
export function renderTemplate(parsed: ParsedTemplate, values: TemplateValues): string[] {
  return parsed.parts.map((part) => renderTokens(part.tokens, values) ?? '');
}

function renderTokens(tokens: readonly Token[], values: TemplateValues): string | null {
  let out = '';
  for (const token of tokens) {
    if (token.kind === 'text') out += token.text;
    else if (token.kind === 'optional') out += renderTokens(token.tokens, values) ?? '';
    else {
      const value = formatValue(values[token.field], token.width);
      if (value === null) return null;
      out += value;
    }
  }
  return out;
}

function formatValue(value: string | number | null | undefined, width: number | null): string | null {
  if (value === null || value === undefined) return null;
  const text = typeof value === 'number' ? String(value) : value.replace(/[/\\]/g, ' ').trim();
  if (text === '') return null;
  return width !== null && /^\d+$/.test(text) ? text.padStart(width, '0') : text;
}

/** Splits on / outside braces, keeping escapes for the tokenizer. */
function splitParts(template: string): string[] {
  const parts: string[] = [];
  let current = '';
  let inField = false;
  for (let i = 0; i < template.length; i++) {
    const c = template[i]!;
    if (!inField && (c === '{' || c === '}') && template[i + 1] === c) {
      current += c + c;
      i++;
      continue;
    }
    if (c === '{') inField = true;
    if (c === '}') inField = false;
    if (c === '/' && !inField) {
      parts.push(current);
      current = '';
    } else current += c;
  }
  parts.push(current);
  return parts;
}

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let optional: SimpleToken[] | null = null;
  const push = (token: SimpleToken) => {
    const list = optional ?? tokens;
    const last = list[list.length - 1];
    if (token.kind === 'text' && last?.kind === 'text') last.text += token.text;
    else list.push(token);
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    const next = text[i + 1];
    if ((c === '{' || c === '}' || c === '[' || c === ']') && next === c) {
      push({ kind: 'text', text: c });
      i++;
    } else if (c === '{') {
      const end = text.indexOf('}', i);
      if (end < 0) throw new TemplateError(`a { without its } in "${text}"`);
      push(parseField(text.slice(i + 1, end)));
      i = end;
    } else if (c === '}') {
      throw new TemplateError(`a } without its { in "${text}" (write }} for a literal })`);
    } else if (c === '[') {
      if (optional) throw new TemplateError(`optional parts cannot be nested in "${text}"`);
      optional = [];
    } else if (c === ']') {
      if (!optional) throw new TemplateError(`a ] without its [ in "${text}" (write ]] for a literal ])`);
      if (!optional.some((t) => t.kind === 'field'))
        throw new TemplateError(`an optional [...] part must hold a {field}`);
      tokens.push({ kind: 'optional', tokens: optional });
      optional = null;
    } else push({ kind: 'text', text: c });
  }
  if (optional) throw new TemplateError(`a [ without its ] in "${text}"`);
  return tokens;
}

function parseField(inner: string): FieldToken {
  const match = /^([A-Za-z]+)(?::(\d{1,2}))?$/.exec(inner.trim());
  const name = match?.[1] ?? inner;
  if (!match || !(TEMPLATE_FIELDS as readonly string[]).includes(name)) {
    throw new TemplateError(
      `unknown field {${inner}}; the fields are ${TEMPLATE_FIELDS.map((f) => `{${f}}`).join(', ')}`,
    );
  }
  const field = name as TemplateField;
  const width = match[2] === undefined ? null : Number(match[2]);
  if (width !== null && !NUMERIC.has(field))
    throw new TemplateError(`{${inner}}: only season, episode and year take a width (like {season:02})`);
  if (width !== null && (width < 1 || width > 6)) throw new TemplateError(`{${inner}}: a width is 1 to 6`);
  return { kind: 'field', field, width };
}

function fieldsOf(tokens: readonly Token[]): TemplateField[] {
  const out = new Set<TemplateField>();
  for (const t of tokens) {
    if (t.kind === 'field') out.add(t.field);
    else if (t.kind === 'optional')
      for (const inner of t.tokens) if (inner.kind === 'field') out.add(inner.field);
  }
  return [...out];
}
