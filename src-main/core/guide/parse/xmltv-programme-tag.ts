// What a <programme> start tag gives: the programme's channel and its start and stop times. Read with
// two memories that make this cheap on real guides: programmes come grouped by channel, so one kept
// id serves a whole run of them, and schedules are contiguous, so a programme's start is usually the
// previous one's stop, and remembering the last parsed time halves the time parsing.
import type { XmlAttrs } from './xml-attributes';
import { newProgramme } from './xmltv-fields';
import { parseXmltvTime } from './xmltv-time';
import type { XmltvProgramme } from './xmltv-types';

export class ProgrammeTagReader {
  private readonly shiftMs: number;
  /** Copies a string handed out (or not), per options.detachStrings. */
  private readonly keep: (s: string) => string;
  private lastTimeText = '';
  private lastTime: number | null = null;
  private lastChannelRaw = '';
  private lastChannel = '';

  constructor(shiftMs: number, keep: (s: string) => string) {
    this.shiftMs = shiftMs;
    this.keep = keep;
  }

  /** A new programme; a missing or invalid channel or start is left for completeProgramme to report. */
  read(attrs: XmlAttrs): XmltvProgramme {
    const startAttr = attrs.get('start');
    const stopAttr = attrs.get('stop');
    return newProgramme(
      this.channelId(attrs.get('channel')),
      startAttr === undefined ? Number.NaN : (this.time(startAttr) ?? Number.NaN),
      stopAttr === undefined ? null : this.time(stopAttr),
    );
  }

  private channelId(raw: string | undefined): string {
    if (raw === undefined) return '';
    if (raw !== this.lastChannelRaw) {
      this.lastChannelRaw = raw;
      this.lastChannel = this.keep(raw);
    }
    return this.lastChannel;
  }

  private time(value: string): number | null {
    if (value === this.lastTimeText) return this.lastTime;
    const t = parseXmltvTime(value, this.shiftMs);
    this.lastTimeText = value;
    this.lastTime = t;
    return t;
  }
}
