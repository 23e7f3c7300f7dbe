import { ParseError } from '../../../core/errors.js';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';
import { parseElixirTerm, type Term } from './terms.js';

/** One locked dependency, keyed in mix.lock by its OTP application name. */
interface Locked {
  app: string;
  /** Package name on Hex (differs from `app` for `hex: :other` aliases); the app name for git deps. */
  name: string;
  version: string | null;
  kind: 'hex' | 'git' | 'local';
  deps: Array<{ app: string; optional: boolean }>;
  line: number;
}

/**
 * mix.lock: `%{"app": {:hex, :name, "version", checksum, managers, deps, repo, outer_checksum}, ...}`
 * (older files stop after the deps or even after the version), `{:git, url, sha, opts}` and `{:path, ...}`.
 */
export function extractMixLock(content: string, path: string): ExtractResult {
  const root = parseElixirTerm(content, path);
  if (root.t !== 'map') throw shapeError(path, '(root)', 'expected a map %{...}');
  const warnings: ExtractWarning[] = [];
  const locked = new Map<string, Locked>();
  for (const [key, value] of root.entries) {
    const app = text(key);
    if (!app?.trim()) throw shapeError(path, 'key', 'expected an app name', key.line);
    const entry = readEntry(app, value, path, warnings);
    if (entry) locked.set(app, entry);
  }

  const purlOf = (l: Locked) => purlFor('Hex', l.name, l.version);
  const edges = new Map<string, DependencyEdge>();
  for (const l of locked.values()) {
    for (const dep of l.deps) {
      const target = locked.get(dep.app);
      if (target && target.kind !== 'local') {
        const edge = { from: purlOf(l), to: purlOf(target) };
        edges.set(`${edge.from} ${edge.to}`, edge);
      } else if (!target && !dep.optional) {
        // an optional dependency is locked only when something else needs it: its absence is normal
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${l.app} depends on ${dep.app}, which is not locked`,
          line: l.line,
        });
      }
    }
  }

  const packages = new Map<string, ExtractedPackage>();
  for (const l of locked.values()) {
    const purl = purlOf(l);
    if (l.kind === 'local' || packages.has(purl)) continue; // two app names may alias one package
    packages.set(purl, {
      ecosystem: 'Hex',
      name: l.name,
      version: l.version,
      purl,
      // mix.lock records neither `only: :dev`/`:test` nor which deps the project declares (that is mix.exs)
      scope: 'unknown',
      direct: null,
      licenses: [],
    });
  }
  return { packages: [...packages.values()], edges: [...edges.values()], warnings };
}

function readEntry(app: string, value: Term, path: string, warnings: ExtractWarning[]): Locked | undefined {
  if (value.t !== 'tuple' || value.items[0]?.t !== 'atom') {
    throw shapeError(path, app, 'expected a tuple starting with an SCM atom', value.line);
  }
  const [scm, second, third] = value.items;
  const line = value.line;
  switch (scm.v) {
    case 'hex': {
      const name = second?.t === 'atom' || second?.t === 'string' ? second.v : '';
      const version = third?.t === 'string' ? third.v : '';
      if (!name.trim() || !version.trim())
        throw shapeError(path, app, 'expected {:hex, :name, "version", ...}', line);
      const repo = value.items[6];
      if (repo?.t === 'string' && repo.v !== 'hexpm') {
        warnings.push({
          code: 'ERR_OSPO_UNSUPPORTED_SOURCE',
          message: `${name} ${version} comes from the Hex repository "${repo.v}"; its purl does not name it`,
          line,
        });
      }
      return { app, name, version, kind: 'hex', deps: depNames(value.items[5]), line };
    }
    case 'git': {
      const url = second?.t === 'string' ? second.v : '?';
      const sha = third?.t === 'string' ? third.v : '?';
      warnings.push({
        code: 'ERR_OSPO_NON_REGISTRY_SOURCE',
        message: `${app} comes from git ${url} at ${sha}, not from Hex: reported without a version`,
        line,
      });
      return { app, name: app, version: null, kind: 'git', deps: [], line };
    }
    case 'path':
      return { app, name: app, version: null, kind: 'local', deps: [], line };
    default:
      warnings.push({
        code: 'ERR_OSPO_UNSUPPORTED_SOURCE',
        message: `${app} is locked by the unknown SCM :${scm.v}; skipped`,
        line,
      });
      return undefined;
  }
}

/** Dependencies are `{:app, requirement | nil, [hex: :name, repo: "hexpm", optional: bool]}`. */
function depNames(deps: Term | undefined): Locked['deps'] {
  if (deps?.t !== 'list') return [];
  const out: Locked['deps'] = [];
  for (const d of deps.items) {
    if (d.t !== 'tuple' || d.items[0]?.t !== 'atom') continue;
    const optional = keyword(d.items[2], 'optional');
    out.push({ app: d.items[0].v, optional: optional?.t === 'atom' && optional.v === 'true' });
  }
  return out;
}

function keyword(list: Term | undefined, key: string): Term | undefined {
  if (list?.t !== 'list') return undefined;
  for (const pair of list.items) {
    if (pair.t === 'tuple' && pair.items[0]?.t === 'atom' && pair.items[0].v === key) return pair.items[1];
  }
  return undefined;
}

function text(term: Term): string | undefined {
  return term.t === 'atom' || term.t === 'string' ? term.v : undefined;
}

function shapeError(path: string, field: string, what: string, line?: number): ParseError {
  return new ParseError('ERR_OSPO_PARSE_SHAPE', `${path}: not a mix.lock (${field}: ${what})`, {
    ...(line ? { line } : {}),
    hint: 'Expected a mix.lock written by Mix; is this file of another format?',
  });
}
