import { ParseError } from './errors.js';
import type { Ecosystem } from './inventory.js';

/**
 * Version orderings, one per ecosystem family. A scheme answers "which of two versions is newer" the
 * way its package manager does; OSV range evaluation (services/vulnerabilities) is written once on top
 * of `compare`. A version a scheme cannot read is a coded ParseError, never a comparison of strings.
 */

export type Ordering = -1 | 0 | 1;

/** OSV ecosystem names (with Debian and Alpine, which the inventory does not scan yet). */
export type VersionEcosystem = Ecosystem | 'Debian' | 'Alpine';

export interface VersionScheme<Parsed = unknown> {
  /** Folder name under src/modules/versioning, e.g. `pep440`. */
  readonly id: string;
  /** Bumped whenever the ordering of some pair of versions changes. */
  readonly version: number;
  /** OSV ecosystems (without any `:release` suffix) whose versions this scheme orders. */
  readonly ecosystems: readonly VersionEcosystem[];
  /** Throws ParseError ERR_OSPO_VERSION when the text is not a version of this scheme. */
  parse(version: string): Parsed;
  isValid(version: string): boolean;
  /** -1 when a is older than b, 0 when they are the same version, 1 when a is newer; throws like parse. */
  compare(a: string, b: string): Ordering;
  /**
   * `compare` on what `parse` returned: compare(a, b) is compareParsed(parse(a), parse(b)). For callers
   * that compare each version many times (matching an inventory against advisories) and parse it once.
   */
  compareParsed(a: Parsed, b: Parsed): Ordering;
}

/** The coded error every scheme throws for a version it cannot read. */
export function versionError(scheme: string, version: string, reason: string): ParseError {
  const shown = version.length > 80 ? `${version.slice(0, 77)}...` : version;
  return new ParseError('ERR_OSPO_VERSION', `"${shown}" is not a ${scheme} version: ${reason}`, {
    details: { scheme, version },
    hint: `Versions are compared the way the ecosystem's package manager orders them; check the ${scheme} version syntax.`,
  });
}

/** Sign of a number as an Ordering. */
export function sign(n: number): Ordering {
  return n < 0 ? -1 : n > 0 ? 1 : 0;
}

/**
 * Compare two runs of ASCII digits as non-negative integers of any size (leading zeros allowed, the
 * empty run is 0), so that no version component is ever rounded through a float.
 */
export function compareDigits(a: string, b: string): Ordering {
  const x = stripZeros(a);
  const y = stripZeros(b);
  if (x.length !== y.length) return x.length < y.length ? -1 : 1;
  return x < y ? -1 : x > y ? 1 : 0;
}

function stripZeros(digits: string): string {
  let i = 0;
  while (i < digits.length && digits.charCodeAt(i) === 48) i++;
  return digits.slice(i);
}

/** Plain code-unit order of two strings, as C's strcmp and most package managers use. */
export function compareText(a: string, b: string): Ordering {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * The scheme that orders an OSV ecosystem's versions, or null when none is known. A `:suffix`
 * (`Debian:12`, `Alpine:v3.20`, `Maven:https://maven.google.com`) scopes a release or repository
 * and does not change the ordering.
 */
export function schemeFor(ecosystem: string, schemes: readonly VersionScheme[]): VersionScheme | null {
  const colon = ecosystem.indexOf(':');
  const base = colon === -1 ? ecosystem : ecosystem.slice(0, colon);
  return schemes.find((s) => (s.ecosystems as readonly string[]).includes(base)) ?? null;
}
