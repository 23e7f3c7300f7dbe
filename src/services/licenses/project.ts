import { combineAnd, type FileEntry, type HeaderSummary, type ProjectLicense } from './report.js';

const GNU = /^(?:A|L)?GPL-\d\.\d-(?:only|or-later)$/;

/**
 * The license of the project at the root, from the evidence: the root license files first (LICENSE,
 * COPYING, LICENSE-MIT + LICENSE-APACHE, ...), where the root README's license statement says how
 * several of them combine ("either of ... at your option"); else the README's statement; else the
 * REUSE `LICENSES/` folder; else the SPDX headers of the source files. Null when nothing says.
 */
export function projectLicense(files: FileEntry[], headers: HeaderSummary | undefined): ProjectLicense {
  const atRoot = (f: FileEntry) => !f.path.includes('/');
  const roots = files.filter((f) => atRoot(f) && f.kind === 'license' && f.license !== null);
  const readme = files.find((f) => atRoot(f) && f.kind === 'readme' && f.license !== null);
  const exceptions = files
    .filter((f) => atRoot(f) && f.kind === 'license' && f.license === null)
    .flatMap((f) => f.matches.filter((m) => m.kind === 'exception').map((m) => m.id));

  if (roots.length > 0) {
    const expressions = roots.map((f) => f.license as string);
    const confidence = Math.min(...roots.map((f) => f.confidence));
    const from = roots.map((f) => f.path);
    if (readme?.license && roots.length > 1 && coversAll(readme.license, expressions)) {
      return {
        license: readme.license,
        confidence: Math.min(confidence, readme.confidence),
        from: [...from, readme.path],
      };
    }
    return { license: withExceptions(lesserOverGeneral(expressions), exceptions), confidence, from };
  }
  if (readme) return { license: readme.license, confidence: readme.confidence, from: [readme.path] };
  const reuse = files.filter((f) => /^LICENSES\/[^/]+$/.test(f.path) && f.license !== null);
  if (reuse.length > 0) {
    return {
      license: combineAnd(reuse.map((f) => f.license as string).sort()),
      confidence: Math.min(...reuse.map((f) => f.confidence)),
      from: reuse.map((f) => f.path),
    };
  }
  if (headers && headers.licenses.length > 0) {
    return {
      license: combineAnd(headers.licenses.map((l) => l.license)),
      confidence: 0.5,
      from: ['SPDX-License-Identifier headers'],
    };
  }
  return { license: null, confidence: 1, from: [] };
}

/** Does the statement name every license the files hold (modulo -only/-or-later)? */
function coversAll(statement: string, expressions: string[]): boolean {
  const named = new Set(ids(statement).map(family));
  return expressions.every((e) => ids(e).every((id) => named.has(family(id))));
}

function ids(expression: string): string[] {
  return expression.split(/[\s()]+/).filter((t) => t.length > 0 && !['AND', 'OR', 'WITH'].includes(t));
}

const family = (id: string) => id.replace(/-(?:only|or-later)$/, '');

/** COPYING (GPL-3.0) beside COPYING.LESSER (LGPL-3.0) is an LGPL project: the LGPL needs the GPL's text. */
function lesserOverGeneral(expressions: string[]): string | null {
  const distinct = [...new Set(expressions)];
  const lesser = distinct.filter((e) => /^LGPL-3\.0-/.test(e));
  const rest = distinct.filter((e) => !/^GPL-3\.0-/.test(e) || lesser.length === 0);
  return combineAnd(rest);
}

function withExceptions(expression: string | null, exceptions: string[]): string | null {
  if (!expression || exceptions.length === 0 || !GNU.test(expression)) return expression;
  return `${expression} WITH ${exceptions[0]}`;
}
