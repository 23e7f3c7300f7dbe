import { ParseError } from '../../../core/errors.js';
import type { ExtractedPackage, ExtractResult, Scope } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

/**
 * Gradle dependency locking. Gradle 6+ writes one `gradle.lockfile` per project, a line
 * `group:artifact:version=configuration,...` per module and a final `empty=...` for configurations that
 * resolve nothing; Gradle 4.8 to 5 wrote one `gradle/dependency-locks/<configuration>.lockfile` per
 * configuration, a bare `group:artifact:version` per line.
 */
export function extractGradleLockfile(content: string, path: string): ExtractResult {
  const fileName = path.slice(path.lastIndexOf('/') + 1);
  const legacy =
    fileName !== 'gradle.lockfile' && !/^(buildscript|settings)-gradle\.lockfile$/.test(fileName);
  // buildscript and settings lockfiles lock the build's own plugins, which never ship with the project
  const buildOnly = /^(buildscript|settings)-/.test(fileName);
  const fileConfiguration = legacy ? fileName.replace(/\.lockfile$/, '') : null;

  const modules = new Map<string, { name: string; version: string; configurations: Set<string> }>();
  const lines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) return;
    const match = /^([^\s:=]+):([^\s:=]+):([^\s:=]+)(?:=(.*))?$/.exec(line);
    if (!match) {
      if (line.startsWith('empty=')) return;
      throw malformed(path, index + 1, raw);
    }
    const [, group = '', artifact = '', version = '', list] = match;
    if (list === undefined && !legacy) throw malformed(path, index + 1, raw);
    const configurations = fileConfiguration ? [fileConfiguration] : splitList(list);
    const name = `${group}:${artifact}`;
    const key = `${name}:${version}`;
    const known = modules.get(key) ?? { name, version, configurations: new Set<string>() };
    for (const c of configurations) known.configurations.add(c);
    modules.set(key, known);
  });

  const packages: ExtractedPackage[] = [...modules.values()].map((m) => ({
    ecosystem: 'Maven',
    name: m.name,
    version: m.version,
    purl: purlFor('Maven', m.name, m.version),
    scope: buildOnly ? 'unknown' : scopeOf([...m.configurations]),
    direct: null, // a lockfile records the resolved graph flattened, not what was declared
    licenses: [],
  }));
  return { packages, edges: [], warnings: [] };
}

/**
 * Test configurations only → dev. Any main classpath (compileClasspath, runtimeClasspath and their
 * variants such as releaseRuntimeClasspath, or a declarable bucket like implementation) → prod. Only
 * tool configurations (annotationProcessor, kotlinCompilerClasspath, checkstyle, ...) → unknown.
 */
export function scopeOf(configurations: string[]): Scope {
  if (configurations.some((c) => !isTest(c) && isMain(c))) return 'prod';
  if (configurations.length > 0 && configurations.every(isTest)) return 'dev';
  return 'unknown';
}

function isTest(configuration: string): boolean {
  return /test/i.test(configuration);
}

function isMain(configuration: string): boolean {
  return (
    /(compile|runtime)Classpath$/i.test(configuration) ||
    /^(implementation|api|compile|compileOnly|runtime|runtimeOnly|runtimeElements|apiElements|default)$/.test(
      configuration,
    )
  );
}

function splitList(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((c) => c.trim())
    .filter((c) => c !== '');
}

function malformed(path: string, line: number, text: string): ParseError {
  return new ParseError(
    'ERR_OSPO_PARSE',
    `${path}: line ${line} is not "group:artifact:version=configurations"`,
    {
      line,
      hint: `Found "${text.slice(0, 80)}"; regenerate the lockfile with ./gradlew dependencies --write-locks.`,
    },
  );
}
