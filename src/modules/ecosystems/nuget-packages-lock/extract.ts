import { z } from 'zod';
import { EdgeSet } from '../../../core/edge-set.js';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type { ExtractedPackage, ExtractResult, ExtractWarning } from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

const entryShape = z.object({
  type: z.string(),
  requested: z.string().optional(),
  resolved: z.string().min(1).optional(),
  dependencies: z.record(z.string(), z.string()).optional(),
});

const lockShape = z.object({
  version: z.number().int(),
  dependencies: z.record(z.string(), z.record(z.string(), entryShape)).default({}),
});

type Entry = z.infer<typeof entryShape>;
const packageTypes = new Set(['Direct', 'Transitive', 'CentralTransitive']);

/**
 * packages.lock.json (versions 1 and 2) of NuGet's `RestorePackagesWithLockFile`. One section per target
 * framework (`net8.0`) and per framework/runtime pair (`net8.0/linux-x64`, holding only the packages that
 * differ for that runtime). NuGet names are case-insensitive, so lookups are by lower-cased name.
 */
export function extractNugetPackagesLock(content: string, path: string): ExtractResult {
  const lock = expectShape(lockShape, parseJsonFile(content, path), path, 'NuGet packages.lock.json');
  const warnings = new Map<string, ExtractWarning>();
  const warn = (code: string, message: string) => warnings.set(`${code} ${message}`, { code, message });
  if (lock.version > 2) {
    warn('ERR_OSPO_UNSUPPORTED_VERSION', `lock file version ${lock.version} is newer than 2; read as 2`);
  }
  const packages = new Map<string, ExtractedPackage>();
  const edges = new EdgeSet();

  const sections = Object.entries(lock.dependencies);
  // one spelling per package across all sections, so its purl is the same everywhere
  const spelling = new Map<string, string>();
  for (const [, entries] of sections) {
    for (const name of Object.keys(entries))
      if (!spelling.has(name.toLowerCase())) spelling.set(name.toLowerCase(), name);
  }
  // an entry's purl, built once: each entry is under one name, and is looked up once per dependent
  const purls = new Map<Entry, string | undefined>();
  const purlOf = (name: string, entry: Entry) => {
    if (purls.has(entry)) return purls.get(entry);
    const purl = entryPurl(spelling.get(name.toLowerCase()) ?? name, entry);
    purls.set(entry, purl);
    return purl;
  };
  for (const [target, entries] of sections) {
    const byName = lowerKeys(entries);
    // a runtime section lists only what differs from its framework's section: look there next
    const framework = target.includes('/')
      ? lowerKeys(sectionOf(lock.dependencies, target.split('/')[0] ?? ''))
      : null;
    const lookup = (name: string) => byName.get(name.toLowerCase()) ?? framework?.get(name.toLowerCase());

    for (const [name, entry] of Object.entries(entries)) {
      const from = purlOf(name, entry);
      if (from === undefined) {
        warn(
          'ERR_OSPO_INVALID_PACKAGE',
          `${target}: ${name} has type "${entry.type}", no name or no resolved version`,
        );
        continue;
      }
      if (entry.type !== 'Project')
        addPackage(packages, spelling.get(name.toLowerCase()) ?? name, entry, from);
      for (const dep of Object.keys(entry.dependencies ?? {})) {
        const found = lookup(dep);
        const to = found ? purlOf(found[0], found[1]) : undefined;
        if (to === undefined) {
          warn('ERR_OSPO_UNRESOLVED_DEPENDENCY', `${target}: ${name} depends on ${dep}, which is not locked`);
          continue;
        }
        edges.add(from, to);
      }
    }
  }
  return { packages: [...packages.values()], edges: edges.edges, warnings: [...warnings.values()] };
}

/** Packages by name and resolved version; projects by name alone (the lock file gives them no version). */
function entryPurl(name: string, entry: Entry): string | undefined {
  if (name.trim() === '') return undefined;
  if (entry.type === 'Project') return purlFor('NuGet', name, null);
  if (!packageTypes.has(entry.type) || !entry.resolved?.trim()) return undefined;
  return purlFor('NuGet', name, entry.resolved);
}

function addPackage(packages: Map<string, ExtractedPackage>, name: string, entry: Entry, purl: string): void {
  const key = `${name}@${entry.resolved}`.toLowerCase();
  const known = packages.get(key);
  if (known) {
    if (entry.type === 'Direct') known.direct = true;
    return;
  }
  packages.set(key, {
    ecosystem: 'NuGet',
    name,
    version: entry.resolved ?? null,
    purl,
    // the lock records no PrivateAssets/test-only flags: a test project's xunit looks like anything else
    scope: 'unknown',
    direct: entry.type === 'Direct',
    licenses: [],
  });
}

function lowerKeys(entries: Record<string, Entry>): Map<string, [string, Entry]> {
  const out = new Map<string, [string, Entry]>();
  for (const [name, entry] of Object.entries(entries)) out.set(name.toLowerCase(), [name, entry]);
  return out;
}

function sectionOf(sections: Record<string, Record<string, Entry>>, name: string): Record<string, Entry> {
  return Object.hasOwn(sections, name) ? (sections[name] ?? {}) : {};
}
