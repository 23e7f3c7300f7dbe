import { ForbiddenError, InputError } from '../core/errors.js';

const DAY_MS = 24 * 60 * 60 * 1000;
export const DEFAULT_EXPIRY_DAYS = 90;
/** A year, leap day included; only holders of tokens:admin may go beyond it or make a token that never expires. */
export const MAX_EXPIRY_DAYS = 366;

/**
 * When a token stops working, from what its creator wrote: `30d`, a date (valid through that day, UTC),
 * a date-time with offset, or `never` (null). Nothing written: 90 days from now.
 */
export function parseExpiry(text: string | undefined, now: Date): Date | null {
  if (text === undefined) return new Date(now.getTime() + DEFAULT_EXPIRY_DAYS * DAY_MS);
  const value = text.trim();
  if (value.toLowerCase() === 'never') return null;
  const days = /^(\d{1,5})d$/i.exec(value)?.[1];
  if (days !== undefined) {
    if (Number(days) < 1) throw badExpiry(value, 'a token must last at least one day');
    return new Date(now.getTime() + Number(days) * DAY_MS);
  }
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const start = new Date(`${value}T00:00:00.000Z`);
    if (Number.isNaN(start.getTime()) || start.toISOString().slice(0, 10) !== value) {
      throw badExpiry(value, 'no such date');
    }
    return new Date(start.getTime() + DAY_MS);
  }
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i.test(value)) {
    const at = new Date(value);
    if (!Number.isNaN(at.getTime())) return at;
  }
  throw badExpiry(value, 'not a duration, date or date-time');
}

/** Refuse an expiry in the past, and (without tokens:admin) one beyond a year or none at all. */
export function checkExpiry(expiresAt: Date | null, now: Date, unlimited: boolean): void {
  if (expiresAt && expiresAt.getTime() <= now.getTime()) {
    throw badExpiry(expiresAt.toISOString(), 'that time has passed already');
  }
  if (unlimited) return;
  if (expiresAt === null) {
    throw new ForbiddenError('ERR_OSPO_FORBIDDEN', 'only admins may create tokens that never expire', {
      hint: `Give an expiry of at most ${MAX_EXPIRY_DAYS} days, such as 90d, and rotate the token before then.`,
      details: { permission: 'tokens:admin' },
    });
  }
  if (expiresAt.getTime() - now.getTime() > MAX_EXPIRY_DAYS * DAY_MS) {
    throw new ForbiddenError('ERR_OSPO_FORBIDDEN', `tokens may last at most ${MAX_EXPIRY_DAYS} days`, {
      hint: 'Choose an earlier expiry, or ask an admin for a longer-lived token.',
      details: { permission: 'tokens:admin' },
    });
  }
}

function badExpiry(value: string, why: string): InputError {
  return new InputError('ERR_OSPO_TOKEN_EXPIRY', `token expiry "${value}": ${why}`, {
    hint: 'Write a number of days (30d), a date (2027-01-01, valid through that day, UTC), or never (admins).',
    details: { problems: [{ path: 'expires', message: why }] },
  });
}
