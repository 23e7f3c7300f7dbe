import type { Distribution, Role } from '../api';
import type { LicenseCategory, Verdict } from './api';

export const categoryLabels: Record<LicenseCategory, string> = {
  'public-domain': 'Public domain',
  permissive: 'Permissive',
  'weak-copyleft': 'Weak copyleft',
  'strong-copyleft': 'Strong copyleft',
  'network-copyleft': 'Network copyleft',
  'non-commercial': 'Non-commercial',
  proprietary: 'Proprietary',
  unknown: 'Unknown',
};

export const categoryLabel = (category: string) => categoryLabels[category as LicenseCategory] ?? category;

export const verdictLabels: Record<Verdict, string> = {
  deny: 'Denied',
  review: 'To review',
  allow: 'Allowed',
};

export const distributionLabels: Record<Distribution, string> = {
  internal: 'Internal use',
  saas: 'SaaS (run as a service)',
  'distributed-binary': 'Distributed binary',
  library: 'Library',
};

export const distributionLabel = (context: string) => distributionLabels[context as Distribution] ?? context;

/** Who may change the license policy and waivers. */
export const policyWriters: ReadonlySet<Role> = new Set(['legal', 'ospo', 'admin']);
/** Who may change projects, their distribution context included. */
export const projectWriters: ReadonlySet<Role> = new Set(['admin', 'ospo', 'member']);

/**
 * A package URL as people name the package: `pkg:npm/%40acme/ui@1.2.0` is `@acme/ui`, a Maven one is
 * `group:artifact`.
 */
export function purlName(purl: string): string {
  const match = /^pkg:([^/]+)\/([^?#]*)/.exec(purl);
  if (!match) return purl;
  const [, type, rest = ''] = match;
  const withoutVersion = rest.replace(/@[^@/]*$/, '');
  const parts = withoutVersion.split('/').map((part) => safeDecode(part));
  return type === 'maven' && parts.length === 2 ? parts.join(':') : parts.join('/');
}

/** The purl without its version, qualifiers and subpath: what a waiver for every version names. */
export function purlWithoutVersion(purl: string): string {
  return (purl.split(/[?#]/)[0] ?? purl).replace(/@[^@/]*$/, '');
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Who did something, as the audit log names them (`user:lee@example.org`), for people. */
export const actorLabel = (actor: string | null) => (actor ? actor.replace(/^user:/, '') : 'unknown');
