import { InputError } from '../../core/errors.js';
import type { Ecosystem } from '../../core/inventory.js';
import { purlFor } from '../../core/purl.js';
import { tryParseExpression } from '../../core/spdx/expression.js';
import { sameExpression } from '../../core/spdx/normalize.js';
import { versionInRange } from './version-range.js';

/**
 * A waiver: an approved exception to the policy for one package (or a pattern of packages), some
 * versions, one project or all, until it expires. A waiver turns `review` or `deny` into `allow` and
 * the verdict records which waiver did it.
 */
export interface Waiver {
  /** Stable id people refer to ("W-12"); unique within a policy. */
  readonly id: string;
  /**
   * A package name (`lodash`, `@acme/*`, `org.example:*`) or a purl without version
   * (`pkg:npm/%40acme/ui`, `pkg:maven/org.example/*`). `*` matches any run of characters; case is ignored.
   */
  readonly package: string;
  /** A version range (see version-range.ts): `*`, `1.2.3`, `>=1.2 <2`, `1.x`, `^1.2.3`, joined by `||`. */
  readonly version: string;
  /** The project the waiver is for, or `*` for every project. */
  readonly project: string;
  /** When set, the waiver covers the package only while its evaluated expression is this one. */
  readonly license?: string;
  readonly reason: string;
  /** Who approved it (a name or e-mail address). */
  readonly approver: string;
  /** `YYYY-MM-DD` (valid through the end of that day, UTC) or an ISO date-time with offset. */
  readonly expires: string;
}

/** What a waiver is checked against. */
export interface WaiverTarget {
  readonly ecosystem: Ecosystem;
  readonly name: string;
  readonly version: string | null;
  /** The package's purl; built from ecosystem and name when absent. */
  readonly purl?: string;
  /** The project being checked; only `*` waivers apply when absent. */
  readonly project?: string;
  /** The package's expression, for waivers with `license` (compared after normalization, in any order). */
  readonly expression?: string;
}

/** True when the waiver covers this package, version and project at `now` (expired waivers never do). */
export function waiverApplies(waiver: Waiver, target: WaiverTarget, now: Date): boolean {
  if (now.getTime() >= waiverExpiresAt(waiver).getTime()) return false;
  if (waiver.project !== '*' && waiver.project !== target.project) return false;
  if (waiver.license !== undefined && !sameLicense(waiver.license, target.expression)) return false;
  if (!packageMatches(waiver.package, target)) return false;
  return versionInRange(target.version, waiver.version);
}

/** The first waiver in the list that applies, or undefined. */
export function findWaiver(waivers: readonly Waiver[], target: WaiverTarget, now: Date): Waiver | undefined {
  return waivers.find((waiver) => waiverApplies(waiver, target, now));
}

/** The instant a waiver stops applying. Throws InputError ERR_OSPO_WAIVER_EXPIRY for a bad date. */
export function waiverExpiresAt(waiver: Pick<Waiver, 'expires'>): Date {
  const text = waiver.expires.trim();
  const dateOnly = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  const at = dateOnly
    ? Date.UTC(Number(dateOnly[1]), Number(dateOnly[2]) - 1, Number(dateOnly[3]) + 1)
    : /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})$/.test(text)
      ? Date.parse(text)
      : Number.NaN;
  const valid = dateOnly ? new Date(at - 86_400_000).toISOString().startsWith(text) : !Number.isNaN(at);
  if (!valid) {
    throw new InputError('ERR_OSPO_WAIVER_EXPIRY', `waiver expiry "${waiver.expires}" is not a date`, {
      hint: 'Write YYYY-MM-DD (valid through that day, UTC) or a date-time like 2026-06-30T17:00:00Z.',
    });
  }
  return new Date(at);
}

function sameLicense(waived: string, actual: string | undefined): boolean {
  if (actual === undefined) return false;
  const a = tryParseExpression(waived);
  const b = tryParseExpression(actual);
  return a.ok && b.ok && sameExpression(a.expression, b.expression);
}

function packageMatches(pattern: string, target: WaiverTarget): boolean {
  if (!pattern.toLowerCase().startsWith('pkg:')) return glob(pattern).test(target.name);
  const purl = target.purl ?? purlFor(target.ecosystem, target.name, null);
  return glob(decode(pattern)).test(decode(purlWithoutVersion(purl)));
}

/** pkg:type/namespace/name@version?qualifiers#subpath -> pkg:type/namespace/name (encoded `@` is %40). */
function purlWithoutVersion(purl: string): string {
  return purl.replace(/[#?].*$/, '').replace(/@[^/]*$/, '');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function glob(pattern: string): RegExp {
  const source = pattern
    .split('*')
    .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
    .join('.*');
  return new RegExp(`^${source}$`, 'i');
}
