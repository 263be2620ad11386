// Small guides and playlists written on the fly, relative to now, for scheduling tests: an XMLTV file
// with the programmes a test needs (times, episode numbers, dd_progid, new/repeat flags, categories)
// and an M3U whose channels carry those guide channels (tvg-id) and point at a local stream server.
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { tempDir } from './temp-dvr';

export interface TestProgramme {
  channel: string;
  start: number;
  stop: number;
  title: string;
  subTitle?: string;
  desc?: string;
  /** [season, episode], one-based. */
  se?: [number, number];
  progid?: string;
  isNew?: boolean;
  previouslyShown?: boolean;
  premiere?: boolean;
  categories?: string[];
}

const escape = (s: string) =>
  s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

function xmltvTime(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${pad(d.getUTCMonth() + 1)}${pad(d.getUTCDate())}${pad(d.getUTCHours())}${pad(d.getUTCMinutes())}${pad(d.getUTCSeconds())} +0000`;
}

export function xmltv(channels: readonly string[], programmes: readonly TestProgramme[]): string {
  const out = ['<?xml version="1.0" encoding="UTF-8"?>', '<tv>'];
  for (const id of channels) {
    out.push(`  <channel id="${escape(id)}"><display-name>${escape(id)}</display-name></channel>`);
  }
  for (const p of programmes) {
    out.push(
      `  <programme start="${xmltvTime(p.start)}" stop="${xmltvTime(p.stop)}" channel="${escape(p.channel)}">`,
    );
    out.push(`    <title>${escape(p.title)}</title>`);
    if (p.subTitle) out.push(`    <sub-title>${escape(p.subTitle)}</sub-title>`);
    if (p.desc) out.push(`    <desc>${escape(p.desc)}</desc>`);
    for (const c of p.categories ?? []) out.push(`    <category>${escape(c)}</category>`);
    if (p.se) out.push(`    <episode-num system="xmltv_ns">${p.se[0] - 1}.${p.se[1] - 1}.</episode-num>`);
    if (p.progid) out.push(`    <episode-num system="dd_progid">${escape(p.progid)}</episode-num>`);
    if (p.previouslyShown) out.push('    <previously-shown />');
    if (p.premiere) out.push('    <premiere />');
    if (p.isNew) out.push('    <new />');
    out.push('  </programme>');
  }
  out.push('</tv>', '');
  return out.join('\n');
}

export function m3u(entries: ReadonlyArray<{ tvgId: string; name: string; url: string }>): string {
  return [
    '#EXTM3U',
    ...entries.flatMap((e) => [`#EXTINF:-1 tvg-id="${escape(e.tvgId)}",${e.name}`, e.url]),
    '',
  ].join('\n');
}

/** A file in a fresh temporary folder (rewrite it and refresh to simulate the provider changing it). */
export function writeTemp(name: string, content: string, dir = tempDir('tapedeck-guide-')): string {
  const file = path.join(dir, name);
  writeFileSync(file, content);
  return file;
}
