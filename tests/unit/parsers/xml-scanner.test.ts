// The XML tokenizer under the XMLTV parser, on its own: the events it emits, how it recovers from
// broken markup, and that where the input is cut into pieces never changes what it sees.
import { describe, expect, it } from 'vitest';
import type { XmlAttrs } from '../../../src-main/core/guide/parse/xml-attributes';
import { XmlScanner } from '../../../src-main/core/guide/parse/xml-scanner';

/** Scans `pieces` in order (text always wanted) and returns the events as readable lines. */
function events(...pieces: string[]): string[] {
  const out: string[] = [];
  const scanner = new XmlScanner({
    open: (name: string, attrs: XmlAttrs) => out.push(`open ${name} ${JSON.stringify(attrs.all())}`),
    close: () => out.push('close'),
    text: (t: string) => out.push(`text ${JSON.stringify(t)}`),
    problem: (message: string, at: number) => out.push(`problem@${at} ${message}`),
  });
  scanner.wantText = true;
  for (const p of pieces) scanner.write(p);
  scanner.end();
  // Adjacent text events are one run split by a piece boundary or a CDATA section.
  return out.reduce<string[]>((acc, e) => {
    const last = acc.at(-1);
    if (last?.startsWith('text ') && e.startsWith('text ')) {
      acc[acc.length - 1] = `text ${JSON.stringify(JSON.parse(last.slice(5)) + JSON.parse(e.slice(5)))}`;
    } else acc.push(e);
    return acc;
  }, []);
}

const DOC = [
  '<?xml version="1.0"?>\n',
  '<!DOCTYPE tv [ <!ENTITY x "a>b"> <!ELEMENT tv ANY> ]>\n',
  '<tv a="1 > 0" b=\'it&apos;s\'>',
  '<!-- a <comment> & such -->',
  '<p start="20240101" >Tom &amp; Jerry &#233;&#x263A;<![CDATA[ <raw> & ]]></p>',
  '<icon src="x.png"/><e/>',
  '</tv>\n',
].join('');

describe('XmlScanner', () => {
  it('emits elements, decoded attributes and text, skipping the prolog, DOCTYPE and comments', () => {
    expect(events(DOC)).toEqual([
      'open tv {"a":"1 > 0","b":"it\'s"}',
      'open p {"start":"20240101"}',
      'text "Tom & Jerry é☺ <raw> & "',
      'close',
      'open icon {"src":"x.png"}',
      'close',
      'open e {}',
      'close',
      'close',
    ]);
  });

  it('sees the same events wherever the input is cut', () => {
    const whole = events(DOC);
    for (let cut = 1; cut < DOC.length; cut++) {
      expect(events(DOC.slice(0, cut), DOC.slice(cut)), `cut at ${cut}`).toEqual(whole);
    }
    expect(events(...DOC.split(''))).toEqual(whole);
  });

  it('closes what a missing close tag left open, and reads a misspelt one as closing the innermost', () => {
    expect(events('<a><b><c>x</a>')).toEqual([
      'open a {}',
      'open b {}',
      'open c {}',
      'text "x"',
      'problem@10 unclosed tag: c',
      'close',
      'problem@10 unclosed tag: b',
      'close',
      'close',
    ]);
    expect(events('<a><b>x</bb>y</a>')).toEqual([
      'open a {}',
      'open b {}',
      'text "x"',
      'problem@7 unmatched closing tag: bb (closes b)',
      'close',
      'text "y"',
      'close',
    ]);
  });

  it('reports a stray "<", a stray close tag and unquoted values, and goes on', () => {
    expect(events('<a>1 < 2<b x=3>ok</b></a></z>')).toEqual([
      'open a {}',
      'text "1 "',
      "problem@5 '<' that starts no tag read as text",
      'text "< 2"',
      'problem@11 unquoted attribute value: x',
      'open b {"x":"3"}',
      'text "ok"',
      'close',
      'close',
      'problem@25 closing tag without an open element: z',
    ]);
  });

  it('keeps unknown, DTD-declared and malformed references as written, and counts bare ampersands', () => {
    const out: string[] = [];
    const scanner = new XmlScanner({
      open: () => undefined,
      close: () => undefined,
      text: (t) => out.push(t),
      problem: (m) => out.push(`! ${m}`),
    });
    scanner.wantText = true;
    scanner.write('<a>&lol; &#0; &#xZZ; AT&T rocks &amp; &;</a><a>&constructor;&toString;</a>');
    scanner.end();
    expect(out).toEqual([
      '! undefined entity &lol; kept as text',
      '! invalid character reference &#0; kept as text',
      '! invalid character reference &#xZZ; kept as text',
      '&lol; &#0; &#xZZ; AT&T rocks & &;',
      // Names of Object.prototype's members are not entities either.
      '! undefined entity &constructor; kept as text',
      '! undefined entity &toString; kept as text',
      '&constructor;&toString;',
    ]);
    expect(scanner.references.bareAmpersands).toBe(2);
    expect(scanner.references.firstBareAt).toBe(23);
  });

  it('reports input that is not XML at all, and input cut inside a tag', () => {
    expect(events('\u0000\u0001binary junk')).toEqual([
      'problem@0 text outside the root element ignored',
      'problem@0 no XML elements found',
    ]);
    expect(events('<tv><programme start="2024')).toEqual([
      'open tv {}',
      'problem@4 input ends inside a tag',
      'problem@26 unclosed tag: tv',
    ]);
  });

  it('holds an unfinished token for the next piece and says how long it is', () => {
    const scanner = new XmlScanner({
      open: () => undefined,
      close: () => undefined,
      text: () => undefined,
      problem: () => undefined,
    });
    scanner.write('<tv><!-- long');
    expect(scanner.pending).toBe('<!-- long'.length);
    scanner.write(' comment --><x/>');
    expect(scanner.pending).toBe(0);
    expect(scanner.openElements).toEqual(['tv']);
  });
});

describe('XmlScanner on real-world oddities (issue 8, item 7.7)', () => {
  it("does not end a DOCTYPE's internal subset at a ']' inside a literal or comment", () => {
    const doc = `<!DOCTYPE tv [ <!ENTITY x "a]b"> <!ENTITY y 'c]>d'> <!-- ] > --> <?pi ]>?> ]>\n<tv><p>t</p></tv>`;
    const expected = ['open tv {}', 'open p {}', 'text "t"', 'close', 'close'];
    expect(events(doc)).toEqual(expected);
    for (let cut = 1; cut < doc.length; cut++) {
      expect(events(doc.slice(0, cut), doc.slice(cut)), `cut at ${cut}`).toEqual(expected);
    }
  });

  it('rejects character references to surrogates and non-characters, keeping them as text', () => {
    expect(events('<a>&#xD800;|&#1;|&#xFFFE;|&#x9;&#10;&#xFFFD;&#x10FFFF;</a>')).toEqual([
      'open a {}',
      'problem@3 invalid character reference &#xD800; kept as text',
      'problem@12 invalid character reference &#1; kept as text',
      'problem@17 invalid character reference &#xFFFE; kept as text',
      `text ${JSON.stringify('&#xD800;|&#1;|&#xFFFE;|\t\n\ufffd\u{10ffff}')}`,
      'close',
    ]);
  });

  it('keeps the first of duplicate attributes, in get() and all() alike, and reports the others', () => {
    const got: Array<string | undefined> = [];
    const out: string[] = [];
    const scanner = new XmlScanner({
      open: (_name, attrs) => {
        got.push(attrs.get('a'), attrs.get('b'));
        out.push(JSON.stringify(attrs.all()));
      },
      close: () => undefined,
      text: () => undefined,
      problem: (message, at) => out.push(`problem@${at} ${message}`),
    });
    scanner.write('<p a="1" b="x" a="2" a=\'3\'/>');
    scanner.end();
    expect(got).toEqual(['1', 'x']);
    expect(out).toEqual([
      'problem@15 duplicate attribute a ignored (the first one is kept)',
      'problem@21 duplicate attribute a ignored (the first one is kept)',
      '{"a":"1","b":"x"}',
    ]);
  });

  it('recovers from an unterminated attribute quote at the tag end instead of swallowing the guide', () => {
    const rest = '<display-name>A</display-name></channel><p x="1">ok</p></tv>';
    expect(events(`<tv><channel id="abc>${rest}`)).toEqual([
      'open tv {}',
      'problem@13 unterminated attribute value: id (ends at the end of the tag)',
      'open channel {"id":"abc"}',
      'open display-name {}',
      'text "A"',
      'close',
      'close',
      'open p {"x":"1"}',
      'text "ok"',
      'close',
      'close',
    ]);
    const broken = `<tv><channel id="abc>${rest}`;
    for (let cut = 1; cut < broken.length; cut++) {
      expect(events(broken.slice(0, cut), broken.slice(cut)), `cut at ${cut}`).toEqual(events(broken));
    }
    // A quote that never closes at all, and a tag cut by a new line or by the next tag.
    expect(events(`<tv><channel id='abc>${rest}`)[2]).toBe('open channel {"id":"abc"}');
    expect(events(`<tv><channel id="abc\n${rest}`).slice(1, 5)).toEqual([
      'problem@13 unterminated attribute value: id (ends at the end of the line)',
      'open channel {"id":"abc"}',
      'text "\\n"',
      'open display-name {}',
    ]);
    expect(events(`<tv><channel id="abc ${rest}`).slice(1, 4)).toEqual([
      'problem@13 unterminated attribute value: id (ends at the next tag)',
      'open channel {"id":"abc "}',
      'open display-name {}',
    ]);
    expect(events('<tv><icon src="x.png/><p/></tv>')).toEqual([
      'open tv {}',
      'problem@10 unterminated attribute value: src (ends at the end of the tag)',
      'open icon {"src":"x.png"}',
      'close',
      'open p {}',
      'close',
      'close',
    ]);
  });

  it('keeps the root tag after a DOCTYPE whose system id lost its closing quote', () => {
    expect(events('<!DOCTYPE tv SYSTEM "xmltv.dtd>\n<tv a="1"><p/></tv>')).toEqual([
      'open tv {"a":"1"}',
      'open p {}',
      'close',
      'close',
    ]);
  });

  it('does not take a "<" in an unquoted value for a lost quote of the next value', () => {
    expect(events('<a y=b<c z="2" w=\'3\'/>')).toEqual([
      'problem@3 unquoted attribute value: y',
      'open a {"y":"b<c","z":"2","w":"3"}',
      'close',
    ]);
  });

  it('leaves the CR of a CRLF line out of a value cut at the end of its line', () => {
    expect(events('<tv><c id="x\r\n<d/></c></tv>').slice(1, 3)).toEqual([
      'problem@7 unterminated attribute value: id (ends at the end of the line)',
      'open c {"id":"x"}',
    ]);
  });

  it('still reads values that legally hold ">" or a new line', () => {
    expect(events('<a b="1 > 0" c="x\ny"/>')).toEqual(['open a {"b":"1 > 0","c":"x\\ny"}', 'close']);
  });

  it('quotes at most a short name in a problem', () => {
    const long = 'n'.repeat(5000);
    const problems = events(`<a></${long}><b ${long}=1></b></a>`).filter((e) => e.startsWith('problem'));
    expect(problems.length).toBeGreaterThan(0);
    for (const p of problems) expect(p.length).toBeLessThan(120);
  });
});
