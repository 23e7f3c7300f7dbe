import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';
import { type Directive, fail, readDirectives } from './lex.js';

interface Requirement {
  path: string;
  version: string;
  direct: boolean;
  line: number;
}

interface Replacement {
  oldPath: string;
  /** Only this version is replaced; undefined: every version. */
  oldVersion: string | undefined;
  target: { kind: 'module'; path: string; version: string } | { kind: 'local'; dir: string };
  line: number;
}

/** Directives that name no dependency of the build (or only restrict versions); read past. */
const ignored = new Set(['go', 'toolchain', 'godebug', 'exclude', 'retract', 'tool', 'ignore']);

/**
 * go.mod: the `module` is the project (the `from` of every edge), each `require` a package, with
 * `replace` applied the way the go command does (a version-specific replacement wins over a
 * path-wide one). go.mod has no dev scope, so everything is `prod`.
 */
export function extractGoMod(content: string, path: string): ExtractResult {
  const warnings: ExtractWarning[] = [];
  let modulePath: string | undefined;
  const requirements: Requirement[] = [];
  const replacements: Replacement[] = [];
  for (const d of readDirectives(content, path)) {
    if (d.verb === 'module') {
      if (modulePath !== undefined) fail(path, d.line, 'repeated module directive');
      modulePath = modulePathOf(oneArg(d, path), d, path);
    } else if (d.verb === 'require') {
      requirements.push(readRequire(d, path));
    } else if (d.verb === 'replace') {
      replacements.push(readReplace(d, path));
    } else if (!ignored.has(d.verb)) {
      warnings.push({
        code: 'ERR_OSPO_UNKNOWN_DIRECTIVE',
        message: `${path}:${d.line}: unknown directive "${d.verb}" ignored`,
        line: d.line,
      });
    }
  }
  if (modulePath === undefined) {
    warnings.push({
      code: 'ERR_OSPO_NO_MODULE',
      message: `${path}: no module directive; dependencies are reported without edges`,
    });
  }

  const byPurl = new Map<string, ExtractedPackage>();
  for (const req of requirements) {
    const [name, version] = applyReplace(req, replacements, path, warnings);
    const purl = purlFor('Go', name, version);
    const seen = byPurl.get(purl);
    if (seen) {
      seen.direct = seen.direct === true || req.direct;
      continue;
    }
    byPurl.set(purl, {
      ecosystem: 'Go',
      name,
      version,
      purl,
      scope: 'prod',
      direct: req.direct,
      licenses: [],
    });
  }
  const packages = [...byPurl.values()];
  const root = modulePath === undefined ? undefined : purlFor('Go', modulePath, null);
  const edges: DependencyEdge[] = root ? packages.map((p) => ({ from: root, to: p.purl })) : [];
  return { packages, edges, warnings };
}

function oneArg(d: Directive, path: string): string {
  const [arg, ...rest] = d.args;
  if (!arg || rest.length > 0 || arg.text === '') fail(path, d.line, `${d.verb} wants exactly one argument`);
  return arg.text;
}

function readRequire(d: Directive, path: string): Requirement {
  const [mod, versionToken, ...rest] = d.args;
  if (!mod || !versionToken || rest.length > 0) {
    fail(path, d.line, 'usage: require module/path v1.2.3');
  }
  // `// indirect` or `// indirect; why`, exactly as golang.org/x/mod/modfile tells them apart
  const indirect = d.comment === 'indirect' || d.comment.startsWith('indirect;');
  const version = goVersion(versionToken.text, d, path);
  return { path: modulePathOf(mod.text, d, path), version, direct: !indirect, line: d.line };
}

function readReplace(d: Directive, path: string): Replacement {
  const arrow = d.args.findIndex((t) => !t.quoted && t.text === '=>');
  const [oldMod, oldVer] = d.args;
  const right = d.args.slice(arrow + 1);
  const [newMod, newVer, ...rest] = right;
  if ((arrow !== 1 && arrow !== 2) || !oldMod || !newMod || rest.length > 0) {
    fail(path, d.line, 'usage: replace module/path [v1.2.3] => other/module v1.4.5 | ./local/dir');
  }
  const oldVersion = arrow === 2 && oldVer ? goVersion(oldVer.text, d, path) : undefined;
  if (newVer) {
    const target = {
      kind: 'module' as const,
      path: modulePathOf(newMod.text, d, path),
      version: goVersion(newVer.text, d, path),
    };
    return { oldPath: modulePathOf(oldMod.text, d, path), oldVersion, target, line: d.line };
  }
  if (!isDirectoryPath(newMod.text)) {
    fail(
      path,
      d.line,
      'a replacement without a version must be a directory (./dir, ../dir or an absolute path)',
    );
  }
  const target = { kind: 'local' as const, dir: newMod.text };
  return { oldPath: modulePathOf(oldMod.text, d, path), oldVersion, target, line: d.line };
}

/** Slash-separated non-empty elements of the characters Go allows in module paths. */
function modulePathOf(text: string, d: Directive, path: string): string {
  if (!/^[A-Za-z0-9._~+-]+(\/[A-Za-z0-9._~+-]+)*$/.test(text))
    fail(path, d.line, `invalid module path "${text}"`);
  return text;
}

/** The go command's own test: rooted, or starting with ./ or ../ (either slash). */
function isDirectoryPath(p: string): boolean {
  return /^(\.\.?([/\\]|$)|[/\\]|[A-Za-z]:[/\\])/.test(p);
}

/** Semantic Versioning 2.0.0 with Go's `v`: go.mod holds canonical versions only. */
const semver =
  /^v(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(\.(0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*)?(\+[0-9a-zA-Z-]+(\.[0-9a-zA-Z-]+)*)?$/;

/** `v1.2.3`, `v2.0.0+incompatible`, `v0.0.0-20210101000000-abcdef123456` lose only their `v`. */
function goVersion(text: string, d: Directive, path: string): string {
  if (!semver.test(text)) {
    fail(path, d.line, `invalid version "${text}" (Go versions look like v1.2.3)`);
  }
  return text.slice(1);
}

function applyReplace(
  req: Requirement,
  replacements: Replacement[],
  path: string,
  warnings: ExtractWarning[],
): [string, string] {
  const exact = replacements.findLast((r) => r.oldPath === req.path && r.oldVersion === req.version);
  const rule = exact ?? replacements.findLast((r) => r.oldPath === req.path && r.oldVersion === undefined);
  if (!rule) return [req.path, req.version];
  if (rule.target.kind === 'module') return [rule.target.path, rule.target.version];
  warnings.push({
    code: 'ERR_OSPO_LOCAL_REPLACE',
    message: `${path}:${rule.line}: ${req.path} is replaced by the local directory ${rule.target.dir}; reported at its required version v${req.version}, which the build does not use`,
    line: rule.line,
  });
  return [req.path, req.version];
}
