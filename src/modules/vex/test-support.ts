import fc from 'fast-check';
import { expect } from 'vitest';
import { mutatedText } from '../../../test/support/extractors.js';
import { OspoError } from '../../core/errors.js';
import {
  isPurl,
  justifications,
  triageResponses,
  triageStates,
  type VexDocument,
  type VexFormat,
} from '../../core/vex.js';

export { fixtures } from '../../../test/support/extractors.js';

/** What every document read from VEX must satisfy, whatever the format. */
export function assertVexDocument(doc: VexDocument): void {
  expect(typeof doc.format).toBe('string');
  expect(doc.id === null || (typeof doc.id === 'string' && doc.id.length > 0)).toBe(true);
  for (const s of doc.statements) {
    expect(typeof s.vulnerability === 'string' && s.vulnerability.length > 0).toBe(true);
    expect(s.aliases).not.toContain(s.vulnerability);
    expect(triageStates).toContain(s.state);
    if (s.justification !== null) expect(justifications).toContain(s.justification);
    for (const r of s.response) expect(triageResponses).toContain(r);
    for (const c of s.components) expect(isPurl(c), c).toBe(true);
    for (const u of s.unresolved) expect(typeof u === 'string' && u.length > 0).toBe(true);
    expect(new Set(s.components).size).toBe(s.components.length);
    expect(s.detail === null || typeof s.detail === 'string').toBe(true);
    if (s.timestamp !== null) expect(new Date(s.timestamp).toISOString()).toBe(s.timestamp);
  }
  for (const w of doc.warnings) expect(w.code).toMatch(/^ERR_OSPO_VEX_/);
}

/**
 * Fuzz a reader: arbitrary JSON, fixtures with one subtree swapped for arbitrary JSON or dropped,
 * and fixture texts mangled, must each give a well-formed document or a coded OspoError.
 */
export function fuzzVexFormat(format: VexFormat, samples: string[], runs = 300): void {
  const parsed = samples.flatMap((s) => {
    try {
      return [JSON.parse(s) as unknown];
    } catch {
      return [];
    }
  });
  const input = fc.oneof(
    fc.jsonValue().map((value) => ({ value })),
    mutatedJson(parsed).map((value) => ({ value })),
    mutatedJson(parsed).map((value) => ({ value })),
    mutatedText(samples).map((text) => ({ text })),
  );
  fc.assert(
    fc.property(input, (item) => {
      try {
        const doc = 'text' in item ? fromText(format, item.text) : item.value;
        if (doc === undefined) return;
        expect(typeof format.detect(doc)).toBe('boolean');
        assertVexDocument(format.read(doc));
      } catch (error) {
        if (!(error instanceof OspoError)) throw error;
        expect(error.code).toMatch(/^ERR_OSPO_VEX_/);
      }
    }),
    { numRuns: runs },
  );
}

// undefined: the text is not a document at all (not JSON, and not the format's other syntax)
function fromText(format: VexFormat, text: string): unknown {
  const other = format.parseText?.(text);
  if (other !== undefined && other !== null) return other;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

const DROP = Symbol('drop');
type Path = (string | number)[];

/** A sample with one node replaced by arbitrary JSON, a telling string, or removed. */
export function mutatedJson(samples: unknown[]): fc.Arbitrary<unknown> {
  const replacement = fc.oneof(
    fc.jsonValue(),
    fc.constantFrom<unknown>(
      DROP,
      null,
      '',
      [],
      {},
      'pkg:npm/x@1',
      'not_affected',
      'urn:cdx:x/1#a',
      'constructor',
    ),
  );
  return fc.tuple(fc.constantFrom(...samples), fc.nat(), replacement).map(([sample, at, value]) => {
    const paths = nodePaths(sample);
    const path = paths[at % paths.length] ?? [];
    return replaceAt(structuredClone(sample), path, value);
  });
}

function nodePaths(root: unknown): Path[] {
  const out: Path[] = [[]];
  const stack: [unknown, Path][] = [[root, []]];
  for (let item = stack.pop(); item; item = stack.pop()) {
    const [value, path] = item;
    if (typeof value !== 'object' || value === null) continue;
    for (const [key, child] of Object.entries(value)) {
      const next = [...path, Array.isArray(value) ? Number(key) : key];
      out.push(next);
      stack.push([child, next]);
    }
  }
  return out;
}

function replaceAt(root: unknown, path: Path, value: unknown): unknown {
  if (path.length === 0) return value === DROP ? {} : value;
  let parent: unknown = root;
  for (const key of path.slice(0, -1)) parent = (parent as Record<string | number, unknown>)[key];
  const last = path[path.length - 1] as string | number;
  const container = parent as Record<string | number, unknown>;
  if (value !== DROP) container[last] = value;
  else if (Array.isArray(container)) container.splice(Number(last), 1);
  else delete container[last];
  return root;
}
