// The contract's sources-and-guide part: playlists (M3U, Xtream Codes, HDHomeRun), XMLTV guides,
// channel <-> guide mapping, and the guide itself. Merged into `commands` by contract.ts.
export const sourceCommands = {} as const;

export type SourceEventMap = Record<never, never>;
export const SOURCE_EVENT_NAMES: readonly never[] = [];
