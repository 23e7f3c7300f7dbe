import type { PackageURL } from 'packageurl-js';
import { type Ecosystem, ecosystems } from '../../core/inventory.js';
import { normalizePypiName, packageUrlClass, purlFor, purlType } from '../../core/purl.js';

const ecosystemByType = new Map<string, Ecosystem>(ecosystems.map((e) => [purlType(e), e]));

export interface PurlPackage {
  ecosystem: Ecosystem;
  name: string;
  version: string | null;
  /** Canonical purl, as core/purl.ts builds it (qualifiers and subpath dropped), so SBOM packages match scans. */
  purl: string;
}

export type PurlReading = { ok: true; value: PurlPackage } | { ok: false; type: string | null };

/**
 * A purl read back into an inventory package: the inverse of `purlFor`. Types with no OSV ecosystem
 * (deb, generic, github, ...) and text that is no purl at all come back as `ok: false`.
 */
export function readPurl(text: string): PurlReading {
  let parsed: PackageURL;
  try {
    parsed = packageUrlClass().fromString(text.trim());
  } catch {
    return { ok: false, type: null };
  }
  const type = String(parsed.type).toLowerCase();
  const ecosystem = ecosystemByType.get(type);
  if (!ecosystem) return { ok: false, type };
  const name = nameOf(ecosystem, parsed.namespace ?? undefined, String(parsed.name));
  let version = parsed.version ? String(parsed.version) : null;
  if (ecosystem === 'Go' && version?.startsWith('v')) version = version.slice(1) || null;
  try {
    return { ok: true, value: { ecosystem, name, version, purl: purlFor(ecosystem, name, version) } };
  } catch {
    return { ok: false, type };
  }
}

/** Split a purl into the CycloneDX `group` and `name` its ecosystem's tools write. */
export function groupAndName(purl: string, fallbackName: string): { group?: string; name: string } {
  try {
    const parsed = packageUrlClass().fromString(purl);
    const namespace = parsed.namespace ? String(parsed.namespace) : undefined;
    if (parsed.type === 'golang') return { name: namespace ? `${namespace}/${parsed.name}` : parsed.name };
    return namespace ? { group: namespace, name: String(parsed.name) } : { name: String(parsed.name) };
  } catch {
    return { name: fallbackName };
  }
}

/** The version a purl carries, as written (Go keeps its `v`), or null. */
export function purlVersion(purl: string): string | null {
  try {
    const version = packageUrlClass().fromString(purl).version;
    return version ? String(version) : null;
  } catch {
    return null;
  }
}

function nameOf(ecosystem: Ecosystem, namespace: string | undefined, name: string): string {
  switch (ecosystem) {
    case 'Maven':
      return namespace ? `${namespace}:${name}` : name;
    case 'PyPI':
      return normalizePypiName(name);
    case 'npm':
      if (!namespace) return name;
      return `${namespace.startsWith('@') ? '' : '@'}${namespace}/${name}`;
    default:
      return namespace ? `${namespace}/${name}` : name;
  }
}
