import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { OspoError } from '../core/errors.js';
import { decodeCursor, encodeCursor, toPage } from './cursor.js';

describe('cursors', () => {
  it('round-trip any key and id', () => {
    fc.assert(
      fc.property(fc.string(), fc.string(), (key, id) => {
        expect(decodeCursor(encodeCursor({ key, id }))).toEqual({ key, id });
      }),
    );
  });

  it('reject anything they did not produce with a coded error, never a crash', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1 }), (raw) => {
        try {
          const decoded = decodeCursor(raw);
          expect(typeof decoded?.key).toBe('string');
        } catch (error) {
          expect(error).toBeInstanceOf(OspoError);
          expect((error as OspoError).code).toBe('ERR_OSPO_CURSOR');
        }
      }),
    );
  });

  it('toPage gives a next cursor only when more rows follow', () => {
    const rows = [1, 2, 3].map((n) => ({ id: String(n) }));
    const keyOf = (r: { id: string }) => ({ key: r.id, id: r.id });
    expect(toPage(rows, 3, keyOf).next).toBeNull();
    const page = toPage(rows, 2, keyOf);
    expect(page.items).toHaveLength(2);
    expect(decodeCursor(page.next ?? undefined)).toEqual({ key: '2', id: '2' });
  });
});
