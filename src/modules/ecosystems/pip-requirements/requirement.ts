/** What one requirement line of a requirements file names. */
export type Requirement =
  | { kind: 'named'; name: string; version: string | null }
  | { kind: 'source'; name: string | null; source: 'url' | 'vcs' | 'path'; target: string }
  | { kind: 'invalid'; reason: string };

const NAME = '[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?';
const nameOnly = new RegExp(`^${NAME}$`);
const leadingName = new RegExp(`^(${NAME})\\s*(?:\\[([^\\]]*)\\])?\\s*(.*)$`, 's');
const urlForm = new RegExp(`^(${NAME})\\s*(?:\\[([^\\]]*)\\])?\\s*@\\s*(.+)$`, 's');
const clause = /^\s*(===|~=|==|!=|<=|>=|<|>)\s*(\S+?)\s*$/;
const versionChars = /^[A-Za-z0-9._+!*-]+$/;
const vcsScheme = /^(?:git|hg|svn|bzr)\+/i;
const archive = /\.(?:whl|zip|tar\.gz|tgz|tar\.bz2|tbz|tar\.xz|txz|tar)$/i;

/**
 * One requirement, as pip reads it once options (`--hash`) are cut off: a PEP 508 requirement
 * (`name[extras] (specifiers) ; markers`, or `name @ url`), a bare URL or VCS URL (`#egg=name`), or a
 * local path or archive. Only a single `==` or `===` clause without a wildcard pins a version.
 */
export function parseRequirement(text: string): Requirement {
  const at = urlForm.exec(text);
  if (at?.[1] && at[3]) {
    if (!validExtras(at[2])) return invalid(`bad extras [${at[2]}]`);
    return sourceOf((at[3].split(/\s;/)[0] ?? '').trim(), at[1]);
  }
  if (text.includes('://') || vcsScheme.test(text)) return sourceOf(text, eggName(text) ?? wheelName(text));
  if (/^[.~/\\]/.test(text) || /[/\\]/.test(text.split(';')[0] ?? '') || archive.test(text)) {
    return sourceOf(text, eggName(text) ?? wheelName(text));
  }
  return namedRequirement(text);
}

/** The project name in a `#egg=name` URL fragment, if any. */
export function eggName(target: string): string | null {
  const egg = /[#&]egg=([^&\s]+)/.exec(target)?.[1];
  return egg && nameOnly.test(egg) ? egg : null;
}

function sourceOf(target: string, name: string | null): Requirement {
  const source = vcsScheme.test(target) ? 'vcs' : /^[a-z][a-z0-9+.-]*:\/\//i.test(target) ? 'url' : 'path';
  const local = source === 'url' && /^file:/i.test(target) ? 'path' : source;
  return { kind: 'source', name, source: local, target };
}

function namedRequirement(text: string): Requirement {
  const [spec = '', ...marker] = text.split(';');
  if (marker.length > 0 && marker.join(';').trim() === '') return invalid('empty environment marker');
  const match = leadingName.exec(spec.trim());
  const name = match?.[1];
  if (!name) return invalid('no project name');
  if (!validExtras(match[2])) return invalid(`bad extras [${match[2]}]`);
  let rest = (match[3] ?? '').trim();
  if (rest.startsWith('(') && rest.endsWith(')')) rest = rest.slice(1, -1).trim();
  if (rest === '') return { kind: 'named', name, version: null };
  const clauses = rest.split(',').map((c) => clause.exec(c));
  const pins: string[] = [];
  for (const c of clauses) {
    const [, op, version] = c ?? [];
    if (!op || !version) return invalid(`bad version specifier "${rest}"`);
    if (op !== '===' && !versionChars.test(version)) return invalid(`bad version "${version}"`);
    if ((op === '==' || op === '===') && !version.includes('*')) pins.push(version);
  }
  const pinned = clauses.length === 1 && pins.length === 1 ? (pins[0] ?? null) : null;
  return { kind: 'named', name, version: pinned };
}

function validExtras(extras: string | undefined): boolean {
  if (extras === undefined || extras.trim() === '') return true;
  return extras.split(',').every((e) => nameOnly.test(e.trim()));
}

/** A wheel's file name starts with its distribution name: `name-version(-build)-py-abi-platform.whl`. */
function wheelName(target: string): string | null {
  const file = (target.split(/[?#]/)[0] ?? '').split(/[/\\]/).pop() ?? '';
  if (!/\.whl$/i.test(file)) return null;
  const name = file.split('-')[0] ?? '';
  return nameOnly.test(name) ? name : null;
}

function invalid(reason: string): Requirement {
  return { kind: 'invalid', reason };
}
