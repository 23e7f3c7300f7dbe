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
  /**
   * `apply` returns any string it is given as it is (e.g. `z.union([z.string(), z.number()]).transform(String)`):
   * records, objects and arrays skip it for their string values, the common case in parsed lockfiles.
   */
  keepsStrings?: boolean;
  /**
   * `check` as a JavaScript expression over the variable named `x` (evaluated possibly more than once,
   * no side effects), for generated object, record and array checks to inline: scalars, their unions,
   * optional and nullable forms. Undefined: generated code calls `check`.
   */
  inline?: ((x: string) => string) | undefined;
}

/** `apply` of this shape is the identity on strings. */
function keepsStrings(shape: FastShape): boolean {
  return shape.pure === true || shape.keepsStrings === true;
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
const leaf = (check: (v: unknown) => boolean, inline?: (x: string) => string): FastShape =>
  inline ? { check, apply: same, pure: true, inline } : { check, apply: same, pure: true };

/** The inline form of `test(x) || inner.check(x)`, or undefined when `inner` has none. */
function inlineEither(test: (x: string) => string, inner: FastShape): ((x: string) => string) | undefined {
  const rest = inner.inline;
  return rest ? (x) => `(${test(x)} || ${rest(x)})` : undefined;
}

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
      if (def.coerce || checks.length > 0) return checked(schema, def);
      return leaf(
        (v) => typeof v === 'string',
        (x) => `typeof ${x} === 'string'`,
      );
    case 'number': {
      if (def.coerce) throw new Unsupported();
      const integer = checks.every((c) => {
        const d = defOf(c);
        return d.check === 'number_format' && (d.format === 'safeint' || d.format === 'int32');
      });
      if (checks.length > 0 && !integer) return checked(schema, def);
      const finite = (v: unknown) => typeof v === 'number' && Number.isFinite(v);
      if (checks.length > 0) return leaf((v) => finite(v) && zodAccepts(schema, v));
      return leaf(finite, (x) => `(typeof ${x} === 'number' && Number.isFinite(${x}))`);
    }
    case 'boolean':
      if (def.coerce) return checked(schema, def);
      return leaf(
        (v) => typeof v === 'boolean',
        (x) => `typeof ${x} === 'boolean'`,
      );
    case 'null':
      return leaf(
        (v) => v === null,
        (x) => `${x} === null`,
      );
    case 'undefined':
      return leaf(
        (v) => v === undefined,
        (x) => `${x} === undefined`,
      );
    case 'unknown':
    case 'any':
      return leaf(
        () => true,
        () => 'true',
      );
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
        keepsStrings: keepsStrings(inner),
        inline: inlineEither((x) => `${x} === undefined`, inner),
      };
    }
    case 'nullable': {
      const inner = build(def.innerType, seen);
      return {
        check: (v) => v === null || inner.check(v),
        apply: inner.pure ? same : (v) => (v === null ? v : inner.apply(v)),
        pure: inner.pure,
        keepsStrings: keepsStrings(inner),
        inline: inlineEither((x) => `${x} === null`, inner),
      };
    }
    case 'default': {
      const inner = build(def.innerType, seen);
      const fallback = () => def.defaultValue;
      return {
        check: (v) => v === undefined || inner.check(v),
        apply: (v) => (v === undefined ? fallback() : inner.apply(v)),
        inline: inlineEither((x) => `${x} === undefined`, inner),
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

/** `isRecord(v)`, negated, as generated code. */
const IS_RECORD = "if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;";

/**
 * A check as a function of its own, compiled from `body` (which ends by falling through to `true`):
 * the same logic as `generic`, but each object, record and array shape gets its own code, so the
 * engine's caches at each field read and each nested check see one shape, not every schema's. Where
 * code cannot be generated (`--disallow-code-generation-from-strings`), `generic`.
 */
function generated(
  names: string[],
  values: unknown[],
  body: string,
  generic: (v: unknown) => boolean,
): (v: unknown) => boolean {
  try {
    const factory = new Function(...names, `return function check(v) {\n${body}\nreturn true;\n};`);
    return factory(...values) as (v: unknown) => boolean;
  } catch (error) {
    // only a refusal to generate code (an EvalError); a syntax error here is a bug to see
    if (!(error instanceof EvalError)) throw error;
    return generic;
  }
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
  const changingKeys = changing.map(([key]) => key);
  const changingShapes = changing.map(([, shape]) => shape);
  const changingKeepStrings = changing.map(([, shape]) => keepsStrings(shape));
  const generic = (v: unknown): boolean => {
    if (!isRecord(v)) return false;
    for (let i = 0; i < keys.length; i++) {
      if (!(shapes[i] as FastShape).check(v[keys[i] as string])) return false;
    }
    if (catchall === 'never') for (const key in v) if (!names.has(key)) return false;
    return true;
  };
  const fields = keys.map((key, i) => {
    const test = (shapes[i] as FastShape).inline?.(`f${i}`) ?? `s[${i}].check(f${i})`;
    return `const f${i} = v[${JSON.stringify(key)}];\nif (!(${test})) return false;`;
  });
  const extra = catchall === 'never' ? 'for (const key in v) if (!names.has(key)) return false;' : '';
  return {
    check: generated(
      ['s', 'names'],
      [shapes, names],
      `${IS_RECORD}\n${fields.join('\n')}\n${extra}`,
      generic,
    ),
    apply(v) {
      const o = v as Record<string, unknown>;
      for (let i = 0; i < changingKeys.length; i++) {
        const key = changingKeys[i] as string;
        const before = o[key];
        if (typeof before === 'string' && changingKeepStrings[i]) continue;
        const after = (changingShapes[i] as FastShape).apply(before);
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
  const skipStrings = keepsStrings(value);
  const generic = (v: unknown): boolean => {
    if (!isRecord(v)) return false;
    for (const key in v) if (!value.check(v[key])) return false;
    return true;
  };
  return {
    check: generated(
      ['value'],
      [value],
      `${IS_RECORD}\nfor (const key in v) {\nconst x = v[key];\nif (!(${value.inline?.('x') ?? 'value.check(x)'})) return false;\n}`,
      generic,
    ),
    pure: value.pure,
    apply(v) {
      if (value.pure) return v;
      const o = v as Record<string, unknown>;
      for (const key in o) {
        const before = o[key];
        if (typeof before === 'string' && skipStrings) continue;
        const after = value.apply(before);
        if (after !== before) o[key] = after;
      }
      return o;
    },
  };
}

function array(element: FastShape): FastShape {
  const skipStrings = keepsStrings(element);
  const generic = (v: unknown): boolean => {
    if (!Array.isArray(v)) return false;
    for (let i = 0; i < v.length; i++) if (!element.check(v[i])) return false;
    return true;
  };
  const test = element.inline?.('x') ?? 'element.check(x)';
  const body = `if (!Array.isArray(v)) return false;\nfor (let i = 0; i < v.length; i++) {\nconst x = v[i];\nif (!(${test})) return false;\n}`;
  return {
    check: generated(['element'], [element], body, generic),
    pure: element.pure,
    apply(v) {
      if (element.pure) return v;
      const items = v as unknown[];
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (typeof item !== 'string' || !skipStrings) items[i] = element.apply(item);
      }
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
  // plain loops: a callback for `some`/`find` would be a new closure per value checked
  const first = (v: unknown): FastShape | undefined => {
    for (let i = 0; i < options.length; i++) if ((options[i] as FastShape).check(v)) return options[i];
    return undefined;
  };
  return {
    check: (v) => first(v) !== undefined,
    apply: pure ? same : (v) => (first(v) as FastShape).apply(v),
    pure,
    keepsStrings: options.every(keepsStrings),
    inline: options.every((o) => o.inline)
      ? (x) => `(${options.map((o) => (o.inline as (x: string) => string)(x)).join(' || ')})`
      : undefined,
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
    // `.transform(String)` over a shape that leaves strings alone gives back any string it is given
    const stringsKept = (fn as unknown) === String && keepsStrings(inner);
    return {
      check: inner.check,
      apply: (v) => fn(inner.apply(v), undefined),
      keepsStrings: stringsKept,
      inline: inner.inline,
    };
  }
  if (inDef.type === 'transform') {
    const fn = inDef.transform as (v: unknown, ctx: unknown) => unknown;
    if (fn.length > 1) throw new Unsupported();
    const outer = build(def.out, seen);
    return { check: (v) => outer.check(fn(v, undefined)), apply: (v) => outer.apply(fn(v, undefined)) };
  }
  throw new Unsupported();
}
