import type { z } from 'zod';

/**
 * A faster twin of `schema.safeParse` for the schemas extractors use on parsed lockfiles, compiled
 * once per schema from zod's own definition. `check` says exactly whether zod would accept a value,
 * without allocating; `apply` then fills in defaults and runs transforms in place. Two differences
 * from zod, both harmless for freshly parsed documents: objects keep keys their shape does not name,
 * and values are changed in place instead of copied. A schema with a part this does not know (custom
 * refinements, unknown checks) is left to zod: `compileShape` returns null.
 *
 * Why: zod copies every object it checks, and on a million-entry scan its checks and the garbage
 * they made were a quarter of the parse time.
 */
export interface FastShape {
  check(value: unknown): boolean;
  apply(value: unknown): unknown;
  /** `apply` returns its value untouched (no defaults or transforms inside): callers may skip it. */
  pure?: boolean;
}

interface Def {
  type: string;
  [key: string]: unknown;
}

const compiled = new WeakMap<object, FastShape | null>();

export function compileShape(schema: z.ZodType): FastShape | null {
  const known = compiled.get(schema);
  if (known !== undefined) return known;
  let shape: FastShape | null;
  try {
    shape = build(schema, new Map());
  } catch (error) {
    if (!(error instanceof Unsupported)) throw error;
    shape = null;
  }
  compiled.set(schema, shape);
  return shape;
}

class Unsupported extends Error {}

const same = (v: unknown) => v;
const leaf = (check: (v: unknown) => boolean): FastShape => ({ check, apply: same, pure: true });

function defOf(schema: unknown): Def {
  const def = (schema as { _zod?: { def?: Def } })._zod?.def;
  if (!def) throw new Unsupported();
  return def;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function build(schema: unknown, seen: Map<unknown, FastShape>): FastShape {
  const done = seen.get(schema);
  if (done) return done;
  const def = defOf(schema);
  const checks = (def.checks as unknown[] | undefined) ?? [];
  switch (def.type) {
    case 'string':
      return def.coerce || checks.length > 0 ? checked(schema, def) : leaf((v) => typeof v === 'string');
    case 'number': {
      if (def.coerce) throw new Unsupported();
      const integer = checks.every((c) => {
        const d = defOf(c);
        return d.check === 'number_format' && (d.format === 'safeint' || d.format === 'int32');
      });
      if (checks.length > 0 && !integer) return checked(schema, def);
      const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
      return leaf(checks.length > 0 ? (v) => finite(v) && zodAccepts(schema, v) : finite);
    }
    case 'boolean':
      return def.coerce ? checked(schema, def) : leaf((v) => typeof v === 'boolean');
    case 'null':
      return leaf((v) => v === null);
    case 'undefined':
      return leaf((v) => v === undefined);
    case 'unknown':
    case 'any':
      return leaf(() => true);
    case 'literal': {
      const values = def.values as unknown[];
      return leaf((v) => values.includes(v));
    }
    case 'enum': {
      const values = Object.values(def.entries as Record<string, unknown>);
      return leaf((v) => values.includes(v));
    }
    case 'optional': {
      const inner = build(def.innerType, seen);
      return {
        check: (v) => v === undefined || inner.check(v),
        apply: inner.pure ? same : (v) => (v === undefined ? v : inner.apply(v)),
        pure: inner.pure,
      };
    }
    case 'nullable': {
      const inner = build(def.innerType, seen);
      return {
        check: (v) => v === null || inner.check(v),
        apply: inner.pure ? same : (v) => (v === null ? v : inner.apply(v)),
        pure: inner.pure,
      };
    }
    case 'default': {
      const inner = build(def.innerType, seen);
      const fallback = () => def.defaultValue;
      return {
        check: (v) => v === undefined || inner.check(v),
        apply: (v) => (v === undefined ? fallback() : inner.apply(v)),
      };
    }
    case 'catch': {
      const inner = build(def.innerType, seen);
      const fallback = def.catchValue as (ctx: unknown) => unknown;
      return {
        check: () => true,
        apply: (v) =>
          inner.check(v) ? inner.apply(v) : fallback({ value: v, issues: [], error: undefined }),
      };
    }
    case 'lazy': {
      // recursive schemas: the placeholder is filled in once the getter's schema is built
      const self: FastShape = { check: () => false, apply: same };
      seen.set(schema, self);
      const inner = build((def.getter as () => unknown)(), seen);
      self.check = inner.check;
      self.apply = inner.apply;
      return self;
    }
    case 'object':
      return object(def, seen);
    case 'record':
      return record(def, seen);
    case 'array': {
      const items = array(build(def.element, seen));
      if (checks.length === 0) return items;
      return { check: (v) => items.check(v) && zodAccepts(schema, v), apply: items.apply, pure: items.pure };
    }
    case 'tuple':
      return tuple(def, seen);
    case 'union':
      return union((def.options as unknown[]).map((o) => build(o, seen)));
    case 'pipe':
      return pipe(def, seen);
    default:
      throw new Unsupported();
  }
}

function zodAccepts(schema: unknown, v: unknown): boolean {
  return (schema as z.ZodType).safeParse(v).success;
}

/** A leaf with checks this compiler does not model (lengths, patterns, refinements): zod checks it. */
function checked(schema: unknown, def: Def): FastShape {
  if (def.coerce) throw new Unsupported();
  return leaf((v) => zodAccepts(schema, v));
}

function object(def: Def, seen: Map<unknown, FastShape>): FastShape {
  const entries = Object.entries(def.shape as Record<string, unknown>).map(
    ([key, s]) => [key, build(s, seen)] as const,
  );
  const catchall = def.catchall === undefined ? null : defOf(def.catchall).type;
  if (catchall !== null && catchall !== 'unknown' && catchall !== 'any' && catchall !== 'never') {
    throw new Unsupported();
  }
  const names = new Set(entries.map(([key]) => key));
  const keys = entries.map(([key]) => key);
  const shapes = entries.map(([, shape]) => shape);
  // only the fields whose shape changes something need applying
  const changing = entries.filter(([, shape]) => !shape.pure);
  return {
    check(v) {
      if (!isRecord(v)) return false;
      for (let i = 0; i < keys.length; i++) {
        if (!(shapes[i] as FastShape).check(v[keys[i] as string])) return false;
      }
      if (catchall === 'never') for (const key in v) if (!names.has(key)) return false;
      return true;
    },
    apply(v) {
      const o = v as Record<string, unknown>;
      for (const [key, shape] of changing) {
        const before = o[key];
        const after = shape.apply(before);
        if (after !== before) o[key] = after;
      }
      return o;
    },
    pure: changing.length === 0,
  };
}

function record(def: Def, seen: Map<unknown, FastShape>): FastShape {
  const keyType = defOf(def.keyType).type;
  if (keyType !== 'string') throw new Unsupported();
  const value = build(def.valueType, seen);
  return {
    check(v) {
      if (!isRecord(v)) return false;
      for (const key in v) if (!value.check(v[key])) return false;
      return true;
    },
    pure: value.pure,
    apply(v) {
      if (value.pure) return v;
      const o = v as Record<string, unknown>;
      for (const key in o) {
        const before = o[key];
        const after = value.apply(before);
        if (after !== before) o[key] = after;
      }
      return o;
    },
  };
}

function array(element: FastShape): FastShape {
  return {
    check(v) {
      if (!Array.isArray(v)) return false;
      for (let i = 0; i < v.length; i++) if (!element.check(v[i])) return false;
      return true;
    },
    pure: element.pure,
    apply(v) {
      if (element.pure) return v;
      const items = v as unknown[];
      for (let i = 0; i < items.length; i++) items[i] = element.apply(items[i]);
      return items;
    },
  };
}

function tuple(def: Def, seen: Map<unknown, FastShape>): FastShape {
  const items = (def.items as unknown[]).map((s) => build(s, seen));
  const rest = def.rest ? build(def.rest, seen) : null;
  if (items.some((_, i) => defOf((def.items as unknown[])[i]).type === 'optional')) throw new Unsupported();
  return {
    check(v) {
      if (!Array.isArray(v) || v.length < items.length) return false;
      if (!rest && v.length > items.length) return false;
      for (let i = 0; i < v.length; i++) if (!(items[i] ?? (rest as FastShape)).check(v[i])) return false;
      return true;
    },
    apply(v) {
      const out = v as unknown[];
      for (let i = 0; i < out.length; i++) out[i] = (items[i] ?? (rest as FastShape)).apply(out[i]);
      return out;
    },
  };
}

function union(options: FastShape[]): FastShape {
  const pure = options.every((o) => o.pure);
  return {
    check: (v) => options.some((o) => o.check(v)),
    apply: pure ? same : (v) => (options.find((o) => o.check(v)) as FastShape).apply(v),
    pure,
  };
}

/**
 * `schema.transform(fn)` (a schema, then a function) and `z.preprocess(fn, schema)` (a function, then
 * a schema). The functions are the project's own: pure, never failing.
 */
function pipe(def: Def, seen: Map<unknown, FastShape>): FastShape {
  const inDef = defOf(def.in);
  const outDef = defOf(def.out);
  if (outDef.type === 'transform') {
    const inner = build(def.in, seen);
    const fn = outDef.transform as (v: unknown, ctx: unknown) => unknown;
    if (fn.length > 1) throw new Unsupported();
    return { check: inner.check, apply: (v) => fn(inner.apply(v), undefined) };
  }
  if (inDef.type === 'transform') {
    const fn = inDef.transform as (v: unknown, ctx: unknown) => unknown;
    if (fn.length > 1) throw new Unsupported();
    const outer = build(def.out, seen);
    return { check: (v) => outer.check(fn(v, undefined)), apply: (v) => outer.apply(fn(v, undefined)) };
  }
  throw new Unsupported();
}
