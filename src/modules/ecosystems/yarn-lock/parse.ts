import { createRequire } from 'node:module';
import type { parseSyml } from '@yarnpkg/parsers';
import { z } from 'zod';
import { ParseError } from '../../../core/errors.js';
import { expectShape } from '../../../core/formats.js';
import { parseYarnV1, type V1Object } from './parse-v1.js';

/** One resolution of the lockfile, with every descriptor (`name@range`) that resolved to it. */
export interface YarnEntry {
  descriptors: string[];
  name: string;
  version: string | null;
  /** A workspace (its folder), a local folder or file (`link:`, `portal:`, `file:`), or a package. */
  kind: 'package' | 'local' | 'workspace';
  workspace?: string;
  deps: YarnDep[];
  /** Berry only: what a workspace declares as peers (not in `dependencies`). */
  peers: string[];
}

export interface YarnDep {
  name: string;
  range: string;
  optional: boolean;
}

export interface YarnLock {
  berry: boolean;
  entries: YarnEntry[];
}

const scalar = z.union([z.string(), z.number(), z.boolean()]).transform(String);
const depMap = z.record(z.string(), scalar);
const entryShape = z.object({
  version: scalar.optional(),
  resolution: scalar.optional(),
  dependencies: depMap.optional(),
  optionalDependencies: depMap.optional(),
  peerDependencies: depMap.optional(),
  dependenciesMeta: z.record(z.string(), z.object({ optional: scalar.optional() }).partial()).optional(),
});
type Entry = z.infer<typeof entryShape>;

/**
 * yarn.lock v1 (Yarn classic's own syntax, read by `parseYarnV1`) and Berry (Yarn 2+, YAML with
 * `__metadata`, read by `parseSyml`).
 */
export function parseYarnLock(content: string, path: string): YarnLock {
  const text = content.charCodeAt(0) === 0xfeff ? content.slice(1) : content;
  const berry = /^__metadata:/m.test(text);
  const entries: YarnEntry[] = [];
  if (!berry) {
    for (const { descriptors, value } of parseYarnV1(text, path)) {
      const made = toEntry(checkV1(value, descriptors, path), descriptors, berry);
      if (made) entries.push(made);
    }
    return { berry, entries };
  }
  const { __metadata: _metadata, ...rest } = symlOrThrow(text, path);
  const lock = expectShape(z.record(z.string(), entryShape), rest, path, 'yarn.lock');
  for (const [key, entry] of Object.entries(lock)) {
    const descriptors = key.split(',').map((d) => d.trim().replace(/^"|"$/g, ''));
    const made = toEntry(
      entry,
      descriptors.filter((d) => d !== ''),
      berry,
    );
    if (made) entries.push(made);
  }
  return { berry, entries };
}

/** Loaded on first use: most yarn.lock files are v1, which parse-v1.ts reads without it. */
const load = createRequire(import.meta.url);

function symlOrThrow(text: string, path: string): Record<string, unknown> {
  try {
    return (load('@yarnpkg/parsers') as { parseSyml: typeof parseSyml }).parseSyml(text);
  } catch (error) {
    const message = error instanceof Error ? error.message.split('\n')[0] : String(error);
    const line = errorLine(error);
    throw new ParseError('ERR_OSPO_PARSE', `${path}: not a readable Berry yarn.lock (${message})`, {
      ...(line !== undefined && line > 0 ? { line } : {}),
      hint: 'The file may be truncated or hand-edited; regenerate it with `yarn install`.',
    });
  }
}

/** The v1 grammar's errors carry `location.start.line` (1-based), js-yaml's `mark.line` (0-based). */
function errorLine(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const location = (error as { location?: { start?: { line?: unknown } } }).location;
  if (typeof location?.start?.line === 'number') return location.start.line;
  const mark = (error as { mark?: { line?: unknown } }).mark;
  if (typeof mark?.line === 'number') return mark.line + 1;
  return undefined;
}

const depFields = ['dependencies', 'optionalDependencies', 'peerDependencies'] as const;
const versionFields = ['version', 'resolution'] as const;

/** A v1 entry checked against the fields read from it (what `entryShape` checks for Berry). */
function checkV1(value: V1Object, descriptors: string[], path: string): Entry {
  // the entry's name in messages, made only when there is something to say
  const key = () => descriptors.join(', ');
  for (const field of versionFields) {
    if (typeof value[field] === 'object') badShape(path, `${key()}.${field}`, 'expected a string');
  }
  for (const field of depFields) {
    const deps = value[field];
    if (deps === undefined) continue;
    if (typeof deps === 'string') badShape(path, `${key()}.${field}`, 'expected a block');
    const names = Object.keys(deps);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      if (typeof deps[name] !== 'string') badShape(path, `${key()}.${field}.${name}`, 'expected a string');
    }
  }
  const meta = value.dependenciesMeta;
  if (meta !== undefined) {
    if (typeof meta === 'string') badShape(path, `${key()}.dependenciesMeta`, 'expected a block');
    for (const [name, m] of Object.entries(meta)) {
      if (typeof m === 'string' || typeof m.optional === 'object')
        badShape(path, `${key()}.dependenciesMeta.${name}`, 'expected a block of strings');
    }
  }
  return value as Entry;
}

function badShape(path: string, field: string, why: string): never {
  throw new ParseError('ERR_OSPO_PARSE_SHAPE', `${path}: not a yarn.lock (${field}: ${why})`, {
    hint: 'Expected a yarn.lock; is this file of another format or version?',
  });
}

function toEntry(entry: Entry, descriptors: string[], berry: boolean): YarnEntry | null {
  const first = descriptors[0];
  if (first === undefined) return null;
  // loops rather than entries, maps and spreads: this runs for every entry of every lockfile
  const deps: YarnDep[] = [];
  const dependencies = entry.dependencies;
  if (dependencies !== undefined && dependencies !== null) {
    const meta = entry.dependenciesMeta;
    const names = Object.keys(dependencies);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      deps.push({ name, range: dependencies[name] as string, optional: meta?.[name]?.optional === 'true' });
    }
  }
  const optional = entry.optionalDependencies;
  if (optional !== undefined && optional !== null) {
    const names = Object.keys(optional);
    for (let i = 0; i < names.length; i++) {
      const name = names[i] as string;
      deps.push({ name, range: optional[name] as string, optional: true });
    }
  }
  const peers = Object.keys(entry.peerDependencies ?? {});
  const version = entry.version || null;
  const locator = splitAt(berry && entry.resolution ? entry.resolution : first);
  if (locator.name === '') return null;
  const target = referenceKind(locator.name, locator.reference);
  if (target.kind === 'workspace') {
    return target.workspace === undefined
      ? { descriptors, deps, peers, name: target.name, kind: target.kind, version }
      : {
          descriptors,
          deps,
          peers,
          name: target.name,
          kind: target.kind,
          workspace: target.workspace,
          version,
        };
  }
  return {
    descriptors,
    deps,
    peers,
    name: target.name,
    version: target.kind === 'local' ? null : version,
    kind: target.kind,
  };
}

/**
 * What a reference points to: `npm:` (and plain v1 ranges) a registry package, aliases
 * (`npm:real@^1`) under their real name; `workspace:` the project's own; `link:`, `portal:`, `file:`
 * a local folder or file; `patch:` whatever it patches; git and tarball URLs a package.
 */
function referenceKind(
  name: string,
  reference: string,
): { name: string; kind: YarnEntry['kind']; workspace?: string } {
  if (reference.startsWith('workspace:')) {
    return { name, kind: 'workspace', workspace: reference.slice('workspace:'.length) };
  }
  if (/^(link|portal|file):/.test(reference)) return { name, kind: 'local' };
  if (reference.startsWith('patch:')) {
    const inner = reference.slice('patch:'.length).split('#')[0] ?? '';
    const patched = splitAt(safeDecode(inner));
    if (patched.name === '') return { name, kind: 'package' };
    const kind = referenceKind(patched.name, patched.reference);
    return kind.kind === 'workspace' ? { name: kind.name, kind: 'local' } : kind;
  }
  if (reference.startsWith('npm:')) {
    const alias = splitAt(reference.slice('npm:'.length));
    if (alias.name !== '' && alias.reference !== '') return { name: alias.name, kind: 'package' };
  }
  return { name, kind: 'package' };
}

/** `@scope/name@reference` → name and reference; the name's own leading `@` is not a separator. */
export function splitAt(descriptor: string): { name: string; reference: string } {
  const at = descriptor.indexOf('@', 1);
  if (at < 0) return { name: descriptor, reference: '' };
  return { name: descriptor.slice(0, at), reference: descriptor.slice(at + 1) };
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
