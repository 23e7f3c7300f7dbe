import { z } from 'zod';
import { InputError } from '../core/errors.js';
import type { KeysetCursor, ListSort } from './ports.js';

/** Opaque keyset cursors: base64url of [key, id]. Clients pass them back untouched. */
export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined): KeysetCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const value = readCursor(raw);
  if (value.length === 2) return { key: value[0] ?? '', id: value[1] ?? '' };
  throw foreignCursor();
}

/** The strings of a cursor: [key, id], or [key, id, sort]. */
function readCursor(raw: string): string[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      (value.length === 2 || value.length === 3) &&
      value.every((part) => typeof part === 'string')
    ) {
      return value as string[];
    }
  } catch {
    // fall through to the coded error
  }
  throw foreignCursor();
}

function foreignCursor(): InputError {
  return new InputError('ERR_OSPO_CURSOR', 'the cursor is not one this server gave out', {
    hint: 'Pass the "next" value of the previous page unchanged, or omit cursor for the first page.',
  });
}

/**
 * The `sort` query parameter of a list: one of `keys`, the first being the default; `-key` is the
 * descending order. Ties always go by id, so that paging never skips or repeats an item.
 */
export function sortParam<const K extends readonly [string, ...string[]]>(keys: K, description: string) {
  const listed = keys.map((k) => `\`${k}\``).join(', ');
  return z
    .enum(keys, { error: () => `expected one of ${keys.join(', ')}` })
    .default(keys[0] as K[number])
    .meta({ description: `${description} One of ${listed}; default \`${keys[0]}\`.` });
}

/** One of a list's sort keys, or its default; anything else is refused, naming the keys there are. */
export function sortOf<const K extends readonly [string, ...string[]]>(
  keys: K,
  value: string | undefined,
): K[number] {
  if (value === undefined || value === '') return keys[0];
  if ((keys as readonly string[]).includes(value)) return value as K[number];
  throw new InputError('ERR_OSPO_VALIDATION', `sort: expected one of ${keys.join(', ')}`, {
    details: { problems: [{ path: 'sort', message: `expected one of ${keys.join(', ')}` }] },
    hint: `Sort by one of ${keys.join(', ')} (a leading - sorts descending).`,
  });
}

/** `-name` as { key: 'name', desc: true }. */
export function sortSpec<K extends string>(sort: K | `-${K}`): ListSort<K> {
  return sort.startsWith('-') ? { key: sort.slice(1) as K, desc: true } : { key: sort as K, desc: false };
}

/** A cursor that names the sort it was made for: base64url of [key, id, sort]. */
export function encodeSortedCursor(cursor: KeysetCursor, sort: string): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id, sort]), 'utf8').toString('base64url');
}

/**
 * The cursor of a list read in `sort`. A cursor without a sort (handed out before lists had one) is
 * of `defaultSort`; one made for another sort is refused, as is one that `valid` turns down.
 */
export function decodeSortedCursor(
  raw: string | undefined,
  sort: string,
  defaultSort: string,
  valid: (cursor: KeysetCursor) => boolean = () => true,
): KeysetCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  const [key = '', id = '', madeFor = defaultSort] = readCursor(raw);
  if (madeFor !== sort) {
    throw new InputError('ERR_OSPO_CURSOR', `the cursor is for sort=${madeFor}, not sort=${sort}`, {
      hint: `Send sort=${madeFor} with this cursor, as on the request that gave it, or omit cursor to start over sorted by ${sort}.`,
      details: { cursorSort: madeFor, sort },
    });
  }
  const cursor = { key, id };
  if (!valid(cursor)) throw foreignCursor();
  return cursor;
}

/** Fetch limit+1 rows, return a page and the cursor of its last row when more follow. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => KeysetCursor) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  return { items, next };
}

/** toPage for a list with a choice of order: the next cursor names `sort`. */
export function toSortedPage<T>(rows: T[], limit: number, sort: string, keyOf: (row: T) => KeysetCursor) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next = rows.length > limit && last !== undefined ? encodeSortedCursor(keyOf(last), sort) : null;
  return { items, next };
}
