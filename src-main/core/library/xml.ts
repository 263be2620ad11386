// A small XML writer for the files the library makes (Kodi NFO, XMLTV for TV apps). Hand-written because
// no XML builder is a dependency and these documents are shallow trees of fixed element names: the only
// hazard is text from guides and titles, which is escaped here and stripped of every character XML 1.0
// does not allow (control characters, lone surrogates, U+FFFE/U+FFFF), so a hostile title can neither
// break the document nor add elements. Tests parse every document with a strict parser (saxes).

export interface XmlElement {
  name: string;
  attrs?: Record<string, string | number | null | undefined>;
  /** Text content (null/undefined/'' with no children: the element is left out, unless `keepEmpty`). */
  text?: string | number | null;
  children?: ReadonlyArray<XmlElement | null | undefined | false>;
  keepEmpty?: boolean;
}

// Everything outside XML 1.0's Char production: C0 controls but tab, LF, CR; lone surrogates; FFFE, FFFF.
/* eslint-disable no-control-regex -- stripping control characters is the point */
const NOT_XML_CHAR =
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
/* eslint-enable no-control-regex */

/** Text safe inside an element or a double-quoted attribute. */
export function xmlEscape(value: string): string {
  return value
    .replace(NOT_XML_CHAR, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** A whole document: the declaration, then the root element, two spaces per level. */
export function xmlDocument(root: XmlElement): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n${render(root, '')}\n`;
}

function render(el: XmlElement, indent: string): string {
  const attrs = Object.entries(el.attrs ?? {})
    .filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined)
    .map(([k, v]) => ` ${k}="${xmlEscape(String(v))}"`)
    .join('');
  const children = (el.children ?? []).filter((c): c is XmlElement => Boolean(c) && present(c as XmlElement));
  if (children.length > 0) {
    const inner = children.map((c) => render(c, `${indent}  `)).join('\n');
    return `${indent}<${el.name}${attrs}>\n${inner}\n${indent}</${el.name}>`;
  }
  const text = el.text === null || el.text === undefined ? '' : xmlEscape(String(el.text));
  return text === ''
    ? `${indent}<${el.name}${attrs} />`
    : `${indent}<${el.name}${attrs}>${text}</${el.name}>`;
}

/** An element worth writing: it has text, children, attributes, or is kept empty on purpose. */
function present(el: XmlElement): boolean {
  if (el.keepEmpty || (el.children ?? []).some((c) => c && present(c))) return true;
  if (Object.values(el.attrs ?? {}).some((v) => v !== null && v !== undefined)) return true;
  return el.text !== null && el.text !== undefined && String(el.text).trim() !== '';
}
