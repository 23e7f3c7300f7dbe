import { ParseError } from '../../../core/errors.js';

export interface LockedSpec {
  name: string;
  /** Without Bundler's platform suffix: `nokogiri (1.16.2-x86_64-linux)` is version 1.16.2. */
  version: string;
  /** From a PATH source: the project's own gem (or one vendored beside it). */
  local: boolean;
  dependencies: { name: string; line: number }[];
  line: number;
}

export interface Lockfile {
  specs: LockedSpec[];
  /** Names in DEPENDENCIES: what the Gemfile declares. */
  dependencies: string[];
}

const sourceSections = new Set(['GEM', 'GIT', 'PATH', 'PLUGIN SOURCE']);
const specLine = /^ {4}([\w.-]+) \(([^()\s]+)\)$/;
const dependencyLine = /^ {6}([\w.-]+)(?: \(([^()]*)\))?$/;
const declaredLine = /^ {2}([\w.-]+)(?: \(([^()]*)\))?(!)?$/;

/**
 * Bundler's lockfile layout: unindented section names; in source sections, `  remote:` and friends,
 * `  specs:`, specs at 4 spaces and their dependencies at 6. Anything else in those places is an error.
 */
export function readLockfile(content: string, path: string): Lockfile {
  const specs: LockedSpec[] = [];
  const dependencies: string[] = [];
  let section: string | null = null;
  let current: LockedSpec | null = null;
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((text, index) => {
    const line = index + 1;
    if (text.trim() === '') return;
    if (/^(<{7}|={7}|>{7})/.test(text)) fail(path, line, 'merge conflict marker');
    if (!text.startsWith(' ')) {
      if (!/^[A-Z][A-Z ]*$/.test(text)) fail(path, line, `"${text.slice(0, 40)}" is not a section name`);
      section = text;
      current = null;
      return;
    }
    if (section === null) fail(path, line, 'indented line before any section');
    if (section === 'DEPENDENCIES') {
      const m = declaredLine.exec(text);
      if (!m?.[1]) fail(path, line, 'a DEPENDENCIES line is `  name`, `  name (requirement)` or `  name!`');
      dependencies.push(m[1]);
      return;
    }
    if (!sourceSections.has(section) || /^ {2}\S/.test(text)) return; // remote:, revision:, specs:, ...
    if (/^ {4}\S/.test(text)) {
      const m = specLine.exec(text);
      if (!m?.[1] || !m[2]) fail(path, line, 'a spec line is `    name (version)`');
      const [version = ''] = m[2].split('-', 1);
      if (version === '') fail(path, line, 'a spec without a version');
      current = { name: m[1], version, local: section === 'PATH', dependencies: [], line };
      specs.push(current);
      return;
    }
    const m = dependencyLine.exec(text);
    const spec: LockedSpec | null = current;
    if (!m?.[1] || spec === null)
      fail(path, line, 'a dependency line is `      name (requirement)` under a spec');
    spec.dependencies.push({ name: m[1], line });
  });
  return { specs, dependencies };
}

function fail(path: string, line: number, what: string): never {
  throw new ParseError('ERR_OSPO_PARSE', `${path}:${line}: ${what}`, {
    line,
    hint: 'The lockfile may be hand-edited or half-merged; run `bundle lock` to regenerate it.',
  });
}
