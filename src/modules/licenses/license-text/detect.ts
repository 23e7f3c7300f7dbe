import type { LicenseFileKind, LicenseMatch } from '../../../core/licenses.js';
import { type Assembled, assemble, type UnknownText } from './assemble.js';
import { findCopyrights } from './copyright.js';
import { licenseIndex } from './corpus.js';
import { findLicenseTexts } from './match.js';
import { nameIndex } from './names.js';
import { type Tokens, tokenize } from './normalize.js';
import { licenseSections } from './readme-sections.js';
import { findReferences } from './references.js';

export interface TextDetection extends Assembled {
  copyrights: string[];
  startLine?: number;
  endLine?: number;
}

/**
 * What license a text states. License and NOTICE files and source files are read whole; a README only
 * in its license sections (null when it has none). In license files, words left over that read like
 * terms ("may not", "must") make an unknown-license term: a standard text with a clause added is not
 * the standard license.
 */
export function detectLicenseText(text: string, kind: LicenseFileKind): TextDetection | null {
  const index = licenseIndex();
  if (kind === 'readme') {
    const sections = licenseSections(text);
    if (sections.length === 0) return null;
    const merged = mergeParts(sections.map((s) => analyze(tokenize(s.text), kind, s.firstLine - 1)));
    return {
      ...merged,
      copyrights: findCopyrights(sections.map((s) => s.text).join('\n'), index.ownCopyrights),
      startLine: sections[0]?.startLine,
      endLine: sections[sections.length - 1]?.endLine,
    };
  }
  const result = analyze(tokenize(text), kind, 0);
  return { ...result, copyrights: kind === 'source' ? [] : findCopyrights(text, index.ownCopyrights) };
}

function analyze(tokens: Tokens, kind: LicenseFileKind, lineOffset: number): Assembled {
  if (lineOffset !== 0) for (let i = 0; i < tokens.lines.length; i++) tokens.lines[i]! += lineOffset;
  const index = licenseIndex();
  const texts = findLicenseTexts(tokens, index);
  const free = new Uint8Array(tokens.words.length).fill(1);
  for (const t of texts) free.fill(0, t.start, t.end + 1);
  const references = findReferences(tokens, free, index, nameIndex(index), { bareNames: kind === 'readme' });
  for (const r of references) {
    for (let i = 0; i < free.length; i++) {
      const line = tokens.lines[i] ?? 0;
      if (line >= r.startLine && line <= r.endLine) free[i] = 0;
    }
  }
  const firstMatch = Math.min(...texts.map((t) => t.start), ...references.map((r) => r.start));
  const unknown =
    kind === 'license' ? unknownTerms(tokens, free, texts.length + references.length, firstMatch) : [];
  return assemble(texts, references, unknown);
}

function mergeParts(parts: Assembled[]): Assembled {
  const expressions = [...new Set(parts.map((p) => p.expression).filter((e): e is string => e !== null))];
  const matches: LicenseMatch[] = parts.flatMap((p) => p.matches);
  if (expressions.length === 0) return { expression: null, confidence: 1, matches };
  const expression =
    expressions.length === 1
      ? (expressions[0] ?? null)
      : expressions.map((e) => (e.includes(' ') ? `(${e})` : e)).join(' AND ');
  return { expression, confidence: Math.min(...parts.map((p) => p.confidence)), matches };
}

const OBLIGATION =
  /\b(?:may|must|shall|not|prohibited|permitted|permission|granted|restrict\w*|conditions?|except|forbidden|allowed|requires?|required|provided)\b/g;
const BOILERPLATE =
  /end of terms and conditions|distributed in the hope|without any warranty|you should have received a copy|may not use this file except|unless required by applicable law|see the license for the specific|limitations under the license|obtain a copy of the license|if a copy of the mpl was not|spdx license identifier|all rights reserved/;
const LICENSE_ISH =
  /\b(?:licen[cs]\w*|permission|warrant\w*|liabilit\w*|redistribut\w*|copyright|sublicense|merchantability|infring\w*)\b/g;

/**
 * Runs of words no text or statement claimed that read like license terms. Short titles and
 * headers ("The MIT License (MIT)") do not; "The Software may not be used for military purposes" does.
 * With nothing else found, a file of license-like prose is an unknown license.
 */
function unknownTerms(tokens: Tokens, free: Uint8Array, found: number, firstMatch: number): UnknownText[] {
  const out: UnknownText[] = [];
  let total = 0;
  let licenseish = 0;
  let runStart = -1;
  const close = (end: number) => {
    const words = tokens.words.slice(runStart, end);
    total += words.length;
    const text = words.join(' ');
    const ish = (text.match(LICENSE_ISH) ?? []).length;
    licenseish += ish;
    const obligations = new Set(text.match(OBLIGATION) ?? []).size;
    // a preamble before the first license text describes; terms after (or between) texts add to them
    const reads = obligations >= 2 || (obligations === 1 && ish >= 1);
    if (found > 0 && runStart > firstMatch && words.length >= 6 && reads && !BOILERPLATE.test(text)) {
      out.push({ startLine: tokens.lines[runStart] ?? 1, endLine: tokens.lines[end - 1] ?? 1 });
    }
    runStart = -1;
  };
  for (let i = 0; i <= free.length; i++) {
    if (i < free.length && free[i] === 1) {
      if (runStart < 0) runStart = i;
    } else if (runStart >= 0) close(i);
  }
  if (found === 0 && total >= 20 && licenseish >= 2) {
    out.push({ startLine: tokens.lines[0] ?? 1, endLine: tokens.lines[tokens.lines.length - 1] ?? 1 });
  }
  return out;
}
