import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { expect } from 'vitest';
import { OspoError } from '../../src/core/errors.js';
import {
  type ExtractInput,
  type Extractor,
  type ExtractResult,
  ecosystems,
  scopes,
} from '../../src/core/inventory.js';

/** Read every fixture of a plug-in: file name to content. */
export function fixtures(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const name of fs.readdirSync(dir).sort()) {
    const file = path.join(dir, name);
    if (fs.statSync(file).isFile()) out.set(name, fs.readFileSync(file, 'utf8'));
  }
  return out;
}

/** Run an extractor on one text as if it were the file at `filePath`; `others` serve readFile. */
export async function extractText(
  extractor: Extractor,
  filePath: string,
  content: string,
  others: Record<string, string> = {},
): Promise<ExtractResult | null> {
  const input: ExtractInput = {
    path: filePath,
    content,
    readFile: async (p) => others[p] ?? null,
  };
  const result = await extractor.extract(input);
  if (result) assertWellFormed(extractor, result);
  return result;
}

/** What every extractor result must satisfy, whatever the format. */
export function assertWellFormed(extractor: Extractor, result: ExtractResult): void {
  for (const p of result.packages) {
    expect(ecosystems).toContain(p.ecosystem);
    if (extractor.ecosystem !== 'any') expect(p.ecosystem).toBe(extractor.ecosystem);
    expect(scopes).toContain(p.scope);
    expect(typeof p.name === 'string' && p.name.length > 0, `name of ${p.purl}`).toBe(true);
    expect(p.version === null || (typeof p.version === 'string' && p.version.length > 0)).toBe(true);
    expect(p.purl.startsWith('pkg:'), p.purl).toBe(true);
    expect([true, false, null]).toContain(p.direct);
    expect(Array.isArray(p.licenses)).toBe(true);
  }
  for (const e of result.edges) {
    expect(e.from.startsWith('pkg:') && e.to.startsWith('pkg:'), JSON.stringify(e)).toBe(true);
  }
}

/**
 * Fuzz an extractor: arbitrary text, and its fixtures truncated, with bytes flipped or lines dropped,
 * must give a result, null, or a coded OspoError; never a TypeError or any other crash.
 */
export async function fuzzExtractor(extractor: Extractor, filePath: string, samples: string[], runs = 300) {
  const mutated = fc
    .tuple(
      fc.constantFrom(...samples),
      fc.nat(),
      fc.nat(),
      fc.constantFrom('truncate', 'flip', 'drop-line', 'junk'),
    )
    .map(([text, a, b, how]) => mutate(text, a, b, how));
  const anyText = fc.oneof(fc.string(), fc.string({ unit: 'binary' }), mutated, mutated);
  await fc.assert(
    fc.asyncProperty(anyText, async (text) => {
      try {
        await extractText(extractor, filePath, text);
      } catch (error) {
        if (!(error instanceof OspoError)) throw error;
        expect(error.code).toMatch(/^ERR_OSPO_/);
      }
    }),
    { numRuns: runs },
  );
}

/** Sample texts truncated, with a character changed, a line dropped or junk put in: near misses. */
export function mutatedText(samples: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...samples),
      fc.nat(),
      fc.nat(),
      fc.constantFrom('truncate', 'flip', 'drop-line', 'junk'),
    )
    .map(([text, a, b, how]) => mutate(text, a, b, how));
}

const JUNK = ['{', ']', ':', '"', '\u0000', '- ', '[[', '<', '</', '\n'];

function mutate(text: string, a: number, b: number, how: string): string {
  if (text.length === 0) return text;
  const i = a % text.length;
  switch (how) {
    case 'truncate':
      return text.slice(0, i);
    case 'flip':
      return (
        text.slice(0, i) +
        String.fromCharCode((text.charCodeAt(i) + 1 + (b % 50)) % 0xffff) +
        text.slice(i + 1)
      );
    case 'drop-line': {
      const lines = text.split('\n');
      lines.splice(a % lines.length, 1);
      return lines.join('\n');
    }
    default:
      return text.slice(0, i) + JUNK[b % JUNK.length] + text.slice(i);
  }
}
