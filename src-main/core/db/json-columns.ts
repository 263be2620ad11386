// Columns that hold JSON written by us (display names, categories). Read defensively: a damaged value
// reads as empty rather than failing the whole listing.

/** The strings of a JSON array column; anything else (bad JSON, not an array, non-strings) is left out. */
export function parseStringList(json: string): string[] {
  try {
    const value = JSON.parse(json) as unknown;
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
  } catch {
    return [];
  }
}
