/** OSV `affected[].ranges` told in words: `1.0.0 up to, not including, 1.2.3`. */
export interface ReadableRange {
  type: string;
  repo: string | null;
  intervals: string[];
}

type OsvEvent = { introduced?: unknown; fixed?: unknown; last_affected?: unknown; limit?: unknown };

export function readableRange(range: unknown): ReadableRange {
  const value = (range ?? {}) as { type?: unknown; repo?: unknown; events?: unknown };
  const type = typeof value.type === 'string' ? value.type : 'unknown';
  const git = type === 'GIT';
  const show = (v: unknown) => {
    const text = String(v);
    return git && /^[0-9a-f]{40}$/i.test(text) ? text.slice(0, 12) : text;
  };
  const events = Array.isArray(value.events) ? (value.events as OsvEvent[]) : [];
  const intervals: string[] = [];
  let start: string | null = null;
  for (const event of events) {
    if (event.introduced !== undefined) {
      if (start !== null) intervals.push(open(start));
      start = show(event.introduced);
    } else if (event.fixed !== undefined) {
      intervals.push(`${from(start)}up to, not including, ${show(event.fixed)}`);
      start = null;
    } else if (event.last_affected !== undefined) {
      intervals.push(`${from(start)}up to and including ${show(event.last_affected)}`);
      start = null;
    } else if (event.limit !== undefined) {
      intervals.push(`${from(start)}below ${show(event.limit)} (limit)`);
      start = null;
    }
  }
  if (start !== null) intervals.push(open(start));
  return { type, repo: typeof value.repo === 'string' ? value.repo : null, intervals };
}

const isZero = (start: string | null) => start === null || start === '0';
const from = (start: string | null) => (isZero(start) ? 'every version ' : `${start} `);
const open = (start: string) => (start === '0' ? 'every version' : `${start} and later`);
