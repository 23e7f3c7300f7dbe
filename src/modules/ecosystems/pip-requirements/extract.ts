import { posix } from 'node:path';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
  Scope,
} from '../../../core/inventory.js';
import { normalizePypiName, purlFor } from '../../../core/purl.js';
import { type LogicalLine, logicalLines } from './lines.js';
import { eggName, parseRequirement } from './requirement.js';

type ReadFile = (path: string) => Promise<string | null>;

interface Entry {
  name: string;
  version: string | null;
  direct: boolean | null;
  /** pip-compile parents (normalized names) of this entry, for edges. */
  parents: string[];
}

interface State {
  root: string;
  readFile: ReadFile;
  entries: Entry[];
  constraints: Map<string, string>;
  warnings: ExtractWarning[];
  /** Files already read, by kind, so a file included twice is read once. */
  seen: Set<string>;
}

/** Options that change how pip finds packages, not which: skipped. Those taking a value name it. */
const GLOBAL_OPTIONS = new Set(
  (
    '-i --index-url --extra-index-url --no-index -f --find-links --pre --prefer-binary --require-hashes ' +
    '--only-binary --no-binary --trusted-host --use-feature -Z --always-unzip --config-settings'
  ).split(' '),
);
const MAX_FILES = 100;
const SOURCE_NAMES = { url: 'URL', vcs: 'VCS URL', path: 'local path' } as const;

/**
 * A pip requirements file and the files it includes with `-r` (requirements) and `-c` (constraints,
 * which pin versions of packages listed elsewhere but add none). Reads other files only through
 * `readFile`.
 */
export async function extractPipRequirements(
  content: string,
  path: string,
  readFile: ReadFile,
): Promise<ExtractResult> {
  const state: State = {
    root: path,
    readFile,
    entries: [],
    constraints: new Map(),
    warnings: [],
    seen: new Set([`r:${path}`]),
  };
  await readRequirements(state, content, path, 'r', [path]);
  const scope = scopeOf(path);
  const byPurl = new Map<string, ExtractedPackage>();
  const purlByName = new Map<string, string>();
  // each entry's purl, built once for the packages and again read for the edges
  const purls: string[] = [];
  for (const entry of state.entries) {
    const version = entry.version ?? state.constraints.get(entry.name) ?? null;
    const purl = purlFor('PyPI', entry.name, version);
    purls.push(purl);
    if (!purlByName.has(entry.name)) purlByName.set(entry.name, purl);
    const seen = byPurl.get(purl);
    if (seen) {
      if (entry.direct === true || (seen.direct === null && entry.direct === false))
        seen.direct = entry.direct;
      continue;
    }
    byPurl.set(purl, {
      ecosystem: 'PyPI',
      name: entry.name,
      version,
      purl,
      scope,
      direct: entry.direct,
      licenses: [],
    });
  }
  const edges: DependencyEdge[] = [];
  const edgeKeys = new Set<string>();
  for (let i = 0; i < state.entries.length; i++) {
    const entry = state.entries[i] as (typeof state.entries)[number];
    const to = purls[i] as string;
    for (const parent of entry.parents) {
      const from = purlByName.get(parent);
      if (!from || edgeKeys.has(`${from} ${to}`)) continue;
      edgeKeys.add(`${from} ${to}`);
      edges.push({ from, to });
    }
  }
  return { packages: [...byPurl.values()], edges, warnings: state.warnings };
}

/** `requirements-dev.txt`, `test-requirements.txt`, `requirements/tests.txt`: dev; anything else prod. */
function scopeOf(path: string): Scope {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  return /(^|[^a-z])(dev|test)/.test(base) ? 'dev' : 'prod';
}

async function readRequirements(
  state: State,
  content: string,
  file: string,
  kind: 'r' | 'c',
  stack: string[],
): Promise<void> {
  const lines = logicalLines(content);
  const compiled = lines.some((l) => l.via !== null);
  for (const l of lines) {
    if (l.text === '') continue;
    if (l.text.startsWith('-')) await option(state, l, { file, kind, compiled }, stack);
    else requirement(state, l, file, kind, compiled);
  }
}

function requirement(state: State, l: LogicalLine, file: string, kind: 'r' | 'c', compiled: boolean): void {
  // per-requirement options (`--hash=...`, `--config-settings`) start at the first word with a dash
  const words = l.text.split(/\s+/);
  const cut = words.findIndex((w) => w.startsWith('-'));
  const text = (cut < 0 ? words : words.slice(0, cut)).join(' ');
  const req = parseRequirement(text);
  if (req.kind === 'invalid') {
    warn(state, file, l.line, 'ERR_OSPO_INVALID_REQUIREMENT', `not a requirement (${req.reason}): ${text}`);
    return;
  }
  if (kind === 'c') {
    if (req.kind === 'named' && req.version) state.constraints.set(normalizePypiName(req.name), req.version);
    return;
  }
  if (req.kind === 'source') {
    unpinned(state, file, l.line, `a ${SOURCE_NAMES[req.source]}`, req.target, req.name);
    if (req.name) addEntry(state, req.name, null, l, compiled);
    return;
  }
  addEntry(state, req.name, req.version, l, compiled);
}

function addEntry(state: State, name: string, version: string | null, l: LogicalLine, compiled: boolean) {
  const via = l.via ?? [];
  const declared = via.some(
    (v) => v.startsWith('-r ') || /\((pyproject\.toml|setup\.cfg|setup\.py)\)$/.test(v),
  );
  const parents = via
    .filter((v) => !v.startsWith('-') && !v.endsWith(')'))
    .map((v) => v.replace(/\[.*$/, ''));
  state.entries.push({
    name: normalizePypiName(name),
    version,
    direct: !compiled ? true : l.via === null ? null : declared,
    parents: parents.map(normalizePypiName),
  });
}

async function option(
  state: State,
  l: LogicalLine,
  { file, kind, compiled }: { file: string; kind: 'r' | 'c'; compiled: boolean },
  stack: string[],
) {
  const m = /^(--?[A-Za-z][\w-]*)(?:=|\s+)?(.*)$/s.exec(l.text);
  let flag = m?.[1] ?? l.text;
  let value = (m?.[2] ?? '').trim();
  // short options may carry their value attached: `-rbase.txt`, `-e.`
  if (/^-[rce][^-]/.test(flag)) {
    value = flag.slice(2) + value;
    flag = flag.slice(0, 2);
  }
  if (flag === '-r' || flag === '--requirement') return include(state, l, file, value, 'r', stack);
  if (flag === '-c' || flag === '--constraint') return include(state, l, file, value, 'c', stack);
  if (flag === '-e' || flag === '--editable') {
    const target = value.split(/\s+/)[0] ?? '';
    const source = /^(git|hg|svn|bzr)\+/i.test(target) ? 'vcs' : target.includes('://') ? 'url' : 'path';
    const name = eggName(target);
    unpinned(state, file, l.line, `an editable ${SOURCE_NAMES[source]}`, target, name);
    if (name && kind === 'r') addEntry(state, name, null, l, compiled);
    return;
  }
  if (GLOBAL_OPTIONS.has(flag)) return;
  warn(state, file, l.line, 'ERR_OSPO_INVALID_REQUIREMENT', `unknown option ${flag}`);
}

async function include(
  state: State,
  l: LogicalLine,
  file: string,
  value: string,
  kind: 'r' | 'c',
  stack: string[],
): Promise<void> {
  const target = value.replace(/\\/g, '/');
  const what = kind === 'r' ? 'requirements' : 'constraints';
  if (target === '' || target.includes('://') || target.includes('${')) {
    warn(state, file, l.line, 'ERR_OSPO_UNRESOLVED_INCLUDE', `cannot read ${what} file "${value}"`);
    return;
  }
  const resolved = posix.normalize(posix.join(posix.dirname(file), target));
  if (stack.includes(resolved)) {
    const cycle = [...stack.slice(stack.indexOf(resolved)), resolved].join(' -> ');
    warn(state, file, l.line, 'ERR_OSPO_INCLUDE_CYCLE', `include cycle: ${cycle}`);
    return;
  }
  const key = `${kind}:${resolved}`;
  if (state.seen.has(key)) return;
  state.seen.add(key);
  const content = state.seen.size > MAX_FILES ? null : await state.readFile(resolved);
  if (content === null) {
    warn(state, file, l.line, 'ERR_OSPO_UNRESOLVED_INCLUDE', `${what} file ${resolved} not found`);
    return;
  }
  await readRequirements(state, content, resolved, kind, [...stack, resolved]);
}

function unpinned(
  state: State,
  file: string,
  line: number,
  source: string,
  target: string,
  name: string | null,
) {
  const who = name ? `${normalizePypiName(name)} comes` : 'a requirement comes';
  warn(state, file, line, 'ERR_OSPO_UNPINNED_SOURCE', `${who} from ${source} (${target}); version unknown`);
}

/** Warnings carry a line only when it is a line of the scanned file; others name their file in the message. */
function warn(state: State, file: string, line: number, code: string, message: string): void {
  if (file === state.root) state.warnings.push({ code, message, line });
  else state.warnings.push({ code, message: `${file}:${line}: ${message}` });
}
