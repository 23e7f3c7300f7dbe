import { createRequire } from 'node:module';
import {
  allOf,
  anyOf,
  isLicenseRef,
  licenseTerm,
  type SpdxExpression,
  tryParseExpression,
} from './expression.js';
import { canonicalLicenseId } from './ids.js';
import { licenseFromName, type NameMatch } from './names.js';

/**
 * One license name as the lenient reader sees it ("Apache License, Version 2.0", "GPLv3+",
 * "MIT/Apache-2.0", "BSD-style") turned into an expression, and how sure the reading is.
 */
export type Found = { expression: SpdxExpression; kind: 'exact' | 'name' | 'guess' | 'operator' };

const require = createRequire(import.meta.url);
const spdxCorrect = require('spdx-correct') as (
  text: string,
  options?: { upgrade?: boolean },
) => string | null;

/** A term's text as a license expression, or null. */
export function readTerm(raw: string, dual: boolean, depth = 0): Found | null {
  let text = raw.trim().replace(/\s+only$/i, '');
  const plus = /\+$/.test(text) && text.length > 1;
  if (plus) text = text.slice(0, -1).trim();
  if (text === '' || depth > 2) return null;
  const found = lookup(text, dual, depth);
  return found && plus ? { ...found, expression: withPlus(found.expression) } : found;
}

function lookup(text: string, dual: boolean, depth: number): Found | null {
  const id = canonicalLicenseId(text);
  if (id) return { expression: licenseTerm(id), kind: 'exact' };
  const ref = text.replace(/^(?:documentref-([A-Za-z0-9.-]+):)?licenseref-/i, (_m, doc?: string) =>
    doc ? `DocumentRef-${doc}:LicenseRef-` : 'LicenseRef-',
  );
  if (isLicenseRef(ref)) return { expression: licenseTerm(ref), kind: 'exact' };
  const named = licenseFromName(text);
  if (named) return fromMatch(named);
  const styled = /^(.+?)[\s-]*(?:style|like|\*|variant|compatible|type)$/i.exec(text);
  if (styled?.[1]) {
    const base = readTerm(styled[1], dual, depth + 1);
    if (base) return { expression: base.expression, kind: 'guess' };
  }
  const split = splitTerm(text, dual, depth);
  if (split) return split;
  return fromSpdxCorrect(text);
}

/** "MIT/Apache-2.0", "GPL-2.0, LGPL-2.1": `/` is OR, `,` and `;` are AND (OR in a dual phrase). */
function splitTerm(text: string, dual: boolean, depth: number): Found | null {
  if (!/[/,;]/.test(text)) return null;
  let guess = false;
  const read = (part: string) => {
    const found = readTerm(part, dual, depth + 1);
    if (found?.kind === 'guess') guess = true;
    return found?.expression ?? null;
  };
  const groups: SpdxExpression[] = [];
  for (const group of text.split(/[,;]/)) {
    if (group.trim() === '') continue;
    const choices: SpdxExpression[] = [];
    for (const part of group.split('/')) {
      if (part.trim() === '') continue;
      const choice = read(part);
      if (!choice) return null;
      choices.push(choice);
    }
    if (choices.length === 0) return null;
    groups.push(anyOf(choices));
  }
  if (groups.length === 0) return null;
  return { expression: dual ? anyOf(groups) : allOf(groups), kind: guess ? 'guess' : 'operator' };
}

function fromMatch(match: NameMatch): Found | null {
  const parsed = tryParseExpression(match.expression);
  return parsed.ok ? { expression: parsed.expression, kind: match.guess ? 'guess' : 'name' } : null;
}

function fromSpdxCorrect(text: string): Found | null {
  let corrected: string | null;
  try {
    corrected = spdxCorrect(text, { upgrade: false });
  } catch {
    return null;
  }
  if (!corrected || !plausible(text, corrected)) return null;
  const parsed = tryParseExpression(corrected);
  if (!parsed.ok) return null;
  const guess = !/\d/.test(text) && /\d/.test(corrected);
  return { expression: parsed.expression, kind: guess ? 'guess' : 'name' };
}

/** spdx-correct matches loosely; refuse its answers that contradict the version or the GPL family. */
function plausible(input: string, output: string): boolean {
  const versions = (value: string) =>
    (value.match(/\d+(?:\.\d+)*/g) ?? []).map((v) => v.replace(/(?:\.0)+$/, ''));
  const wanted = versions(input);
  const got = versions(output);
  if (wanted.length > 0 && got.length > 0 && !wanted.some((v) => got.includes(v))) return false;
  const lower = input.toLowerCase();
  if (/gpl|general public/.test(lower)) {
    if (/lesser|library|lgpl/.test(lower) !== output.startsWith('LGPL')) return false;
    if (/affero|agpl/.test(lower) !== output.startsWith('AGPL')) return false;
  }
  return !/no attribution/.test(lower);
}

function withPlus(expression: SpdxExpression): SpdxExpression {
  if (expression.type !== 'license' || expression.plus || isLicenseRef(expression.license)) return expression;
  return licenseTerm(expression.license, {
    plus: true,
    ...(expression.exception === undefined ? {} : { exception: expression.exception }),
  });
}
