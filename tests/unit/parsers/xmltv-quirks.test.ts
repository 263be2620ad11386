// XMLTV files from the wild that used to pass silently wrong (issue 8, item 7): times in ISO 8601 form,
// zero offsets written with odd widths, and the empty guide.
import { describe, expect, it } from 'vitest';
import { parseXmltvText } from '../../../src-main/core/guide/parse/xmltv';
import { parseXmltvTime } from '../../../src-main/core/guide/parse/xmltv-time';

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

describe('XMLTV times in ISO 8601 form (item 7.1)', () => {
  it.each([
    ['20250114T060000', '2025-01-14T06:00:00.000Z'],
    ['20250114T060000Z', '2025-01-14T06:00:00.000Z'],
    ['20250114T060000 +0100', '2025-01-14T05:00:00.000Z'],
    ['20250114T060000+01:00', '2025-01-14T05:00:00.000Z'],
    ['20250114T0630 -0500', '2025-01-14T11:30:00.000Z'],
    ['20250114T06', '2025-01-14T06:00:00.000Z'],
    ['20250114t235959z', '2025-01-14T23:59:59.000Z'],
    ['2025-01-14T06:00:00', '2025-01-14T06:00:00.000Z'],
    ['2025-01-14T06:00:00Z', '2025-01-14T06:00:00.000Z'],
    ['2025-01-14T06:00:00.500+01:00', '2025-01-14T05:00:00.000Z'],
    ['2025-01-14 06:00 +0100', '2025-01-14T05:00:00.000Z'],
    ['2025-01-14', '2025-01-14T00:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(iso(parseXmltvTime(input))).toBe(expected);
  });

  it.each(['20250114T', '20250114T0', '20250114T06000', '20250114T256000', '2025-01-14T6:00', '2025-1-14'])(
    'rejects the malformed %j instead of reading midnight',
    (input) => {
      expect(parseXmltvTime(input)).toBeNull();
    },
  );

  it('keeps 55 programmes of one day apart instead of merging them at midnight', () => {
    const starts = Array.from({ length: 55 }, (_, i) => Date.UTC(2025, 0, 14, 0, i * 25));
    const basic = (ms: number) => new Date(ms).toISOString().replace(/[-:]/g, '').slice(0, 15);
    const doc = `<tv><channel id="c"><display-name>C</display-name></channel>${starts
      .map((s) => `<programme start="${basic(s)} +0000" channel="c"><title>News</title></programme>`)
      .join('\n')}</tv>`;
    const r = parseXmltvText(doc);
    expect(r.problems).toEqual([]);
    expect(new Set(r.programmeList.map((p) => p.start)).size).toBe(55);
    expect(r.programmeList.map((p) => p.start)).toEqual(starts);
  });
});

describe('XMLTV zero offsets of any width (item 7.5)', () => {
  it.each(['+000', '+0', '-0', '+00', '-000', '+0000', '-00:00'])('20250114060000 %s is UTC', (offset) => {
    expect(iso(parseXmltvTime(`20250114060000 ${offset}`))).toBe('2025-01-14T06:00:00.000Z');
  });

  it('reads a three-digit offset as hours and minutes', () => {
    expect(iso(parseXmltvTime('20250114060000 +530'))).toBe('2025-01-14T00:30:00.000Z');
  });

  it('still rejects offsets it cannot read unambiguously', () => {
    expect(parseXmltvTime('20250114060000 +5')).toBeNull();
    expect(parseXmltvTime('20250114060000 +01000')).toBeNull();
  });

  it('keeps the programme instead of skipping it', () => {
    const r = parseXmltvText(
      '<tv><programme start="20250114060000 +000" stop="20250114070000 +0" channel="c"><title>T</title></programme></tv>',
    );
    expect(r.problems).toEqual([]);
    expect(r.programmeList.map((p) => [iso(p.start), iso(p.stop)])).toEqual([
      ['2025-01-14T06:00:00.000Z', '2025-01-14T07:00:00.000Z'],
    ]);
  });
});

describe('the empty guide (item 7.6)', () => {
  it.each([
    '<tv></tv>',
    '<tv/>',
    '<?xml version="1.0"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n<tv source-info-name="x">\n</tv>\n',
  ])('tells %j (a valid, empty XMLTV document) from a file that is not XMLTV', (doc) => {
    const r = parseXmltvText(doc);
    expect(r).toMatchObject({ channels: 0, programmes: 0, problemCount: 0, root: 'tv' });
  });

  it('names the root element of other documents', () => {
    expect(parseXmltvText('<html><body/></html>').root).toBe('html');
    expect(parseXmltvText('no markup').root).toBeNull();
  });
});
