import type { Role } from '../api';
import type { FindingState, Severity, StateFilter, TriageResponse } from './api';

export const severityLabels: Record<Severity, string> = {
  critical: 'Critical',
  high: 'High',
  medium: 'Medium',
  low: 'Low',
  unknown: 'Unknown',
};

export const stateLabels: Record<FindingState, string> = {
  untriaged: 'Not triaged',
  in_triage: 'In triage',
  exploitable: 'Exploitable',
  resolved: 'Resolved',
  false_positive: 'False positive',
  not_affected: 'Not affected',
};

export const stateFilterLabels: Record<StateFilter, string> = {
  open: 'Open (not triaged, in triage or exploitable)',
  ...stateLabels,
};

export const justificationLabels: Record<string, string> = {
  code_not_present: 'Code not present',
  code_not_reachable: 'Code not reachable',
  requires_configuration: 'Requires a configuration',
  requires_dependency: 'Requires a dependency',
  requires_environment: 'Requires an environment',
  protected_by_compiler: 'Protected by the compiler',
  protected_at_runtime: 'Protected at runtime',
  protected_at_perimeter: 'Protected at the perimeter',
  protected_by_mitigating_control: 'Protected by a mitigating control',
  component_not_present: 'Component not present',
  vulnerable_code_not_present: 'Vulnerable code not present',
  vulnerable_code_not_in_execute_path: 'Vulnerable code not in the execute path',
  vulnerable_code_cannot_be_controlled_by_adversary: 'Vulnerable code cannot be controlled by an adversary',
  inline_mitigations_already_exist: 'Inline mitigations already exist',
};

export const responseLabels: Record<TriageResponse, string> = {
  can_not_fix: 'Cannot fix',
  will_not_fix: 'Will not fix',
  update: 'Update',
  rollback: 'Roll back',
  workaround_available: 'Workaround available',
};

export const justificationLabel = (code: string) => justificationLabels[code] ?? code;
export const responseLabel = (code: string) => responseLabels[code as TriageResponse] ?? code;

/** Who may triage findings (the server checks too). */
export const triagers: ReadonlySet<Role> = new Set(['admin', 'ospo', 'security']);

/** The address of an advisory's page. */
export const advisoryPath = (id: string) => `/vulnerabilities/${encodeURIComponent(id)}`;
export const projectPagePath = (name: string) => `/projects/${encodeURIComponent(name)}`;

const vexFormatNames: Record<string, string> = {
  openvex: 'an OpenVEX',
  cyclonedx: 'a CycloneDX VEX',
  'cyclonedx-vex': 'a CycloneDX VEX',
  csaf: 'a CSAF VEX',
  'csaf-vex': 'a CSAF VEX',
};

/** Where a triage came from, for people: a person, or a VEX document of some format. */
export function sourceLabel(source: string): string {
  if (source === 'user') return 'by hand';
  const format = /^vex:(.+)$/.exec(source)?.[1];
  if (!format) return source;
  return `from ${vexFormatNames[format] ?? `a ${format} VEX`} document`;
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeZone: 'UTC' });
/** A calendar day (`2025-03-01` or a midnight UTC timestamp) as people write it, the same day everywhere. */
export const formatDay = (iso: string) => dayFormat.format(new Date(iso));
