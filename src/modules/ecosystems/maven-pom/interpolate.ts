/**
 * Maven `${name}` interpolation over one property table. A reference that is unknown, or that leads back
 * to itself (directly or through other properties), makes the whole value unresolvable: null, never a
 * half-expanded string.
 */
export class Interpolator {
  private readonly memo = new Map<string, string | null>();

  constructor(private readonly properties: ReadonlyMap<string, string>) {}

  /** The expanded text, or null with the first reference that could not be resolved. */
  expand(text: string): { value: string } | { value: null; missing: string } {
    const missing: string[] = [];
    const value = this.expandWith(text, new Set(), missing);
    return value === null ? { value: null, missing: missing[0] ?? text } : { value };
  }

  /** The expanded text, or null; for fields where the reason does not matter. */
  value(text: string | undefined): string | null {
    if (text === undefined) return null;
    return this.expandWith(text, new Set(), []);
  }

  private expandWith(text: string, stack: Set<string>, missing: string[]): string | null {
    if (!text.includes('${')) return text;
    let failed = false;
    const out = text.replace(/\$\{([^}]*)\}/g, (_match, name: string) => {
      const resolved = this.lookup(name.trim(), stack, missing);
      if (resolved === null) failed = true;
      return resolved ?? '';
    });
    // guards against a property table built to expand exponentially
    return failed || out.length > MAX_LENGTH ? null : out;
  }

  private lookup(name: string, stack: Set<string>, missing: string[]): string | null {
    const known = this.memo.get(name);
    if (known !== undefined) {
      if (known === null) missing.push(name);
      return known;
    }
    const raw = this.properties.get(name);
    if (raw === undefined || stack.has(name)) {
      missing.push(name);
      return null;
    }
    stack.add(name);
    const value = this.expandWith(raw, stack, missing);
    stack.delete(name);
    // a null here means `name` is unknown, or sits on a cycle: unresolvable from anywhere, safe to keep
    this.memo.set(name, value);
    return value;
  }
}

const MAX_LENGTH = 4096;
