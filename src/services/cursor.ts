import { InputError } from '../core/errors.js';
import type { KeysetCursor } from './ports.js';

/** Opaque keyset cursors: base64url of [key, id]. Clients pass them back untouched. */
export function encodeCursor(cursor: KeysetCursor): string {
  return Buffer.from(JSON.stringify([cursor.key, cursor.id]), 'utf8').toString('base64url');
}

export function decodeCursor(raw: string | undefined): KeysetCursor | undefined {
  if (raw === undefined || raw === '') return undefined;
  try {
    const value: unknown = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (
      Array.isArray(value) &&
      value.length === 2 &&
      typeof value[0] === 'string' &&
      typeof value[1] === 'string'
    ) {
      return { key: value[0], id: value[1] };
    }
  } catch {
    // fall through to the coded error
  }
  throw new InputError('ERR_OSPO_CURSOR', 'the cursor is not one this server gave out', {
    hint: 'Pass the "next" value of the previous page unchanged, or omit cursor for the first page.',
  });
}

/** Fetch limit+1 rows, return a page and the cursor of its last row when more follow. */
export function toPage<T>(rows: T[], limit: number, keyOf: (row: T) => KeysetCursor) {
  const items = rows.slice(0, limit);
  const last = items[items.length - 1];
  const next = rows.length > limit && last !== undefined ? encodeCursor(keyOf(last)) : null;
  return { items, next };
}
