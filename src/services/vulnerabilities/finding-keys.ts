/**
 * The cursor keys of the finding queue's orders, read back from a cursor: the queue's
 * `[severityRank, score, projectKey, projectId, purl, advisory]` and the first-seen orders'
 * `["found", firstSeen, projectId, purl, advisory]`. A key of the wrong shape reads as null.
 */

type SortKey = [number, number, string, string, string, string];

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function parseKey(raw: string): SortKey | null {
  try {
    const v: unknown = JSON.parse(raw);
    if (
      Array.isArray(v) &&
      v.length === 6 &&
      typeof v[0] === 'number' &&
      typeof v[1] === 'number' &&
      v.slice(2).every((x) => typeof x === 'string') &&
      UUID.test(v[3] as string)
    ) {
      return v as SortKey;
    }
  } catch {
    // a key this code did not write matches nothing
  }
  return null;
}

type FoundKey = ['found', string, string, string, string];

/** The cursor key of the first-seen orders: `["found", firstSeen, projectId, purl, advisory]`. */
export function parseFoundKey(raw: string): FoundKey | null {
  try {
    const v: unknown = JSON.parse(raw);
    if (
      Array.isArray(v) &&
      v.length === 5 &&
      v[0] === 'found' &&
      v.every((x) => typeof x === 'string') &&
      !Number.isNaN(Date.parse(v[1] as string)) &&
      UUID.test(v[2] as string)
    ) {
      return v as FoundKey;
    }
  } catch {
    // not a key of this order
  }
  return null;
}
