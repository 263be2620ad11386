import { describe, expect, it } from 'vitest';
import { redactUrl } from '../../../src-main/core/redact';
import {
  chooseFormat,
  fillCredentials,
  normalizeServer,
  streamUrlTemplate,
  xtreamGuideUrl,
} from '../../../src-main/core/sources/xtream/xtream-api';

describe('Xtream helpers', () => {
  it('normalizes what users paste as the server', () => {
    expect(normalizeServer('http://host.example:8080/')).toBe('http://host.example:8080');
    expect(normalizeServer('http://host.example:8080/player_api.php?username=a&password=b')).toBe(
      'http://host.example:8080',
    );
    expect(normalizeServer('https://u:p@host.example/get.php?username=a&password=b&type=m3u')).toBe(
      'https://host.example',
    );
    expect(normalizeServer('http://host.example/panel/xmltv.php')).toBe('http://host.example/panel');
  });

  it('prefers ts, falls back to m3u8, and honours the user', () => {
    expect(chooseFormat(['m3u8', 'ts', 'rtmp'], null)).toBe('ts');
    expect(chooseFormat(['m3u8'], null)).toBe('m3u8');
    expect(chooseFormat([], null)).toBe('ts');
    expect(chooseFormat(['ts'], 'm3u8')).toBe('m3u8');
  });

  it('stores stream URLs with placeholders and fills them URL-encoded', () => {
    const template = streamUrlTemplate('http://h:8080', '42', 'ts');
    expect(template).toBe('http://h:8080/live/{username}/{password}/42.ts');
    expect(fillCredentials(template, { username: 'a b', password: 'x/y?z#{username}' })).toBe(
      'http://h:8080/live/a%20b/x%2Fy%3Fz%23%7Busername%7D/42.ts',
    );
    expect(xtreamGuideUrl('http://h:8080', { username: 'u', password: 'p&q' })).toBe(
      'http://h:8080/xmltv.php?username=u&password=p%26q',
    );
  });

  it('masks passwords and tokens in URLs shown to users', () => {
    expect(redactUrl('http://h/get.php?username=u&password=secret&type=m3u')).toBe(
      'http://h/get.php?username=***&password=***&type=m3u',
    );
    expect(redactUrl('http://user:pw@h/list.m3u')).toBe('http://user:***@h/list.m3u');
    expect(redactUrl('http://h/list.m3u?token=abc')).toBe('http://h/list.m3u?token=***');
    expect(redactUrl('/home/me/list.m3u')).toBe('/home/me/list.m3u');
  });
});
