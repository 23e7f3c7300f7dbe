import { InputError, toOspoError } from '../../core/errors.js';
import {
  type RegistryHttp,
  type RegistryId,
  type RegistryLookup,
  type RegistryPackage,
  registryLicenses,
  registryLookups,
} from '../../modules/licenses/registry/index.js';
import { createRegistryHttp, withRetry } from '../registry-http.js';

export { createRegistryHttp, type RegistryHttpOptions } from '../registry-http.js';

/**
 * Declared licenses from package registries, for `--online` runs only: nothing else in ospokit reaches
 * these hosts. Each package is asked of its ecosystem's registry (then ClearlyDefined, when wanted and
 * the registry declared nothing), with bounded concurrency, one retry for trouble that may pass, and a
 * cache so a package is asked once, found or not.
 */

export interface RegistryLicenseCacheEntry {
  licenses: string[];
  source: string;
  url: string;
  /** ISO 8601. */
  fetchedAt: string;
}

/** Where answers are kept between runs, keyed `${registry}:${purl}`; the store implements it. */
export interface RegistryLicenseCache {
  get(key: string): Promise<RegistryLicenseCacheEntry | null | undefined>;
  put(key: string, value: RegistryLicenseCacheEntry): Promise<void>;
}

export interface RegistryLicense {
  licenses: string[];
  source: RegistryId;
  url: string;
}

export interface RegistryProblem {
  code: string;
  message: string;
  purl: string;
  registry: RegistryId;
  url?: string;
}

export interface RegistryLicenseReport {
  /** purl -> what a registry declares, for every package a registry named at least one license for. */
  licenses: Map<string, RegistryLicense>;
  /** Asked without trouble, and no registry declared a license (unknown package, or none declared). */
  notFound: string[];
  /** Not asked: no version, or no registry for the ecosystem. */
  skipped: string[];
  problems: RegistryProblem[];
}

export type RegistryPackageInput = Pick<RegistryPackage, 'ecosystem' | 'name'> & {
  purl: string;
  version: string | null;
};

export interface FetchRegistryLicensesOptions {
  /** Per registry, instead of the public one (a mirror; a fake server in tests). */
  baseUrls?: Partial<Record<RegistryId, string>>;
  concurrency?: number;
  /** Per request, for the default HTTP client. */
  timeoutMs?: number;
  cache?: RegistryLicenseCache;
  /** Also ask ClearlyDefined when the registry declares nothing (and for Go). Default false. */
  clearlyDefined?: boolean;
  onProgress?: (progress: { done: number; total: number; purl: string }) => void;
  /** Instead of the default client over Node's fetch (then `timeoutMs` is the client's business). */
  http?: RegistryHttp;
  /** Wait before the one retry; a longer Retry-After (up to 10 s) wins. Default 500. */
  retryDelayMs?: number;
  /** A cached "not found" is asked again after this long (a registry may learn later). Default 7 days. */
  notFoundMaxAgeMs?: number;
  now?: () => Date;
}

const DAY_MS = 24 * 60 * 60 * 1000;

type Wanted = RegistryPackage & { purl: string };

/**
 * Ask the registries about every package with a version. Never throws for a package's trouble (that is
 * in `problems`); only bad options throw.
 */
export async function fetchRegistryLicenses(
  packages: readonly RegistryPackageInput[],
  options: FetchRegistryLicensesOptions = {},
): Promise<RegistryLicenseReport> {
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) {
    throw new InputError(
      'ERR_OSPO_REGISTRY_OPTIONS',
      `concurrency must be a positive integer, not ${concurrency}`,
    );
  }
  const { work, skipped } = plan(packages, options.clearlyDefined === true);
  const context: AskContext = {
    http: options.http ?? createRegistryHttp({ timeoutMs: options.timeoutMs ?? 10_000 }),
    options,
    now: options.now ?? (() => new Date()),
    problems: [],
  };
  const found = new Map<string, RegistryLicense>();
  const notFound: string[] = [];

  let done = 0;
  await pool(work, concurrency, async ({ pkg, sources }) => {
    let failed = false;
    for (const source of sources) {
      const answer = await ask(source, pkg, context);
      if (answer === null) failed = true;
      else if (answer.licenses.length > 0) {
        found.set(pkg.purl, { licenses: answer.licenses, source: source.id, url: answer.url });
        break;
      }
    }
    if (!found.has(pkg.purl) && !failed) notFound.push(pkg.purl);
    done++;
    options.onProgress?.({ done, total: work.length, purl: pkg.purl });
  });

  // workers finish in any order; report in the order packages were given
  const order = new Map(work.map((w, i) => [w.pkg.purl, i]));
  const rank = (purl: string) => order.get(purl) ?? 0;
  return {
    licenses: new Map([...found].sort(([a], [b]) => rank(a) - rank(b))),
    notFound: notFound.sort((a, b) => rank(a) - rank(b)),
    skipped,
    problems: context.problems.sort((a, b) => rank(a.purl) - rank(b.purl)),
  };
}

/** Each purl once, with the registries to ask in order; the rest are skipped. */
function plan(packages: readonly RegistryPackageInput[], clearlyDefined: boolean) {
  const work: { pkg: Wanted; sources: RegistryLookup[] }[] = [];
  const skipped: string[] = [];
  const seen = new Set<string>();
  for (const p of packages) {
    if (seen.has(p.purl)) continue;
    seen.add(p.purl);
    const candidates = [
      registryLicenses.forEcosystem(p.ecosystem),
      clearlyDefined ? registryLookups.clearlydefined : null,
    ];
    const sources = candidates.filter(
      (s): s is RegistryLookup => s?.ecosystems.includes(p.ecosystem) ?? false,
    );
    if (!p.version || sources.length === 0) skipped.push(p.purl);
    else
      work.push({ pkg: { ecosystem: p.ecosystem, name: p.name, version: p.version, purl: p.purl }, sources });
  }
  return { work, skipped };
}

interface AskContext {
  http: RegistryHttp;
  options: FetchRegistryLicensesOptions;
  now: () => Date;
  problems: RegistryProblem[];
}

/** One registry about one package, through the cache: its answer ([] for none), or null on trouble. */
async function ask(
  source: RegistryLookup,
  pkg: Wanted,
  { http, options, now, problems }: AskContext,
): Promise<{ licenses: string[]; url: string } | null> {
  const key = `${source.id}:${pkg.purl}`;
  const report = (code: string, message: string, url?: string) => {
    problems.push({ code, message, purl: pkg.purl, registry: source.id, ...(url ? { url } : {}) });
  };
  const fail = (e: unknown, url?: string) => {
    const error = toOspoError(e);
    report(error.code, error.message, typeof error.details?.url === 'string' ? error.details.url : url);
  };

  const cached = await options.cache?.get(key).catch(fail);
  if (cached) {
    const age = now().getTime() - Date.parse(cached.fetchedAt);
    if (cached.licenses.length > 0 || age < (options.notFoundMaxAgeMs ?? 7 * DAY_MS)) return cached;
  }

  let lastUrl = '';
  const client = withRetry(http, options.retryDelayMs ?? 500, (url) => {
    lastUrl = url;
  });
  try {
    const answer = await source.lookup(pkg, client, options.baseUrls?.[source.id]);
    for (const w of answer?.warnings ?? []) report(w.code, w.message, answer?.url);
    const entry: RegistryLicenseCacheEntry = {
      licenses: answer?.licenses ?? [],
      source: source.id,
      url: answer?.url ?? lastUrl,
      fetchedAt: now().toISOString(),
    };
    await options.cache?.put(key, entry).catch(fail);
    return entry;
  } catch (e) {
    fail(e, lastUrl);
    return null;
  }
}

/** A cache in memory: for tests, and for one run without a store. */
export function memoryRegistryLicenseCache(): RegistryLicenseCache & {
  entries: Map<string, RegistryLicenseCacheEntry>;
} {
  const entries = new Map<string, RegistryLicenseCacheEntry>();
  return {
    entries,
    get: async (key) => entries.get(key) ?? null,
    put: async (key, value) => {
      entries.set(key, { ...value, licenses: [...value.licenses] });
    },
  };
}

async function pool<T>(items: readonly T[], size: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let item = items[next++]; item !== undefined; item = items[next++]) await work(item);
  };
  await Promise.all(Array.from({ length: Math.min(size, items.length) }, worker));
}
