import type { Inventory, SbomWriteOptions } from '../../../core/inventory.js';
import { compare, projectAnnotation } from '../inventory-builder.js';
import { purlVersion, readPurl } from '../purl-mapping.js';
import { spdx2License, spdxIdFor } from '../spdx2-model.js';
import { planWrite } from '../write-support.js';

const subjectId = 'SPDXRef-Subject';

/** SPDX 2.3 JSON: one package per purl, DESCRIBES the subject, DEPENDS_ON for every edge. */
export function writeSpdxJson(inventory: Inventory, options: SbomWriteOptions): string {
  const plan = planWrite(inventory);
  const subject = inventory.subject;
  const ids = new Map<string, string>();
  const taken = new Set<string>([subjectId]);
  for (const p of plan.packages) ids.set(p.purl, spdxIdFor(`${p.name}-${p.version ?? ''}`, taken));
  const projects = plan.projectNodes.map((purl) => {
    const { name, version } = nameAndVersion(purl);
    const id = spdxIdFor(`${name}-${version ?? ''}`, taken);
    ids.set(purl, id);
    return { ...spdxPackage(id, name, version, purl, 'NOASSERTION'), ...projectMarker(options) };
  });
  if (subject?.purl) ids.set(subject.purl, subjectId);

  const extracted = new Map<string, { licenseId: string; extractedText: string; name: string }>();
  const packages = plan.packages.map((p) => {
    const license = spdx2License(p.licenses);
    for (const e of license.extracted) {
      if (!extracted.has(e.licenseId)) extracted.set(e.licenseId, { ...e, extractedText: e.name });
    }
    return spdxPackage(ids.get(p.purl) ?? '', p.name, p.version, p.purl, license.expression);
  });
  packages.push(...projects);
  if (subject)
    packages.unshift(spdxPackage(subjectId, subject.name, subject.version, subject.purl, 'NOASSERTION'));

  const described = subject ? [subjectId] : packages.map((p) => p.SPDXID);
  const relationships = [
    ...described.map((id) => relationship('SPDXRef-DOCUMENT', 'DESCRIBES', id)),
    ...(subject ? plan.direct.map((purl) => relationship(subjectId, 'DEPENDS_ON', ids.get(purl) ?? '')) : []),
    ...plan.edges
      .filter((e) => !(subject && e.from === subject.purl))
      .map((e) => relationship(ids.get(e.from) ?? '', 'DEPENDS_ON', ids.get(e.to) ?? '')),
  ];
  const name = subject
    ? `${subject.name}${subject.version ? `@${subject.version}` : ''}`
    : 'ospokit-inventory';
  const uuid = options.serialNumber.replace(/^urn:uuid:/, '');
  const document = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name,
    documentNamespace: `https://spdx.org/spdxdocs/ospokit-${name.replace(/[^A-Za-z0-9.-]+/g, '-')}-${uuid}`,
    creationInfo: { created: options.timestamp, creators: [`Tool: ospokit-${options.toolVersion}`] },
    packages,
    relationships,
    ...(extracted.size
      ? {
          hasExtractedLicensingInfos: [...extracted.values()].sort((a, b) =>
            compare(a.licenseId, b.licenseId),
          ),
        }
      : {}),
  };
  return `${JSON.stringify(document, null, 2)}\n`;
}

/** An edge end that is the project's own module: an application, annotated as ours. */
function projectMarker(options: SbomWriteOptions) {
  return {
    primaryPackagePurpose: 'APPLICATION',
    annotations: [
      {
        annotationDate: options.timestamp,
        annotationType: 'OTHER',
        annotator: `Tool: ospokit-${options.toolVersion}`,
        comment: projectAnnotation,
      },
    ],
  };
}

function nameAndVersion(purl: string): { name: string; version: string | null } {
  const reading = readPurl(purl);
  return reading.ok ? reading.value : { name: purl, version: purlVersion(purl) };
}

function spdxPackage(
  id: string,
  name: string,
  version: string | null,
  purl: string | undefined,
  license: string,
) {
  return {
    SPDXID: id,
    name,
    ...(version ? { versionInfo: version } : {}),
    downloadLocation: 'NOASSERTION',
    filesAnalyzed: false,
    licenseConcluded: 'NOASSERTION',
    licenseDeclared: license,
    ...(purl
      ? {
          externalRefs: [
            { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl },
          ],
        }
      : {}),
  };
}

function relationship(from: string, type: string, to: string) {
  return { spdxElementId: from, relationshipType: type, relatedSpdxElement: to };
}
