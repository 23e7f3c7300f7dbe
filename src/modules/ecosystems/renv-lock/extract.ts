import { z } from 'zod';
import { expectShape, parseJsonFile } from '../../../core/formats.js';
import type {
  DependencyEdge,
  ExtractedPackage,
  ExtractResult,
  ExtractWarning,
} from '../../../core/inventory.js';
import { purlFor } from '../../../core/purl.js';

const depField = z.union([z.string(), z.array(z.string())]).optional();
const recordShape = z.object({
  Package: z.string().min(1).optional(),
  Version: z.string().min(1).optional(),
  Source: z.string().optional(),
  Repository: z.string().optional(),
  RemoteType: z.string().optional(),
  RemoteUrl: z.string().optional(),
  RemoteUsername: z.string().optional(),
  RemoteRepo: z.string().optional(),
  RemoteSha: z.string().optional(),
  License: z.string().optional(),
  Requirements: z.array(z.string()).optional(),
  Depends: depField,
  Imports: depField,
  LinkingTo: depField,
});

const renvShape = z.object({
  R: z
    .object({
      Repositories: z.array(z.object({ Name: z.string(), URL: z.string() })).default([]),
    })
    .optional(),
  Packages: z.record(z.string(), recordShape),
});

type PackageRecord = z.infer<typeof recordShape>;

/** Packages that ship with R itself: never in the lockfile, never a dependency to report. */
const baseR = new Set(
  'R base compiler datasets graphics grDevices grid methods parallel splines stats stats4 tcltk tools utils'.split(
    ' ',
  ),
);
const cranNames = new Set(['cran', 'rspm', 'ppm', 'p3m']);
const cranUrl = /(^|[/.-])cran([/.-]|$)|\.r-project\.org/i;

/**
 * renv.lock (renv 0.10 and later): `Packages` records with `Source` and, for repository packages,
 * `Repository`. Dependencies are `Requirements` (lockfile v1) or the DESCRIPTION fields
 * `Depends`/`Imports`/`LinkingTo` that renv 1.1's v2 lockfiles carry instead.
 */
export function extractRenvLock(content: string, path: string): ExtractResult {
  const lock = expectShape(renvShape, parseJsonFile(content, path), path, 'renv.lock');
  const mirrors = new Set(
    (lock.R?.Repositories ?? []).filter((r) => cranUrl.test(r.URL)).map((r) => r.Name.toLowerCase()),
  );
  const warnings: ExtractWarning[] = [];
  const purls = new Map<string, string>();
  const packages: ExtractedPackage[] = [];

  for (const [key, record] of Object.entries(lock.Packages)) {
    const name = record.Package ?? key;
    if (!record.Version?.trim() || name.trim() === '') {
      warnings.push({ code: 'ERR_OSPO_INVALID_PACKAGE', message: `"${name}" has no name or no Version` });
      continue;
    }
    if (!fromCran(record, name, mirrors, warnings)) continue;
    const version = record.Version;
    const purl = purlFor('CRAN', name, version);
    purls.set(name, purl);
    packages.push({
      ecosystem: 'CRAN',
      name,
      version,
      purl,
      scope: 'unknown', // renv snapshots what the project uses, without telling runtime from development use
      direct: null,
      licenses: record.License ? [record.License] : [],
    });
  }

  const edges: DependencyEdge[] = [];
  for (const [key, record] of Object.entries(lock.Packages)) {
    const from = purls.get(record.Package ?? key);
    if (from === undefined) continue;
    for (const dep of dependencies(record)) {
      const to = purls.get(dep);
      if (to !== undefined) edges.push({ from, to });
      else if (!baseR.has(dep) && !Object.hasOwn(lock.Packages, dep)) {
        warnings.push({
          code: 'ERR_OSPO_UNRESOLVED_DEPENDENCY',
          message: `${record.Package ?? key} requires ${dep}, which is not in the lockfile`,
        });
      }
    }
  }
  return { packages, edges, warnings };
}

/**
 * Only CRAN-like repositories give CRAN packages. Anything else is warned about and left out: a `cran`
 * purl needs a version, and the version of a GitHub or r-universe build is no CRAN release.
 */
function fromCran(
  record: PackageRecord,
  name: string,
  mirrors: Set<string>,
  warnings: ExtractWarning[],
): boolean {
  const source = record.Source ?? (record.Repository ? 'Repository' : 'unknown');
  const repo = record.Repository ?? (source === 'CRAN' ? 'CRAN' : '');
  const where = `${name} ${record.Version}`;
  const warn = (code: string, message: string) => warnings.push({ code, message: `${where} ${message}` });
  if (source === 'Repository' || source === 'CRAN') {
    const lower = repo.toLowerCase();
    if (cranNames.has(lower) || mirrors.has(lower) || cranUrl.test(repo)) return true;
    warn(
      'ERR_OSPO_NON_REGISTRY_SOURCE',
      `comes from the repository "${repo}", not a CRAN mirror: not reported`,
    );
  } else if (source === 'Bioconductor') {
    warn('ERR_OSPO_UNSUPPORTED_SOURCE', 'is a Bioconductor package, not a CRAN one: not reported');
  } else if (source === 'Local') {
    warn(
      'ERR_OSPO_NON_REGISTRY_SOURCE',
      `was installed from a local source${remoteOf(record)}: not reported`,
    );
  } else {
    warn(
      'ERR_OSPO_NON_REGISTRY_SOURCE',
      `comes from ${source}${remoteOf(record)}, not from CRAN: not reported`,
    );
  }
  return false;
}

function remoteOf(r: PackageRecord): string {
  const at = r.RemoteSha ? ` at ${r.RemoteSha}` : '';
  if (r.RemoteUsername && r.RemoteRepo) return ` (${r.RemoteUsername}/${r.RemoteRepo}${at})`;
  if (r.RemoteUrl) return ` (${r.RemoteUrl}${at})`;
  return '';
}

/** `Requirements`, else the DESCRIPTION fields: `"cli (>= 3.4.0), glue"` or `["cli (>= 3.4.0)", "glue"]`. */
function dependencies(record: PackageRecord): string[] {
  if (record.Requirements) return [...new Set(record.Requirements.map((r) => r.trim()))];
  const names = [record.Depends, record.Imports, record.LinkingTo]
    .flatMap((field) => (typeof field === 'string' ? field.split(',') : (field ?? [])))
    .map((entry) => entry.replace(/\(.*$/s, '').trim())
    .filter((entry) => entry !== '');
  return [...new Set(names)];
}
