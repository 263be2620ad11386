// Finished recordings for TV apps (Kodi's IPTV Simple client, TiviMate, VLC): an M3U of them with the
// attributes those apps read (tvg-id, tvg-name, tvg-logo, group-title) and an XMLTV file with each one's
// metadata (title, episode, description, categories, image) as a programme on a channel of its own,
// which the M3U names in its header (url-tvg / x-tvg-url). Every URL carries the read-only media token.
import { DateTime } from 'luxon';
import type { Recording } from '../../../src-shared/domain';
import { namingKind, templateValues } from './library-path';
import { fileUrlPath, LIBRARY_XMLTV_PATH } from './media-urls';
import { xmlDocument, type XmlElement } from './xml';

export interface PlaylistEntry {
  recording: Recording;
  /** URL path of its image (/media/recordings/<id>/image.jpg), when it has one. */
  imagePath: string | null;
}

export interface PlaylistOptions {
  /** Scheme, host and port the client reached us at ("http://nas.local:8080"). */
  base: string;
  token: string;
  zone: string;
}

/** The name a TV app lists: "Show - S01E02 - Episode", "Show - 2026-11-26 18.00 - Episode", "Film (1999)". */
export function displayName(r: Recording, zone: string): string {
  const kind = namingKind(r);
  const v = templateValues(r, kind, zone);
  const pad = (n: string | number | null | undefined) => String(n ?? '').padStart(2, '0');
  const sub = v.subTitle ? ` - ${v.subTitle}` : '';
  if (kind === 'series') return `${v.show} - S${pad(v.season)}E${pad(v.episode)}${sub}`;
  if (kind === 'movie') return v.year ? `${v.title} (${v.year})` : String(v.title);
  return `${v.show} - ${v.date} ${v.time}${sub}`;
}

/** The group a TV app files it under: the show, "Movies", or "Recordings" for those without guide data. */
function groupOf(r: Recording): string {
  const kind = namingKind(r);
  if (kind === 'movie') return 'Movies';
  if (kind === 'plain') return 'Recordings';
  return r.programme?.title ?? r.title;
}

/** M3U has no escaping: quotes and line breaks in a value would end the attribute or the entry. */
function attr(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ').replace(/"/g, "'");
}

function line(value: string): string {
  // eslint-disable-next-line no-control-regex -- removing control characters is the point
  return value.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
}

export function buildM3u(entries: readonly PlaylistEntry[], options: PlaylistOptions): string {
  const q = `?token=${encodeURIComponent(options.token)}`;
  const guide = `${options.base}${LIBRARY_XMLTV_PATH}${q}`;
  const out = [`#EXTM3U url-tvg="${guide}" x-tvg-url="${guide}"`];
  for (const { recording: r, imagePath } of entries) {
    const name = displayName(r, options.zone);
    const seconds = r.durationMs ? Math.round(r.durationMs / 1000) : -1;
    const attrs = [
      `tvg-id="rec-${r.id}"`,
      `tvg-name="${attr(name)}"`,
      imagePath ? `tvg-logo="${options.base}${imagePath}${q}"` : null,
      `group-title="${attr(groupOf(r))}"`,
    ].filter(Boolean);
    out.push(`#EXTINF:${seconds} ${attrs.join(' ')},${line(name)}`);
    out.push(`${options.base}${fileUrlPath(r.id, r.outputPath!)}${q}`);
  }
  return `${out.join('\n')}\n`;
}

/** XMLTV times: "20261126180000 +0000". */
function xmltvTime(at: number): string {
  return `${DateTime.fromMillis(at, { zone: 'utc' }).toFormat('yyyyMMddHHmmss')} +0000`;
}

export function buildXmltv(entries: readonly PlaylistEntry[], options: PlaylistOptions): string {
  const q = `?token=${encodeURIComponent(options.token)}`;
  const channels: XmlElement[] = [];
  const programmes: XmlElement[] = [];
  for (const { recording: r, imagePath } of entries) {
    const id = `rec-${r.id}`;
    const icon = imagePath ? { name: 'icon', attrs: { src: `${options.base}${imagePath}${q}` } } : null;
    channels.push({
      name: 'channel',
      attrs: { id },
      children: [{ name: 'display-name', text: displayName(r, options.zone) }, icon],
    });
    const p = r.programme;
    const start = r.actualStartAt ?? r.startAt;
    const stop = r.durationMs ? start + r.durationMs : (r.actualEndAt ?? r.endAt);
    const kind = namingKind(r);
    const values = templateValues(r, kind, options.zone);
    programmes.push({
      name: 'programme',
      attrs: { start: xmltvTime(start), stop: xmltvTime(Math.max(stop, start + 1000)), channel: id },
      children: [
        { name: 'title', text: kind === 'movie' ? values.title : values.show },
        { name: 'sub-title', text: p?.subTitle },
        { name: 'desc', text: p?.description },
        ...(p?.categories ?? []).map((c) => ({ name: 'category', text: c })),
        { name: 'date', text: values.year },
        icon,
        p && p.season !== null && p.episode !== null
          ? { name: 'episode-num', attrs: { system: 'xmltv_ns' }, text: `${p.season - 1}.${p.episode - 1}.` }
          : null,
        p && p.season !== null && p.episode !== null
          ? {
              name: 'episode-num',
              attrs: { system: 'onscreen' },
              text: `S${String(p.season).padStart(2, '0')}E${String(p.episode).padStart(2, '0')}`,
            }
          : null,
      ],
    });
  }
  return xmlDocument({
    name: 'tv',
    attrs: { 'generator-info-name': 'Tapedeck' },
    children: [...channels, ...programmes],
    keepEmpty: true,
  });
}
