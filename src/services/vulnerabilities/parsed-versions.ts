import type { Ordering, VersionScheme } from '../../core/versioning.js';

/** What SchemeVersions.read gives for a text the scheme does not read. */
export const UNREADABLE: unique symbol = Symbol('unreadable');

/**
 * Versions of one scheme, each text read once: matching an inventory compares every package version
 * with the events of every advisory row of its name, and most texts come up again and again. Lives
 * for one matching run (it holds every distinct text it was asked about).
 */
export class SchemeVersions {
  private readonly parsed = new Map<string, unknown>();

  constructor(readonly scheme: VersionScheme) {}

  isValid(text: string): boolean {
    return this.get(text) !== UNREADABLE;
  }

  /** scheme.compare(a, b), on the texts' parsed forms. */
  compare(a: string, b: string): Ordering {
    const x = this.get(a);
    const y = this.get(b);
    // the scheme's own coded error for a text it does not read (callers check readability first)
    if (x === UNREADABLE || y === UNREADABLE) return this.scheme.compare(a, b);
    return this.scheme.compareParsed(x, y);
  }

  /** The text's parsed form, or UNREADABLE: compare two readable ones with `scheme.compareParsed`. */
  read(text: string): unknown {
    return this.get(text);
  }

  private get(text: string): unknown {
    const known = this.parsed.get(text);
    if (known !== undefined) return known;
    const value = this.scheme.isValid(text) ? this.scheme.parse(text) : UNREADABLE;
    this.parsed.set(text, value);
    return value;
  }
}

/** One SchemeVersions per scheme, for one matching run. */
export class ParsedVersions {
  private readonly byScheme = new Map<VersionScheme, SchemeVersions>();

  of(scheme: VersionScheme): SchemeVersions {
    let versions = this.byScheme.get(scheme);
    if (!versions) {
      versions = new SchemeVersions(scheme);
      this.byScheme.set(scheme, versions);
    }
    return versions;
  }
}
