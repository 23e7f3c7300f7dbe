import { InputError } from '../../../core/errors.js';
import type { Inventory, SbomWriteOptions } from '../../../core/inventory.js';
import { projectAnnotation } from '../inventory-builder.js';
import { purlVersion, readPurl } from '../purl-mapping.js';
import { spdxIdFor } from '../spdx2-model.js';
import { dependsOnByRef, planWrite } from '../write-support.js';
import { LicenseElements } from './write-licenses.js';

const context = 'https://spdx.org/rdf/3.0.1/spdx-context.jsonld';
const creationInfo = '_:creationinfo';
const subjectFallbackRef = 'ospokit:subject';

type Node = Record<string, unknown>;

/**
 * SPDX 3.0.1 JSON-LD in the compact form of the 3.0.1 context. Element ids are IRIs under the serial
 * number (`urn:uuid:...#SPDXRef-...`); everything is sorted, so the same inventory gives the same bytes.
 */
export function writeSpdx3JsonLd(inventory: Inventory, options: SbomWriteOptions): string {
  if (options.specVersion && options.specVersion !== '3.0.1') {
    throw new InputError('ERR_OSPO_SBOM_VERSION', `cannot write SPDX ${options.specVersion}`, {
      hint: 'Write SPDX 3.0.1 (the default).',
    });
  }
  const iri = (local: string) => `${options.serialNumber}#${local}`;
  const plan = planWrite(inventory);
  const subject = inventory.subject;
  const subjectId = iri('SPDXRef-Subject');
  const taken = new Set<string>(['SPDXRef-Subject']);
  const ids = new Map<string, string>();
  const element = (base: Node, type: string, spdxId: string): Node => ({
    type,
    spdxId,
    creationInfo,
    ...base,
  });

  const packages: Node[] = [];
  const annotations: Node[] = [];
  const licenses = new LicenseElements(iri);
  const declared: [string, string[]][] = [];
  for (const p of plan.packages) {
    const id = iri(spdxIdFor(`${p.name}-${p.version ?? ''}`, taken));
    ids.set(p.purl, id);
    packages.push(element(softwarePackage(p.name, p.version, p.purl, 'library'), 'software_Package', id));
    if (p.licenses.length) declared.push([id, licenses.idsFor(p.licenses)]);
  }
  for (const purl of plan.projectNodes) {
    const reading = readPurl(purl);
    const { name, version } = reading.ok ? reading.value : { name: purl, version: purlVersion(purl) };
    const id = iri(spdxIdFor(`${name}-${version ?? ''}`, taken));
    ids.set(purl, id);
    packages.push(element(softwarePackage(name, version, purl, 'application'), 'software_Package', id));
    const annotation = { annotationType: 'other', subject: id, statement: projectAnnotation };
    annotations.push(element(annotation, 'Annotation', iri(`SPDXRef-Annotation-${annotations.length + 1}`)));
  }
  if (subject) {
    if (subject.purl) ids.set(subject.purl, subjectId);
    const node = softwarePackage(subject.name, subject.version, subject.purl, 'application');
    packages.unshift(element(node, 'software_Package', subjectId));
  }

  const relationships: Node[] = [];
  const relate = (from: string, relationshipType: string, to: string[]) => {
    if (to.length === 0) return;
    const id = iri(`SPDXRef-Relationship-${relationships.length + 1}`);
    relationships.push(element({ from, relationshipType, to }, 'Relationship', id));
  };
  const sbomId = iri('SPDXRef-Sbom');
  const roots = subject ? [subjectId] : plan.packages.map((p) => ids.get(p.purl) ?? '');
  relate(sbomId, 'describes', roots);
  const subjectRef = subject ? (subject.purl ?? subjectFallbackRef) : undefined;
  for (const [from, to] of dependsOnByRef(plan, subjectRef)) {
    const fromId = from === subjectRef ? subjectId : ids.get(from);
    if (fromId)
      relate(
        fromId,
        'dependsOn',
        to.map((purl) => ids.get(purl) ?? ''),
      );
  }
  for (const [id, to] of declared) relate(id, 'hasDeclaredLicense', to);

  const content = [...packages, ...licenses.nodes(element), ...annotations, ...relationships];
  const contentIds = content.map((n) => String(n.spdxId));
  const agentId = iri('SPDXRef-Agent-ospokit');
  const toolId = iri('SPDXRef-Tool-ospokit');
  const name = subject
    ? `${subject.name}${subject.version ? `@${subject.version}` : ''}`
    : 'ospokit-inventory';
  const graph: Node[] = [
    {
      type: 'CreationInfo',
      '@id': creationInfo,
      specVersion: '3.0.1',
      created: created(options.timestamp),
      createdBy: [agentId],
      createdUsing: [toolId],
    },
    element({ name: 'ospokit' }, 'SoftwareAgent', agentId),
    element({ name: `ospokit-${options.toolVersion}` }, 'Tool', toolId),
    element(
      {
        name,
        dataLicense: 'https://spdx.org/licenses/CC0-1.0',
        profileConformance: ['core', 'software', 'simpleLicensing'],
        rootElement: [sbomId],
        element: [agentId, toolId, sbomId, ...contentIds],
      },
      'SpdxDocument',
      iri('SPDXRef-DOCUMENT'),
    ),
    element({ rootElement: roots, element: contentIds }, 'software_Sbom', sbomId),
    ...content,
  ];
  return `${JSON.stringify({ '@context': context, '@graph': graph }, null, 2)}\n`;
}

function softwarePackage(name: string, version: string | null, purl: string | undefined, purpose: string) {
  return {
    name,
    ...(version ? { software_packageVersion: version } : {}),
    ...(purl ? { software_packageUrl: purl } : {}),
    software_primaryPurpose: purpose,
  };
}

/** SPDX 3 wants `YYYY-MM-DDThh:mm:ssZ`: UTC, no fractions of a second. */
function created(timestamp: string): string {
  const date = new Date(timestamp);
  if (Number.isNaN(date.getTime())) return timestamp;
  return date.toISOString().replace(/\.\d+Z$/, 'Z');
}
