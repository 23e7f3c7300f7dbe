import { InputError } from '../../../core/errors.js';
import type { Inventory, InventoryPackage, SbomWriteOptions, Scope } from '../../../core/inventory.js';
import { projectRole } from '../inventory-builder.js';
import { classifyLicense, combineLicenses } from '../licenses.js';
import { groupAndName, purlVersion as versionInPurl } from '../purl-mapping.js';
import { dependsOnByRef, planWrite } from '../write-support.js';

const writable = ['1.6', '1.7'];
const subjectFallbackRef = 'ospokit:subject';

/** CycloneDX JSON 1.6 (default) or 1.7; bom-refs are purls, everything sorted for reproducible output. */
export function writeCycloneDxJson(inventory: Inventory, options: SbomWriteOptions): string {
  const specVersion = options.specVersion ?? '1.6';
  if (!writable.includes(specVersion)) {
    throw new InputError('ERR_OSPO_SBOM_VERSION', `cannot write CycloneDX ${specVersion}`, {
      hint: `Write one of: ${writable.join(', ')}.`,
    });
  }
  const plan = planWrite(inventory);
  const subject = inventory.subject;
  const subjectRef = subject ? (subject.purl ?? subjectFallbackRef) : undefined;
  const dependsOn = dependsOnByRef(plan, subjectRef);
  const bom = {
    $schema: `http://cyclonedx.org/schema/bom-${specVersion}.schema.json`,
    bomFormat: 'CycloneDX',
    specVersion,
    serialNumber: options.serialNumber,
    version: 1,
    metadata: {
      timestamp: options.timestamp,
      tools: { components: [{ type: 'application', name: 'ospokit', version: options.toolVersion }] },
      ...(subject && subjectRef
        ? {
            component: {
              type: 'application',
              'bom-ref': subjectRef,
              ...groupAndName(subject.purl ?? '', subject.name),
              ...(subject.version ? { version: subject.version } : {}),
              ...(subject.purl ? { purl: subject.purl } : {}),
            },
          }
        : {}),
    },
    components: [
      ...plan.packages.map((p) => component(p, specVersion)),
      ...plan.projectNodes.map(projectComponent),
    ],
    dependencies: [...dependsOn].map(([ref, on]) => ({ ref, dependsOn: on })),
  };
  return `${JSON.stringify(bom, null, 2)}\n`;
}

function component(p: InventoryPackage, specVersion: string) {
  const { group, name } = groupAndName(p.purl, p.name);
  const version = purlVersion(p);
  const licenses = licenseChoice(p.licenses, specVersion);
  const scope = cdxScope(p.scope);
  const properties = [
    ...(scope ? [] : [{ name: 'ospokit:scope', value: p.scope }]),
    ...(p.direct === null ? [] : [{ name: 'ospokit:direct', value: String(p.direct) }]),
  ];
  const locations = [...new Set(p.locations.map((l) => l.path))].sort();
  return {
    type: 'library',
    'bom-ref': p.purl,
    ...(group ? { group } : {}),
    name,
    ...(version ? { version } : {}),
    ...(scope ? { scope } : {}),
    ...(licenses.length ? { licenses } : {}),
    purl: p.purl,
    ...(locations.length ? { evidence: { occurrences: locations.map((location) => ({ location })) } } : {}),
    ...(properties.length ? { properties } : {}),
  };
}

/** An edge end that is the project's own module (a workspace crate): an application, marked as ours. */
function projectComponent(purl: string) {
  const version = versionInPurl(purl);
  return {
    type: 'application',
    'bom-ref': purl,
    ...groupAndName(purl, purl),
    ...(version ? { version } : {}),
    purl,
    properties: [{ ...projectRole }],
  };
}

/** Go versions keep their `v` in CycloneDX, as cyclonedx-gomod writes them. */
function purlVersion(p: InventoryPackage): string | null {
  if (p.version && p.ecosystem === 'Go') return `v${p.version}`;
  return p.version;
}

/** peer and unknown have no CycloneDX scope: they are left out and kept in an `ospokit:scope` property. */
function cdxScope(scope: Scope): string | undefined {
  const map: Partial<Record<Scope, string>> = { prod: 'required', optional: 'optional', dev: 'excluded' };
  return map[scope];
}

type LicenseEntry = { license: { id: string } | { name: string } } | { expression: string };

/**
 * 1.7 mixes identifiers, names and expressions freely. 1.6 allows either a list of identifiers and
 * names or exactly one expression, so several licenses of which one is compound become one `AND`.
 */
function licenseChoice(licenses: readonly string[], specVersion: string): LicenseEntry[] {
  const entries: LicenseEntry[] = licenses.map((text) => {
    const kind = classifyLicense(text);
    if (kind.kind === 'id') return { license: { id: kind.id } };
    if (kind.kind === 'expression') return { expression: kind.expression };
    return { license: { name: kind.name } };
  });
  if (specVersion === '1.7' || !entries.some((e) => 'expression' in e)) return entries;
  if (entries.length === 1) return entries;
  const combined = combineLicenses(licenses);
  if (combined) return [{ expression: combined }];
  return licenses.map((name) => ({ license: { name } }));
}
