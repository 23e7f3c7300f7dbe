import type { z } from 'zod';
import { isOspoError, SourceUnavailableError } from '../../../core/errors.js';
import type { Ecosystem } from '../../../core/inventory.js';

/**
 * What every registry lookup shares: the package it is asked about, the HTTP client it is handed (it
 * never reaches for a global fetch), and what it answers. Lookups only read: what the registry says
 * is returned as written, and judging it is left to services/compliance.
 */

export const registryIds = [
  'npm',
  'pypi',
  'crates-io',
  'rubygems',
  'packagist',
  'maven-central',
  'nuget',
  'clearlydefined',
] as const;
export type RegistryId = (typeof registryIds)[number];

export interface RegistryPackage {
  ecosystem: Ecosystem;
  /** As the inventory holds it: npm with its @scope, Maven `group:artifact`, PyPI normalized or not. */
  name: string;
  /** An exact version; registries are asked about one release, never a range. */
  version: string;
}

/**
 * The HTTP client a lookup is given. Both methods answer null for 404 and 410 (the registry does not
 * know the URL); any other trouble is thrown as a coded error: ERR_OSPO_REGISTRY_UNAVAILABLE
 * (network, timeout, 429, 5xx, other statuses; `details.retryable` says whether trying again may help)
 * or ERR_OSPO_REGISTRY_RESPONSE (a body that is not JSON, or too large). Both carry `details.url`.
 */
export interface RegistryHttp {
  fetchJson(url: string): Promise<unknown>;
  fetchText(url: string): Promise<string | null>;
}

export interface RegistryWarning {
  code: string;
  message: string;
}

export interface RegistryAnswer {
  /** Declared license strings as the registry writes them; empty when it knows the package but no license. */
  licenses: string[];
  /** The document the licenses were read from. */
  url: string;
  warnings: RegistryWarning[];
}

/** One registry: how to ask it about a package's declared license. */
export interface RegistryLookup {
  readonly id: RegistryId;
  /** The ecosystems it answers for; a lookup is only called with packages of these. */
  readonly ecosystems: readonly Ecosystem[];
  /** The public registry; callers override it (a mirror, a fake server in tests). No trailing slash. */
  readonly defaultBaseUrl: string;
  /**
   * null when the registry does not know the package or version (404, or a document without it).
   * Throws coded errors only: those of `http`, or ERR_OSPO_REGISTRY_RESPONSE for a document of the
   * wrong shape.
   */
  lookup(pkg: RegistryPackage, http: RegistryHttp, baseUrl?: string): Promise<RegistryAnswer | null>;
}

export const REGISTRY_UNAVAILABLE = 'ERR_OSPO_REGISTRY_UNAVAILABLE';
export const REGISTRY_RESPONSE = 'ERR_OSPO_REGISTRY_RESPONSE';

export function responseError(url: string, reason: string, cause?: unknown): SourceUnavailableError {
  return new SourceUnavailableError(REGISTRY_RESPONSE, `${url}: unexpected registry response (${reason})`, {
    details: { url, retryable: false },
    hint: 'The registry, a proxy or a mirror answered with something else than its documented format.',
    ...(cause === undefined ? {} : { cause }),
  });
}

/** Check a registry document against the part of its shape a lookup reads; a mismatch is coded. */
export function expectResponse<S extends z.ZodType>(schema: S, value: unknown, url: string): z.output<S> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.length ? issue.path.map(String).join('.') : '(root)';
  throw responseError(url, `${field}: ${issue?.message ?? 'invalid'}`);
}

/** Run a parser that may throw coded errors of its own (XML) and give them the registry's code. */
export function asResponse<T>(url: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (isOspoError(error) && error.code === REGISTRY_RESPONSE) throw error;
    throw responseError(url, error instanceof Error ? error.message : String(error), error);
  }
}

/** Trimmed, non-empty, each once, in the registry's order. */
export function cleanLicenses(values: readonly (string | null | undefined)[]): string[] {
  const out: string[] = [];
  for (const value of values) {
    const text = value?.trim();
    if (text && !out.includes(text)) out.push(text);
  }
  return out;
}

export function trimBase(baseUrl: string): string {
  return baseUrl.replace(/\/+$/, '');
}

/** Each `/`-separated segment percent-encoded, the separators kept. */
export function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/');
}
