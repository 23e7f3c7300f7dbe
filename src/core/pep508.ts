/** One PEP 508 requirement: `name [extras] (specifier) ; marker` or `name [extras] @ url ; marker`. */
export interface Requirement {
  /** As written; normalize it before comparing. */
  name: string;
  extras: string[];
  /** Version specifier without parentheses, `''` when there is none. */
  specifier: string;
  url: string | null;
  marker: string | null;
}

const namePattern = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?/;
const extraPattern = /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/;
const specifierPattern =
  /^(?:\s*(?:===|~=|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*)(?:,\s*(?:===|~=|==|!=|<=|>=|<|>)\s*[A-Za-z0-9.*+!_-]+\s*)*$/;

/**
 * Parse one PEP 508 requirement string; null when it is not one. Also takes the legacy forms tools still
 * write: a parenthesized specifier (`requests (>=2.0)`) and pip's `-e <url>#egg=name`.
 */
export function parseRequirement(text: string): Requirement | null {
  let rest = text.trim();
  const editable = /^(?:-e|--editable)(?:\s+|=)/.exec(rest);
  if (editable) return editableRequirement(rest.slice(editable[0].length).trim());
  const name = namePattern.exec(rest)?.[0];
  if (!name) return null;
  rest = rest.slice(name.length).trimStart();

  let extras: string[] = [];
  if (rest.startsWith('[')) {
    const close = rest.indexOf(']');
    if (close < 0) return null;
    extras = rest
      .slice(1, close)
      .split(',')
      .map((e) => e.trim())
      .filter((e) => e !== '');
    if (!extras.every((e) => extraPattern.test(e))) return null;
    rest = rest.slice(close + 1).trimStart();
  }

  if (rest.startsWith('@')) return urlRequirement(name, extras, rest.slice(1).trimStart());

  const semi = rest.indexOf(';');
  let spec = (semi < 0 ? rest : rest.slice(0, semi)).trim();
  const marker = semi < 0 ? null : rest.slice(semi + 1).trim() || null;
  if (spec.startsWith('(')) {
    if (!spec.endsWith(')')) return null;
    spec = spec.slice(1, -1).trim();
  }
  if (spec !== '' && !specifierPattern.test(spec)) return null;
  return { name, extras, specifier: spec.replace(/\s+/g, ''), url: null, marker };
}

/** After `@`: the URL runs to whitespace; a marker follows only after whitespace and `;` (PEP 508). */
function urlRequirement(name: string, extras: string[], rest: string): Requirement | null {
  const url = /^\S+/.exec(rest)?.[0];
  if (!url) return null;
  const after = rest.slice(url.length).trim();
  if (after !== '' && !after.startsWith(';')) return null;
  const marker = after.slice(1).trim() || null;
  return { name, extras, specifier: '', url, marker };
}

/** pip's editable form names the project only in the URL fragment: `-e git+https://...#egg=name`. */
function editableRequirement(rest: string): Requirement | null {
  const named = /^([A-Za-z0-9][A-Za-z0-9._-]*)(\[[^\]]*\])?\s*@/.exec(rest);
  if (named) return parseRequirement(rest);
  const egg = /[#&]egg=([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/.exec(rest);
  if (!egg?.[1] || rest === '') return null;
  return { name: egg[1], extras: [], specifier: '', url: rest.split(/\s/)[0] ?? rest, marker: null };
}
