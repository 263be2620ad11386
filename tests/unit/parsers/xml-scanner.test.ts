// The XML tokenizer under the XMLTV parser, on its own: the events it emits, how it recovers from
// broken markup, and that where the input is cut into pieces never changes what it sees.
import { describe, expect, it } from 'vitest';
import { XmlScanner, type XmlAttrs } from '../../../src-main/core/guide/parse/xml-scanner';

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
