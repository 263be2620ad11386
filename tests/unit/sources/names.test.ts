import { describe, expect, it } from 'vitest';
import { foldSpaces, matchName, nameKey } from '../../../src-main/core/sources/names';

describe('channel names', () => {
  it('name keys keep quality variants apart but ignore case and spacing', () => {
    expect(nameKey('BBC One HD', 'UK')).toBe('name:bbc one hd|uk');
    expect(nameKey('  BBC   One HD ', 'UK')).toBe('name:bbc one hd|uk');
    expect(nameKey('BBC One SD', 'UK')).not.toBe(nameKey('BBC One HD', 'UK'));
    expect(nameKey('News', null)).toBe('name:news|');
    expect(foldSpaces('A\tB')).toBe('a b');
  });

  it('match names drop prefixes, quality tags, accents and punctuation', () => {
    const same = [
      'BBC One',
      'UK: BBC One HD',
      '|UK| BBC ONE FHD',
      '[UK] BBC One (1080p)',
      'bbc.one',
      'BBC One HEVC',
    ];
    for (const name of same) expect(matchName(name), name).toBe('bbcone');
    expect(matchName('Télé Café')).toBe('telecafe');
    expect(matchName('Sky Sports +1')).toBe('skysportsplus1');
    expect(matchName('Sky Sports +1')).not.toBe(matchName('Sky Sports'));
    expect(matchName('Tom & Jerry')).toBe('tomandjerry');
    expect(matchName('Ελλάδα TV')).toBe('ελλαδαtv');
    expect(matchName('HD')).toBe('');
  });
});
