// The planner's vocabulary, shared by its pure parts (rule matching, time rules, episode identity,
// connection allocation) and the planner that reads the database and writes recordings (planner.ts).

/** A guide programme as the planner sees it, on one of our channels. */
export interface ProgrammeAiring {
  programmeId: number;
  channelId: number;
  /** The guide channel it comes from (channels of several sources can carry the same one). */
  guideId: number;
  xmltvChannelId: string;
  start: number;
  /** The programme's end; a guide without a stop gets the next programme's start, else start + 30 min. */
  stop: number;
  title: string;
  subTitle: string | null;
  description: string | null;
  categories: string[];
  season: number | null;
  episode: number | null;
  episodeNum: string | null;
  uid: string | null;
  icon: string | null;
  isNew: boolean;
  previouslyShown: boolean;
  premiere: boolean;
  /**
   * True while description, categories, episode number and icon are not loaded yet (the planner reads
   * them only for the airings that need them: GuideAirings.loadDetails).
   */
  brief?: boolean;
}

/**
 * The layers of an episode's identity, strongest first. Two airings are the same episode when the
 * strongest layer both have agrees (see episode-identity.ts); a programme with none of them (news,
 * sport) has no identity and is nobody's duplicate.
 */
export interface EpisodeKeys {
  /** The guide's programme id (dd_progid): `uid:<id>`. */
  uid: string | null;
  /** `se:<normalised title>:<season>:<episode>`. */
  episode: string | null;
  /** `sub:<normalised title>:<normalised sub-title>`. */
  subTitle: string | null;
  /** `desc:<normalised title>:<hash of the normalised description>`. */
  description: string | null;
}

/** A filter of a rule said no: the airing is listed as skipped with this reason. */
export interface FilterVerdict {
  skip: 'outside-window' | 'not-new';
  /** A sentence for the user: "starts at 21:00, the rule records between 18:00 and 20:00". */
  reason: string;
}

/** One occurrence of a time rule. */
export interface TimeSlot {
  start: number;
  end: number;
  /** The local date (in the rule's zone) it belongs to, "YYYY-MM-DD". */
  localDate: string;
  /** Set on a daylight-saving night: what happened to the wall-clock time (documented behaviour). */
  note: string | null;
}

/** A connection group: sources that share one provider account's limit. */
export interface ConnectionGroup {
  key: string;
  /** For reasons: "Provider X" (the source's name, or the group's). */
  name: string;
  /** Simultaneous connections allowed; null: no known limit. */
  limit: number | null;
}

/** Where a want could record from: a channel and the connection group it uses. */
export interface ChannelOption {
  channelId: number;
  channelName: string;
  group: string;
}

/** Something that wants a connection over a time: a scheduled recording, or a rule's chosen airing. */
export interface Want {
  id: string;
  label: string;
  /** Higher wins. One-off recordings: MANUAL_PRIORITY (src-shared/domain-rules.ts) unless set. */
  priority: number;
  /** The padded window. */
  start: number;
  end: number;
  /** Channels it can record from: the first is its own; others carry the same guide channel elsewhere. */
  channels: ChannelOption[];
  /** Other airings of the same episode it could record instead (rule wants only), earliest first. */
  alternatives: Array<{ key: string; start: number; end: number; channels: ChannelOption[] }>;
  /** Already recording: it holds its connection and cannot move. */
  fixed: boolean;
}

export type Placement =
  | {
      want: string;
      kind: 'placed';
      channelId: number;
      group: string;
      alternative: string | null;
      start: number;
      end: number;
    }
  | {
      want: string;
      kind: 'conflict';
      reason: string;
      /** The wants holding the group's connections at `at` (earliest start first). */
      holders: string[];
      /** The group it could not get a connection of (its own channel's), and the first instant it is full; null when the want has no channel to record from. */
      group: string | null;
      at: number | null;
    };
